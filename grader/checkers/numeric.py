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


def _formula(variant: Variant, text: str, key: tuple) -> np.ndarray:
    """An author's formula on this variant's numbers (a located configuration error if it fails)."""
    from grader.errors import Problem, QuestionConfigError
    from grader.formulas import FormulaError, value

    try:
        return value(text, variant.params, key)
    except FormulaError as exc:
        q = variant.question
        raise QuestionConfigError([Problem(str(q.file), None, ".".join(map(str, key)), str(exc))]) from None


def _derivative(variant: Variant, call) -> np.ndarray:
    """A SymPy-differentiated function at the point `at` gives (formulas over the parameters)."""
    from grader.errors import Problem, QuestionConfigError
    from grader.solvers.derivative import DerivativeError, derivative_value

    point = {name: float(_formula(variant, str(text), ("answer", "at", name))) for name, text in call.at.items()}
    try:
        return derivative_value(call, variant.params, point)
    except DerivativeError as exc:
        q = variant.question
        raise QuestionConfigError([Problem(str(q.file), None, "answer.differentiate", str(exc))]) from None


def reference(variant: Variant) -> np.ndarray:
    """The right answer for this variant: its formula, solver or SymPy derivative."""
    answer = variant.question.spec.answer
    if isinstance(answer, str):
        return _formula(variant, answer, ("answer",))
    if answer.differentiate is not None:
        return _derivative(variant, answer)
    return solvers.call(answer.solver, _args(variant, answer.args), _course_solvers(variant))


def mistake_values(variant: Variant) -> list[tuple[np.ndarray, str]]:
    """(wrong value, feedback template) for each listed mistake."""
    spec = variant.question.spec
    out = []
    for i, m in enumerate(spec.mistakes):
        if m.formula is not None:
            out.append((_formula(variant, m.formula, ("mistakes", i, "formula")), m.feedback))
            continue
        args = (spec.answer.args if not isinstance(spec.answer, str) else {}) if m.args is None else m.args
        out.append((solvers.call(m.solver, _args(variant, args), _course_solvers(variant)), m.feedback))
    return out


def well_posed(variant: Variant) -> bool:
    """Finite reference; no listed mistake within (twice) the tolerance of it, nor of another
    mistake (else a learner would be shown the wrong mistake's feedback). A mistake marked
    `may_coincide` that equals the answer is left out on this variant instead of forcing a redraw."""
    from grader.errors import QuestionConfigError

    try:
        expected = reference(variant)
        mistakes = mistake_values(variant)
    except QuestionConfigError:  # a formula cannot be computed on these numbers (1/0, overflow): redraw
        return False
    if not np.all(np.isfinite(expected)):
        return False
    tol = variant.question.spec.tolerance
    values = [value for (value, _), m in zip(mistakes, variant.question.spec.mistakes)
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
    except QuestionConfigError:  # a formula or derivative failing: already located at its key
        raise
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
    return describe(_checked_reference(variant))


def prepare(variant: Variant) -> None:
    """Compute the reference of a SymPy-derived answer before the learner's answer is timed (it is
    the author's work, bounded on its own in grader/solvers/derivative.py, and cached)."""
    answer = variant.question.spec.answer
    if not isinstance(answer, str) and answer.differentiate is not None:
        reference(variant)
