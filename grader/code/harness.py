"""The only dlquiz code that runs inside the sandbox, next to the learner's code.

Started as `python -I -S -B harness.py` by grader.code.sandbox, configured by the JSON in
$DLQUIZ_HARNESS. Standard library and numpy only. It opens its two output files (one bundle
of returned arrays, one log of what the code prints: the only files it can write besides its
scratch /tmp), mounts that /tmp with a size and an inode cap when it may, imports numpy, sets
the resource limits, drops to an unprivileged uid (when started as root), then serves
requests read from stdin, one JSON line each: import a learner's file, call one function on
the inputs in a bundle file, append the outputs to the output bundle and answer with one
JSON line (grader.code.protocol). A bundle is a sequence of records: a 2-byte name length,
the name, one .npy array (grader.code.transport).

Inputs are handed over read-only: each is a view of a read-only memory map of the input
file, so a function that writes into its arguments is stopped by numpy and the kernel, not by
a comparison here (the learner's code could patch this file). A request marked `isolated`
runs in a forked child that exits afterwards (the reference solution is timed that way,
before any learner code is loaded, and leaves nothing behind).

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
    bundle = os.open(config["bundle"], os.O_WRONLY | os.O_APPEND)
    log = os.open(config["log"], os.O_WRONLY | os.O_APPEND)
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
        os.dup2(log, 1)
        os.dup2(log, 2)
        try:
            if request.get("isolated"):
                answer = _isolated(request, numpy, bundle, reply)
            else:
                answer = _serve(request, modules, numpy, bundle, reply)
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
        if answer is not None:
            _send(reply, answer)


def _setup(config: dict):
    """Mount the scratch /tmp (as root in a private mount namespace), import numpy (and, where
    the uid drop would hide them, other modules), set the limits, drop privileges and move
    into the scratch folder; return numpy."""
    if config.get("tmpfs"):
        _mount_scratch(config["scratch"], config["tmpfs"])
    sys.path.insert(0, config["site"])
    import numpy

    for name in config.get("preimport", []):
        __import__(name)
    _limit(config["limits"])
    _drop(config.get("uid"))
    os.chdir(config["scratch"])
    return numpy


def _mount_scratch(target: str, options: str) -> None:
    """A fresh tmpfs with a size and an inode cap (bubblewrap's own cannot cap inodes)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(b"tmpfs", target.encode(), b"tmpfs", 2 | 4 | 8, options.encode()) != 0:  # nosuid, nodev, noexec
        raise OSError(ctypes.get_errno(), f"cannot mount the scratch folder: {os.strerror(ctypes.get_errno())}")


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


def _answer(rid: int, stage: str, **found) -> dict:
    """The last message of a request (grader.code.protocol.Answer)."""
    return {"kind": "answer", "id": rid, "stage": stage, **found}


def _isolated(request: dict, np, bundle: int, reply: int):
    """Serve `request` in a forked child that answers itself and exits: nothing it loads stays here."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _send(reply, _serve(request, {}, np, bundle, reply))
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return _answer(request["id"], "harness", error={"type": "ChildProcessError", "message": f"status {status}",
                                                         "line": None, "code": ""})
    return None


def _serve(request: dict, modules: dict, np, bundle: int, reply: int) -> dict:
    rid, path = request["id"], os.path.join(request["src"], request["file"])
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
    # A timed case's inputs are private copy-on-write maps: writing into them costs what it costs
    # (no read-only error and retry on copies to slow it down), and the file stays as it was.
    timed = bool(request["calls"]) and all(call.get("once") for call in request["calls"])
    inputs = _read_inputs(request["inputs"], np, private=timed)
    arrays: dict = {}
    calls = []
    for call in request["calls"]:
        _send(reply, {"kind": "progress", "id": rid, "at": call["case"]})
        calls.append(_call(fn, call, inputs, arrays, request["outputs"], path, np))
    try:
        _save(bundle, arrays, np)
    except BaseException as exc:
        return _answer(rid, "save", error=_describe(exc, path))
    return _answer(rid, "calls", parameters=_parameters(fn), calls=calls)


def _save(fd: int, arrays: dict, np) -> None:
    """Append the returned arrays to the output bundle (the grader reads what this request added)."""
    with os.fdopen(os.dup(fd), "ab") as f:
        for name, array in arrays.items():
            encoded = name.encode()
            f.write(struct.pack("<H", len(encoded)) + encoded)
            np.lib.format.write_array(f, array, allow_pickle=False)


_HEADER = None  # compiled on first use: the grader's .npy header, parsed without evaluating it


def _read_inputs(path: str, np, private: bool = False) -> dict:
    """The request's input arrays, each a read-only view of one read-only memory map of the file
    (the grader wrote them with each array's data 64-byte aligned); `private`: a copy-on-write
    map instead, writable without changing the file."""
    global _HEADER
    import mmap
    import re

    _HEADER = _HEADER or re.compile(rb"\x93NUMPY\x01\x00..\{'descr': '([<>|=]?[biuf]\d{1,2})', "
                                    rb"'fortran_order': False, 'shape': \(((?:\d+, ?)*\d*)\), \} *\n", re.S)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            return {}
        memory = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY if private else mmap.ACCESS_READ)
    arrays, at = {}, 0
    while at < size:
        length = struct.unpack_from("<H", memory, at)[0]
        name = bytes(memory[at + 2:at + 2 + length]).decode()
        at += 2 + length
        header_length = struct.unpack_from("<H", memory, at + 8)[0]
        match = _HEADER.fullmatch(memory[at:at + 10 + header_length])
        if match is None:
            raise ValueError(f"input {name}: not the grader's layout")
        at += 10 + header_length
        shape = tuple(int(n) for n in match.group(2).replace(b" ", b"").split(b",") if n)
        dtype = np.dtype(match.group(1).decode())
        count = 1
        for n in shape:
            count *= n
        arrays[name] = np.frombuffer(memory, dtype=dtype, count=count, offset=at).reshape(shape)
        at += count * dtype.itemsize
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
    once = call.get("once", False)  # a large timed case: its arguments are not compared afterwards
    args = _arguments(call["args"], inputs)
    modified, writable = [], False
    try:
        result = fn(*args)
    except BaseException as exc:
        if not _wrote_read_only(exc):
            return {"case": key, "error": _describe(exc, path)}
        # It tried to write into a read-only argument: call again on writable copies, so its
        # values can still be judged, and say which arguments it changed.
        writable = True
        args = _arguments(call["args"], inputs, writable=True)
        try:
            result = fn(*args)
        except BaseException as again:
            return {"case": key, "error": _describe(again, path)}
        modified = _changed(call["args"], args, inputs, np) or [j for j, (kind, _) in enumerate(call["args"])
                                                                  if kind == "array"]
    entry = {"case": key, "values": _store(result, f"{key}{SEP}o", count, arrays, np)}
    if not once:
        entry["modified"] = sorted(set(modified) | set(_changed(call["args"], args, inputs, np, lists_only=True)))
    if call.get("repeat"):
        try:
            again = fn(*_arguments(call["args"], inputs, writable=writable))
            entry["repeat"] = _store(again, f"{key}{SEP}r", count, arrays, np)
        except BaseException as exc:
            entry["repeat_error"] = _describe(exc, path)
    return entry


def _wrote_read_only(exc: BaseException) -> bool:
    """True for numpy's refusal to write into a read-only array."""
    try:
        return isinstance(exc, ValueError) and "read-only" in str(exc)
    except BaseException:
        return False


def _changed(spec: list, args: list, inputs, np, lists_only: bool = False) -> list:
    """Which (writable copies of) array arguments, or list arguments, the call changed."""
    changed = []
    for j, (kind, value) in enumerate(spec):
        try:
            if kind == "array" and not lists_only and not (
                    type(args[j]) is np.ndarray and args[j].shape == inputs[value].shape
                    and np.array_equal(args[j], inputs[value], equal_nan=True)):
                changed.append(j)
            elif kind == "list" and args[j] != inputs[value].tolist():
                changed.append(j)
        except BaseException:
            changed.append(j)
    return changed


def _arguments(spec: list, inputs, writable: bool = False) -> list:
    """Arguments for one call: a fresh read-only view of each input array (or a writable copy),
    lists rebuilt, values as given."""
    args = []
    for kind, value in spec:
        if kind == "array":
            args.append(inputs[value].copy() if writable else inputs[value].view())
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


def _parameters(fn):
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
    try:
        if isinstance(exc, SyntaxError) and exc.filename == path:
            line, code = exc.lineno, (exc.text or "").strip()
        else:
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
            if frames:
                line, code = frames[-1].lineno, frames[-1].line
    except BaseException:
        pass
    line = line if isinstance(line, int) and line >= 0 else None
    return {"type": type(exc).__name__[:100], "message": message, "line": line, "code": str(code or "")[:200]}


if __name__ == "__main__":
    main()
