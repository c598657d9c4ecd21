"""Numeric answers: compared with a reference solver's value within the question's tolerance."""

from __future__ import annotations

import numpy as np

from grader import solvers
from grader.errors import AnswerFormatError
from grader.model import Result, Tolerance, Variant
from grader.numbers import describe, parse_numeric, shape_text
from grader.render import render

NEAR_FACTOR = 10  # within this many tolerances the learner is told they are close


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


def allowed_error(expected: np.ndarray, tol: Tolerance) -> np.ndarray:
    """The largest accepted |given - expected|, element-wise."""
    if tol.sigfigs is not None:
        magnitude = np.floor(np.log10(np.where(expected == 0, 1.0, np.abs(expected))))
        return np.where(expected == 0, tol.atol, 0.5 * 10.0 ** (magnitude - tol.sigfigs + 1))
    return tol.atol + tol.rtol * np.abs(expected)


def within(given: np.ndarray, expected: np.ndarray, tol: Tolerance, factor: float = 1.0) -> bool:
    """True when shapes agree (ignoring singleton axes) and every element is within tolerance."""
    g, e = np.squeeze(given), np.squeeze(expected)
    if g.shape != e.shape:
        return False
    return bool(np.all(np.abs(g - e) <= factor * allowed_error(e, tol)))


def well_posed(variant: Variant) -> bool:
    """Finite reference; no listed mistake within (twice) the tolerance of it, nor of another
    mistake (else a learner would be shown the wrong mistake's feedback)."""
    from grader.errors import QuestionConfigError

    try:
        expected = reference(variant)
        values = [value for value, _ in mistake_values(variant)]
    except QuestionConfigError:  # a formula cannot be computed on these numbers (1/0, overflow): redraw
        return False
    if not np.all(np.isfinite(expected)):
        return False
    tol = variant.question.spec.tolerance
    if any(within(value, expected, tol, factor=2.0) for value in values):
        return False
    return not any(within(a, b, tol) for i, a in enumerate(values) for b in values[i + 1:])


def check(variant: Variant, text: str) -> Result:
    """Grade `text` against the reference; name the mistake when it matches one."""
    given = parse_numeric(text)
    read_as = describe(given)
    expected = reference(variant)
    tol = variant.question.spec.tolerance
    if within(given, expected, tol):
        return Result(True, 1.0, read_as, "Correct.")
    for value, feedback in mistake_values(variant):
        if within(given, value, tol):
            message = render(feedback, variant.params)
            return Result(False, 0.0, read_as, message, mistake=message)
    if np.squeeze(given).shape != np.squeeze(expected).shape:
        hint = ""
        if given.ndim == 2 and given.T.shape == expected.shape:
            hint = " Transposed?"
        raise AnswerFormatError(
            f"it is {shape_text(given.shape)}, but this question expects {shape_text(expected.shape)}.{hint}", text)
    return Result(False, 0.0, read_as, _near_miss_feedback(given, expected, tol))


def _near_miss_feedback(given: np.ndarray, expected: np.ndarray, tol: Tolerance) -> str:
    g, e = np.squeeze(given), np.squeeze(expected)
    if np.any(e != 0) and within(-g, e, tol):
        return "Not quite: the sign is flipped."
    if within(g, e, tol, factor=NEAR_FACTOR):
        return "Close, but not within the tolerance: keep more decimals in intermediate steps."
    if g.ndim == 1 and np.allclose(np.sort(g), np.sort(e), rtol=1e-3, atol=1e-3):
        return "Not quite: the right numbers, in the wrong order."
    return "Not quite."


def answer_text(variant: Variant) -> str:
    """The reference value, printed with 4 significant figures."""
    return describe(reference(variant))
