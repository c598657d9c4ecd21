"""Bug: classes along the rows."""
import numpy as np


def one_hot(y, n_classes):
    Y = np.zeros((n_classes, len(y)))
    Y[y, np.arange(len(y))] = 1
    return Y
