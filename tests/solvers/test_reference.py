"""Every formula the built-in questions answer with (tests/solvers/formulas.py) and every reference solver
against an independent computation: a hand-worked value, and over many seeds a second formula, a
simulation, or central finite differences for derivatives."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from tests.solvers.formulas import FORMULAS, ref

SEEDS = range(40)


def central_difference(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """The gradient of scalar `f` at `x` by central differences."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def elementwise_derivative(f, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """d f(z_i) / d z_i for an element-wise function, by central differences."""
    return (f(z + h) - f(z - h)) / (2 * h)


def plain_adam(w, grads, lr, beta1=0.9, beta2=0.999, eps=1e-8, corrected=True):
    """Adam written out step by step, as in the original paper; returns (w, last step size)."""
    m = v = 0.0
    step = 0.0
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_used = m / (1 - beta1**t) if corrected else m
        v_used = v / (1 - beta2**t) if corrected else v
        step = lr * m_used / (math.sqrt(v_used) + eps)
        w -= step
    return w, step


HAND_WORKED = [
    # solver, arguments, the value worked out by hand
    (ref.softmax, {"z": np.array([2.0, 1.0, 0.5])}, [0.6285, 0.2312, 0.1402]),
    (ref.sigmoid_derivative, {"z": 0.0}, 0.25),
    (ref.relu_derivative, {"z": np.array([-2.0, 0.0, 0.5])}, [0, 0, 1]),
    (ref.leaky_relu_derivative, {"z": np.array([-2.0, 0.0, 3.0]), "alpha": 0.01}, [0.01, 0.01, 1]),
    (ref.sigmoid_chain_factor, {"n_layers": 10, "z": 0.0}, 0.25**10),
    (ref.relu_neuron, {"w": np.array([1.0, -2.0]), "x": np.array([0.5, 1.5]), "b": 0.5}, 0.0),
    (ref.dense_relu, {"W": np.array([[1.0, 2.0], [3.0, 4.0]]), "x": np.array([1.0, 0.0]), "b": np.zeros(2)}, [1, 3]),
    (ref.weight_shape, {"n_out": 1, "n_in": 4}, [1, 4]),
    (ref.layer_shapes, {"n_out": 4, "n_in": 3}, [[4, 3], [4, 1]]),
    (ref.mlp_parameter_count, {"widths": np.array([3, 4, 1])}, 21),
    (ref.mlp_parameter_count, {"widths": np.array([200, 128, 64, 5])}, 25600 + 128 + 8192 + 64 + 320 + 5),
    (ref.effective_depth_without_activations, {"n_layers": 10}, 1),
    (ref.mse, {"y_hat": np.array([0.8, 0.2]), "y": np.array([1.0, 0.0])}, 0.04),
    (ref.cross_entropy, {"z": np.array([2.0, 1.0, 0.5]), "label": 0}, -math.log(0.62853)),
    (ref.binary_cross_entropy, {"p": np.array([0.9, 0.2, 0.6]), "y": np.array([1.0, 0.0, 1.0])},
     (0.10536 + 0.22314 + 0.51083) / 3),
    (ref.softmax_cross_entropy_gradient, {"z": np.array([2.0, 1.0, 0.5]), "label": 0}, [-0.3715, 0.2312, 0.1402]),
    (ref.weight_gradient, {"delta": 0.5, "h": 1.2}, 0.6),
    (ref.course_polynomial_gradient, {"x": 3, "y": 2, "z": 1}, [4, 2, 0]),
    (ref.sgd_step, {"w": 1.5, "grad": 0.3, "lr": 0.1}, 1.47),
    (ref.momentum_step, {"w": 1.5, "v": 0.2, "grad": 0.3, "lr": 0.1, "beta": 0.9}, 1.452),
    (ref.adam_first_step, {"w": 1.5, "grad": 0.3, "lr": 0.1}, 1.4),
    (ref.adam_uncorrected_step_ratio, {"beta1": 0.9, "beta2": 0.999}, 3.1623),
    (ref.steps_per_epoch, {"n_samples": 1000, "batch_size": 100}, 10),
    (ref.steps_per_epoch, {"n_samples": 1050, "batch_size": 100}, 11),
    (ref.total_steps, {"n_samples": 1050, "batch_size": 100, "epochs": 20}, 220),
    (ref.l2_penalty, {"w": np.array([2.0, -1.0, 0.5]), "lam": 0.01}, 0.02625),
    (ref.l1_penalty, {"w": np.array([2.0, -1.0, 0.5]), "lam": 0.01}, 0.035),
    (ref.inverted_dropout, {"h": np.array([1.0, 2.0, 0.5, 3.0]), "mask": np.array([1, 0, 1, 1]), "rate": 0.2},
     [1.25, 0, 0.625, 3.75]),
    (ref.batchnorm_normalise, {"x": np.array([2.0, 4.0, 6.0, 8.0])}, np.array([-3, -1, 1, 3]) / math.sqrt(5)),
    (ref.running_average, {"old": 5.0, "batch": np.array([4.0, 6.0, 7.0, 11.0]), "momentum": 0.9}, 5.2),
    (ref.mean, {"x": np.array([4.0, 6.0, 7.0, 11.0])}, 7.0),
    (ref.variance, {"x": np.array([2.0, 4.0, 6.0, 8.0])}, 5.0),
    (ref.one_hot, {"label": 1, "n_classes": 3}, [0, 1, 0]),
    (ref.value, {"x": 7}, 7),
    (ref.relu, {"z": np.array([-1.0, 2.0])}, [0, 2]),
    (ref.leaky_relu, {"z": np.array([-1.0, 2.0]), "alpha": 0.1}, [-0.1, 2]),
    (ref.sigmoid, {"z": 0.0}, 0.5),
    (ref.sigmoid_neuron, {"w": np.array([0.5, -1.0]), "x": np.array([3.0, 1.0]), "b": 0.25}, 1 / (1 + math.exp(-0.75))),
]


@pytest.mark.parametrize("solver, args, expected", HAND_WORKED, ids=lambda v: getattr(v, "__name__", ""))
def test_hand_worked_value(solver, args, expected):
    assert np.allclose(solver(**args), expected, atol=1e-4)


def _softmax(rng):
    z = rng.uniform(-3, 3, size=(2, 4))
    return ref.softmax(z), np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def _sigmoid(rng):
    z = rng.uniform(-8, 8, size=5)
    return ref.sigmoid(z), (1 + np.tanh(z / 2)) / 2


def _sigmoid_derivative(rng):
    z = rng.uniform(-6, 6, size=5)
    return ref.sigmoid_derivative(z), elementwise_derivative(ref.sigmoid, z)


def _relu_derivative(rng):
    z = rng.uniform(-3, 3, size=6)
    z[np.abs(z) < 1e-3] = 0.5  # finite differences straddle the kink at 0
    return ref.relu_derivative(z), elementwise_derivative(ref.relu, z)


def _leaky_relu_derivative(rng):
    z, alpha = rng.uniform(-3, 3, size=6), rng.choice([0.01, 0.1, 0.3])
    z[np.abs(z) < 1e-3] = 0.5
    return ref.leaky_relu_derivative(z, alpha), elementwise_derivative(lambda t: ref.leaky_relu(t, alpha), z)


def _sigmoid_chain_factor(rng):
    """Backpropagate through n sigmoid layers with unit weights, biases set so every pre-activation is z."""
    n, z = int(rng.integers(2, 8)), rng.uniform(-2, 2)
    biases, a = [], 0.3
    for _ in range(n):
        biases.append(z - a)
        a = ref.sigmoid(z)

    def network(x):
        for b in biases:
            x = ref.sigmoid(x + b)
        return x

    return ref.sigmoid_chain_factor(n, z), (network(0.3 + 1e-6) - network(0.3 - 1e-6)) / 2e-6


def _neurons(rng):
    w, x, b = rng.uniform(-2, 2, 3), rng.uniform(-2, 2, 3), rng.uniform(-1, 1)
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    return [ref.relu_neuron(w, x, b), ref.sigmoid_neuron(w, x, b)], [max(0.0, z), 1 / (1 + math.exp(-z))]


def _dense_relu(rng):
    W, x, b = rng.integers(-3, 4, (3, 2)).astype(float), rng.uniform(-2, 2, 2), rng.uniform(-1, 1, 3)
    rows = [max(0.0, sum(W[i, j] * x[j] for j in range(2)) + b[i]) for i in range(3)]
    return ref.dense_relu(W, x, b), rows


def _shapes(rng):
    n_out, n_in = (int(v) for v in rng.integers(1, 9, 2))
    x = np.ones((n_in, 1))
    shapes = np.asarray(ref.layer_shapes(n_out, n_in)).astype(int).tolist()  # a formula's value is floats
    W = np.zeros(np.asarray(ref.weight_shape(n_out, n_in)).astype(int).tolist())
    b = np.zeros(shapes[1])
    return list((W @ x + b).shape) + shapes[0], [n_out, 1, n_out, n_in]


def _mlp_parameter_count(rng):
    widths = rng.integers(1, 20, size=int(rng.integers(2, 6)))
    layers = [(np.zeros((o, i)), np.zeros(o)) for i, o in zip(widths, widths[1:])]
    return ref.mlp_parameter_count(widths), sum(W.size + b.size for W, b in layers)


def _linear_collapse(rng):
    """A stack of affine layers equals one affine map: check it numerically, then the solver's depth."""
    layers = [(rng.normal(size=(3, 3)), rng.normal(size=3)) for _ in range(int(rng.integers(2, 10)))]

    def stacked(x):
        for W, b in layers:
            x = W @ x + b
        return x

    b_total = stacked(np.zeros(3))
    W_total = np.column_stack([stacked(e) - b_total for e in np.eye(3)])
    x = rng.normal(size=3)
    assert np.allclose(stacked(x), W_total @ x + b_total)
    return ref.effective_depth_without_activations(len(layers)), 1


