"""Wrong readings of a learning curve that learners really give (see grader/solvers/curves.py)."""

from __future__ import annotations

import math

from grader.solvers import solver


@solver
def overfitting_last_epoch(epochs, turn, seed):
    """The last epoch trained: the final weights taken instead of the best validation epoch's."""
    return int(epochs)


@solver
def overfitting_first_rise(epochs, turn, seed):
    """The epoch after the best one: the first epoch whose validation loss went up, taken as the one to keep."""
    from grader.solvers.curves import overfitting_best_epoch

    return overfitting_best_epoch(epochs, turn, seed) + 1


@solver
def guessing_probability(classes):
    """1/classes: the probability of a uniform guess, without taking -ln of it."""
    return 1.0 / classes


@solver
def guessing_loss_log10(classes):
    """log10(classes): the guessing loss with a base-10 logarithm instead of the natural one."""
    return math.log10(classes)
