"""Reference solution for code/mse."""

import numpy as np


def mse(y_hat, y):
    """Mean of the squared errors over every element, as a scalar."""
    return np.mean((y_hat - y) ** 2)


def mistake_sum(y_hat, y):
    """Known mistake: the sum instead of the mean."""
    return np.sum((y_hat - y) ** 2)


def mistake_half(y_hat, y):
    """Known mistake: half the mean squared error."""
    return 0.5 * np.mean((y_hat - y) ** 2)


def mistake_root(y_hat, y):
    """Known mistake: the root mean squared error."""
    return np.sqrt(np.mean((y_hat - y) ** 2))
