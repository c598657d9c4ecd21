"""Reference solvers: the right answers, written the way the course defines them.

Conventions (stated in every question that uses them): a layer computes z = W x + b with
W of shape (outputs, inputs); logarithms are natural; class labels are 0-based indices.
"""

from __future__ import annotations

import math

import numpy as np

from grader.solvers import solver


@solver
def one_hot(label, n_classes):
    """The one-hot vector of `label` among `n_classes` classes."""
    y = np.zeros(n_classes)
    y[int(label)] = 1.0
    return y


@solver
def value(x):
    """The parameter itself (for answers that are given, such as a count)."""
    return x


# --- activations -----------------------------------------------------------------------

@solver
def softmax(z):
    """Softmax along the last axis (each row of a batch is one example), numerically stable."""
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@solver
def sigmoid(z):
    """The logistic sigmoid 1 / (1 + e^-z)."""
    return 1.0 / (1.0 + np.exp(-z))


@solver
def sigmoid_derivative(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


@solver
def relu(z):
    """max(0, z), element-wise."""
    return np.maximum(0.0, z)


@solver
def relu_derivative(z):
    """1 where z > 0, else 0 (the course's convention at z = 0, as `z > 0` in NumPy)."""
    return (np.asarray(z) > 0).astype(float)


@solver
def leaky_relu(z, alpha):
    """z where z > 0, else alpha * z."""
    return np.where(np.asarray(z) > 0, z, alpha * np.asarray(z))


@solver
def leaky_relu_derivative(z, alpha):
    """1 where z > 0, else alpha (alpha also at z = 0, matching the ReLU convention)."""
    return np.where(np.asarray(z) > 0, 1.0, alpha)


@solver
def sigmoid_chain_factor(n_layers, z):
    """How much of a gradient survives n sigmoid layers with unit weights at pre-activation z: sigma'(z)^n."""
    return sigmoid_derivative(z) ** n_layers


# --- neurons and layers -------------------------------------------------------------------

@solver
def relu_neuron(w, x, b):
    """A ReLU neuron's activation: max(0, w . x + b)."""
    return relu(np.dot(w, x) + b)


@solver
def sigmoid_neuron(w, x, b):
    """A sigmoid neuron's activation: sigma(w . x + b)."""
    return sigmoid(np.dot(w, x) + b)


@solver
def dense_relu(W, x, b):
    """A ReLU layer: ReLU(W x + b) with W of shape (outputs, inputs)."""
    return relu(W @ x + b)


@solver
def weight_shape(n_out, n_in):
    """Shape [rows, columns] of W in z = W x + b: (outputs, inputs)."""
    return [n_out, n_in]


@solver
def layer_shapes(n_out, n_in):
    """Shapes of a layer's W and b (a column vector) as rows: [[n_out, n_in], [n_out, 1]]."""
    return [[n_out, n_in], [n_out, 1]]


@solver
def mlp_parameter_count(widths):
    """Weights plus biases of a fully connected network with layer widths (input first)."""
    widths = np.asarray(widths, dtype=int)
    return int(sum(n_out * n_in + n_out for n_in, n_out in zip(widths[:-1], widths[1:])))


@solver
def effective_depth_without_activations(n_layers):
    """Layers without activations compose to one affine map: depth 1, whatever n_layers is."""
    return 1


# --- losses --------------------------------------------------------------------------------

@solver
def mse(y_hat, y):
    """Mean squared error: the mean of (y - y_hat)^2 over all elements."""
    return np.mean((y - y_hat) ** 2)


@solver
def cross_entropy(z, label):
    """Cross-entropy of softmax(z) against class `label`: -ln softmax(z)[label]."""
    return -np.log(softmax(z)[int(label)])


@solver
def binary_cross_entropy(p, y):
    """Mean binary cross-entropy -(y ln p + (1 - y) ln(1 - p)) over the examples."""
    return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


@solver
def softmax_cross_entropy_gradient(z, label):
    """dL/dz for softmax followed by cross-entropy: p - y (y one-hot)."""
    return softmax(z) - one_hot(label, len(z))


# --- backpropagation -----------------------------------------------------------------------

@solver
def weight_gradient(delta, h):
    """dL/dW_jk = delta_j * h_k: the error at the weight's output times the activation at its input."""
    return delta * h


@solver
def course_polynomial_gradient(x, y, z):
    """Gradient of f = 2/3 x^2 + y^2 - 2y + z^4 - 4/3 z^3 (synthesis questions, backprop 4)."""
    return [4 / 3 * x, 2 * y - 2, 4 * z**3 - 4 * z**2]


# --- optimisation --------------------------------------------------------------------------

@solver
def sgd_step(w, grad, lr):
    """One gradient-descent step: w - lr * grad."""
    return w - lr * grad


@solver
def momentum_step(w, v, grad, lr, beta):
    """Heavy-ball momentum: v <- beta v + grad, then w <- w - lr v; returns the new w."""
    return w - lr * (beta * v + grad)


def adam_first_moments(grad, beta1, beta2):
    """Adam's moment estimates after its first update from zero: m = (1 - beta1) g, v = (1 - beta2) g^2."""
    return (1 - beta1) * grad, (1 - beta2) * grad**2


def adam_update(w, m, v, lr, eps):
    """Adam's parameter update with the given (corrected or not) moments: w - lr m / (sqrt(v) + eps)."""
    return w - lr * m / (np.sqrt(v) + eps)


@solver
def adam_first_step(w, grad, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """w after Adam's first step (t = 1, m = v = 0 before), with bias correction m/(1 - beta1), v/(1 - beta2)."""
    m, v = adam_first_moments(grad, beta1, beta2)
    return adam_update(w, m / (1 - beta1), v / (1 - beta2), lr, eps)


@solver
def adam_uncorrected_step_ratio(beta1, beta2):
    """|uncorrected first step| / |corrected first step| at t = 1 (eps ignored): (1 - beta1) / sqrt(1 - beta2)."""
    return (1 - beta1) / math.sqrt(1 - beta2)


@solver
def steps_per_epoch(n_samples, batch_size):
    """Updates in one epoch when the last, smaller batch is kept: ceil(n / B)."""
    return math.ceil(n_samples / batch_size)


@solver
def total_steps(n_samples, batch_size, epochs):
    """Updates in `epochs` epochs, each keeping its last, smaller batch."""
    return epochs * steps_per_epoch(n_samples, batch_size)


# --- regularisation ------------------------------------------------------------------------

@solver
def l2_penalty(w, lam):
    """The L2 penalty lambda/2 * ||w||^2 (sum over every entry, so W may be a matrix)."""
    return lam / 2 * np.sum(w**2)


@solver
def l1_penalty(w, lam):
    """The L1 penalty lambda * sum |w|."""
    return lam * np.sum(np.abs(w))


@solver
def inverted_dropout(h, mask, rate):
    """Training-time inverted dropout: keep h where mask is 1 and scale survivors by 1 / (1 - rate)."""
    return h * mask / (1 - rate)


@solver
def mean(x):
    """The arithmetic mean of all entries."""
    return np.mean(x)


@solver
def variance(x):
    """The population variance (1/n) of all entries, as batch norm uses it."""
    return np.var(x)


@solver
def batchnorm_normalise(x, eps=0.0):
    """Batch-norm's normalisation of one feature over a batch: (x - mean) / sqrt(var + eps), var with 1/n."""
    return (x - np.mean(x)) / np.sqrt(np.var(x) + eps)


@solver
def running_average(old, batch, momentum):
    """Batch-norm's running mean: momentum * old + (1 - momentum) * mean(batch)."""
    return momentum * old + (1 - momentum) * mean(batch)
