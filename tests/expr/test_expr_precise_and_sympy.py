"""The mpmath evaluator (exact literals, undefined points, bounded growth) and the SymPy converter."""

import time

import mpmath
import pytest
import sympy

from grader.expr import formula, parse, symbolic_answer
from grader.expr.precise import evaluate_at
from grader.expr.to_sympy import symbols_for, to_sympy, to_sympy_list

SYM = symbolic_answer(["x", "y"])
AT = {"x": mpmath.mpf("0.75"), "y": mpmath.mpf(-2)}


@pytest.mark.parametrize("text, expected", [
    ("0.1*x", lambda: mpmath.mpf(3) / 40),
    ("sigmoid(x)(1-sigmoid(x))", lambda: mpmath.exp(-0.75) / (1 + mpmath.exp(-0.75)) ** 2),
    ("sqrt(y)", lambda: mpmath.sqrt(mpmath.mpc(-2))),
    ("relu(y) + max(x, y)", lambda: mpmath.mpf("0.75")),
    ("softplus(x) - softplus(-x)", lambda: mpmath.mpf("0.75")),
])
def test_values_at_a_point(text, expected):
    value = evaluate_at(parse(text, SYM).tree, AT, 30)
    with mpmath.workdps(40):
        assert abs(value - expected()) < mpmath.mpf(10) ** -28


def test_literals_are_exact_at_every_precision():
    tenth = parse("0.1", SYM).tree
    for dps in (30, 60, 120):
        with mpmath.workdps(dps + 10):
            assert abs(evaluate_at(tenth, AT, dps) - mpmath.mpf(1) / 10) < mpmath.mpf(10) ** -(dps - 1)


@pytest.mark.parametrize("text", ["1/(x-x)", "log(x-x)", "0^(-1)", "relu(sqrt(y))", "exp(exp(exp(exp(exp(x+3)))))"])
def test_undefined_points_give_none_quickly(text):
    start = time.perf_counter()
    assert evaluate_at(parse(text, SYM).tree, {"x": mpmath.mpf(3), "y": mpmath.mpf(-2)}, 30) is None
    assert time.perf_counter() - start < 0.5


def test_sympy_decimals_are_exact_rationals():
    x = symbols_for(["x"])["x"]
    assert to_sympy(parse("0.1*x", SYM), {"x": x}) == x / 10
    assert to_sympy(parse("0.333333333333333", SYM), {}) != sympy.Rational(1, 3)


def test_sympy_functions_and_lists():
    s = symbols_for(["x", "y"], "positive")
    x, y = s["x"], s["y"]
    got = to_sympy_list(parse("[σ(x), relu(y), softplus(x), ln(y), e^x, pi]", SYM), s)
    assert [sympy.simplify(g - w) for g, w in zip(got, [1 / (1 + sympy.exp(-x)), y, sympy.log(1 + sympy.exp(x)),
                                                        sympy.log(y), sympy.exp(x), sympy.pi])] == [0] * 6


def test_sympy_matrices_and_formulas():
    s = symbols_for(["a"])
    assert to_sympy(parse("[[1, 2], [3, a]].T", formula(["a"])), s) == sympy.Matrix([[1, 3], [2, s["a"]]])
    assert to_sympy(parse("a < 2 and a > 0", formula(["a"])), s) == sympy.And(s["a"] < 2, s["a"] > 0)


def test_sympy_refuses_division_by_zero():
    from grader.expr import ExprError

    with pytest.raises(ExprError, match="divides by zero"):
        to_sympy(parse("x/(x-x)", SYM), symbols_for(["x"]))
