"""Hostile: the right values, but the answer carries a 1 MB string (a message size bomb) and a
nested structure where a string belongs."""
import sys

_harness = sys.modules.get("__main__")
_send = getattr(_harness, "_send", None)


def _forged(fd, message):
    if isinstance(message, dict) and message.get("kind") == "answer":
        message["defined"] = ["x" * (1 << 20), {"nested": [[[[]]]]}]
    _send(fd, message)


if _send is not None:
    _harness._send = _forged


def relu_backward(dz, z):
    return dz * (z > 0)
