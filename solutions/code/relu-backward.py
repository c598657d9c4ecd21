"""Reference solution for code/relu-backward (quick-fire K1)."""

import numpy as np


def relu_backward(dz, z):
    """Gradient of the loss w.r.t. the ReLU's input: dz where z > 0, else 0 (also at z == 0)."""
    return dz * (z > 0)


def relu_objective(dz, z):
    """A scalar whose derivative w.r.t. z is relu_backward(dz, z): sum(dz * relu(z))."""
    return float(np.sum(dz * np.maximum(z, 0)))


def mistake_inclusive_zero(dz, z):
    """Known mistake: passes the gradient at z == 0."""
    return dz * (z >= 0)


def mistake_mask_only(dz, z):
    """Known mistake: the local derivative without the chain rule."""
    return (z > 0).astype(float)
