"""Bug: the signature lost a parameter."""


def relu_backward(z):
    return (z > 0) * 1.0
