"""Reference solution for code/xor-mlp (quick-fire X1), with the functions the checks use to
run a learner's network: `xor_predictions` (its forward pass) and `xor_loss`."""

import numpy as np

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def train_xor(seed, epochs, lr=0.05, hidden=8):
    """Train a 2-8-8-1 MLP (tanh, tanh, sigmoid) with Adam on XOR; return its parameters."""
    rng = np.random.default_rng(seed)
    sizes = [2, hidden, hidden, 1]
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        params += [rng.normal(0, 1 / np.sqrt(n_in), (n_out, n_in)), np.zeros(n_out)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, epochs + 1):
        grads = _gradients(params)
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            m_hat, v_hat = m[i] / (1 - 0.9 ** t), v[i] / (1 - 0.999 ** t)
            params[i] = params[i] - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
    return tuple(params)


def xor_predictions(W1, b1, W2, b2, W3, b3):
    """The network's outputs on the four XOR inputs, shape (4, 1)."""
    return _forward([W1, b1, W2, b2, W3, b3])[-1]


def xor_loss(W1, b1, W2, b2, W3, b3):
    """The mean binary cross-entropy of the network on XOR."""
    out = np.clip(xor_predictions(W1, b1, W2, b2, W3, b3), 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(out) + (1 - Y) * np.log(1 - out)))


def _forward(params):
    W1, b1, W2, b2, W3, b3 = params
    a1 = np.tanh(X @ W1.T + b1)
    a2 = np.tanh(a1 @ W2.T + b2)
    a3 = 1 / (1 + np.exp(-(a2 @ W3.T + b3)))
    return a1, a2, a3


def _gradients(params):
    """Gradients of the binary cross-entropy (mean over the 4 samples)."""
    W1, b1, W2, b2, W3, b3 = params
    a1, a2, a3 = _forward(params)
    d3 = (a3 - Y) / len(X)
    d2 = (d3 @ W3) * (1 - a2 ** 2)
    d1 = (d2 @ W2) * (1 - a1 ** 2)
    return [d1.T @ X, d1.sum(0), d2.T @ a1, d2.sum(0), d3.T @ a2, d3.sum(0)]
