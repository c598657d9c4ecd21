"""Correct: a small class-based MLP with its own Adam, Xavier-uniform weights and another learning rate."""
import numpy as np

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


class Adam:
    def __init__(self, params, lr=0.05):
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


class MLP:
    def __init__(self, rng):
        def layer(n_in, n_out):
            limit = np.sqrt(6 / (n_in + n_out))
            return rng.uniform(-limit, limit, (n_out, n_in)), np.zeros(n_out)
        self.params = [*layer(2, 8), *layer(8, 8), *layer(8, 1)]

    def forward(self):
        W1, b1, W2, b2, W3, b3 = self.params
        self.a1 = np.tanh(X @ W1.T + b1)
        self.a2 = np.tanh(self.a1 @ W2.T + b2)
        self.out = 1 / (1 + np.exp(-(self.a2 @ W3.T + b3)))
        return self.out

    def grads(self):
        W1, b1, W2, b2, W3, b3 = self.params
        d3 = (self.forward() - Y) / len(X)
        d2 = (d3 @ W3) * (1 - self.a2 ** 2)
        d1 = (d2 @ W2) * (1 - self.a1 ** 2)
        return [d1.T @ X, d1.sum(0), d2.T @ self.a1, d2.sum(0), d3.T @ self.a2, d3.sum(0)]


def train_xor(seed, epochs):
    net = MLP(np.random.default_rng(seed))
    opt = Adam(net.params)
    for _ in range(epochs):
        opt.step(net.params, net.grads())
    return tuple(p.copy() for p in net.params)
