"""Hostile (issue 11, attack 1): computes the right values, but rewrites the harness's answer so
that a claim has the wrong type (`"modified": null`). Once this made the grader raise TypeError
and lose the whole class; now it breaks the protocol and scores 0."""
import sys

import numpy as np

_harness = sys.modules.get("__main__")
_send = getattr(_harness, "_send", None)


def _forged(fd, message):
    if isinstance(message, dict) and message.get("calls"):
        message["calls"][0]["modified"] = None
    _send(fd, message)


if _send is not None:
    _harness._send = _forged


def relu_backward(dz, z):
    return dz * (z > 0)
