"""Hostile: returns an ndarray subclass that claims to equal anything and to be close to anything."""
import numpy as np


class Agreeable(np.ndarray):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __sub__(self, other):
        return np.zeros(self.shape).view(Agreeable)

    def __rsub__(self, other):
        return np.zeros(self.shape).view(Agreeable)

    def __abs__(self):
        return np.zeros(self.shape)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(self.shape, dtype=bool) if ufunc.__name__ == "isnan" else True

    __hash__ = None


def relu_backward(dz, z):
    return np.full(dz.shape, 123.0).view(Agreeable)
