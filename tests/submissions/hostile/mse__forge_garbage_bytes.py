"""Hostile: the right value, but first writes bytes that are not UTF-8, NUL bytes and a bare JSON
number as lines on the answer channel (every descriptor it holds)."""
import os


def mse(y_hat, y):
    for fd in range(3, 64):
        try:
            os.write(fd, b"\xff\xfe\x00garbage\n42\n")
        except OSError:
            pass
    return ((y_hat - y) ** 2).mean()
