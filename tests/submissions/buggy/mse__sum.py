"""Bug: the sum of squared errors."""
import numpy as np


def mse(y_hat, y):
    return np.sum((y_hat - y) ** 2)
