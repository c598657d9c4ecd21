"""Symbolic answers: the learner's expression(s) must equal the reference on the question's domain."""

from __future__ import annotations

from grader.errors import AnswerFormatError
from grader.model import Derivative, Result, Variant
from grader.render import render


def _texts(variant: Variant, value: str | list[str]) -> str:
    text = value if isinstance(value, str) else ", ".join(value)
    return render(text, variant.params) if "{{" in text else text


def _parse(variant: Variant, text: str):
    from grader.symbolic.parse import parse_answer

    spec = variant.question.spec
    return parse_answer(text, spec.variables, spec.domain)


def reference(variant: Variant) -> list:
    """The reference expression(s), parsed (or, for a Derivative answer, SymPy's derivatives)."""
    answer = variant.question.spec.answer
    if isinstance(answer, Derivative):
        return _derivatives(variant, answer)
    return _parse(variant, _texts(variant, answer))


def _derivatives(variant: Variant, answer: Derivative) -> list:
    from grader.errors import Problem, QuestionConfigError
    from grader.solvers.derivative import DerivativeError, derivative_exprs

    spec = variant.question.spec
    try:
        return derivative_exprs(answer, variant.params, spec.domain)
    except DerivativeError as exc:
        q = variant.question
        raise QuestionConfigError([Problem(str(q.file), None, "answer.differentiate", str(exc))]) from None


def _same(variant: Variant, given: list, expected: list) -> bool | None:
    from grader.symbolic.equivalence import equivalent

    spec = variant.question.spec
    if len(given) != len(expected):
        return False
    verdicts = [equivalent(g, e, tuple(spec.variables), spec.domain) for g, e in zip(given, expected)]
    if all(v is True for v in verdicts):
        return True
    return False if any(v is False for v in verdicts) else None


def well_posed(variant: Variant) -> bool:
    """No listed mistake is equivalent to the reference."""
    expected = reference(variant)
    return not any(_same(variant, _parse(variant, _texts(variant, m.expression)), expected)
                   for m in variant.question.spec.mistakes)


def check(variant: Variant, text: str) -> Result:
    """Grade an expression (or a comma-separated vector of them)."""
    given = _parse(variant, text)
    read_as = ", ".join(str(g) for g in given)
    expected = reference(variant)
    if len(given) != len(expected):
        raise AnswerFormatError(
            f"it has {len(given)} expression(s) but this question expects {len(expected)}"
            + (" (one per variable, separated by commas)" if len(expected) > 1 else ""), text)
    verdict = _same(variant, given, expected)
    if verdict:
        return Result(True, 1.0, read_as, "Correct.")
    for mistake in variant.question.spec.mistakes:
        if _same(variant, given, _parse(variant, _texts(variant, mistake.expression))):
            message = render(mistake.feedback, variant.params)
            return Result(False, 0.0, read_as, message, mistake=message)
    if verdict is None:
        return Result(False, 0.0, read_as, "Could not decide whether your expression is equivalent "
                      "within the time limit: simplify it and try again.")
    if len(expected) > 1:
        wrong = [i + 1 for i, (g, e) in enumerate(zip(given, expected)) if not _same(variant, [g], [e])]
        return Result(False, 0.0, read_as, f"Not quite: entry {', '.join(map(str, wrong))} is wrong.")
    return Result(False, 0.0, read_as, "Not quite: your expression differs from the expected one.")


def answer_text(variant: Variant) -> str:
    """The reference expression(s) as written by the author (as SymPy writes a derivative)."""
    answer = variant.question.spec.answer
    if isinstance(answer, Derivative):
        from grader.solvers.derivative import typed

        return ", ".join(typed(e) for e in reference(variant))
    return _texts(variant, answer)
