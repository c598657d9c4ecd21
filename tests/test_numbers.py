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
    ("abc", "the name 'abc', which is not known here"),
    ("nan", "NaN or infinity"),
    ("inf", "NaN or infinity"),
    ("1e999", "exponent of this number is too large"),
    ("1e309", "too large"),
    ("1/0", "divides by zero"),
    ("(-8)**(1/3)", "not a real number"),
    ("9" * 320, "320 digits"),
    ("[[1, 2], [3]]", "rows have different lengths"),
    ("[]", "empty list"),
    ("0.5.5", "cannot follow '0.5' directly"),
    ("__import__('os').system('id')", "'__import__', which is not known here"),
    ("(lambda: 1)()", "'lambda', which is not known here"),
    ("[1, 2] * 3", "a list cannot be part of a calculation"),
    ("9**9**9", "exponent is larger than"),
    ("True", "'True', which is not known here"),
    ("'1'", "quotes are not part"),
    ("[" * 500 + "1" + "]" * 500, "nested more than"),
    ("1" * 3000, "characters long"),
    ("2 * x", "Expected a number such as"),
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
