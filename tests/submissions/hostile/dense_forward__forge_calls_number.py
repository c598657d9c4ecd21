"""Hostile (issue 11, attack 1): the right values, but the answer claims `"calls": 1`."""
import sys

_harness = sys.modules.get("__main__")
_send = getattr(_harness, "_send", None)


def _forged(fd, message):
    if isinstance(message, dict) and "calls" in message:
        message["calls"] = 1
    _send(fd, message)


if _send is not None:
    _harness._send = _forged


def dense_forward(X, W, b):
    return X @ W.T + b
