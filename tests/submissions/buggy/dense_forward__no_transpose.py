"""Bug: treats W as (in, out)."""


def dense_forward(X, W, b):
    return X @ W + b
