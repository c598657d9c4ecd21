"""Hostile: never returns."""


def relu_backward(dz, z):
    while True:
        pass
