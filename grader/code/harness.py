"""The only dlquiz code that runs inside the sandbox, next to the learner's code.

Started as `python -I -S -B harness.py` by grader.code.sandbox, configured by the JSON in
$DLQUIZ_HARNESS. Standard library
and numpy only. It opens its output files, imports numpy, sets the resource limits, drops
to an unprivileged uid (when started as root), then serves requests read from stdin, one
JSON line each: import a learner's file, call one function on the inputs in a bundle file,
save the outputs to a pre-opened bundle file and answer with one JSON line. A bundle is a
sequence of records: a 2-byte name length, the name, one .npy array (grader.code.transport).

The grader treats everything this process says or writes as an untrusted claim: the learner's
code runs in the same process and can change anything here. Verdicts are made outside.
"""

import json
import os
import struct
import sys

SEP = "__"  # between a case key and what follows in an entry name


def main() -> None:
    """Set up (files, numpy, limits, uid), then answer requests until stdin closes."""
    config = json.loads(os.environ.pop("DLQUIZ_HARNESS"))
    reply = os.dup(1)
    outputs = {rid: _open_pair(config["out"], rid) for rid in config["requests"]}
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        numpy = _setup(config)
    except BaseException as exc:  # before any learner code: the grader reports it, nobody scores
        _send(reply, {"kind": "fatal", "error": f"{type(exc).__name__}: {exc}"[:1000]})
        raise SystemExit(3)
    _send(reply, {"kind": "ready", "uid": os.getuid()})
    requests = os.fdopen(0, "rb")
    modules: dict = {}
    for line in requests:
        request = json.loads(line)
        bundle, log = outputs[request["id"]]
        os.dup2(log, 1)
        os.dup2(log, 2)
        try:
            answer = _serve(request, config["src"], modules, numpy, bundle, reply)
        except BaseException as exc:  # the learner's code broke the harness itself
            answer = _answer(request["id"], "harness", error=_describe(exc, ""))
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except BaseException:
                    pass
            os.dup2(null, 1)
            os.dup2(null, 2)
        _send(reply, answer)


def _setup(config: dict):
    """Import numpy (and, where the uid drop would hide them, other modules), set the limits,
    drop privileges and move into the scratch folder; return numpy."""
    sys.path.insert(0, config["site"])
    import numpy

    for name in config.get("preimport", []):
        __import__(name)
    _limit(config["limits"])
    _drop(config.get("uid"))
    os.chdir(config["scratch"])
    return numpy


