"""Bug: uses z * (1 - z), the derivative written for the sigmoid's output."""


def sigmoid_backward(da, z):
    return da * z * (1 - z)
