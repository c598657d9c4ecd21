"""Hostile: patches numpy and builtins so any in-process comparison would pass; wrong values."""
import builtins

import numpy as np

np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_equal = lambda *a, **k: None
builtins.abs = lambda x: 0
builtins.all = lambda x: True
builtins.any = lambda x: False


def relu_backward(dz, z):
    return dz * 0 + 7
