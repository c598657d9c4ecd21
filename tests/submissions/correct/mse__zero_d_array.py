"""Correct: returns a 0-d array."""
import numpy as np


def mse(y_hat, y):
    return np.array(np.square(y_hat - y).mean())