def _mse(rng):
    y_hat, y = rng.uniform(-2, 2, 5), rng.uniform(-2, 2, 5)
    return ref.mse(y_hat, y), sum((a - b) ** 2 for a, b in zip(y, y_hat)) / 5


def _cross_entropy(rng):
    z, label = rng.uniform(-3, 3, 4), int(rng.integers(4))
    return ref.cross_entropy(z, label), math.log(sum(math.exp(v) for v in z)) - z[label]


def _binary_cross_entropy(rng):
    p, y = rng.uniform(0.01, 0.99, 5), rng.integers(0, 2, 5)
    return ref.binary_cross_entropy(p, y), np.mean([-math.log(pi if yi else 1 - pi) for pi, yi in zip(p, y)])


def _softmax_cross_entropy_gradient(rng):
    z, label = rng.uniform(-3, 3, 4), int(rng.integers(4))
    return ref.softmax_cross_entropy_gradient(z, label), central_difference(lambda t: ref.cross_entropy(t, label), z)


def _weight_gradient(rng):
    """dL/dW_jk for L = (z_j - t)^2 / 2 with z_j = sum_k W_jk h_k + b: delta_j = z_j - t."""
    W, h, b, t = rng.uniform(-1, 1, 3), rng.uniform(0, 2, 3), rng.uniform(-1, 1), rng.uniform(-1, 1)

    def loss(weights):
        return (weights @ h + b - t) ** 2 / 2

    delta = W @ h + b - t
    return ref.weight_gradient(delta, h), central_difference(loss, W)


