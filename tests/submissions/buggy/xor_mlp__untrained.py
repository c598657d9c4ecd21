"""Bug: builds the network but never trains it."""
import numpy as np

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def train_xor(seed):
    rng = np.random.default_rng(seed)
    W1, W2, W3 = rng.normal(size=(8, 2)), rng.normal(size=(8, 8)), rng.normal(size=(1, 8))
    a = np.tanh(np.tanh(X @ W1.T) @ W2.T)
    return 1 / (1 + np.exp(-(a @ W3.T)))
