"""Exercise code/mse: the mean squared error loss.

Check your work with:  dlquiz exercise test code/mse
"""

import numpy as np


def mse(y_hat, y):
    """Mean squared error between predictions and targets.

    Args:
        y_hat: ndarray of predictions, shape (n,) or (n, d).
        y: ndarray of targets, the same shape as y_hat.

    Returns:
        A single number: the mean of (y_hat - y)**2 over all elements (a float, a numpy
        scalar or a 0-d array). Do not modify the inputs.
    """
    # TODO: compute the mean squared error.
    raise NotImplementedError("mse is not implemented yet")
