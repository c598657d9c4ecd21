"""Hostile: the right values, plus claims about cases nobody asked for (and one case twice)."""
import sys

import numpy as np

_harness = sys.modules.get("__main__")
_send = getattr(_harness, "_send", None)


def _forged(fd, message):
    if isinstance(message, dict) and message.get("calls"):
        message["calls"] = message["calls"] + [message["calls"][0], {"case": "secret.0", "values": []}]
    _send(fd, message)


if _send is not None:
    _harness._send = _forged


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
