"""Hostile: prints without end and floods its answer channel with junk lines."""
import os
import sys


def relu_backward(dz, z):
    junk = ("x" * 1023 + "\n").encode()
    for fd in (1, 2, 3, 4, 5):
        try:
            for _ in range(20000):
                os.write(fd, junk)
        except OSError:
            pass
    for _ in range(100000):
        print("spam " * 200)
    sys.stdout.flush()
    return dz * 0
