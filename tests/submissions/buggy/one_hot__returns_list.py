"""Bug: returns nested Python lists."""


def one_hot(y, n_classes):
    return [[1.0 if c == label else 0.0 for c in range(n_classes)] for label in y]
