"""Correct: a small class-based MLP with ReLU hidden layers and its own Adam."""
import numpy as np

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


class Adam:
    def __init__(self, params, lr=0.02):
        self.lr, self.t = lr, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, params, grads):
        self.t += 1
        for i, (p, g) in enumerate(zip(params, grads)):
            self.m[i] = 0.9 * self.m[i] + 0.1 * g
            self.v[i] = 0.999 * self.v[i] + 0.001 * g * g
            m_hat = self.m[i] / (1 - 0.9 ** self.t)
            v_hat = self.v[i] / (1 - 0.999 ** self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


def train_xor(seed):
    rng = np.random.default_rng(seed)
    W1, b1 = rng.normal(0, 1.0, (16, 2)), np.full(16, 0.1)
    W2, b2 = rng.normal(0, 0.35, (16, 16)), np.full(16, 0.1)
    W3, b3 = rng.normal(0, 0.35, (1, 16)), np.zeros(1)
    params = [W1, b1, W2, b2, W3, b3]
    opt = Adam(params)
    for _ in range(1000):
        z1 = X @ W1.T + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ W2.T + b2
        a2 = np.maximum(z2, 0)
        out = 1 / (1 + np.exp(-(a2 @ W3.T + b3)))
        d3 = (out - Y) / 4
        d2 = (d3 @ W3) * (z2 > 0)
        d1 = (d2 @ W2) * (z1 > 0)
        opt.step(params, [d1.T @ X, d1.sum(0), d2.T @ a1, d2.sum(0), d3.T @ a2, d3.sum(0)])
    a1 = np.maximum(X @ W1.T + b1, 0)
    a2 = np.maximum(a1 @ W2.T + b2, 0)
    return 1 / (1 + np.exp(-(a2 @ W3.T + b3)))
