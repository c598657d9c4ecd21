"""Bug (issue 11, attack 7): right values from an element-by-element loop, run in a forked child
so that the CPU time it burns does not count for the harness process. The budget counts the
whole sandbox: it fails exactly like the plain loop."""
import os
import pickle

import numpy as np


def _loop(dz, z):
    out = np.zeros(dz.shape)
    for index in np.ndindex(z.shape):
        out[index] = dz[index] if z[index] > 0 else 0.0
    return out


def relu_backward(dz, z):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        data = pickle.dumps(_loop(dz, z))
        while data:
            data = data[os.write(w, data):]
        os._exit(0)
    os.close(w)
    chunks = []
    while chunk := os.read(r, 1 << 20):
        chunks.append(chunk)
    os.waitpid(pid, 0)
    return pickle.loads(b"".join(chunks))
