"""Mistake solvers: the wrong answers learners really give, for targeted feedback.

Each computes what a learner gets when they make one specific error; a question lists
the ones that apply in its `mistakes`, with the feedback to show.
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


# --- activations -----------------------------------------------------------------------

@solver
def softmax_wrong_axis(z):
    """Softmax of a batch normalised down each column (over the examples) instead of along each row."""
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@solver
def sigmoid_derivative_applied_to_input(z):
    """z (1 - z): the output-form s (1 - s) evaluated at the input z instead of at s = sigma(z)."""
    return z * (1 - z)


@solver
def sign_of(z):
    """sign(z): the ReLU derivative taken as -1 on the negative side."""
    return np.sign(z)


@solver
def sigmoid_chain_factor_summed(n_layers, z):
    """n * sigma'(z): the per-layer factors added instead of multiplied."""
    return n_layers * reference.sigmoid_derivative(z)


@solver
def sigmoid_chain_factor_one_layer_short(n_layers, z):
    """sigma'(z)^(n - 1): one layer's factor left out."""
    return reference.sigmoid_derivative(z) ** (n_layers - 1)


@solver
def sigmoid_chain_factor_of_sigmoid(n_layers, z):
    """sigma(z)^n: the sigmoid itself used as its derivative."""
    return reference.sigmoid(z) ** n_layers


# --- neurons and layers -------------------------------------------------------------------

@solver
def neuron_preactivation(w, x, b):
    """z = w . x + b reported as the activation: the activation function forgotten."""
    return np.dot(w, x) + b


@solver
def neuron_weighted_sum(w, x, b):
    """w . x alone: both the bias and the activation forgotten (b is ignored)."""
    return np.dot(w, x)


@solver
def sigmoid_neuron_without_bias(w, x, b):
    """sigma(w . x): the bias forgotten (b is ignored)."""
    return reference.sigmoid(np.dot(w, x))


@solver
def dense_relu_transposed(W, x, b):
    """ReLU(W^T x + b): the weight matrix read the wrong way round (columns as neurons)."""
    return reference.relu(W.T @ x + b)


@solver
def dense_preactivation(W, x, b):
    """W x + b: the ReLU forgotten."""
    return W @ x + b


@solver
def weight_shape_transposed(n_out, n_in):
    """[inputs, outputs]: the shape of W^T, the convention z = x^T W."""
    return [n_in, n_out]


@solver
def layer_shapes_transposed(n_out, n_in):
    """W as (inputs, outputs) and b as a row vector: the shapes for z = x^T W + b^T."""
    return [[n_in, n_out], [1, n_out]]


@solver
def mlp_weight_count(widths):
    """Only the weights counted: the biases forgotten."""
    widths = np.asarray(widths, dtype=int)
    return int(sum(n_out * n_in for n_in, n_out in zip(widths[:-1], widths[1:])))


@solver
def mlp_count_with_input_biases(widths):
    """Biases counted for the input layer too, which has none (it only holds the data)."""
    return reference.mlp_parameter_count(widths) + int(np.asarray(widths)[0])


# --- losses --------------------------------------------------------------------------------

@solver
def cross_entropy_log10(z, label):
    """-log10 p[label]: base-10 logarithm instead of the natural one."""
    return -np.log10(reference.softmax(z)[int(label)])


@solver
def cross_entropy_unnormalised(z, label):
    """-ln e^(z[label]) = -z[label]: the softmax's division by the sum forgotten."""
    return -z[int(label)]


@solver
def probability_of_label(z, label):
    """softmax(z)[label]: the probability itself, without taking -ln of it."""
    return reference.softmax(z)[int(label)]


@solver
def binary_cross_entropy_log10(p, y):
    """Binary cross-entropy with base-10 logarithms."""
    return reference.binary_cross_entropy(p, y) / np.log(10)


@solver
def binary_cross_entropy_summed(p, y):
    """The sum over the examples instead of the mean."""
    return reference.binary_cross_entropy(p, y) * np.size(y)


@solver
def binary_cross_entropy_positive_term_only(p, y):
    """-mean(y ln p): the (1 - y) ln(1 - p) term for negative examples forgotten."""
    return np.mean(-y * np.log(p))


@solver
def softmax_cross_entropy_gradient_reversed(z, label):
    """y - p: the gradient's sign flipped (that is the descent direction, not the gradient)."""
    return -reference.softmax_cross_entropy_gradient(z, label)


# --- backpropagation -----------------------------------------------------------------------

@solver
def weight_gradient_using_weight(delta, h, weight):
    """delta * W: the weight's value used where the input activation belongs."""
    return delta * weight


@solver
def weight_gradient_times_weight(delta, h, weight):
    """delta * W * h: the weight multiplied in, as if propagating the error one layer further back."""
    return delta * weight * h


