"""Outputs come back as plain data only: a bundle with a pickled object array, a header that
claims a huge array, or garbage yields unusable records, never code execution or a huge allocation."""

from __future__ import annotations

import pickle
import struct

import numpy as np
import pytest

from grader.code.transport import read_bundle, write_bundle


def _record(name: str, header: bytes, data: bytes = b"") -> bytes:
    return struct.pack("<H", len(name)) + name.encode() + header + data


def _header(descr: str, shape: tuple) -> bytes:
    text = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    text += b" " * (63 - (len(text) + 10) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text


class _Payload:
    def __reduce__(self):
        return (exec, ("raise SystemExit('unpickled!')",))


def test_round_trip_keeps_shapes_dtypes_and_scalars(tmp_path):
    arrays = {"a": np.arange(6.0).reshape(2, 3), "b": np.float64(0.25), "c": np.array([1, 2], dtype=np.int32)}
    write_bundle(tmp_path / "x", arrays)
    received = read_bundle(tmp_path / "x")
    for name, value in arrays.items():
        assert received[name].shape == np.shape(value)
        assert received[name].dtype == np.asarray(value).dtype
        assert np.array_equal(received[name].data, value)
        assert type(received[name].data) is np.ndarray


@pytest.mark.parametrize("record, problem", [
    (_record("x", _header("|O", (1,)), pickle.dumps(np.array([_Payload()], dtype=object))), "an unreadable array"),
    (_record("x", _header("<f8", (10 ** 12,))), "an array too large to read back"),
    (_record("x", _header("<U5", (2,)), b"\0" * 40), "not of numbers"),
    (_record("x", b"not an npy header at all"), "an unreadable array"),
])
def test_hostile_records_are_refused_without_running_or_allocating(tmp_path, record, problem):
    (tmp_path / "x").write_bytes(record)
    received = read_bundle(tmp_path / "x")
    assert received["x"].data is None
    assert problem in received["x"].problem


def test_bytes_and_missing_sources(tmp_path):
    write_bundle(tmp_path / "x", {"a": np.ones(3)})
    assert np.array_equal(read_bundle((tmp_path / "x").read_bytes())["a"].data, np.ones(3))
    assert read_bundle(tmp_path / "missing") == {}
    assert read_bundle(None) == {}
