"""Reference solution for code/adam-bias-correction (quick-fire D2)."""

import numpy as np

BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def adam_step(w, g, m, v, t, lr):
    """One Adam update at step t (t = 1 for the first): returns (w_new, m_new, v_new)."""
    m = BETA1 * m + (1 - BETA1) * g
    v = BETA2 * v + (1 - BETA2) * g ** 2
    m_hat = m / (1 - BETA1 ** t)   # bias-corrected first moment
    v_hat = v / (1 - BETA2 ** t)   # bias-corrected second moment
    return w - lr * m_hat / (np.sqrt(v_hat) + EPS), m, v


def _step(w, g, m, v, t, lr, correct_m, correct_v):
    m = BETA1 * m + (1 - BETA1) * g
    v = BETA2 * v + (1 - BETA2) * g ** 2
    m_used = m / (1 - BETA1 ** t) if correct_m else m
    v_used = v / (1 - BETA2 ** t) if correct_v else v
    return w - lr * m_used / (np.sqrt(v_used) + EPS), m, v


def mistake_no_correction(w, g, m, v, t, lr):
    """Known mistake (the material's bug): neither moment bias-corrected."""
    return _step(w, g, m, v, t, lr, False, False)


def mistake_only_m(w, g, m, v, t, lr):
    """Known mistake: only the first moment corrected."""
    return _step(w, g, m, v, t, lr, True, False)


def mistake_only_v(w, g, m, v, t, lr):
    """Known mistake: only the second moment corrected."""
    return _step(w, g, m, v, t, lr, False, True)

