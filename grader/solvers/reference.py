"""Reference solvers: right answers a formula cannot say (a loop over a structure, say).

Most built-in questions now compute their answers with formulas in the question file (see
`dlquiz docs authoring`, "Formulas") or SymPy derivatives; the catalog keeps what formulas
cannot express and a few general solvers that existing banks name.

Conventions (stated in every question that uses them): a layer computes z = W x + b with
W of shape (outputs, inputs); logarithms are natural; class labels are 0-based indices.
"""

from __future__ import annotations

import numpy as np

from grader.solvers import solver


@solver
def value(x):
    """The parameter itself (for answers that are given, such as a count)."""
    return x


@solver
def softmax(z):
    """Softmax along the last axis (each row of a batch is one example), numerically stable."""
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@solver
def mse(y_hat, y):
    """Mean squared error: the mean of (y - y_hat)^2 over all elements."""
    return np.mean((y - y_hat) ** 2)


@solver
def sgd_step(w, grad, lr):
    """One gradient-descent step: w - lr * grad."""
    return w - lr * grad


@solver
def mlp_parameter_count(widths):
    """Weights plus biases of a fully connected network with layer widths (input first)."""
    widths = np.asarray(widths, dtype=int)
    return int(sum(n_out * n_in + n_out for n_in, n_out in zip(widths[:-1], widths[1:])))
