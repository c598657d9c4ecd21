"""Bug: Y[:, y] = 1."""
import numpy as np


def one_hot(y, n_classes):
    Y = np.zeros((len(y), n_classes))
    Y[:, y] = 1
    return Y
