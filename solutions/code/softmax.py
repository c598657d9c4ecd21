"""Reference solution for code/softmax."""

import numpy as np


def softmax(z):
    """Softmax of a vector, or of each row of a matrix; stable for large logits."""
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def mistake_columns(z):
    """Known mistake: normalising down the columns of a matrix."""
    e = np.exp(z - z.max())
    return e / e.sum(axis=0, keepdims=True)


def mistake_unnormalised(z):
    """Known mistake: the exponentials without dividing by their sum."""
    return np.exp(z)


def mistake_total_sum(z):
    """Known mistake: one sum over every element instead of one per row."""
    e = np.exp(z - z.max())
    return e / e.sum()
