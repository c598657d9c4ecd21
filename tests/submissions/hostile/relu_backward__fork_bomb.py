"""Hostile (kept small): forks as many sleeping children as it is allowed to, then returns wrong values."""
import os
import time

import numpy as np


def relu_backward(dz, z):
    children = 0
    for _ in range(200):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(3600)
            os._exit(0)
        children += 1
    return np.full_like(dz, float(children))
