"""Bug: right values, one Python iteration per element (too slow for large inputs)."""
import numpy as np


def relu_backward(dz, z):
    out = np.zeros(dz.shape)
    rows, cols = z.shape
    for i in range(rows):
        for j in range(cols):
            if z[i, j] > 0:
                out[i, j] = dz[i, j]
            else:
                out[i, j] = 0.0
    return out
