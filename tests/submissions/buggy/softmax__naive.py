"""Bug: exponentiates the raw logits (overflows around 1000)."""
import numpy as np


def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
