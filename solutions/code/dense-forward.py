"""Reference solution for code/dense-forward."""


def dense_forward(X, W, b):
    """Z = X @ W.T + b for a batch X (n, d_in), W (d_out, d_in), b (d_out,)."""
    return X @ W.T + b


def mistake_no_transpose(X, W, b):
    """Known mistake: W used as (in, out) (only runs for square layers)."""
    return X @ W + b


def mistake_no_bias(X, W, b):
    """Known mistake: the bias left out."""
    return X @ W.T
