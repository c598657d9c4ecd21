"""Learning-curve families: finite, deterministic, read back as the family that drew them."""

from __future__ import annotations

import numpy as np
import pytest

from grader.figures import FAMILIES
from grader.figures.curves import (argument_problems, best_epoch, diagnose, learning_curve, loss_of,
                                   turn_range)

SEEDS = range(25)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("epochs", [12, 30, 60])
@pytest.mark.parametrize("metric", ["loss", "accuracy"])
def test_every_family_reads_as_itself_on_every_seed(family, epochs, metric):
    low, high = turn_range(epochs)
    for seed in SEEDS:
        turn = low + seed % (high - low + 1)
        curves = learning_curve(family, epochs, turn, seed, classes=5, metric=metric)
        assert curves.train.shape == curves.validation.shape == (epochs,)
        assert np.all(np.isfinite(curves.train)) and np.all(np.isfinite(curves.validation))
        assert diagnose(curves) == family, (family, epochs, seed, turn)
        if metric == "accuracy":
            assert np.all((0 <= curves.validation) & (curves.validation <= 1))


def test_same_arguments_draw_the_same_curve_and_the_seed_changes_it():
    a = learning_curve("overfitting", 40, 12, seed=7)
    assert np.array_equal(a.validation, learning_curve("overfitting", 40, 12, seed=7).validation)
    assert not np.array_equal(a.validation, learning_curve("overfitting", 40, 12, seed=8).validation)


def test_overfitting_turns_up_near_its_turn_and_both_metrics_agree():
    for seed in SEEDS:
        loss = learning_curve("overfitting", 40, 15, seed, metric="loss")
        accuracy = learning_curve("overfitting", 40, 15, seed, metric="accuracy")
        assert abs(best_epoch(loss) - 15) <= 3
        assert best_epoch(accuracy) == best_epoch(loss)  # accuracy is a decreasing function of the loss


def test_losses_start_near_guessing_and_accuracy_inverts_back():
    curves = learning_curve("bug", 30, seed=1, classes=5)
    assert abs(curves.train[0] - np.log(5)) < 0.1
    accuracy = learning_curve("good-fit", 30, seed=2, classes=5, metric="accuracy")
    train, _, start = loss_of(accuracy)
    assert np.allclose(train, learning_curve("good-fit", 30, seed=2, classes=5).train, atol=1e-9)
    assert start == pytest.approx(np.log(5))


@pytest.mark.parametrize("args, fragment", [
    (("overfit", 30, None, 10), "unknown curve family 'overfit'"),
    (("good-fit", 5, None, 10), "epochs is 5"),
    (("good-fit", 30.5, None, 10), "epochs is 30.5"),
    (("overfitting", 30, 29, 10), "turns up at a whole epoch from 4 to 24"),
    (("overfitting", 30, 2, 10), "from 4 to 24"),
    (("bug", 30, None, 1), "classes is 1"),
])
def test_bad_arguments_are_named(args, fragment):
    assert any(fragment in p for p in argument_problems(*args))
    with pytest.raises(ValueError, match=fragment.split("'")[0]):
        learning_curve(*args[:3], classes=args[3])
