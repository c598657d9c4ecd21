"""Correct: a log-softmax, then the true classes picked with take_along_axis."""
import numpy as np


def cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    picked = np.take_along_axis(log_probs, np.asarray(y).reshape(-1, 1), axis=1)
    return -picked.mean()
