"""Learning curves: training and validation loss per epoch, drawn from a seeded, parametrised family.

Each family is a shape a practitioner learns to recognise (a good fit, overfitting that turns up
at epoch `turn`, underfitting, a learning rate too high or too low, a bug that keeps the loss
flat). The numbers are a pure function of (family, epochs, turn, seed, classes): the same
arguments draw the same curve on every machine, so a solver can read an answer off exactly the
curve the learner sees. Losses start near ln(classes), the loss of guessing uniformly among
`classes` classes; accuracy is derived from the loss, so both metrics tell the same story.

`diagnose` reads a curve back from its numbers alone; `dlquiz validate` checks that it names the
family that drew it, on every seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from grader.figures import FAMILIES

METRICS = ("loss", "accuracy")
MIN_EPOCHS, MAX_EPOCHS = 10, 200
UNCLEAR = "unclear"


@dataclass(frozen=True)
class Curves:
    """One run: training and validation values at epochs 1..n (loss, or accuracy in [0, 1])."""

    family: str
    metric: str
    train: np.ndarray
    validation: np.ndarray
    chance: float  # the loss (or accuracy) of guessing uniformly among the classes

    @property
    def epochs(self) -> int:
        """How many epochs the run lasted."""
        return len(self.train)


def turn_range(epochs: int) -> tuple[int, int]:
    """The epochs an overfitting curve may turn up at: late enough to see the fall, early enough to see the rise."""
    return 4, epochs - max(6, epochs // 5)


def argument_problems(family: str, epochs: int, turn: int | None, classes: int) -> list[str]:
    """Why these arguments cannot draw a curve (empty when they can)."""
    problems = []
    if family not in FAMILIES:
        problems.append(f"unknown curve family '{family}': use one of {', '.join(FAMILIES)}")
    if not isinstance(epochs, int) or not MIN_EPOCHS <= epochs <= MAX_EPOCHS:
        problems.append(f"epochs is {epochs!r}: give a whole number from {MIN_EPOCHS} to {MAX_EPOCHS}")
    elif family == "overfitting":
        low, high = turn_range(epochs)
        if not isinstance(turn, int) or not low <= turn <= high:
            problems.append(f"turn is {turn!r}: an overfitting curve over {epochs} epochs turns up at a whole "
                            f"epoch from {low} to {high}")
    if not isinstance(classes, int) or not 2 <= classes <= 1000:
        problems.append(f"classes is {classes!r}: give a whole number from 2 to 1000")
    return problems


def learning_curve(family: str, epochs: int = 30, turn: int | None = None, seed: int = 0,
                   classes: int = 10, metric: str = "loss") -> Curves:
    """The curves of one run of `family`; ValueError names what is wrong with the arguments."""
    if turn is None and family == "overfitting":
        turn = max(4, epochs // 3)
    problems = argument_problems(family, epochs, turn, classes)
    if metric not in METRICS:
        problems.append(f"metric is {metric!r}: use loss or accuracy")
    if problems:
        raise ValueError("; ".join(problems))
    start = math.log(classes)
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, FAMILIES.index(family), epochs, int(turn or 0)])
    x = np.arange(1, epochs + 1, dtype=float)
    train, validation = _SHAPES[family](x, start, turn or 0, rng)
    train, validation = np.maximum(train, 0.002 * start), np.maximum(validation, 0.002 * start)
    if metric == "loss":
        return Curves(family, metric, train, validation, start)
    return Curves(family, metric, accuracy_of(train, start, classes), accuracy_of(validation, start, classes),
                  1.0 / classes)


def accuracy_of(loss: np.ndarray, start: float, classes: int) -> np.ndarray:
    """A plausible accuracy for each loss: chance (1/classes) at the guessing loss, 1 at loss 0,
    falling towards 0 above it; strictly decreasing in the loss, so both metrics agree."""
    chance = 1.0 / classes
    ratio = loss / start
    below = 1.0 - (1.0 - chance) * ratio ** 0.8
    above = chance / np.maximum(ratio, 1.0)
    return np.where(ratio <= 1.0, below, above)


def _noise(rng: np.random.Generator, size: int, scale: float) -> np.ndarray:
    return rng.normal(0.0, scale, size)


def _good_fit(x, start, turn, rng):
    n = len(x)
    tau = rng.uniform(n / 9, n / 6)
    # validation settles below 0.18 x the guessing loss, under where an overfitting run bottoms out
    floor = rng.uniform(0.06, 0.12) * start
    gap = rng.uniform(0.03, 0.06) * start
    train = floor + (start - floor) * np.exp(-x / tau) + _noise(rng, n, 0.006 * start)
    validation = floor + gap + (start - floor - gap) * np.exp(-x / (1.1 * tau)) + _noise(rng, n, 0.008 * start)
    return train, validation


def _overfitting(x, start, turn, rng):
    n = len(x)
    tau = rng.uniform(turn / 2.2, turn / 1.6)
    floor = rng.uniform(0.005, 0.03) * start
    train = floor + (start - floor) * np.exp(-x / tau) + _noise(rng, n, 0.004 * start)
    low = rng.uniform(0.22, 0.32) * start
    first = rng.uniform(0.8, 0.92) * start
    rise = rng.uniform(0.3, 0.55) * start  # how far validation climbs by the last epoch
    # a clear V at the turn (the rise is fastest just after it), so its epoch can be read off the plot
    before = low + (first - low) * ((turn - x) / (turn - 1)).clip(0) ** 1.2
    after = low + rise * ((x - turn) / (n - turn)).clip(0) ** 0.75
    validation = np.where(x <= turn, before, after) + _noise(rng, n, 0.004 * start)
    return train, validation


def _underfitting(x, start, turn, rng):
    n = len(x)
    floor = rng.uniform(0.55, 0.72) * start
    tau = rng.uniform(1.5, 3.0)
    train = floor + (start - floor) * np.exp(-x / tau) + _noise(rng, n, 0.006 * start)
    validation = train + rng.uniform(0.0, 0.04) * start + _noise(rng, n, 0.006 * start)
    return train, validation


def _lr_too_high(x, start, turn, rng):
    n = len(x)
    if rng.uniform() < 0.5:  # oscillation: big jumps around a level that never settles
        level = rng.uniform(0.6, 0.85) * start
        train = level + rng.uniform(0.18, 0.3) * start * np.abs(rng.standard_normal(n)) * np.sign(np.sin(x * 1.7))
    else:  # divergence: a short dip, then the loss climbs past where it started
        low_at = rng.integers(2, 5)
        train = start * (0.75 + 0.9 * ((x - low_at) / n).clip(0) ** 1.3 * rng.uniform(0.6, 1.0))
        train = train + _noise(rng, n, 0.12 * start) * (x / n)
        train[0] = start * rng.uniform(0.8, 0.95)
    validation = train + rng.uniform(0.02, 0.08) * start + _noise(rng, n, 0.05 * start)
    return train, validation


def _lr_too_low(x, start, turn, rng):
    n = len(x)
    drop = rng.uniform(0.15, 0.3) * start  # the whole run moves the loss this little
    train = start * 0.99 - drop * (x / n) ** rng.uniform(0.9, 1.05) + _noise(rng, n, 0.003 * start)
    validation = train + rng.uniform(0.01, 0.04) * start + _noise(rng, n, 0.004 * start)
    return train, validation


def _bug(x, start, turn, rng):
    n = len(x)
    level = start * rng.uniform(0.995, 1.01)
    train = level + _noise(rng, n, 0.004 * start)
    validation = level + rng.uniform(0.0, 0.01) * start + _noise(rng, n, 0.004 * start)
    return train, validation


_SHAPES = {"good-fit": _good_fit, "overfitting": _overfitting, "underfitting": _underfitting,
           "lr-too-high": _lr_too_high, "lr-too-low": _lr_too_low, "bug": _bug}


def loss_of(curves: Curves) -> tuple[np.ndarray, np.ndarray, float]:
    """(training loss, validation loss, guessing loss), inverting accuracy where the metric is accuracy."""
    if curves.metric == "loss":
        return curves.train, curves.validation, curves.chance
    classes = round(1.0 / curves.chance)
    start = math.log(classes)
    return _loss_from_accuracy(curves.train, start, classes), _loss_from_accuracy(curves.validation, start, classes), start


def _loss_from_accuracy(acc: np.ndarray, start: float, classes: int) -> np.ndarray:
    chance = 1.0 / classes
    below = start * ((1.0 - acc) / (1.0 - chance)).clip(0) ** (1 / 0.8)
    above = start * chance / np.maximum(acc, 1e-9)
    return np.where(acc >= chance, below, above)


def best_epoch(curves: Curves) -> int:
    """The epoch (1-based) with the best validation value: lowest loss, highest accuracy."""
    values = curves.validation if curves.metric == "loss" else -curves.validation
    return int(np.argmin(values)) + 1


def diagnose(curves: Curves) -> str:
    """What the numbers show, read without knowing the family: one of FAMILIES, or 'unclear'."""
    train, val, start = loss_of(curves)
    n = len(train)
    steps = np.diff(train)
    if train.max() - train.min() < 0.05 * start and val.max() - val.min() < 0.06 * start:
        return "bug"
    if np.mean(steps > 0.03 * start) > 0.25 or train[-1] > 1.05 * train.min() + 0.1 * start:
        return "lr-too-high"
    best = int(np.argmin(val))
    if best <= n - 4 and val[-1] - val[best] > 0.15 * start and train[-1] < train[best]:
        return "overfitting"
    third = max(2, n // 3)
    late_drop, early_drop = train[-third] - train[-1], train[0] - train[third - 1]
    if train[0] - train[-1] < 0.4 * start and late_drop > 0.5 * early_drop and late_drop > 0.03 * start:
        return "lr-too-low"
    if train[-1] > 0.45 * start and late_drop < 0.04 * start and abs(val[-1] - train[-1]) < 0.1 * start:
        return "underfitting"
    if train[-1] < 0.3 * start and val[-1] - val.min() < 0.06 * start and val[-1] - train[-1] < 0.2 * start:
        return "good-fit"
    return UNCLEAR
