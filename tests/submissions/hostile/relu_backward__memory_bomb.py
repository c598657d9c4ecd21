"""Hostile (kept small): grabs memory until refused, then keeps what it got and returns wrong values."""
import numpy as np

_hoard = []


def relu_backward(dz, z):
    try:
        while True:
            _hoard.append(np.ones(16 << 20, dtype=np.uint8))
    except MemoryError:
        pass
    return dz * 0 + len(_hoard)
