"""Correct: masks a copy in place (the inputs stay untouched); different parameter names."""


def relu_backward(grad, x):
    out = grad.copy()
    out[x <= 0] = 0
    return out
