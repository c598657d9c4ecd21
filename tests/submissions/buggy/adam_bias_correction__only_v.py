"""Bug: corrects only the second moment."""
import numpy as np

BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def adam_step(w, g, m, v, t, lr):
    m = BETA1 * m + (1 - BETA1) * g
    v = BETA2 * v + (1 - BETA2) * g ** 2
    v_hat = v / (1 - BETA2 ** t)
    return w - lr * m / (np.sqrt(v_hat) + EPS), m, v