@solver
def course_polynomial_gradient_constant_dropped(x, y, z):
    """The -2y term differentiated to 0 instead of -2."""
    return [4 / 3 * x, 2 * y, 4 * z**3 - 4 * z**2]


@solver
def course_polynomial_gradient_exponent_not_brought_down(x, y, z):
    """Each power lowered by one without multiplying by the old exponent (c x^n -> c x^(n-1))."""
    return [2 / 3 * x, y - 2, z**3 - 4 / 3 * z**2]


# --- optimisation --------------------------------------------------------------------------

@solver
def momentum_step_stale_velocity(w, v, grad, lr, beta):
    """w - lr * v: the old velocity applied, before the new gradient was added to it."""
    return w - lr * v


@solver
def adam_first_step_uncorrected(w, grad, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam's first step with neither moment bias-corrected: m / sqrt(v) is (1 - beta1)/sqrt(1 - beta2) times too big."""
    m, v = reference.adam_first_moments(grad, beta1, beta2)
    return reference.adam_update(w, m, v, lr, eps)


@solver
def adam_first_step_only_v_corrected(w, grad, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam's first step with v corrected but m not: (1 - beta1) times the corrected step."""
    m, v = reference.adam_first_moments(grad, beta1, beta2)
    return reference.adam_update(w, m, v / (1 - beta2), lr, eps)


@solver
def adam_ratio_first_moment_only(beta1, beta2):
    """1 - beta1: the ratio if only m were left uncorrected (the '10x smaller' claim)."""
    return 1 - beta1


@solver
def adam_ratio_without_square_root(beta1, beta2):
    """(1 - beta1) / (1 - beta2): v's correction applied without the square root."""
    return (1 - beta1) / (1 - beta2)


@solver
def adam_ratio_inverted(beta1, beta2):
    """sqrt(1 - beta2) / (1 - beta1): corrected over uncorrected, the ratio upside down."""
    return 1 / reference.adam_uncorrected_step_ratio(beta1, beta2)


@solver
def steps_per_epoch_dropping_last(n_samples, batch_size):
    """floor(n / B): the last, smaller batch left out."""
    return n_samples // batch_size


@solver
def steps_per_epoch_unrounded(n_samples, batch_size):
    """n / B as a fraction: a step always uses a whole (possibly smaller) batch."""
    return n_samples / batch_size


@solver
def total_steps_dropping_last(n_samples, batch_size, epochs):
    """epochs * floor(n / B): each epoch's last, smaller batch left out."""
    return epochs * steps_per_epoch_dropping_last(n_samples, batch_size)


@solver
def total_steps_one_epoch(n_samples, batch_size, epochs):
    """ceil(n / B): the steps of one epoch, not of all of them."""
    return reference.steps_per_epoch(n_samples, batch_size)


# --- regularisation ------------------------------------------------------------------------

@solver
def l2_penalty_including_bias(w, b, lam):
    """lambda/2 (||W||^2 + ||b||^2): the biases decayed too."""
    return lam / 2 * (np.sum(w**2) + np.sum(b**2))


@solver
def l1_penalty_signed(w, lam):
    """lambda * sum w: the absolute values forgotten, so weights of opposite sign cancel."""
    return lam * np.sum(w)


@solver
def dropout_unscaled(h, mask, rate):
    """h * mask: units dropped but the survivors not scaled up."""
    return h * mask


@solver
def dropout_scaled_by_keep_probability(h, mask, rate):
    """h * mask * (1 - rate): survivors multiplied by the keep probability instead of divided by it."""
    return h * mask * (1 - rate)


@solver
def dropout_divided_by_rate(h, mask, rate):
    """h * mask / rate: divided by the drop rate instead of the keep probability."""
    return h * mask / rate


@solver
def batchnorm_sample_variance(x, eps=0.0):
    """Normalised with the n - 1 (sample) variance; batch norm uses the batch's 1/n variance."""
    return (x - np.mean(x)) / np.sqrt(np.var(x, ddof=1) + eps)


@solver
def batchnorm_divided_by_variance(x, eps=0.0):
    """(x - mean) / var: divided by the variance instead of the standard deviation."""
    return (x - np.mean(x)) / (np.var(x) + eps)


@solver
def batchnorm_not_centred(x, eps=0.0):
    """x / std: scaled without subtracting the mean first."""
    return x / np.sqrt(np.var(x) + eps)


@solver
def running_average_weights_swapped(old, batch, momentum):
    """(1 - momentum) * old + momentum * mean(batch): the two weights exchanged."""
    return (1 - momentum) * old + momentum * reference.mean(batch)


@solver
def running_average_replaced(old, batch, momentum):
    """mean(batch): the running mean overwritten by the batch's, with no memory of the old value."""
    return reference.mean(batch)
