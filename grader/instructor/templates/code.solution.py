"""Reference solution for __ID__."""

import numpy as np


def __NAME__(z):
    """ReLU: max(0, z) element-wise, as a new array."""
    return np.maximum(0.0, z)


def mistake_abs(z):
    """Known mistake: the absolute value instead of the positive part."""
    return np.abs(z)
