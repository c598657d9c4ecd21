"""Mistake solvers: the wrong answers learners really give, for targeted feedback.

Each computes what a learner gets when they make one specific error; a question lists
the ones that apply in its `mistakes`, with the feedback to show.
"""

from __future__ import annotations

import numpy as np

from grader.solvers import solver


@solver
def softmax_unnormalized(z):
    """exp(z) without dividing by the sum."""
    return np.exp(z)


@solver
def softmax_of_raw_shares(z):
    """z / sum(z): normalising without exponentiating."""
    return z / np.sum(z)


@solver
def mse_summed(y_hat, y):
    """The sum of squared errors instead of the mean."""
    return np.sum((y - y_hat) ** 2)


@solver
def mse_halved(y_hat, y):
    """Half the mean squared error (the 1/2 of a derivative-friendly convention)."""
    return np.mean((y - y_hat) ** 2) / 2


@solver
def mse_unsquared(y_hat, y):
    """The mean absolute error instead of the squared one."""
    return np.mean(np.abs(y - y_hat))


@solver
def l2_penalty_without_half(w, lam):
    """lambda * ||w||^2: the 1/2 forgotten."""
    return lam * np.sum(w**2)


@solver
def l2_penalty_norm_unsquared(w, lam):
    """lambda/2 * ||w||: the norm not squared."""
    return lam / 2 * np.sqrt(np.sum(w**2))


@solver
def l1_instead_of_l2(w, lam):
    """lambda/2 * sum|w|: absolute values instead of squares."""
    return lam / 2 * np.sum(np.abs(w))


@solver
def sgd_step_ascent(w, grad, lr):
    """w + lr * grad: the sign of the step flipped."""
    return w + lr * grad


@solver
def sgd_step_without_lr(w, grad, lr):
    """w - grad: the learning rate forgotten."""
    return w - grad
