"""Solvers that read a learning curve: the same numbers the figure draws (grader/figures/curves.py).

Their `epochs`, `turn` and `seed` must be those of the figure's overfitting run (`dlquiz validate`
checks it), so the answer is read off exactly the curve the learner sees.
"""

from __future__ import annotations

import math

from grader.solvers import solver

# solvers whose arguments name an overfitting run of the question's figure
CURVE_READERS = ("overfitting_best_epoch", "overfitting_stop_epoch", "overfitting_last_epoch")


def _run(epochs, turn, seed):
    from grader.figures.curves import learning_curve

    return learning_curve("overfitting", int(epochs), int(turn), int(seed))


@solver
def overfitting_best_epoch(epochs, turn, seed):
    """The epoch with the lowest validation loss of an overfitting run: the weights early stopping keeps."""
    from grader.figures.curves import best_epoch

    return best_epoch(_run(epochs, turn, seed))


@solver
def overfitting_stop_epoch(epochs, turn, seed, patience):
    """The last epoch trained with early stopping: `patience` epochs without a new best after the best one (or the last epoch)."""
    return min(int(epochs), overfitting_best_epoch(epochs, turn, seed) + int(patience))


@solver
def guessing_loss(classes):
    """Cross-entropy of a uniform guess among `classes` classes, ln(classes): where an untrained classifier's loss starts."""
    return math.log(classes)
