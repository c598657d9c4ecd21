"""Correct: a loop over rows (each row vectorised) is fast enough."""
import numpy as np


def _one(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def softmax(z):
    if z.ndim == 1:
        return _one(z)
    return np.stack([_one(row) for row in z])
