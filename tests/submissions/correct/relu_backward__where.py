"""Correct: np.where with an explicit float zero."""
import numpy as np


def relu_backward(dz, z):
    return np.where(z > 0, dz, 0.0)
