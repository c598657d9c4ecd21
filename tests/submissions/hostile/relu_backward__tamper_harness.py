"""Hostile: rewrites the harness (the code calling it) to report success for every case without
saving any data."""
import sys

_harness = sys.modules.get("__main__")


def _claim_success(fn, call, inputs, arrays, count, path, np):
    return {"case": call["case"], "types": [{"type": "ndarray"}] * count, "modified": []}


if _harness is not None and hasattr(_harness, "_call"):
    _harness._call = _claim_success


def relu_backward(dz, z):
    return None
