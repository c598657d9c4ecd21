"""Correct: computes (W X^T)^T + b, the column convention transposed back."""


def dense_forward(X, W, b):
    return (W @ X.T).T + b[None, :]
