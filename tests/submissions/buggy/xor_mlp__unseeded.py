"""Bug: trains well, but ignores the seed (a different network on every call)."""
import numpy as np

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def train_xor(seed, epochs):
    rng = np.random.default_rng()  # bug: not seeded
    params = [rng.normal(0, 0.7, (8, 2)), np.zeros(8), rng.normal(0, 0.35, (8, 8)), np.zeros(8),
              rng.normal(0, 0.35, (1, 8)), np.zeros(1)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, epochs + 1):
        W1, b1, W2, b2, W3, b3 = params
        a1 = np.tanh(X @ W1.T + b1)
        a2 = np.tanh(a1 @ W2.T + b2)
        a3 = 1 / (1 + np.exp(-(a2 @ W3.T + b3)))
        d3 = (a3 - Y) / 4
        d2 = (d3 @ W3) * (1 - a2 ** 2)
        d1 = (d2 @ W2) * (1 - a1 ** 2)
        grads = [d1.T @ X, d1.sum(0), d2.T @ a1, d2.sum(0), d3.T @ a2, d3.sum(0)]
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] = params[i] - 0.05 * (m[i] / (1 - 0.9 ** t)) / (np.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8)
    return tuple(params)
