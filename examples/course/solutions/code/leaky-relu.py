"""Reference solution for code/leaky-relu; mistake_* functions compute known wrong answers."""

import numpy as np


def leaky_relu(z, alpha):
    """Leaky ReLU, element-wise."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def mistake_plain_relu(z, alpha):
    """Known mistake: the plain ReLU."""
    return np.maximum(0.0, np.asarray(z, dtype=float))
