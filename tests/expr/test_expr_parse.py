"""The expression language's reader: what each dialect reads, how (printed back), and what it refuses, where."""

import pytest

from grader.expr import ExprError, formula, numeric_answer, parse, symbolic_answer, to_text

SYM = symbolic_answer(["x", "y", "R1", "R3"])
NUM = numeric_answer()
FORM = formula(["w", "x", "b", "W", "label", "n"])

READ = [
    # dialect, text, how it is read (printed with every operator explicit)
    (NUM, "0.04", "0.04"),
    (NUM, "-3", "-3"),
    (NUM, "1/(1+exp(-0.5))", "1/(1 + exp(-0.5))"),
    (NUM, "sqrt(2)/2", "sqrt(2)/2"),
    (NUM, "2pi", "2*pi"),
    (NUM, "2^3^2", "2^3^2"),
    (NUM, "(2^3)^2", "(2^3)^2"),
    (NUM, "-2^2", "-2^2"),
    (NUM, "(-2)^2", "(-2)^2"),
    (NUM, "2**-1", "2^-1"),
    (NUM, "E^2", "e^2"),
    (NUM, "−1.5 × 2 · 3 ÷ 4", "-1.5*2*3/4"),
    (NUM, "2²", "2^2"),
    (NUM, ".5", "0.5"),
    (NUM, "[0.629, 0.231, 0.140]", "[0.629, 0.231, 0.140]"),
    (NUM, "0.629, 0.231, 0.140", "0.629, 0.231, 0.140"),
    (NUM, "0.629 0.231 0.140", "0.629, 0.231, 0.140"),
    (NUM, "(1, 3)", "[1, 3]"),
    (NUM, "[[1, 3], [2, 4]]", "[[1, 3], [2, 4]]"),
    (NUM, "1 3; 2 4", "[[1, 3], [2, 4]]"),
    (NUM, "[1 -2; 3 4]", "[[1, -2], [3, 4]]"),
    (NUM, "1 - 2", "1 - 2"),
    (NUM, "max(0.1, 0.3)", "max(0.1, 0.3)"),
    (SYM, "2x", "2*x"),
    (SYM, "2 x y", "2*x*y"),
    (SYM, "1/2x", "1/2*x"),
    (SYM, "4/3 x, 2y-2", "4/3*x, 2*y - 2"),
    (SYM, "[4x/3, 2y - 2]", "[4*x/3, 2*y - 2]"),
    (SYM, "sigmoid(x)(1-sigmoid(x))", "sigmoid(x)*(1 - sigmoid(x))"),
    (SYM, "σ(x)(1 − σ(x))", "sigmoid(x)*(1 - sigmoid(x))"),
    (SYM, "x*(1-x)", "x*(1 - x)"),
    (SYM, "(x+1)(x-1)", "(x + 1)*(x - 1)"),
    (SYM, "e^-x", "e^-x"),
    (SYM, "x²y³", "x^2*y^3"),
    (SYM, "x⁻¹", "x^-1"),
    (SYM, "R1*(R3+1)", "R1*(R3 + 1)"),
    (SYM, "exp (x)", "exp(x)"),
    (SYM, "ln(x) + log(y)", "ln(x) + log(y)"),
    (SYM, "-x^2", "-x^2"),
    (FORM, "w @ x + b", "w @ x + b"),
    (FORM, "W.T @ x", "W.T @ x"),
    (FORM, "x[label]", "x[label]"),
    (FORM, "W[0, 1]", "W[0, 1]"),
    (FORM, "one_hot(label, n)", "one_hot(label, n)"),
    (FORM, "sum(x) / n", "sum(x)/n"),
    (FORM, "label < n and w > 0", "label < n and w > 0"),
    (FORM, "not w >= 0", "not w >= 0"),
    (FORM, "softmax([1, 2, 3])", "softmax([1, 2, 3])"),
]


@pytest.mark.parametrize("dialect, text, shown", READ)
def test_reads_and_prints_back(dialect, text, shown):
    expr = parse(text, dialect)
    assert to_text(expr) == shown
    assert to_text(parse(to_text(expr), dialect)) == shown  # printing is a fixed point


