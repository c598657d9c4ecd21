"""Exercise code/backprop-order: fix the order of a backward pass.

Check your work with:  dlquiz exercise test code/backprop-order
"""

import numpy as np


def mlp_backward(X, Y, W1, b1, W2, b2):
    """Gradients of a two-layer network's loss with respect to its parameters.

    Conventions: rows of X (n, d) are samples; W1 is (h, d) and W2 is (k, h), i.e. W has
    shape (out, in); b1 is (h,) and b2 is (k,); Y is (n, k) with 0/1 targets.
    Forward: z1 = X @ W1.T + b1, a1 = relu(z1), a2 = sigmoid(a1 @ W2.T + b2).
    Loss: binary cross-entropy summed over the k outputs, averaged over the n samples,
    so the output layer's error is (a2 - Y) / n.

    Returns:
        (dW1, db1, dW2, db2), each a float ndarray shaped like its parameter.
        Do not modify the inputs.
    """
    n = X.shape[0]
    # forward pass (correct)
    z1 = X @ W1.T + b1
    a1 = np.maximum(z1, 0)
    a2 = 1 / (1 + np.exp(-(a1 @ W2.T + b2)))

    # backward pass: TODO fix the order (this uses delta1 before it exists)
    dW2 = delta1.T @ a1                 # W2 gradient
    db2 = delta1.sum(axis=0)
    delta2 = (a2 - Y) / n               # output layer gradient
    delta1 = (delta2 @ W2) * (z1 > 0)   # hidden layer gradient
    dW1 = delta1.T @ X                  # W1 gradient
    db1 = delta1.sum(axis=0)
    return dW1, db1, dW2, db2
