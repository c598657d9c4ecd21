"""The safe expression parser: DL notation accepted, code and unknown names refused with a position."""

import pytest
import sympy

from grader.errors import AnswerFormatError
from grader.symbolic.parse import parse_answer

x, y = sympy.symbols("x y", real=True)
sig = 1 / (1 + sympy.exp(-x))

READ = [
    ("x^2", [x**2]),
    ("x**2", [x**2]),
    ("2x", [2 * x]),
    ("x(1-x)", [x * (1 - x)]),
    ("2 x y", [2 * x * y]),
    ("sigmoid(x)", [sig]),
    ("σ(x)", [sig]),
    ("ln(x)", [sympy.log(x)]),
    ("e^x", [sympy.exp(x)]),
    ("exp x", [sympy.exp(x)]),
    ("tanh(x)", [sympy.tanh(x)]),
    ("relu(x)", [sympy.Max(0, x)]),
    ("softplus(x)", [sympy.log(1 + sympy.exp(x))]),
    ("sqrt(x)", [sympy.sqrt(x)]),
    ("x², y³", [x**2, y**3]),
    ("[4x/3, 2y - 2]", [sympy.Rational(4, 3) * x, 2 * y - 2]),
    ("4/3 x, 2y-2", [sympy.Rational(4, 3) * x, 2 * y - 2]),
]


@pytest.mark.parametrize("text, expected", READ)
def test_reads_course_notation(text, expected):
    got = parse_answer(text, ["x", "y"])
    assert len(got) == len(expected)
    assert all(sympy.simplify(g - e) == 0 for g, e in zip(got, expected))


REFUSED = [
    ("__import__('os').system('id')", "__import__"),
    ("x.__class__", "character '.'"),
    ("().__class__.__bases__", "character '.'"),
    ("eval('1')", "'eval'"),
    ("open('/etc/passwd')", "'open'"),
    ("lambda: 1", "'lambda'"),
    ("z + 1", "name 'z'"),
    ("foo(x)", "function 'foo'"),
    ("xy", "For a product write x*y"),
    ("x; import os", "character ';'"),
    ("'x'", "character"),
    ("x[0]", "character '['"),
    ("", "empty"),
    ("x +", "not a complete expression"),
    ("9^9^9^9", "exponent is larger"),
    ("x^1000", "exponent is larger"),
    ("sigmoid", "needs its argument"),
    ("x, ", "empty"),
    ("x" * 600, "longer than"),
]


@pytest.mark.parametrize("text, message", REFUSED)
def test_refuses_with_a_pointer(text, message):
    with pytest.raises(AnswerFormatError) as exc:
        parse_answer(text, ["x", "y"])
    assert message in str(exc.value)


def test_unknown_name_position_points_at_it():
    with pytest.raises(AnswerFormatError) as exc:
        parse_answer("x + z", ["x"])
    assert exc.value.position == 4


def test_positive_domain_gives_positive_symbols():
    (expr,) = parse_answer("x", ["x"], domain="positive")
    assert expr.is_positive
