"""Variants: (question, seed) -> concrete parameters, deterministic across runs and machines."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from grader.errors import Problem, QuestionConfigError
from grader.model import Parameter, Question, Variant

MAX_REDRAWS = 100
VARIANT_SECONDS = 20.0  # for every draw of one variant together: formulas, derivatives, checks


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
    return values.tolist() if size else np.asarray(values).item()  # a bare uniform draw is a Python float


def make_variant(question: Question, seed: int | None = None) -> Variant:
    """The variant for `seed` (None: the canonical one with the course's numbers).

    Derived values are computed from the drawn ones. Random draws are repeated (deterministically)
    until every constraint holds and the question's checker says the variant is well posed, e.g.
    no listed mistake coincides with the right answer. All of it has VARIANT_SECONDS: a shared
    question whose formulas or derivative are too costly is a located problem, not a hang.
    """
    from grader import bounded

    try:
        with bounded.deadline(VARIANT_SECONDS):
            return _make_variant(question, seed)
    except bounded.TimeUp:
        which = "the canonical variant" if seed is None else f"the variant of seed {seed}"
        raise QuestionConfigError([Problem(
            str(question.file), None, "parameters",
            f"drawing {which} took more than {VARIANT_SECONDS:g} s: its formulas, derivative or solvers are far "
            "too costly; simplify them",
        )]) from None


def _make_variant(question: Question, seed: int | None) -> Variant:
    spec = question.spec
    if seed is None or not spec.parameters:
        # with nothing to draw, every seed is the canonical variant
        params = _derived(question, {name: p.canonical for name, p in spec.parameters.items()})
        return Variant(question, seed, params)
    from grader.checkers import checker_for

    checker = checker_for(question.kind)
    unmet: dict[int, int] = {}
    variant, underivable = None, None
    for attempt in range(MAX_REDRAWS):
        try:
            params = draw_params(question, seed, attempt)
        except QuestionConfigError as exc:  # a derived value that cannot be computed on these numbers: redraw
            underivable = exc
            continue
        if spec.constraints:
            failed = _failed_constraint(question, params)
            if failed is not None:
                unmet[failed] = unmet.get(failed, 0) + 1
                continue
        variant = Variant(question, seed, params)
        if spec.withheld or checker.well_posed(variant):  # a released copy cannot check its answers
            return variant
    if unmet and sum(unmet.values()) == MAX_REDRAWS:
        index = max(unmet, key=unmet.get)
        raise QuestionConfigError([Problem(
            str(question.file), None, f"constraints.{index}",
            f"no draw meets the constraint `{spec.constraints[index]}` (seed {seed}, {MAX_REDRAWS} draws): "
            "widen the parameter ranges or loosen the constraint",
        )])
    if variant is None and not unmet and underivable is not None:
        raise underivable
    if variant is not None:
        checker.answer_text(variant)  # an answer that cannot be computed at all is the problem to name
    raise QuestionConfigError([Problem(
        str(question.file), None, "parameters",
        f"no well-posed variant for seed {seed} in {MAX_REDRAWS} draws: narrow the parameter ranges",
    )])


def draw_params(question: Question, seed: int, attempt: int = 0) -> dict[str, Any]:
    """The drawn parameters of one attempt, with the derived values computed from them."""
    rng = rng_for(question.id, seed, attempt)
    return _derived(question, {name: draw(p, rng) for name, p in question.spec.parameters.items()})


def _derived(question: Question, drawn: dict[str, Any]) -> dict[str, Any]:
    if not question.spec.derived:
        return drawn
    from grader.formulas import FormulaError, derive

    try:
        return derive(question.spec, drawn)
    except FormulaError as exc:
        raise QuestionConfigError([Problem(str(question.file), None, ".".join(map(str, exc.key)), str(exc))]) from None


def _failed_constraint(question: Question, params: dict[str, Any]) -> int | None:
    from grader.formulas import FormulaError, failed_constraint

    try:
        return failed_constraint(question.spec, params)
    except FormulaError as exc:
        raise QuestionConfigError([Problem(str(question.file), None, ".".join(map(str, exc.key)), str(exc))]) from None
