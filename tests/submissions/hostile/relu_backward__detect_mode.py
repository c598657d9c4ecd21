"""Hostile (issue 11, attack 5): looks for anything that tells `dlquiz grade` from `dlquiz
exercise test` -- the cases of the request being served (their names and number), the files
it can see, its environment and command line, the harness's configuration -- and prints it
all (a cheat would behave well only when graded). tests/code/test_limits.py runs it both ways
and compares what it saw: nothing may differ."""
import json
import os
import sys

import numpy as np


def _frames_locals(name):
    frame = sys._getframe()
    while frame is not None:
        if name in frame.f_locals:
            return frame.f_locals[name]
        frame = frame.f_back
    return None


def _listing(folder):
    try:
        return sorted(os.listdir(folder))
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


def _observe():
    request = _frames_locals("request") or {}
    config = dict(_frames_locals("config") or {})
    config.pop("uid", None)  # differs between any two runs, whatever the mode
    seen = {
        "cases": [call.get("case") for call in request.get("calls", [])],
        "request": sorted(k for k in request if k != "calls"),
        "inputs": os.path.basename(str(request.get("inputs"))),
        "config": config,
        "environ": dict(sorted(os.environ.items())),
        "argv": sys.argv,
        "cwd": os.getcwd(),
        "folders": {f: _listing(f) for f in ("/", "/box", "/box/in", "/box/src", "/box/ref", "/box/late", "/box/out",
                                             "/opt/dlquiz", "/tmp")},
    }
    print("OBSERVED " + json.dumps(seen, sort_keys=True, default=str))


_observe()


def relu_backward(dz, z):
    return np.zeros_like(dz) - 1
