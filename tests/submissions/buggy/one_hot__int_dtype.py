"""Bug: an integer one-hot matrix."""
import numpy as np


def one_hot(y, n_classes):
    Y = np.zeros((len(y), n_classes), dtype=int)
    Y[np.arange(len(y)), y] = 1
    return Y
