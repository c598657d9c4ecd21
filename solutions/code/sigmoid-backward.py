"""Reference solution for code/sigmoid-backward."""

import numpy as np


def _sigmoid(z):
    """The logistic function; exp(-z) may overflow to inf for z < -709, giving exactly 0."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


def sigmoid_backward(da, z):
    """da * sigma(z) * (1 - sigma(z))."""
    s = _sigmoid(z)
    return da * s * (1 - s)


def sigmoid_objective(da, z):
    """A scalar whose derivative w.r.t. z is sigmoid_backward(da, z): sum(da * sigma(z))."""
    return float(np.sum(da * _sigmoid(z)))


def mistake_no_upstream(da, z):
    """Known mistake: the local derivative without the chain rule."""
    s = _sigmoid(z)
    return s * (1 - s) + 0 * da


def mistake_derivative_of_z(da, z):
    """Known mistake: the output-form derivative applied to the input."""
    return da * z * (1 - z)