def _course_polynomial_gradient(rng):
    point = rng.integers(-3, 4, 3).astype(float)

    def f(p):
        x, y, z = p
        return 2 / 3 * x**2 + y**2 - 2 * y + z**4 - 4 / 3 * z**3

    return ref.course_polynomial_gradient(*point), central_difference(f, point, h=1e-5)


def _sgd_and_momentum(rng):
    w, v, g, lr, beta = rng.uniform(-2, 2), rng.uniform(-1, 1), rng.uniform(-2, 2), rng.choice([0.01, 0.1]), 0.9
    velocity = beta * v + g
    return [ref.sgd_step(w, g, lr), ref.momentum_step(w, v, g, lr, beta)], [w - lr * g, w - lr * velocity]


def _adam_first_step(rng):
    w, g, lr = rng.uniform(-2, 2), rng.uniform(-3, 3), rng.choice([0.001, 0.01, 0.1])
    return ref.adam_first_step(w, g, lr), plain_adam(w, [g], lr)[0]


def _adam_ratio(rng):
    beta1, beta2, g = rng.choice([0.8, 0.9, 0.95]), rng.choice([0.99, 0.999, 0.9999]), rng.uniform(0.1, 3)
    buggy = plain_adam(0.0, [g], 0.1, beta1, beta2, eps=0.0, corrected=False)[1]
    right = plain_adam(0.0, [g], 0.1, beta1, beta2, eps=0.0)[1]
    return ref.adam_uncorrected_step_ratio(beta1, beta2), buggy / right


