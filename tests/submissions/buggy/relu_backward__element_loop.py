"""Bug: right values, one Python iteration per element (too slow for large inputs)."""
import numpy as np


def relu_backward(dz, z):
    out = np.zeros(dz.shape)
    for index in np.ndindex(z.shape):
        if z[index] > 0:
            out[index] = dz[index]
        else:
            out[index] = 0.0
    return out
