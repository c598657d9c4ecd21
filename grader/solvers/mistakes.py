"""Mistake solvers: wrong answers learners really give that a formula cannot say.

Most mistakes are now `formula:` entries in the question files; these remain for the
catalog's own reference solvers.
"""

from __future__ import annotations

import numpy as np

from grader.solvers import reference, solver


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
def sgd_step_ascent(w, grad, lr):
    """w + lr * grad: the sign of the step flipped."""
    return w + lr * grad


@solver
def mlp_weight_count(widths):
    """Only the weights counted: the biases forgotten."""
    widths = np.asarray(widths, dtype=int)
    return int(sum(n_out * n_in for n_in, n_out in zip(widths[:-1], widths[1:])))


@solver
def mlp_count_with_input_biases(widths):
    """Biases counted for the input layer too, which has none (it only holds the data)."""
    return reference.mlp_parameter_count(widths) + int(np.asarray(widths)[0])
