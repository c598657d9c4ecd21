"""Correct: the same backward pass written with einsum and a helper."""
import numpy as np


def _sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


def mlp_backward(X, Y, W1, b1, W2, b2):
    n = len(X)
    z1 = np.einsum("nd,hd->nh", X, W1) + b1
    a1 = np.where(z1 > 0, z1, 0.0)
    a2 = _sigmoid(np.einsum("nh,kh->nk", a1, W2) + b2)
    delta2 = (a2 - Y) / n
    delta1 = np.einsum("nk,kh->nh", delta2, W2) * (z1 > 0)
    return (np.einsum("nh,nd->hd", delta1, X), delta1.sum(0),
            np.einsum("nk,nh->kh", delta2, a1), delta2.sum(0))
