"""Properties of the expression language over arbitrary and generated text (hypothesis, bounded counts)."""

import time

import mpmath
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.expr import ExprError, evaluate, formula, numeric_answer, parse, symbolic_answer, to_text
from grader.expr.precise import evaluate_at

SYM = symbolic_answer(["x", "y"])
NUM = numeric_answer()
FORM = formula(["x", "y", "v"])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text made mostly of the language's own pieces, so the parser gets deep before it fails
PIECES = st.sampled_from(["x", "y", "2", "0.5", "1e-3", "1e400", "9" * 45, "(", ")", "[", "]", ",", ";", " ", "+",
                          "-", "*", "/", "^", "**", "@", ".T", "²", "σ", "π", "e", "pi", "exp", "log", "sigmoid",
                          "relu", "max", "sum", "one_hot", "<", "and", "'", "\udcff", "①", "x(", "σ(", "9^9^9"])
SOUPS = st.lists(PIECES, max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=60), SOUPS)


def _read(text, dialect):
    start = time.monotonic()
    try:
        expr = parse(text, dialect)
    except ExprError as exc:
        assert exc.message
        assert exc.position is None or 0 <= exc.position <= len(text)
        expr = None
    assert time.monotonic() - start < 1.0
    return expr


@FAST
@given(ANY_TEXT)
def test_any_text_is_read_or_refused_with_a_message(text):
    for dialect in (SYM, NUM, FORM):
        expr = _read(text, dialect)
        if expr is not None and dialect is not SYM:
            try:
                evaluate(expr, {"x": 0.5, "y": -1.5, "v": [1.0, 2.0]})
            except ExprError as exc:
                assert exc.message


@FAST
@given(SOUPS)
def test_precise_evaluation_never_raises(text):
    expr = _read(text, SYM)
    if expr is not None:
        for item in expr.items:
            value = evaluate_at(item, {"x": mpmath.mpf(3), "y": mpmath.mpf(-0.5)}, 30)
            assert value is None or mpmath.isfinite(value)


# well-formed expressions, built as text from a small grammar
ATOMS = st.sampled_from(["x", "y", "2", "0.5", "3", "pi", "e", "1e-2"])


def _combine(children):
    unary = st.builds(lambda f, a: f"{f}({a})", st.sampled_from(["exp", "log", "sqrt", "sigmoid", "relu", "tanh"]),
                      children)
    binary = st.builds(lambda a, op, b: f"({a}){op}({b})", children, st.sampled_from(["+", "-", "*", "/", "^"]),
                       children)
    return st.one_of(unary, binary, children.map(lambda a: f"-{a}"))


EXPRESSIONS = st.recursive(ATOMS, _combine, max_leaves=12)


@FAST
@given(EXPRESSIONS)
def test_printing_reads_back_to_the_same_value(text):
    expr = _read(text, SYM)
    if expr is None:
        return  # e.g. a constant power over the limits
    again = parse(to_text(expr), SYM)
    assert to_text(again) == to_text(expr)
    point = {"x": mpmath.mpf("0.7"), "y": mpmath.mpf("1.3")}
    a, b = evaluate_at(expr.tree, point, 30), evaluate_at(again.tree, point, 30)
    assert (a is None) == (b is None)
    if a is not None:
        assert a == b


@FAST
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=6))
def test_numeric_lists_read_as_typed(values):
    text = ", ".join(repr(v) for v in values)
    got = evaluate(parse(text, NUM))
    assert np.allclose(got if len(values) > 1 else [got], values, rtol=1e-15, atol=0)
