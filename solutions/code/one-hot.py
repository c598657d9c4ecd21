"""Reference solution for code/one-hot (quick-fire K2)."""

import numpy as np


def one_hot(y, n_classes):
    """Rows of zeros with a 1 in column y[i]; float array of shape (len(y), n_classes)."""
    Y = np.zeros((len(y), n_classes))
    Y[np.arange(len(y)), y] = 1
    return Y


def mistake_whole_columns(y, n_classes):
    """Known mistake: `Y[:, y] = 1` marks every label's column in every row."""
    Y = np.zeros((len(y), n_classes))
    Y[:, y] = 1
    return Y


def mistake_off_by_one(y, n_classes):
    """Known mistake: labels shifted by one column (wrapping around)."""
    Y = np.zeros((len(y), n_classes))
    Y[np.arange(len(y)), (np.asarray(y) - 1) % n_classes] = 1
    return Y
