"""Exercise code/one-hot: integer labels to one-hot rows.

Check your work with:  dlquiz exercise test code/one-hot
"""

import numpy as np


def one_hot(y, n_classes):
    """One-hot encode class labels.

    Args:
        y: the labels, a Python list or a 1-D int ndarray, values in 0 .. n_classes-1.
        n_classes: int >= 1, the number of classes.

    Returns:
        A float ndarray of shape (len(y), n_classes): row i is all zeros except a 1 in
        column y[i]. Do not modify y.
    """
    # TODO: build the one-hot matrix (no Python loop needed).
    raise NotImplementedError("one_hot is not implemented yet")
