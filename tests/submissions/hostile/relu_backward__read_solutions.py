"""Hostile: looks for the reference solution anywhere it can see and uses it. Full marks would
mean the sandbox let it read solutions/; it must end with zero."""
import os

import numpy as np

TARGET = os.path.join("solutions", "code", "relu-backward.py")


def _find():
    candidates = ["/work/main/" + TARGET]
    for root, dirs, files in os.walk("/"):
        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev", "usr") and not d.startswith(".")]
        if root.count(os.sep) > 8:
            dirs[:] = []
        if "relu-backward.py" in files and root.endswith(os.path.join("solutions", "code")):
            candidates.append(os.path.join(root, "relu-backward.py"))
    for path in candidates:
        try:
            with open(path) as f:
                return f.read()
        except OSError:
            continue
    return None


_SOURCE = _find()
_NAMESPACE = {}
if _SOURCE:
    exec(_SOURCE, _NAMESPACE)


def relu_backward(dz, z):
    if "relu_backward" in _NAMESPACE:
        return _NAMESPACE["relu_backward"](dz, z)
    return np.zeros_like(dz) + 0.5
