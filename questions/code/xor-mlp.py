"""Exercise code/xor-mlp: a 3-layer MLP trained with Adam on XOR.

Check your work with:  dlquiz exercise test code/xor-mlp
"""

import numpy as np

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def train_xor(seed, epochs):
    """Train a 2-8-8-1 MLP (tanh, tanh, sigmoid) with Adam on XOR for `epochs` full-batch steps.

    Args:
        seed: int; draw the initial weights from np.random.default_rng(seed).
        epochs: int; the number of Adam steps (0: return the initial parameters).

    Returns:
        The parameters (W1, b1, W2, b2, W3, b3), float ndarrays of shapes (8, 2), (8,),
        (8, 8), (8,), (1, 8), (1,); a layer computes a @ W.T + b.
    """
    rng = np.random.default_rng(seed)
    # TODO: initialise W1, b1, W2, b2, W3, b3 and their Adam moments, then for `epochs` steps:
    # forward pass, backward pass (binary cross-entropy), Adam update of every parameter.
    raise NotImplementedError("train_xor is not implemented yet")