def _steps(rng):
    n, batch, epochs = int(rng.integers(1, 5000)), int(rng.choice([16, 32, 64, 100, 128])), int(rng.integers(1, 30))
    batches = len(range(0, n, batch))
    return [ref.steps_per_epoch(n, batch), ref.total_steps(n, batch, epochs)], [batches, epochs * batches]


def _penalties(rng):
    w, lam = rng.uniform(-3, 3, (2, 3)), rng.choice([0.001, 0.01, 0.1])
    flat = w.ravel().tolist()
    return [ref.l2_penalty(w, lam), ref.l1_penalty(w, lam)], [lam / 2 * math.fsum(v * v for v in flat),
                                                              lam * math.fsum(math.sqrt(v * v) for v in flat)]


def _inverted_dropout(rng):
    """Averaged over many random masks, inverted dropout leaves each activation's expected value unchanged."""
    h, rate = rng.uniform(0, 3, 4), rng.choice([0.1, 0.2, 0.5])
    masks = (rng.random((20000, 4)) >= rate).astype(float)
    average = np.mean([ref.inverted_dropout(h, m, rate) for m in masks], axis=0)
    return average, h


def _batchnorm(rng):
    x = rng.uniform(-5, 10, 6)
    out = ref.batchnorm_normalise(x)
    expected = [(v - statistics.fmean(x)) / statistics.pstdev(x) for v in x]
    return [out, [np.mean(out), np.var(out)]], [expected, [0.0, 1.0]]


def _statistics(rng):
    x = rng.uniform(-5, 10, 6)
    return [ref.mean(x), ref.variance(x)], [statistics.fmean(x), statistics.pvariance(x)]


def _running_average(rng):
    old, batch, m = rng.uniform(-3, 3), rng.uniform(-5, 5, 4), rng.choice([0.8, 0.9, 0.99])
    return ref.running_average(old, batch, m), old + (1 - m) * (statistics.fmean(batch) - old)


def _one_hot_and_value(rng):
    n = int(rng.integers(2, 8))
    label = int(rng.integers(n))
    return [ref.one_hot(label, n), ref.value(label)], [np.eye(n)[label], label]


INDEPENDENT = {fn.__name__.lstrip("_"): fn for fn in [
    _softmax, _sigmoid, _sigmoid_derivative, _relu_derivative, _leaky_relu_derivative, _sigmoid_chain_factor,
    _neurons, _dense_relu, _shapes, _mlp_parameter_count, _linear_collapse, _mse, _cross_entropy,
    _binary_cross_entropy, _softmax_cross_entropy_gradient, _weight_gradient, _course_polynomial_gradient,
    _sgd_and_momentum, _adam_first_step, _adam_ratio, _steps, _penalties, _inverted_dropout, _batchnorm,
    _statistics, _running_average, _one_hot_and_value,
]}
TOLERANCE = {"inverted_dropout": 0.05, "sigmoid_chain_factor": 1e-6, "course_polynomial_gradient": 1e-4}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(INDEPENDENT))
def test_solver_matches_an_independent_computation(name, seed):
    got, expected = INDEPENDENT[name](np.random.default_rng([seed, len(name)]))
    for g, e in zip(got, expected) if isinstance(got, list) else [(got, expected)]:
        assert np.allclose(np.asarray(g, dtype=float), np.asarray(e, dtype=float), atol=TOLERANCE.get(name, 1e-6)), name


def test_every_reference_solver_and_formula_is_checked():
    """Each remaining solver of the reference module, and each formula, appears in the hand-worked table."""
    from grader.solvers import catalog, reference

    reference_solvers = {name for name, fn in catalog().items() if fn.__module__ == reference.__name__}
    hand_worked = {solver.__name__ for solver, _, _ in HAND_WORKED}
    assert (reference_solvers | set(FORMULAS) | {"course_polynomial_gradient"}) - {"value"} <= hand_worked | {"value"}
