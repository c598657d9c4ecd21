"""Correct: folds the corrections into the learning rate and returns a list."""
import numpy as np

BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def adam_step(w, g, m, v, t, lr):
    m_new = BETA1 * m + (1 - BETA1) * g
    v_new = BETA2 * v + (1 - BETA2) * np.square(g)
    m_hat = m_new / (1 - BETA1 ** t)
    v_hat = v_new / (1 - BETA2 ** t)
    return [w - lr * m_hat / (np.sqrt(v_hat) + EPS), m_new, v_new]