REFUSED = [
    # dialect, text, message fragment, position (0-based) or None
    (SYM, "sigmoid(x)*(1-sigmoid(x)", "never closed", 11),
    (SYM, "sigmoid(x))", "no matching '('", 10),
    (SYM, "(", "never closed", 0),
    (SYM, "σ(1-σ)", "needs its argument in parentheses", 4),
    (SYM, "sigmoid^2", "for a power write sigmoid(x)^2", 0),
    (SYM, "relu+1", "needs its argument", 0),
    (SYM, "exp x", "needs its argument", 0),
    (SYM, "R1(R3+1)", "'R1' is a variable, not a function", 0),
    (SYM, "x(1-x)", "for a product write x*(...)", 0),
    (SYM, "pi(3)", "'pi' is a constant, not a function", 0),
    (SYM, "xy", "For a product write x*y", 0),
    (SYM, "z + 1", "name 'z'", 0),
    (SYM, "foo(x)", "function 'foo'", 0),
    (SYM, "Exp(x)", "Did you mean 'exp'", 0),
    (SYM, "__import__('os').system('id')", "'__import__', which is not known", 0),
    (SYM, "x.__class__", "a point only belongs inside a number", 1),
    (SYM, "x; import os", "';' separates the rows", 1),
    (SYM, "'x'", "quotes", 0),
    (SYM, "x[0]", "'[' cannot come here", 1),
    (SYM, "x +", "ends too early", 3),
    (SYM, "x, ", "entry of the list is empty", 3),
    (SYM, ", x", "entry of the list is empty", 0),
    (SYM, "x = 2", "without '='", 2),
    (SYM, "2 3", "cannot follow '2' directly", 2),
    (SYM, "x 2", "cannot follow 'x' directly", 2),
    (SYM, "sigmoid()", "has no argument", 0),
    (SYM, "exp(x, y)", "takes 1 argument", 0),
    (SYM, "max(x)", "at least 2", 0),
    (SYM, "[x, y] * 2", "list cannot be part of a calculation", 0),
    (SYM, "x < y", "'<' cannot come here", 2),
    (SYM, "x @ y", "'@' cannot come here", 2),
    (SYM, "9^9^9^9", "exponent is larger", 4),
    (SYM, "x^5000", "exponent is larger", 2),
    (SYM, "(((2^200)^200)^200)^200", "too large to compute", 2),
    (SYM, "1e999999", "exponent of this number is too large", 0),
    (SYM, "1e999999999", "exponent of this number is too large", 0),
    (SYM, "9" * 320, "320 digits", 0),
    (SYM, "e^(e^(e^(e^(e^(e^(e^x))))))", "more than 6 powers", 0),
    (SYM, "-" * 500 + "x", "nested more than", None),
    (SYM, "(" * 100 + "x" + ")" * 100, "nested more than", None),
    (SYM, "x" + "+x" * 1200, "characters long", None),
    (SYM, "+".join(["x"] * 300), "more than 200 operations", None),
    (SYM, "", "empty", None),
    (SYM, "   ", "empty", None),
    (SYM, "\udcff", "U+DCFF", 0),
    (SYM, "x\x00", "U+0000", 1),
    (NUM, "²", "needs something before it", 0),
    (NUM, "①", "not a digit you can type", 0),
    (NUM, "nan", "NaN or infinity", 0),
    (NUM, "inf", "NaN or infinity", 0),
    (NUM, "x", "name 'x'", 0),
    (NUM, "[]", "empty list", 0),
    (NUM, "0.5.5", "cannot follow '0.5' directly", 3),
    (NUM, "1 +* 2", "'*' cannot come here", 3),
    (NUM, "[1, 2] * 3", "list cannot be part of a calculation", 0),
    (NUM, "[[1, 2], 3", "never closed", 0),
    (NUM, "(lambda: 1)()", "name 'lambda'", 1),
    (NUM, "1 + 'a'", "quotes", 4),
    (FORM, "a < b < c", None, None),
    (FORM, "w < x < b", "chain comparisons", 6),
    (FORM, "x[]", "no index", 1),
]


@pytest.mark.parametrize("dialect, text, fragment, position", REFUSED)
def test_refused_with_a_reason_and_a_position(dialect, text, fragment, position):
    with pytest.raises(ExprError) as exc:
        parse(text, dialect)
    if fragment is not None:
        assert fragment in exc.value.message
    if position is not None:
        assert exc.value.position == position


def test_pointer_shows_the_text_and_a_caret():
    with pytest.raises(ExprError) as exc:
        parse("x + z", SYM)
    assert exc.value.pointer("x + z") == "x + z\n    ^"


def test_pointer_windows_long_text_and_hides_unprintable_characters():
    text = "x+" * 100 + "\udcff"
    with pytest.raises(ExprError) as exc:
        parse(text, SYM)
    lines = exc.value.pointer(text).splitlines()
    assert lines[0].startswith("...") and lines[0].endswith("?")
    assert lines[1].index("^") == len(lines[0]) - 1


def test_names_used_are_listed():
    assert parse("R1*x + 2", SYM).names == frozenset({"R1", "x"})


def test_numbers_are_exact():
    from fractions import Fraction

    assert parse("0.1", NUM).tree.value == Fraction(1, 10)
    assert parse("2.5e-3", NUM).tree.value == Fraction(1, 400)


def test_importing_the_package_does_not_import_sympy():
    import subprocess
    import sys

    code = "import sys, grader.expr; print('sympy' in sys.modules, 'mpmath' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
