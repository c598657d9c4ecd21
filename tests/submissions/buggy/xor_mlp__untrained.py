"""Bug: builds the network but never trains it (the parameters ignore `epochs`)."""
import numpy as np


def train_xor(seed, epochs):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(8, 2)), np.zeros(8), rng.normal(size=(8, 8)), np.zeros(8),
            rng.normal(size=(1, 8)), np.zeros(1))
