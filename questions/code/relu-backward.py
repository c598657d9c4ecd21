"""Exercise code/relu-backward: the ReLU's backward pass.

Check your work with:  dlquiz exercise test code/relu-backward
"""

import numpy as np


def relu_backward(dz, z):
    """Gradient of the loss with respect to the ReLU's input.

    Args:
        dz: ndarray, the gradient arriving from the layer above (any shape).
        z:  ndarray of the same shape, the ReLU's input in the forward pass.

    Returns:
        A new float ndarray shaped like z: dz where z > 0, and 0 where z <= 0
        (0 also at exactly z == 0). Do not modify dz or z.
    """
    # TODO: implement the backward pass (one line, no loops).
    raise NotImplementedError("relu_backward is not implemented yet")
