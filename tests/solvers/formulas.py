"""The formulas the built-in questions compute their answers with, callable like the solvers they replaced.

Each entry is (parameters in order, formula), evaluated by the same evaluator the questions use
(grader.formulas), so test_reference.py checks these formulas against independent computations.
A name not here is a catalog solver that still exists (grader/solvers/reference.py).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from grader.formulas import value
from grader.solvers import reference

FORMULAS = {
    "one_hot": (["label", "n_classes"], "one_hot(label, n_classes)"),
    "sigmoid": (["z"], "sigmoid(z)"),
    "sigmoid_derivative": (["z"], "sigmoid(z) * (1 - sigmoid(z))"),
    "relu": (["z"], "relu(z)"),
    "relu_derivative": (["z"], "(z > 0) * 1"),
    "leaky_relu": (["z", "alpha"], "(z > 0) * z + (z <= 0) * alpha * z"),
    "leaky_relu_derivative": (["z", "alpha"], "(z > 0) + (z <= 0) * alpha"),
    "sigmoid_chain_factor": (["n_layers", "z"], "(sigmoid(z) * (1 - sigmoid(z)))^n_layers"),
    "relu_neuron": (["w", "x", "b"], "relu(w @ x + b)"),
    "sigmoid_neuron": (["w", "x", "b"], "sigmoid(w @ x + b)"),
    "dense_relu": (["W", "x", "b"], "relu(W @ x + b)"),
    "weight_shape": (["n_out", "n_in"], "[n_out, n_in]"),
    "layer_shapes": (["n_out", "n_in"], "[[n_out, n_in], [n_out, 1]]"),
    "effective_depth_without_activations": (["n_layers"], "1 + 0 * n_layers"),
    "cross_entropy": (["z", "label"], "-log(softmax(z)[label])"),
    "binary_cross_entropy": (["p", "y"], "mean(-(y * log(p) + (1 - y) * log(1 - p)))"),
    "softmax_cross_entropy_gradient": (["z", "label"], "softmax(z) - one_hot(label, sum(1 + 0 * z))"),
    "weight_gradient": (["delta", "h"], "delta * h"),
    "momentum_step": (["w", "v", "grad", "lr", "beta"], "w - lr * (beta * v + grad)"),
    "adam_first_step": (["w", "grad", "lr", "beta1", "beta2", "eps"],
                        "w - lr * ((1 - beta1) * grad / (1 - beta1)) / (sqrt((1 - beta2) * grad^2 / (1 - beta2)) + eps)"),
    "adam_uncorrected_step_ratio": (["beta1", "beta2"], "(1 - beta1) / sqrt(1 - beta2)"),
    "steps_per_epoch": (["n_samples", "batch_size"], "ceil(n_samples / batch_size)"),
    "total_steps": (["n_samples", "batch_size", "epochs"], "epochs * ceil(n_samples / batch_size)"),
    "l2_penalty": (["w", "lam"], "lam / 2 * sum(w^2)"),
    "l1_penalty": (["w", "lam"], "lam * sum(abs(w))"),
    "inverted_dropout": (["h", "mask", "rate"], "h * mask / (1 - rate)"),
    "mean": (["x"], "mean(x)"),
    "variance": (["x"], "mean((x - mean(x))^2)"),
    "batchnorm_normalise": (["x", "eps"], "(x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps)"),
    "running_average": (["old", "batch", "momentum"], "momentum * old + (1 - momentum) * mean(batch)"),
}
DEFAULTS = {"beta1": 0.9, "beta2": 0.999, "eps": 0.0}
DEFAULTS_OF = {"adam_first_step": {"eps": 1e-8}}
POLYNOMIAL = SimpleNamespace(differentiate="2/3*x^2 + y^2 - 2*y + z^4 - 4/3*z^3", wrt=["x", "y", "z"])


def _formula(name: str):
    params, text = FORMULAS[name]

    def call(*args, **kwargs):
        given = {**DEFAULTS, **DEFAULTS_OF.get(name, {}), **dict(zip(params, args)), **kwargs}
        return value(text, {p: np.asarray(given[p], dtype=float) for p in params}, (name,))
    call.__name__ = name
    return call


def _polynomial_gradient(x, y, z):
    from grader.solvers.derivative import derivative_value

    return derivative_value(POLYNOMIAL, {}, {"x": x, "y": y, "z": z})


class _Catalog:
    """`ref.softmax(z)` and the like: a formula when the questions use one, else the catalog solver."""

    __name__ = "formulas"

    def __getattr__(self, name: str):
        if name == "course_polynomial_gradient":
            _polynomial_gradient.__name__ = name
            return _polynomial_gradient
        if name in FORMULAS:
            return _formula(name)
        return getattr(reference, name)


ref = _Catalog()
