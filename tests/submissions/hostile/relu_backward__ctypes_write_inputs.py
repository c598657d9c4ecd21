"""Hostile: writes the right answer into its input's memory through a raw pointer (numpy's
read-only flag is only a flag), then returns that input, so the harness sees no copy and no
error. The input is a read-only memory map: the kernel stops the write (the process dies)."""
import ctypes

import numpy as np


def relu_backward(dz, z):
    answer = np.ascontiguousarray(dz * (z > 0))
    ctypes.memmove(dz.ctypes.data, answer.ctypes.data, answer.nbytes)
    return dz
