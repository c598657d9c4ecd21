"""The NumPy evaluator: scalars, arrays and every function authors' formulas use; errors with positions."""

import numpy as np
import pytest

from grader.expr import ExprError, evaluate, formula, numeric_answer, parse

NUM = numeric_answer()
PARAMS = {"w": [0.5, -1.0, 2.0], "x": [1.0, 2.0, 3.0], "b": 0.25, "W": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
          "label": 2, "n": 3, "z": [[1.0, 2.0], [3.0, 5.0]]}
FORM = formula(list(PARAMS))

VALUES = [
    (NUM, "1/(1+exp(-0.5))", 1 / (1 + np.exp(-0.5))),
    (NUM, "sqrt(2)/2", np.sqrt(2) / 2),
    (NUM, "log(3)", np.log(3)),
    (NUM, "ln(e^2)", 2.0),
    (NUM, "2^3^2", 512.0),
    (NUM, "-2^2", -4.0),
    (NUM, "1/2*4", 2.0),
    (NUM, "sigmoid(-1000)", 0.0),
    (NUM, "sigmoid(1000)", 1.0),
    (NUM, "softplus(1000)", 1000.0),
    (NUM, "relu(-2) + relu(3)", 3.0),
    (NUM, "step(-2) + step(0) + step(3)", 1.0),
    (NUM, "max(0.1, 0.3, 0.2)", 0.3),
    (NUM, "atan(1)*4", np.pi),
    (NUM, "tanh(0.5)", np.tanh(0.5)),
    (NUM, "[1/2, -1/4]", [0.5, -0.25]),
    (NUM, "1 3; 2 4", [[1.0, 3.0], [2.0, 4.0]]),
    (NUM, "2²", 4.0),
    (FORM, "w @ x + b", 0.5 - 2.0 + 6.0 + 0.25),
    (FORM, "W.T @ x", [22.0, 28.0]),
    (FORM, "transpose(W)[1, 2]", 6.0),
    (FORM, "x[label]", 3.0),
    (FORM, "x[-1]", 3.0),
    (FORM, "W[1, 0]", 3.0),
    (FORM, "sum(x)", 6.0),
    (FORM, "sum(W, 0)", [9.0, 12.0]),
    (FORM, "mean(x)", 2.0),
    (FORM, "max(x)", 3.0),
    (FORM, "min(w)", -1.0),
    (FORM, "max(w, 0)", [0.5, 0.0, 2.0]),
    (FORM, "relu(w)", [0.5, 0.0, 2.0]),
    (FORM, "softmax([0, 0])", [0.5, 0.5]),
    (FORM, "sum(softmax(x))", 1.0),
    (FORM, "softmax(z, 0)[0, 0]", 1 / (1 + np.exp(2))),
    (FORM, "norm([3, 4])", 5.0),
    (FORM, "floor(2.7) + ceil(2.1)", 5.0),
    (FORM, "one_hot(label, n)", [0.0, 0.0, 1.0]),
    (FORM, "one_hot([0, 1], 2)", [[1.0, 0.0], [0.0, 1.0]]),
    (FORM, "-log(softmax(x)[label])", -np.log(np.exp(3) / np.exp([1, 2, 3]).sum())),
    (FORM, "exp(w) * x", np.exp([0.5, -1.0, 2.0]) * [1, 2, 3]),
    (FORM, "x / n", [1 / 3, 2 / 3, 1.0]),
    (FORM, "[1, 2] * 3", [3.0, 6.0]),
    (FORM, "label < n and b > 0", True),
    (FORM, "not label < n", False),
    (FORM, "w > 0", [True, False, True]),
]


@pytest.mark.parametrize("dialect, text, expected", VALUES)
def test_values(dialect, text, expected):
    got = evaluate(parse(text, dialect), PARAMS)
    assert np.shape(got) == np.shape(expected)
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-300)


ERRORS = [
    (NUM, "1/0", "divides by zero", 2),
    (NUM, "1/(1-1)", "divides by zero", 2),
    (NUM, "0^-1", "divides by zero", 0),
    (NUM, "log(0)", "log of 0", 0),
    (NUM, "log(-1)", "needs a positive number", 0),
    (NUM, "sqrt(-1)", "not a real number", 0),
    (NUM, "asin(2)", "in [-1, 1]", 0),
    (NUM, "(-8)^(1/3)", "negative number to a fractional power", 0),
    (NUM, "2 * (-8)^(1/3)", "negative number to a fractional power", 4),
    (NUM, "exp(1000)", "too large to compute", 0),
    (NUM, "10^300 * 10^300", "too large", 0),
    (NUM, "1e309", "too large", 0),
    (NUM, "1e-400", "too small to hold", 0),
    (NUM, "[[1, 2], [3]]", "rows have different lengths", 0),
    (NUM, "sinh(800)", "too large", 0),
    (FORM, "W @ w", "do not fit for @", 0),
    (FORM, "w + [1, 2]", "do not fit together", 0),
    (FORM, "x[3]", "out of range", 2),
    (FORM, "x[0.5]", "whole number", 2),
    (FORM, "b[0]", "1 indices for an array of shape scalar", 0),
    (FORM, "b @ x", "use * for a number", 0),
    (FORM, "one_hot(3, n)", "from 0 to 2", 8),
    (FORM, "one_hot(0, 10^9)", "from 1 to 100000", 11),
    (FORM, "sum(x, 5)", "axis", 7),
    (FORM, "x / (w - w)", "divides by zero", 4),
]


@pytest.mark.parametrize("dialect, text, fragment, position", ERRORS)
def test_errors_are_messages_with_positions(dialect, text, fragment, position):
    with pytest.raises(ExprError) as exc:
        evaluate(parse(text, dialect), PARAMS)
    assert fragment in exc.value.message
    assert exc.value.position == position


def test_no_numpy_warning_escapes(recwarn):
    for text in ("exp(1000)", "1/0", "log(0)", "sqrt(-1)", "(-8)^(1/3)"):
        with pytest.raises(ExprError):
            evaluate(parse(text, NUM))
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_parameter_that_is_not_a_number_is_an_error():
    with pytest.raises(ExprError, match="not a number"):
        evaluate(parse("w + 1", FORM), {"w": "abc"})


def test_a_non_finite_parameter_is_never_a_result():
    with pytest.raises(ExprError, match="not a finite number"):
        evaluate(parse("w + 1", FORM), {"w": float("inf")})
