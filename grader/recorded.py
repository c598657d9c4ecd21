"""Recorded reference outputs: what a learners' release ships instead of a reference solution.

`dlquiz release` runs the course's reference solution on the public cases only and writes, per
exercise, a module of recorded outputs (solutions/<id>.py in the release) whose functions answer
from that table: `dlquiz exercise test` then works for learners without the reference's code,
and a call on any other input (a hidden case, a budget case) is refused. The module must also
run inside the sandbox (where `validate` grades it), so it carries RUNTIME, needing only NumPy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# The helpers a recorded module needs, as source: written into each module and run here too.
RUNTIME = '''
import hashlib

import numpy as np


def digest(args):
    """A fingerprint of a call's arguments: type, dtype, shape and bytes of each."""
    h = hashlib.sha256()
    for arg in args:
        arr = np.asarray(arg)
        h.update(f"{type(arg).__name__}|{arr.dtype.str}|{arr.shape}|".encode())
        h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()[:32]


def decode(data):
    """A recorded value back as arrays (a tuple of them for several outputs)."""
    kind, payload = data
    if kind == "tuple":
        return tuple(decode(("one", p)) for p in payload)
    dtype, shape, flat = payload
    return np.asarray(flat, dtype=np.dtype(dtype)).reshape(shape)


def replay(table, name, args):
    """The recorded output of `name` on `args`; refused for any input that was not recorded."""
    key = f"{name}:{digest(args)}"
    if key not in table:
        raise LookupError(f"{name} was called on an input this release has no recorded output for "
                          "(only the public cases are recorded)")
    return decode(table[key])
'''
exec(compile(RUNTIME, __file__ + ":RUNTIME", "exec"), globals())


def encode(value: Any) -> Any:
    """A function's return value as plain data (a tuple stays a tuple of arrays)."""
    if isinstance(value, tuple):
        return ("tuple", [encode(v)[1] for v in value])
    arr = np.asarray(value)
    return ("one", (arr.dtype.str, list(arr.shape), arr.ravel().tolist()))


def module_text(title: str, table: dict[str, Any], required: tuple[str, ...] = ()) -> str:
    """The source of a recorded module: RUNTIME, the table, one replaying function per name
    (and per `required` name, even one never called on a recorded case)."""
    names = sorted({key.split(":")[0] for key in table} | set(required))
    lines = [f'"""Recorded outputs of {title} on its public cases (written by `dlquiz release`).', "",
             "Not the reference solution: each function answers only the calls recorded here.", '"""',
             RUNTIME, f"_TABLE = {table!r}", ""]
    for name in names:
        lines += ["", f"def {name}(*args):", f"    return replay(_TABLE, {name!r}, args)", ""]
    return "\n".join(lines)
