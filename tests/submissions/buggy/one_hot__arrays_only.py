"""Bug: assumes y is an array (y.shape), so a list fails."""
import numpy as np


def one_hot(y, n_classes):
    Y = np.zeros((y.shape[0], n_classes))
    Y[np.arange(y.shape[0]), y] = 1
    return Y
