"""Hostile: leaves a daemon behind (double fork, new session, SIGTERM ignored) running `sleep 3141.59`."""
import os
import signal

import numpy as np


def _daemonize():
    if os.fork() != 0:
        return
    os.setsid()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if os.fork() != 0:
        os._exit(0)
    try:
        os.execv("/usr/bin/sleep", ["sleep", "3141.59"])
    finally:
        os._exit(0)


def relu_backward(dz, z):
    _daemonize()
    return dz * 2
