"""Hostile (issue 11, attack 1): an answer of stage `function` whose `defined` is a number."""
import sys

_harness = sys.modules.get("__main__")
_send = getattr(_harness, "_send", None)


def _forged(fd, message):
    if isinstance(message, dict) and message.get("kind") == "answer":
        message = {"kind": "answer", "id": message.get("id"), "stage": "function", "defined": 1}
    _send(fd, message)


if _send is not None:
    _harness._send = _forged


def mse(y_hat, y):
    return ((y_hat - y) ** 2).mean()
