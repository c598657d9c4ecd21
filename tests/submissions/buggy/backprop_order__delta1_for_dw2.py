"""Bug: the order is fixed, but dW2 is still built from the hidden layer's delta."""
import numpy as np


def mlp_backward(X, Y, W1, b1, W2, b2):
    n = X.shape[0]
    z1 = X @ W1.T + b1
    a1 = np.maximum(z1, 0)
    a2 = 1 / (1 + np.exp(-(a1 @ W2.T + b2)))
    delta2 = (a2 - Y) / n
    delta1 = (delta2 @ W2) * (z1 > 0)
    dW2 = delta1.T @ a1
    db2 = delta2.sum(axis=0)
    dW1 = delta1.T @ X
    db1 = delta1.sum(axis=0)
    return dW1, db1, dW2, db2
