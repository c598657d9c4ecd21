"""Bug: log of a naive softmax (overflows, log(0) on extreme logits)."""
import numpy as np


def cross_entropy(logits, y):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(y)), y]))
