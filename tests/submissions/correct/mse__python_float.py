"""Correct: returns a Python float computed from the flattened difference."""
import numpy as np


def mse(y_hat, y):
    d = (np.asarray(y_hat) - np.asarray(y)).ravel()
    return float(d @ d) / d.size
