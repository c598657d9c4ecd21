"""Exercise code/dense-forward: a fully connected layer on a batch.

Check your work with:  dlquiz exercise test code/dense-forward
"""

import numpy as np


def dense_forward(X, W, b):
    """Forward pass of a dense layer without activation.

    Args:
        X: ndarray (n, d_in), one sample per row.
        W: ndarray (d_out, d_in): weights in (out, in) order, z = W x + b for one sample.
        b: ndarray (d_out,), the biases.

    Returns:
        Z, a float ndarray of shape (n, d_out) whose row i is W @ X[i] + b.
        Do not modify the inputs.
    """
    # TODO: one line, no loops.
    raise NotImplementedError("dense_forward is not implemented yet")
