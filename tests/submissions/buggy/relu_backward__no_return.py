"""Bug: computes the result and forgets to return it."""


def relu_backward(dz, z):
    result = dz * (z > 0)
