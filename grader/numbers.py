"""Read a typed numeric answer (scalar, vector or matrix) in the safe math language (grader.expr).

Accepted: `0.04`, `4e-2`, `1/25`, `-3`, `2^3`, `1/(1+exp(-0.5))`, `sqrt(2)/2`, `log(3)`, `pi/4`,
`[0.629, 0.231, 0.140]`, `0.629, 0.231, 0.140`, `0.629 0.231 0.140`, `[[1, 3], [2, 4]]` and
`1 3; 2 4` style rows. Nothing is ever passed to `eval`; every refusal says where and why.
"""

from __future__ import annotations

import numpy as np

from grader.errors import AnswerFormatError
from grader.expr import ExprError, evaluate, numeric_answer, parse

EXPECTED = ("a number such as 0.04, 4e-2, 1/25 or sqrt(2)/2, a vector such as [0.6, 0.3, 0.1], "
            "or a matrix such as [[1, 3], [2, 4]]")
_DIALECT = numeric_answer()
MAX_LENGTH = _DIALECT.limits.max_length


def parse_numeric(text: str) -> np.ndarray:
    """The answer as a float array (0-d for a scalar); AnswerFormatError says what went wrong and where."""
    try:
        value = evaluate(parse(text, _DIALECT))
    except ExprError as exc:
        raise answer_error(exc, text, EXPECTED) from None
    return value.astype(float)


def answer_error(exc: ExprError, text: str, expected: str) -> AnswerFormatError:
    """A learner-facing AnswerFormatError from an ExprError (the expected forms added to syntax problems)."""
    message = exc.message
    if _about_form(message):
        message = f"{message.rstrip('. ')}. Expected {expected}"
    return AnswerFormatError(message, text, exc.position)


def _about_form(message: str) -> bool:
    return any(key in message for key in ("cannot come here", "not known here", "is empty", "ends too early",
                                          "is not allowed", "cannot follow"))


def describe(arr: np.ndarray, digits: int = 4) -> str:
    """How an answer was read: `0.04`, `[0.629, 0.231, 0.14]`, `[[1, 3], [2, 4]]`."""
    if arr.ndim == 0:
        return _num(float(arr), digits)
    return "[" + ", ".join(describe(a, digits) for a in arr) + "]"


def _num(v: float, digits: int) -> str:
    return f"{v:.{digits}g}" if v != 0 else "0"


def shape_text(shape: tuple[int, ...]) -> str:
    """`()` -> 'a single number', `(3,)` -> 'a vector of 3 numbers', `(2, 3)` -> 'a 2x3 matrix'."""
    if not shape:
        return "a single number"
    if len(shape) == 1:
        return f"a vector of {shape[0]} number{'s' * (shape[0] != 1)}"
    return "a " + "x".join(map(str, shape)) + " matrix"
