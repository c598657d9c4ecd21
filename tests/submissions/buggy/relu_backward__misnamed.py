"""Bug: the function has another name."""


def relu_grad(dz, z):
    return dz * (z > 0)
