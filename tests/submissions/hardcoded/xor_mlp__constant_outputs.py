"""Hard-coded (issue 11, attack 3): once `train_xor(seed)` returned the network's outputs, and this
got 100% without training anything. It still returns the targets typed in."""
import numpy as np


def train_xor(seed, epochs=1000):
    return np.array([[0.0], [1.0], [1.0], [0.0]])
