"""Bug: right values, but zeroes the caller's dz in place."""


def relu_backward(dz, z):
    dz[z <= 0] = 0
    return dz
