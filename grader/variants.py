"""Variants: (question, seed) -> concrete parameters, deterministic across runs and machines."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from grader.errors import Problem, QuestionConfigError
from grader.model import Parameter, Question, Variant

MAX_REDRAWS = 100


def rng_for(qid: str, seed: int, attempt: int = 0) -> np.random.Generator:
    """A generator fixed by (question id, seed, attempt); independent of Python's hash salt."""
    digest = int.from_bytes(hashlib.sha256(qid.encode()).digest()[:8], "little")
    return np.random.default_rng([digest, seed, attempt])


def draw(param: Parameter, rng: np.random.Generator) -> Any:
    """One value of `param` (JSON-friendly: a number, a string or nested lists)."""
    if param.choice is not None:
        return param.choice[int(rng.integers(len(param.choice)))]
    if param.uniform is None and param.integer is None:
        return param.canonical
    size = tuple(param.shape) if param.shape else None
    for _ in range(MAX_REDRAWS):
        if param.integer is not None:
            values = rng.integers(param.integer[0], param.integer[1] + 1, size=size)
        else:
            values = rng.uniform(param.uniform[0], param.uniform[1], size=size)
            if param.round is not None:
                values = np.round(values, param.round)
        if not (param.nonzero and np.any(values == 0)):
            break
    return values.tolist() if size else values.item()


def make_variant(question: Question, seed: int | None = None) -> Variant:
    """The variant for `seed` (None: the canonical one with the course's numbers).

    Random draws are repeated (deterministically) until the question's checker says the
    variant is well posed, e.g. no listed mistake coincides with the right answer.
    """
    spec = question.spec
    if seed is None or not spec.parameters:
        # with nothing to draw, every seed is the canonical variant
        return Variant(question, seed, {name: p.canonical for name, p in spec.parameters.items()})
    from grader.checkers import checker_for

    checker = checker_for(question.kind)
    for attempt in range(MAX_REDRAWS):
        rng = rng_for(question.id, seed, attempt)
        params = {name: draw(p, rng) for name, p in spec.parameters.items()}
        variant = Variant(question, seed, params)
        if checker.well_posed(variant):
            return variant
    raise QuestionConfigError([Problem(
        str(question.file), None, "parameters",
        f"no well-posed variant for seed {seed} in {MAX_REDRAWS} draws: narrow the parameter ranges",
    )])
