"""Correct: compares each label with every class index by broadcasting."""
import numpy as np


def one_hot(y, n_classes):
    labels = np.asarray(y).reshape(-1, 1)
    return (labels == np.arange(n_classes)).astype(np.float64)
