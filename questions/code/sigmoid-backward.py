"""Exercise code/sigmoid-backward: the sigmoid's backward pass.

Check your work with:  dlquiz exercise test code/sigmoid-backward
"""

import numpy as np


def sigmoid_backward(da, z):
    """Gradient of the loss with respect to the sigmoid's input.

    Args:
        da: ndarray, the gradient with respect to the sigmoid's output a = sigmoid(z).
        z:  ndarray of the same shape, the sigmoid's input in the forward pass.

    Returns:
        A new float ndarray shaped like z: da * sigmoid(z) * (1 - sigmoid(z)), finite
        even for |z| around 1000. Do not modify da or z.
    """
    # TODO: apply the chain rule through the sigmoid.
    raise NotImplementedError("sigmoid_backward is not implemented yet")
