"""Hostile: tries to reach the network (a listener the test opens on the host, and the internet)."""
import socket

import numpy as np


def _reach(host, port):
    try:
        with socket.create_connection((host, port), timeout=1) as s:
            s.sendall(b"answers please")
            return True
    except OSError:
        return False


def relu_backward(dz, z):
    reached = _reach("127.0.0.1", 47321) or _reach("1.1.1.1", 53)
    return np.full_like(dz, 1.0 if reached else 2.0)
