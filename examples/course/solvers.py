"""This course's own solvers (trusted course code, loaded only for this bank's questions).

Every public function here is a solver a question can name, like one of `dlquiz solvers`.
"""

import numpy as np


def course_conv2d_valid(image, kernel):
    """Cross-correlation of `image` with `kernel`, stride 1, no padding (what a conv layer computes)."""
    rows = image.shape[0] - kernel.shape[0] + 1
    cols = image.shape[1] - kernel.shape[1] + 1
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            out[i, j] = np.sum(image[i:i + kernel.shape[0], j:j + kernel.shape[1]] * kernel)
    return out


def course_conv2d_flipped(image, kernel):
    """Known mistake: the kernel flipped (a true convolution)."""
    return course_conv2d_valid(image, kernel[::-1, ::-1])
