"""Bug: passes the gradient at z == 0."""


def relu_backward(dz, z):
    return dz * (z >= 0)
