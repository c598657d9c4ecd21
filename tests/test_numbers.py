"""The numeric answer reader: what it accepts, how it reads it, and what it refuses."""

import numpy as np
import pytest

from grader.errors import AnswerFormatError
from grader.numbers import describe, parse_numeric, shape_text

ACCEPTED = [
    ("0.04", 0.04),
    ("4e-2", 0.04),
    ("4E-2", 0.04),
    ("1/25", 0.04),
    ("-3", -3.0),
    ("+2.5", 2.5),
    (".5", 0.5),
    ("2^3", 8.0),
    ("2**3", 8.0),
    ("(1+2)*3", 9.0),
    ("−1.5", -1.5),
    ("[0.629, 0.231, 0.140]", [0.629, 0.231, 0.140]),
    ("0.629, 0.231, 0.140", [0.629, 0.231, 0.140]),
    ("(1, 3)", [1.0, 3.0]),
    ("[[1, 3], [2, 4]]", [[1.0, 3.0], [2.0, 4.0]]),
    ("1 3; 2 4", [[1.0, 3.0], [2.0, 4.0]]),
    ("[1/2, -1/4]", [0.5, -0.25]),
    ("  0.5  ", 0.5),
]


@pytest.mark.parametrize("text, expected", ACCEPTED)
def test_accepted(text, expected):
    assert np.allclose(parse_numeric(text), expected)
    assert parse_numeric(text).shape == np.shape(expected)


REFUSED = [
    ("", "empty"),
    ("abc", "'abc' is not a number"),
    ("nan", "NaN or infinity"),
    ("inf", "NaN or infinity"),
    ("1e999", "NaN or infinity"),
    ("1/0", "divides by zero"),
    ("[[1, 2], [3]]", "rows have different lengths"),
    ("[]", "empty list"),
    ("0.5.5", "not a number or list"),
    ("__import__('os').system('id')", "is not a number"),
    ("(lambda: 1)()", "is not a number"),
    ("[1, 2] * 3", "single numbers, not lists"),
    ("9**9**9", "exponent is too large"),
    ("True", "is not a number"),
    ("'1'", "is not a number"),
    ("[" * 500 + "1" + "]" * 500, "brackets deep"),
    ("1" * 3000, "characters long"),
]


@pytest.mark.parametrize("text, message", REFUSED)
def test_refused_with_a_reason(text, message):
    with pytest.raises(AnswerFormatError) as exc:
        parse_numeric(text)
    assert message in str(exc.value)
    assert str(exc.value).startswith("Your answer")


def test_syntax_error_points_at_the_column():
    with pytest.raises(AnswerFormatError) as exc:
        parse_numeric("1 +* 2")
    assert exc.value.position is not None
    assert "^" in str(exc.value)


@pytest.mark.parametrize("text, shown", [("1/25", "0.04"), ("[1, 3]", "[1, 3]"), ("[[1,2],[3,4]]", "[[1, 2], [3, 4]]"), ("0", "0")])
def test_describe_shows_how_it_was_read(text, shown):
    assert describe(parse_numeric(text)) == shown


@pytest.mark.parametrize("shape, text", [((), "a single number"), ((3,), "a vector of 3 numbers"), ((1,), "a vector of 1 number"), ((2, 3), "a 2x3 matrix")])
def test_shape_text(shape, text):
    assert shape_text(shape) == text
