"""Symbolic answers: the learner's expression(s) must equal the reference on the question's domain.

Reading is grader.symbolic.parse (the safe math language); equality is grader.symbolic.equivalence
(exact-literal sampling at rising precision, SymPy only in a bounded child). An answer whose
equality cannot be decided in the answer's time is unreadable (no try spent), never "wrong".
"""

from __future__ import annotations

from grader.errors import AnswerFormatError, Problem, QuestionConfigError
from grader.expr import Expression, to_text
from grader.model import Derivative, Result, Variant
from grader.render import render


def _texts(variant: Variant, value: str | list[str]) -> str:
    text = value if isinstance(value, str) else ", ".join(value)
    return render(text, variant.params) if "{{" in text else text


def _parse(variant: Variant, text: str) -> Expression:
    from grader.symbolic.parse import parse_answer

    return parse_answer(text, variant.question.spec.variables)


def _author(variant: Variant, key: str, text: str) -> Expression:
    """An author's expression (answer or mistake), parsed; a QuestionConfigError when it does not parse."""
    try:
        return _parse(variant, text)
    except AnswerFormatError as exc:
        q = variant.question
        raise QuestionConfigError([Problem(str(q.file), None, key, f"the expression does not parse: {exc.detail}")]) \
            from None


def reference(variant: Variant) -> Expression:
    """The reference expression(s), parsed (for a Derivative answer: SymPy's derivatives, written
    in the answer language and read back like any author's expression)."""
    answer = variant.question.spec.answer
    if isinstance(answer, Derivative):
        return _author(variant, "answer.differentiate", ", ".join(_derivative_texts(variant, answer)))
    return _author(variant, "answer", _texts(variant, answer))


def _derivative_texts(variant: Variant, answer: Derivative) -> list[str]:
    from grader.solvers.derivative import DerivativeError, derivative_texts

    try:
        return derivative_texts(answer, variant.params)
    except DerivativeError as exc:
        q = variant.question
        raise QuestionConfigError([Problem(str(q.file), None, "answer.differentiate", str(exc))]) from None


def _same(variant: Variant, given: Expression, expected: Expression) -> bool | None:
    from grader.symbolic.equivalence import equivalent

    spec = variant.question.spec
    if len(given.items) != len(expected.items):
        return False
    verdicts = []
    for g, e in zip(given.items, expected.items):
        verdict = equivalent(g, e, tuple(spec.variables), spec.domain)
        if verdict is False:
            return False
        verdicts.append(verdict)
    return True if all(verdicts) else None


def _mistakes(variant: Variant) -> list[tuple[Expression, str]]:
    spec = variant.question.spec
    return [(_author(variant, f"mistakes[{i}].expression", _texts(variant, m.expression)), m.feedback)
            for i, m in enumerate(spec.mistakes)]


def well_posed(variant: Variant) -> bool:
    """No listed mistake is equivalent to the reference."""
    expected = reference(variant)
    return not any(_same(variant, mistake, expected) for mistake, _ in _mistakes(variant))


def check(variant: Variant, text: str) -> Result:
    """Grade an expression (or a comma-separated vector of them)."""
    given = _parse(variant, text)
    read_as = to_text(given)
    expected = reference(variant)
    if len(given.items) != len(expected.items):
        raise AnswerFormatError(
            f"it has {len(given.items)} expression(s) but this question expects {len(expected.items)}"
            + (" (one per entry, separated by commas)" if len(expected.items) > 1 else ""), text)
    _refuse_undefined(variant, given, text)
    verdict = _same(variant, given, expected)
    if verdict:
        return Result(True, 1.0, read_as, "Correct.")
    for mistake, feedback in _mistakes(variant):
        if _same(variant, given, mistake):
            message = render(feedback, variant.params)
            return Result(False, 0.0, read_as, message, mistake=message)
    if verdict is None:
        raise AnswerFormatError("it could not be decided in time whether it equals the expected expression; "
                                "write it more simply (this did not count as a try)", text)
    if len(expected.items) > 1:
        wrong = [i + 1 for i, (g, e) in enumerate(zip(given.items, expected.items))
                 if not _same(variant, Expression(g, text), Expression(e, ""))]
        return Result(False, 0.0, read_as, f"Not quite: entry {', '.join(map(str, wrong))} is wrong.")
    return Result(False, 0.0, read_as, "Not quite: your expression differs from the expected one.")


def _refuse_undefined(variant: Variant, given: Expression, text: str) -> None:
    """AnswerFormatError for an entry that has no value anywhere: a constant divisor or log argument of 0
    (pointed at), or an expression undefined at every sample point (`x/(x-x)`)."""
    from grader.expr import tree as t
    from grader.expr.precise import evaluate_float
    from grader.symbolic.equivalence import defined_somewhere

    spec = variant.question.spec
    for item in given.items:
        for node in t.walk(item):
            zero_at = None
            if isinstance(node, t.Binary) and node.op == "/" and t.is_constant(node.right):
                zero_at = node.right if evaluate_float(node.right, {}) == 0 else None
            elif isinstance(node, t.Call) and node.func in ("log", "ln") and t.is_constant(node.args[0]):
                zero_at = node if evaluate_float(node.args[0], {}) == 0 else None
            if zero_at is not None:
                what = "divides by zero" if isinstance(node, t.Binary) else "takes the log of 0"
                raise AnswerFormatError(f"it {what}", text, zero_at.start)
        if not defined_somewhere(item, tuple(spec.variables), spec.domain):
            raise AnswerFormatError("it has no value at any point (does it divide by zero, or take the log of 0?)",
                                    text, item.start if len(given.items) > 1 else None)


def answer_text(variant: Variant) -> str:
    """The reference expression(s) as written by the author (as SymPy writes a derivative)."""
    answer = variant.question.spec.answer
    if isinstance(answer, Derivative):
        return ", ".join(_derivative_texts(variant, answer))
    return _texts(variant, answer)


def prepare(variant: Variant) -> None:
    """Compute SymPy's derivatives before the learner's answer is timed (the author's work, bounded
    on its own in grader/solvers/derivative.py, and cached)."""
    if isinstance(variant.question.spec.answer, Derivative):
        reference(variant)
