"""Reference solution for code/backprop-order (quick-fire D1).

A two-layer MLP: z1 = X @ W1.T + b1, a1 = relu(z1), z2 = a1 @ W2.T + b2, a2 = sigmoid(z2),
with the binary cross-entropy loss averaged over the n samples (rows of X) and summed over
the outputs. W has shape (out, in).
"""

import numpy as np


def mlp_backward(X, Y, W1, b1, W2, b2):
    """Gradients (dW1, db1, dW2, db2) of the loss, output layer first."""
    n = X.shape[0]
    z1 = X @ W1.T + b1
    a1 = np.maximum(z1, 0)
    a2 = 1 / (1 + np.exp(-(a1 @ W2.T + b2)))
    delta2 = (a2 - Y) / n               # 1. output layer gradient
    dW2 = delta2.T @ a1                 # 2. W2 gradient
    db2 = delta2.sum(axis=0)
    delta1 = (delta2 @ W2) * (z1 > 0)   # 3. hidden layer gradient (needs delta2 and W2)
    dW1 = delta1.T @ X                  # 4. W1 gradient
    db1 = delta1.sum(axis=0)
    return dW1, db1, dW2, db2


def mlp_loss(X, Y, W1, b1, W2, b2):
    """The loss whose gradients mlp_backward returns (for the finite-difference check)."""
    a1 = np.maximum(X @ W1.T + b1, 0)
    z2 = a1 @ W2.T + b2
    # log(sigmoid(z)) = -log(1 + e^-z), written to stay finite
    log_p, log_q = -np.logaddexp(0, -z2), -np.logaddexp(0, z2)
    return float(-np.sum(Y * log_p + (1 - Y) * log_q) / X.shape[0])


def mistake_delta1_for_dw2(X, Y, W1, b1, W2, b2):
    """Known mistake: W2's gradient built from the hidden delta (the material's wrong order)."""
    dW1, db1, dW2, db2 = mlp_backward(X, Y, W1, b1, W2, b2)
    n = X.shape[0]
    z1 = X @ W1.T + b1
    a2 = 1 / (1 + np.exp(-(np.maximum(z1, 0) @ W2.T + b2)))
    delta1 = (((a2 - Y) / n) @ W2) * (z1 > 0)
    return dW1, db1, delta1.T @ np.maximum(z1, 0), db2


def mistake_no_relu_mask(X, Y, W1, b1, W2, b2):
    """Known mistake: the hidden delta without the ReLU's derivative."""
    n = X.shape[0]
    z1 = X @ W1.T + b1
    a1 = np.maximum(z1, 0)
    a2 = 1 / (1 + np.exp(-(a1 @ W2.T + b2)))
    delta2 = (a2 - Y) / n
    delta1 = delta2 @ W2
    return delta1.T @ X, delta1.sum(axis=0), delta2.T @ a1, delta2.sum(axis=0)
