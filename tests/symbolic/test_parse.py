"""The symbolic answer reader: DL notation accepted (and read as shown), code and unknown names refused with a position."""

import pytest
import sympy

from grader.errors import AnswerFormatError
from grader.expr import to_text
from grader.expr.to_sympy import symbols_for, to_sympy_list
from grader.symbolic.parse import parse_answer

S = symbols_for(["x", "y"])
x, y = S["x"], S["y"]
sig = 1 / (1 + sympy.exp(-x))

READ = [
    ("x^2", "x^2", [x**2]),
    ("x**2", "x^2", [x**2]),
    ("2x", "2*x", [2 * x]),
    ("x*(1-x)", "x*(1 - x)", [x * (1 - x)]),
    ("2 x y", "2*x*y", [2 * x * y]),
    ("sigmoid(x)", "sigmoid(x)", [sig]),
    ("σ(x)(1 - σ(x))", "sigmoid(x)*(1 - sigmoid(x))", [sig * (1 - sig)]),
    ("ln(x)", "ln(x)", [sympy.log(x)]),
    ("e^x", "e^x", [sympy.exp(x)]),
    ("E^-x", "e^-x", [sympy.exp(-x)]),
    ("tanh(x)", "tanh(x)", [sympy.tanh(x)]),
    ("relu(x)", "relu(x)", [sympy.Max(0, x)]),
    ("softplus(x)", "softplus(x)", [sympy.log(1 + sympy.exp(x))]),
    ("sqrt(x)", "sqrt(x)", [sympy.sqrt(x)]),
    ("x², y³", "x^2, y^3", [x**2, y**3]),
    ("[4x/3, 2y - 2]", "[4*x/3, 2*y - 2]", [sympy.Rational(4, 3) * x, 2 * y - 2]),
    ("4/3 x, 2y-2", "4/3*x, 2*y - 2", [sympy.Rational(4, 3) * x, 2 * y - 2]),
    ("0.1x", "0.1*x", [x / 10]),
    ("x·y × 2 − 1", "x*y*2 - 1", [2 * x * y - 1]),
    ("π x", "pi*x", [sympy.pi * x]),
]


@pytest.mark.parametrize("text, shown, expected", READ)
def test_reads_course_notation(text, shown, expected):
    got = parse_answer(text, ["x", "y"])
    assert to_text(got) == shown
    assert all(sympy.simplify(g - e) == 0 for g, e in zip(to_sympy_list(got, S), expected, strict=True))


REFUSED = [
    ("__import__('os').system('id')", "'__import__'", 0),
    ("x.__class__", "a point only belongs inside a number", 1),
    ("().__class__.__bases__", "'()' has nothing inside", 0),
    ("eval('1')", "'eval'", 0),
    ("open('/etc/passwd')", "'open'", 0),
    ("lambda: 1", "'lambda'", 0),
    ("z + 1", "name 'z'", 0),
    ("foo(x)", "function 'foo'", 0),
    ("xy", "For a product write x*y", 0),
    ("x(1-x)", "'x' is a variable, not a function", 0),
    ("pi(3)", "'pi' is a constant", 0),
    ("exp x", "needs its argument in parentheses", 0),
    ("x; import os", "';' separates the rows", 1),
    ("'x'", "quotes", 0),
    ("x[0]", "'[' cannot come here", 1),
    ("", "empty", None),
    ("x +", "ends too early", 3),
    ("9^9^9^9", "exponent is larger", 4),
    ("x^5000", "exponent is larger", 2),
    ("sigmoid", "needs its argument", 0),
    ("x, ", "empty", 3),
    ("[[x]]", "one flat list", 1),
    ("x" * 2500, "characters long", None),
]


@pytest.mark.parametrize("text, message, position", REFUSED)
def test_refuses_with_a_pointer(text, message, position):
    with pytest.raises(AnswerFormatError) as exc:
        parse_answer(text, ["x", "y"])
    assert message in str(exc.value)
    assert exc.value.position == position
    assert str(exc.value).startswith("Your answer could not be read: ")


def test_unknown_name_position_points_at_it():
    with pytest.raises(AnswerFormatError) as exc:
        parse_answer("x + z", ["x"])
    assert exc.value.position == 4
    assert str(exc.value).endswith("  x + z\n      ^")
