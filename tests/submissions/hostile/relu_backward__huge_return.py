"""Hostile: returns more data than may be written back."""
import numpy as np


def relu_backward(dz, z):
    return np.ones(12_000_000)
