"""Arrays across the sandbox boundary, as plain data only.

Both directions use a bundle: a file of records, each a 2-byte name length, the UTF-8 name and
one .npy array (numpy's own format, read with pickle disabled). Cheaper than .npz (no zipfile
import in the sandbox) and simple to validate: every header is checked (a numeric dtype, a
size within the cap) before its data is read, so a hostile file can neither run code in the
grader nor make it allocate a huge array. The harness has its own few lines for the same format.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from numpy.lib import format as npy

from grader.code.cases import Case

SEP = "__"  # between a case key and what follows in an entry name (the harness uses the same)
MAX_BUNDLE_BYTES = 256 << 20
MAX_ENTRIES = 10000
_HEADER_READERS = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}


def write_bundle(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write `arrays` as a bundle, readable by everyone (the sandbox maps it read-only): each
    header padded so the array's data starts at a multiple of 64 bytes in the file, and in C
    order, so the sandbox can use it in place."""
    with open(path, "wb") as f:
        for name, array in arrays.items():
            array = np.asarray(array, order="C")
            encoded = name.encode()
            f.write(struct.pack("<H", len(encoded)) + encoded)
            header = (f"{{'descr': {npy.dtype_to_descr(array.dtype)!r}, 'fortran_order': False, "
                      f"'shape': {array.shape!r}, }}").encode()
            pad = -(f.tell() + 10 + len(header) + 1) % 64
            header += b" " * pad + b"\n"
            f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header)
            f.write(array.tobytes())
    path.chmod(0o644)


def write_inputs(path: Path, cases: list[Case]) -> list[dict[str, Any]]:
    """Save the array and list arguments of `cases` to `path`; return the calls the harness
    makes, each `{"case": key, "args": [[kind, entry name or value], ...]}`."""
    arrays: dict[str, np.ndarray] = {}
    calls = []
    for case in cases:
        args = []
        for j, (kind, value) in enumerate(zip(case.kinds, case.args)):
            if kind in ("array", "list"):
                name = f"{case.key}{SEP}i{j}"
                arrays[name] = np.asarray(value)
                args.append([kind, name])
            else:
                args.append(["value", value])
        calls.append({"case": case.key, "args": args})
    write_bundle(path, arrays)
    return calls


@dataclass(frozen=True)
class Received:
    """One array sent back by the sandbox: shape and dtype from its header and, when the dtype is
    numeric and the size within bounds, the data as a plain (read-only) ndarray; else `problem`
    says why not."""

    shape: tuple[int, ...]
    dtype: np.dtype | None
    data: np.ndarray | None
    problem: str = ""


def read_bundle(source: Path | bytes | None, max_bytes: int = MAX_BUNDLE_BYTES) -> dict[str, Received]:
    """Every record of a bundle written by the sandbox (a file, or its bytes), validated; stops
    at the first malformed one."""
    received: dict[str, Received] = {}
    try:
        if source is None:
            return received
        size = len(source) if isinstance(source, bytes) else source.stat().st_size
        if size > max_bytes:
            return received
        with (io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")) as f:
            while len(received) < MAX_ENTRIES:
                head = f.read(2)
                if len(head) < 2:
                    break
                name = f.read(struct.unpack("<H", head)[0]).decode("utf-8", errors="replace")
                received[name] = _read_record(f, max_bytes)
                if received[name].problem == "an unreadable array":
                    break
    except OSError:
        pass
    return received


_HEADER = re.compile(rb"\{'descr': '([<>|=]?[biuf]\d{1,2})', 'fortran_order': (True|False), "
                     rb"'shape': \(((?:\d{1,12}, ?)*\d{0,12})\), \} *\n")


def _read_record(f: BinaryIO, max_bytes: int) -> Received:
    start = f.tell()
    try:
        header = _fast_header(f)
        if header is None:  # not numpy's usual layout: numpy's own (safe, slower) parser decides
            f.seek(start)
            header = _numpy_header(f)
        if header is None:
            return Received((), None, None, "an unreadable array")
        shape, fortran, dtype = header
        if dtype.hasobject:  # pickled data of unknown length: nothing after it can be found
            return Received((), None, None, "an unreadable array")
        size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if dtype.kind not in "biuf" or size > max_bytes:
            f.seek(f.tell() + min(size, max_bytes))
            problem = "an array too large to read back" if size > max_bytes else f"an array of {dtype}, not of numbers"
            return Received(tuple(shape), None if dtype.kind not in "biuf" else dtype, None, problem)
        data = f.read(size)
        if len(data) != size:
            return Received((), None, None, "an unreadable array")
        array = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
        return Received(tuple(shape), array.dtype, array)  # read-only: nothing here writes to it
    except Exception:  # noqa: BLE001 - any malformed record is simply unusable data
        return Received((), None, None, "an unreadable array")


def _fast_header(f: BinaryIO) -> tuple[tuple[int, ...], bool, np.dtype] | None:
    """The header as numpy writes it for plain numeric arrays, parsed without evaluating anything."""
    prefix = f.read(10)
    if len(prefix) != 10 or prefix[:8] != b"\x93NUMPY\x01\x00":
        return None
    length = struct.unpack("<H", prefix[8:])[0]
    match = _HEADER.fullmatch(f.read(length))
    if match is None:
        return None
    shape = tuple(int(n) for n in match.group(3).replace(b" ", b"").split(b",") if n)
    return shape, match.group(2) == b"True", np.dtype(match.group(1).decode())


def _numpy_header(f: BinaryIO) -> tuple[tuple[int, ...], bool, np.dtype] | None:
    reader = _HEADER_READERS.get(npy.read_magic(f))
    return reader(f, max_header_size=10000) if reader is not None else None
