"""Evaluate a scalar tree with mpmath at a chosen precision: how symbolic answers are compared.

Literals are exact (`0.1` is 1/10 at whatever precision is asked), so raising the precision
removes rounding error instead of freezing a binary 0.1 in place. Values may be complex (`sqrt(x)`
at a negative point). A point where the expression is undefined or overflows (`1/0`, `log(0)`,
`exp(exp(exp(x)))` at large x) gives None instead of an error or a long computation: every
operation whose result could outgrow `MAX_LOG` (about e^100000) is refused first.
"""

from __future__ import annotations

from typing import Mapping

import mpmath

from grader.expr import tree as t

MAX_LOG = 1e5  # |log| of the largest magnitude computed; beyond it a point counts as undefined


class Undefined(Exception):
    """The expression has no finite value at this point."""


def evaluate_at(node: t.Node, point: Mapping[str, mpmath.mpf], dps: int) -> mpmath.mpc | None:
    """The value of `node` at `point` with `dps` significant digits, or None where it is undefined."""
    with mpmath.workdps(dps):
        try:
            value = _eval(node, point)
        except (Undefined, ZeroDivisionError, ValueError, OverflowError, TypeError):
            return None
        return mpmath.mpc(value) if mpmath.isfinite(value) else None


def _real(value) -> mpmath.mpf:
    if isinstance(value, mpmath.mpc):
        if value.imag != 0:
            raise Undefined  # an order (max, relu, floor) is only defined on real numbers
        return value.real
    return value


def _checked(value):
    if not mpmath.isfinite(value):
        raise Undefined
    return value


def _magnitude(value) -> float:
    """log|value| as a float (minus infinity for 0)."""
    size = abs(value)
    return float(mpmath.log(size)) if size != 0 else float("-inf")


def _exp(x):
    if float(mpmath.re(x)) > MAX_LOG:
        raise Undefined
    return mpmath.exp(x)


def _power(base, exponent):
    if base == 0:
        if mpmath.re(exponent) <= 0:
            raise Undefined
        return mpmath.mpf(0)
    if abs(float(mpmath.re(exponent) if isinstance(exponent, mpmath.mpc) else exponent)) * max(
            abs(_magnitude(base)), 1e-300) > MAX_LOG:
        raise Undefined
    if isinstance(base, mpmath.mpf) and base < 0 and not (isinstance(exponent, mpmath.mpf) and exponent == int(exponent)):
        return mpmath.power(mpmath.mpc(base), exponent)
    return mpmath.power(base, exponent)


def _log(x):
    if x == 0:
        raise Undefined
    return mpmath.log(x) if not (isinstance(x, mpmath.mpf) and x < 0) else mpmath.log(mpmath.mpc(x))


def _sqrt(x):
    return mpmath.sqrt(x) if not (isinstance(x, mpmath.mpf) and x < 0) else mpmath.sqrt(mpmath.mpc(x))


def _sigmoid(x):
    return 1 / (1 + _exp(-x))


def _softplus(x):
    return _log(1 + _exp(x))


def _bounded(f, largest: float = MAX_LOG):
    """`f`, refusing arguments whose real part is larger than `largest` (sinh overflows beyond it;
    sin's range reduction needs as many digits as the argument has)."""
    def guarded(x):
        if abs(float(mpmath.re(x))) > largest or abs(float(mpmath.im(x))) > MAX_LOG:
            raise Undefined
        return f(x)
    return guarded


_FUNCTIONS = {
    "exp": _exp, "log": _log, "ln": _log, "sqrt": _sqrt, "abs": lambda x: abs(x),
    "sigmoid": _sigmoid, "softplus": _softplus, "relu": lambda x: max(_real(x), mpmath.mpf(0)),
    "tanh": _bounded(mpmath.tanh), "sinh": _bounded(mpmath.sinh), "cosh": _bounded(mpmath.cosh),
    "sech": _bounded(mpmath.sech), "sin": _bounded(mpmath.sin, 1e6), "cos": _bounded(mpmath.cos, 1e6),
    "tan": _bounded(mpmath.tan, 1e6),
    "asin": mpmath.asin, "acos": mpmath.acos, "atan": mpmath.atan,
    "floor": lambda x: mpmath.floor(_real(x)), "ceil": lambda x: mpmath.ceil(_real(x)),
}


def _eval(node: t.Node, point: Mapping[str, mpmath.mpf]):
    if isinstance(node, t.Num):
        return mpmath.mpf(node.value.numerator) / node.value.denominator
    if isinstance(node, t.Name):
        return point[node.id]
    if isinstance(node, t.Const):
        return +mpmath.e if node.id == "e" else +mpmath.pi
    if isinstance(node, t.Unary):
        value = _eval(node.operand, point)
        if node.op == "not":
            raise Undefined
        return -value if node.op == "-" else value
    if isinstance(node, t.Binary):
        a, b = _eval(node.left, point), _eval(node.right, point)
        op = node.op
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return _checked(a * b)
        if op == "/":
            if b == 0:
                raise Undefined
            return _checked(a / b)
        if op == "^":
            return _checked(_power(a, b))
        raise Undefined  # comparisons, @: not scalar algebra
    if isinstance(node, t.Call):
        args = [_eval(a, point) for a in node.args]
        if node.func in ("max", "min"):
            reals = [_real(a) for a in args]
            return max(reals) if node.func == "max" else min(reals)
        if node.func in _FUNCTIONS and len(args) == 1:
            return _checked(_FUNCTIONS[node.func](args[0]))
    raise Undefined  # arrays, indexing: not a scalar expression
