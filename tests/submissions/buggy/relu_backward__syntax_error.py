"""Bug: a syntax error."""


def relu_backward(dz, z)
    return dz * (z > 0)