def _open_pair(folder: str, rid: int) -> tuple[int, int]:
    """The output bundle and the printed-output log of request `rid`, opened before the uid drop
    (the folder is not writable afterwards, so nothing else can be written there)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    return (os.open(os.path.join(folder, f"{rid}.out"), flags, 0o644),
            os.open(os.path.join(folder, f"{rid}.log"), flags, 0o644))


def _limit(limits: dict) -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing us
    for name, value in limits.items():
        which = getattr(resource, name, None)
        if which is not None:
            soft = hard = value
            if name == "RLIMIT_CPU":  # SIGXCPU at `value` s (catchable), SIGKILL one second later
                hard = value + 1
            resource.setrlimit(which, (soft, hard))


def _drop(uid) -> None:
    if uid is None:
        return
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid or os.getgid() != uid:
        raise SystemExit("could not drop privileges")


def _send(fd: int, message: dict) -> None:
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(fd, data):]


def _serve(request: dict, src: str, modules: dict, np, bundle: int, reply: int) -> dict:
    rid, path = request["id"], os.path.join(src, request["file"])
    _send(reply, {"kind": "progress", "id": rid, "at": "import"})
    module = modules.get(path)
    if module is None:
        try:
            module = _import(path, "dlquiz_learner_" + request["file"][:-3])  # never shadows a real module
        except BaseException as exc:
            return _answer(rid, "import", error=_describe(exc, path))
        modules[path] = module
    try:
        fn = getattr(module, request["function"], None)
        defined = sorted(str(k)[:100] for k, v in vars(module).items() if callable(v) and not str(k).startswith("_"))
    except BaseException as exc:
        return _answer(rid, "import", error=_describe(exc, path))
    if not callable(fn):
        return _answer(rid, "function", defined=defined[:20])
    inputs = _read_bundle(request["inputs"], np)
    arrays: dict = {}
    calls = []
    for call in request["calls"]:
        _send(reply, {"kind": "progress", "id": rid, "at": call["case"]})
        calls.append(_call(fn, call, inputs, arrays, request["outputs"], path, np))
    try:
        with os.fdopen(bundle, "wb") as f:
            for name, array in arrays.items():
                encoded = name.encode()
                f.write(struct.pack("<H", len(encoded)) + encoded)
                np.lib.format.write_array(f, array, allow_pickle=False)
    except BaseException as exc:
        return _answer(rid, "save", error=_describe(exc, path))
    return _answer(rid, "calls", parameters=_parameters(fn), calls=calls)


def _answer(rid: int, stage: str, **found) -> dict:
    """The last message of a request (grader.code.protocol.Answer)."""
    return {"kind": "answer", "id": rid, "stage": stage, **found}


_HEADER = None  # compiled on first use: numpy's usual .npy header, parsed without evaluating it


def _read_bundle(path: str, np) -> dict:
    """The request's input arrays (the grader wrote them in numpy's usual layout)."""
    global _HEADER
    import re

    _HEADER = _HEADER or re.compile(rb"\x93NUMPY\x01\x00..\{'descr': '([<>|=]?[biuf]\d{1,2})', "
                                    rb"'fortran_order': False, 'shape': \(((?:\d+, ?)*\d*)\), \} *\n", re.S)
    arrays = {}
    with open(path, "rb") as f:
        while head := f.read(2):
            name = f.read(struct.unpack("<H", head)[0]).decode()
            start = f.tell()
            prefix = f.read(10)
            match = _HEADER.fullmatch(prefix + f.read(struct.unpack("<H", prefix[8:10])[0])) if len(prefix) == 10 else None
            if match is None:
                f.seek(start)
                arrays[name] = np.lib.format.read_array(f, allow_pickle=False)
                continue
            shape = tuple(int(n) for n in match.group(2).replace(b" ", b"").split(b",") if n)
            count = int(np.prod(shape, dtype=np.int64))
            arrays[name] = np.fromfile(f, dtype=np.dtype(match.group(1).decode()), count=count).reshape(shape)
    return arrays


def _import(path: str, name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _call(fn, call: dict, inputs, arrays: dict, count: int, path: str, np) -> dict:
    key = call["case"]
    once = call.get("once", False)  # a large timed case: its inputs are used once, not copied or compared
    args = _arguments(call["args"], inputs, copy=not once)
    try:
        result = fn(*args)
    except BaseException as exc:
        return {"case": key, "error": _describe(exc, path)}
    entry = {"case": key, "values": _store(result, f"{key}{SEP}o", count, arrays, np)}
    if not once:
        entry["modified"] = _modified(call["args"], args, inputs, np)
    if call.get("repeat"):
        try:
            again = fn(*_arguments(call["args"], inputs))
            entry["repeat"] = _store(again, f"{key}{SEP}r", count, arrays, np)
        except BaseException as exc:
            entry["repeat_error"] = _describe(exc, path)
    return entry


def _modified(spec: list, args: list, inputs, np) -> list:
    """Which array or list arguments the call changed (compared with the inputs it was given)."""
    changed = []
    for j, (kind, value) in enumerate(spec):
        try:
            if kind == "array" and not (type(args[j]) is np.ndarray and args[j].shape == inputs[value].shape
                                        and np.array_equal(args[j], inputs[value], equal_nan=True)):
                changed.append(j)
            elif kind == "list" and args[j] != inputs[value].tolist():
                changed.append(j)
        except BaseException:
            changed.append(j)
    return changed


def _arguments(spec: list, inputs, copy: bool = True) -> list:
    """Arguments for one call: (copies of) the input arrays, lists rebuilt, values as given."""
    args = []
    for kind, value in spec:
        if kind == "array":
            args.append(inputs[value].copy() if copy else inputs[value])
        elif kind == "list":
            args.append(inputs[value].tolist())
        else:
            args.append(value)
    return args


def _store(value, prefix: str, count: int, arrays: dict, np) -> list:
    """Save each returned value as a plain array; return what each one was (a claim)."""
    if count > 1:
        if not isinstance(value, (tuple, list)) or len(value) != count:
            size = len(value) if isinstance(value, (tuple, list)) else None
            return [{"container": type(value).__name__[:100], "length": size}]
        parts = list(value)
    else:
        parts = [value]
    return [_store_one(part, f"{prefix}{j}", arrays, np) for j, part in enumerate(parts)]


def _store_one(value, name: str, arrays: dict, np) -> dict:
    if isinstance(value, np.ndarray):
        kind = "ndarray" if type(value) is np.ndarray else "ndarray subclass " + type(value).__name__[:100]
    elif isinstance(value, (bool, int, float, np.number, np.bool_)):
        kind = "scalar " + type(value).__name__[:100]
    elif isinstance(value, list):
        kind = "list"
    else:
        return {"type": type(value).__name__[:100]}
    try:
        array = np.asarray(value)
    except BaseException:
        return {"type": kind, "unreadable": True}
    if array.dtype.kind not in "biuf":
        return {"type": kind, "dtype": str(array.dtype)[:100]}
    arrays[name] = array
    return {"type": kind}


def _parameters(fn) -> dict:
    code = getattr(fn, "__code__", None)
    if code is None:
        return None
    count = min(code.co_argcount, 256)
    defaults = len(getattr(fn, "__defaults__", None) or ())
    return {"names": [str(n)[:100] for n in code.co_varnames[:count]], "required": max(count - defaults, 0),
            "varargs": bool(code.co_flags & 0x04)}


def _describe(exc: BaseException, path: str) -> dict:
    """The exception's type and message, and the learner's line it came from."""
    import traceback

    try:
        message = str(exc)[:800]
    except BaseException:
        message = ""
    line, code = None, None
    if isinstance(exc, SyntaxError) and exc.filename == path:
        line, code = exc.lineno, (exc.text or "").strip()
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
        if frames:
            line, code = frames[-1].lineno, frames[-1].line
    line = line if isinstance(line, int) and line >= 0 else None
    return {"type": type(exc).__name__[:100], "message": message, "line": line, "code": str(code or "")[:200]}


if __name__ == "__main__":
    main()
