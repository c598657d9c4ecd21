"""Hostile: raises SystemExit(0) from the function (a plain `except Exception` would miss it)."""


def relu_backward(dz, z):
    raise SystemExit(0)
