"""Hostile: starts threads and forked children that start threads, to exhaust the machine's
tasks (each thread counts as a process for the limit). Right values only if more than 64 tasks
ran at once."""
import os
import threading
import time

import numpy as np


def _spawn() -> int:
    started = 0
    for _ in range(200):
        try:
            threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
            started += 1
        except RuntimeError:
            break
    for _ in range(16):
        try:
            if os.fork() == 0:
                for _ in range(50):
                    try:
                        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
                    except RuntimeError:
                        break
                time.sleep(30)
                os._exit(0)
            started += 1
        except OSError:
            break
    return started


def relu_backward(dz, z):
    started = _spawn()
    if started > 64:
        return dz * (z > 0)
    raise RuntimeError(f"tasks started: {started}")
