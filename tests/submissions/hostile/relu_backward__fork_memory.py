"""Hostile (issue 11, attack 4): eight forked children each try to hold 400 MiB at once -- 3.2 GiB
for one learner under a "1 GiB" limit when limits bind each process alone. If at least three of
them hold their share together (more than 1 GiB for the sandbox), the attack worked and it
returns the right values; with a limit on the whole sandbox it cannot."""
import os
import time

import numpy as np

CHILDREN, SHARE = 8, 400 << 20


def _hold_together() -> int:
    readers, pids = [], []
    for _ in range(CHILDREN):
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            os.close(r)
            try:
                block = np.ones(SHARE, dtype=np.uint8)  # touched: really resident
                os.write(w, b"1")
                time.sleep(5 + block[0])
            finally:
                os._exit(0)
        os.close(w)
        readers.append(r)
        pids.append(pid)
    holding = 0
    for r in readers:
        holding += len(os.read(r, 1))
    alive = sum(1 for pid in pids if os.waitpid(pid, os.WNOHANG) == (0, 0))
    return min(holding, alive)


_HELD = []


def relu_backward(dz, z):
    if not _HELD:  # the attack once; every call then says how it went
        _HELD.append(_hold_together())
    if _HELD[0] >= 3:
        return dz * (z > 0)
    raise RuntimeError(f"held together: {_HELD[0]}")
