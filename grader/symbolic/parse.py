"""Read a learner's (or an author's) expression in the question's variables, in the safe math language.

The text goes through grader.expr's own parser (no SymPy, no `eval`): numbers (exact), the
question's variables, the vocabulary's functions and constants, `+ - * / ^`, implicit products
(`2x`, `sigmoid(x)(1-sigmoid(x))`), Unicode `σ π · × − ²`, and a comma-separated list for a vector.
"""

from __future__ import annotations

from functools import lru_cache

from grader.errors import AnswerFormatError
from grader.expr import RESERVED, ExprError, Expression, parse, symbolic_answer
from grader.numbers import answer_error

__all__ = ["RESERVED", "expected_syntax", "parse_answer"]


def expected_syntax(variables: list[str] | tuple[str, ...]) -> str:
    """What a learner may type, for error messages."""
    return (f"an expression in {', '.join(variables)} using + - * / ^, parentheses and functions such as "
            "exp, log, sqrt, sigmoid, relu, tanh (`dlquiz docs cli` lists them all)")


def parse_answer(text: str, variables: list[str] | tuple[str, ...]) -> Expression:
    """The parsed expression; its `items` are the entries of a vector answer (one for a scalar)."""
    return _parse_cached(text, tuple(variables))


@lru_cache(maxsize=512)
def _parse_cached(text: str, variables: tuple[str, ...]) -> Expression:
    try:
        expr = parse(text, symbolic_answer(variables))
    except ExprError as exc:
        raise answer_error(exc, text, expected_syntax(variables)) from None
    for item in expr.items:
        if hasattr(item, "items"):  # a list inside the list
            raise AnswerFormatError("a vector answer is one flat list of expressions, e.g. 4x/3, 2y-2", text,
                                    item.start)
    return expr
