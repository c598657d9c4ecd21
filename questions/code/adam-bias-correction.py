"""Exercise code/adam-bias-correction: add Adam's bias correction.

Check your work with:  dlquiz exercise test code/adam-bias-correction
"""

import numpy as np

BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def adam_step(w, g, m, v, t, lr):
    """One Adam update.

    Args:
        w: ndarray of parameters (any shape).
        g: ndarray, the gradient of the loss at w (same shape).
        m, v: ndarrays, the first and second moment estimates from the previous step
            (zeros before the first step).
        t: int, the step number, 1 for the first step.
        lr: float, the learning rate.

    Returns:
        (w_new, m_new, v_new): new float ndarrays shaped like w. Use BETA1, BETA2 and EPS
        (EPS is added to the square root). Do not modify the inputs.
    """
    m = BETA1 * m + (1 - BETA1) * g
    v = BETA2 * v + (1 - BETA2) * g ** 2
    # TODO: bias-correct m and v before the update (the step below uses them raw).
    w_new = w - lr * m / (np.sqrt(v) + EPS)
    return w_new, m, v
