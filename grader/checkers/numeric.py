"""Numeric answers: compared with a reference solver's value within the question's tolerance."""

from __future__ import annotations

import re

import numpy as np

from grader import solvers
from grader.checkers.numeric_compare import allowed_error, element_report, near_miss, partial_score, within
from grader.errors import AnswerFormatError, Problem, QuestionConfigError
from grader.model import Result, Variant
from grader.numbers import describe, parse_numeric, shape_text
from grader.render import render

__all__ = ["allowed_error", "within", "reference", "mistake_values", "well_posed", "check", "answer_text"]


def _args(variant: Variant, args: dict) -> dict:
    return {k: variant.params[v] if isinstance(v, str) else v for k, v in args.items()}


def _course_solvers(variant: Variant) -> dict:
    from grader.course import of_question

    return of_question(variant.question).solvers


def reference(variant: Variant) -> np.ndarray:
    """The reference solver's value for this variant."""
    call = variant.question.spec.answer
    return solvers.call(call.solver, _args(variant, call.args), _course_solvers(variant))


def mistake_values(variant: Variant) -> list[tuple[np.ndarray, str]]:
    """(wrong value, feedback template) for each listed mistake."""
    spec = variant.question.spec
    out = []
    for m in spec.mistakes:
        args = spec.answer.args if m.args is None else m.args
        out.append((solvers.call(m.solver, _args(variant, args), _course_solvers(variant)), m.feedback))
    return out


def well_posed(variant: Variant) -> bool:
    """Finite reference; no listed mistake within (twice) the tolerance of it, nor of another
    mistake (else a learner would be shown the wrong mistake's feedback). A mistake marked
    `may_coincide` that equals the answer is left out on this variant instead of forcing a redraw."""
    expected = reference(variant)
    if not np.all(np.isfinite(expected)):
        return False
    tol = variant.question.spec.tolerance
    values = [value for (value, _), m in zip(mistake_values(variant), variant.question.spec.mistakes)
              if not (m.may_coincide and coincides(value, expected))]
    if any(within(value, expected, tol, factor=2.0) for value in values):
        return False
    return not any(within(a, b, tol) for i, a in enumerate(values) for b in values[i + 1:])


def coincides(value: np.ndarray, expected: np.ndarray) -> bool:
    """True when a mistake's value is the right answer itself (not merely close to it)."""
    value, expected = np.squeeze(value), np.squeeze(expected)
    return value.shape == expected.shape and bool(np.allclose(value, expected, rtol=1e-9, atol=1e-12))


def _checked_reference(variant: Variant) -> np.ndarray:
    """The reference, or a QuestionConfigError naming the fault (a solver failing, a non-finite value)."""
    q = variant.question
    seed = "the canonical variant" if variant.seed is None else f"seed {variant.seed}"
    try:
        expected = np.asarray(reference(variant), dtype=float)
    except Exception as exc:  # noqa: BLE001 - the author's solver, on these numbers
        raise QuestionConfigError([Problem(str(q.file), None, "answer",
                                           f"the reference solver failed on {seed}: {type(exc).__name__}: {exc}")]) \
            from None
    if not np.all(np.isfinite(expected)):
        raise QuestionConfigError([Problem(str(q.file), None, "answer", f"the reference answer of {seed} is "
                                           f"{describe(expected)}, not a finite number: no answer can be compared "
                                           "with it (`dlquiz validate` finds such variants)")])
    return expected


def check(variant: Variant, text: str) -> Result:
    """Grade `text` against the reference; name the mistake when it matches one; say which elements are off."""
    spec = variant.question.spec
    given = parse_numeric(text)
    read_as = describe(given)
    expected = _checked_reference(variant)
    tol = spec.tolerance
    if within(given, expected, tol):
        return Result(True, 1.0, read_as, "Correct.")
    for value, feedback in mistake_values(variant):
        if within(given, value, tol):
            message = render(feedback, variant.params)
            return Result(False, 0.0, read_as, message, mistake=message)
    if np.squeeze(given).shape != np.squeeze(expected).shape:
        raise AnswerFormatError(_shape_problem(text, given, expected), text)
    score = partial_score(given, expected, tol) if spec.partial_credit else 0.0
    return Result(False, score, read_as, near_miss(given, expected, tol) + element_report(given, expected, tol))


def _shape_problem(text: str, given: np.ndarray, expected: np.ndarray) -> str:
    message = f"it is {shape_text(given.shape)}, but this question expects {shape_text(expected.shape)}."
    if given.ndim == 2 and given.T.shape == expected.shape:
        message += " Transposed?"
    elif expected.size == 1 and given.size == 2 and re.fullmatch(r"\s*-?\d+,\d+\s*", text):
        message += " For a decimal write a point: 0.5, not 0,5."
    return message


def answer_text(variant: Variant) -> str:
    """The reference value, printed with 4 significant figures."""
    return describe(reference(variant))
