"""Variants: the same (question, seed) always gives the same numbers; no seed gives the course's."""

import pytest

from grader.checkers import checker_for
from grader.model import Parameter
from grader.variants import draw, rng_for
from tests.conftest import variant_of

QIDS = ["activations/softmax", "losses/mse", "regularization/l2-penalty", "optim/sgd-update"]


@pytest.mark.parametrize("qid", QIDS)
def test_same_seed_same_numbers_and_answer(qid):
    a, b = variant_of(qid, 11), variant_of(qid, 11)
    assert a.params == b.params
    checker = checker_for(a.question.kind)
    assert checker.answer_text(a) == checker.answer_text(b)


@pytest.mark.parametrize("qid", QIDS)
def test_seeds_differ_from_each_other(qid):
    params = [variant_of(qid, seed).params for seed in range(8)]
    assert len({repr(p) for p in params}) > 1


@pytest.mark.parametrize("qid, name, value", [
    ("activations/softmax", "logits", [2, 1, 0.5]),
    ("losses/mse", "y_hat", [0.8, 0.2]),
    ("optim/sgd-update", "w", 1.5),
    ("regularization/l2-penalty", "lam", 0.01),
])
def test_canonical_variant_uses_the_course_numbers(qid, name, value):
    variant = variant_of(qid)
    assert variant.canonical and variant.params[name] == value


@pytest.mark.parametrize("qid", QIDS)
def test_random_variants_are_well_posed(qid):
    for seed in range(30):
        variant = variant_of(qid, seed)
        assert checker_for(variant.question.kind).well_posed(variant)


def test_rng_does_not_depend_on_python_hash_seed():
    assert rng_for("losses/mse", 3).integers(1 << 30) == rng_for("losses/mse", 3).integers(1 << 30)
    assert rng_for("losses/mse", 3).integers(1 << 30) != rng_for("losses/mae", 3).integers(1 << 30)


@pytest.mark.parametrize("param, check", [
    (Parameter(canonical=1, integer=(1, 3)), lambda v: v in (1, 2, 3)),
    (Parameter(canonical=1, uniform=(0, 1), round=2), lambda v: 0 <= v <= 1 and round(v, 2) == v),
    (Parameter(canonical=[1, 1], integer=(-1, 1), shape=[2, 3], nonzero=True), lambda v: len(v) == 2 and len(v[0]) == 3 and 0 not in sum(v, [])),
    (Parameter(canonical="relu", choice=["relu", "tanh"]), lambda v: v in ("relu", "tanh")),
    (Parameter(canonical=7), lambda v: v == 7),
])
def test_draws(param, check):
    for seed in range(20):
        assert check(draw(param, rng_for("t/q", seed)))
