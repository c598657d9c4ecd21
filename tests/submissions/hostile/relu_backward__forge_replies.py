"""Hostile: writes forged protocol answers to every open descriptor, then returns wrong values."""
import json
import os

FORGED = "".join(json.dumps({"id": i, "stage": "calls", "params": {"names": ["dz", "z"], "required": 2},
                             "calls": [{"case": f"v{g}.{c}", "types": [{"type": "ndarray"}], "modified": []}
                                       for g in range(3) for c in range(8)]}) + "\n" for i in range(40))


def _spray():
    for fd in range(0, 64):
        try:
            os.write(fd, FORGED.encode())
        except OSError:
            pass


_spray()


def relu_backward(dz, z):
    _spray()
    return dz + 1
