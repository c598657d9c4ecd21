"""Evaluate a scalar tree at a point: with mpmath at a chosen precision, or with machine floats.

This is how symbolic answers are compared (grader.symbolic.equivalence): machine floats screen
quickly, mpmath decides. Literals are exact (`0.1` is 1/10 at whatever precision is asked), so
raising the precision removes rounding error instead of freezing a binary 0.1 in place. Values
may be complex (`sqrt(x)` at a negative point). A point where the expression is undefined or
overflows (`1/0`, `log(0)`, `exp(exp(exp(x)))` at large x) gives None instead of an error or a long
computation: every operation whose result could outgrow `MAX_LOG` (about e^100000) is refused first.
"""

from __future__ import annotations

import cmath
import math
from typing import Any, Callable, Mapping

import mpmath

from grader.expr import tree as t

MAX_LOG = 1e5  # |log| of the largest magnitude computed; beyond it a point counts as undefined
MAX_TRIG = 1e6  # sin's range reduction needs as many digits as its argument has


class Undefined(Exception):
    """The expression has no finite value at this point."""


def evaluate_at(node: t.Node, point: Mapping[str, Any], dps: int) -> mpmath.mpc | None:
    """The value of `node` at `point` with `dps` significant digits, or None where it is undefined."""
    with mpmath.workdps(dps):
        try:
            value = _eval(node, point, _MP)
        except (Undefined, ZeroDivisionError, ValueError, OverflowError, TypeError):
            return None
        return mpmath.mpc(value) if mpmath.isfinite(value) else None


def evaluate_float(node: t.Node, point: Mapping[str, float]) -> complex | None:
    """The value of `node` at `point` in machine floats (about 16 digits), or None where it is undefined
    or overflows a float."""
    try:
        value = complex(_eval(node, point, _FLOAT))
    except (Undefined, ZeroDivisionError, ValueError, OverflowError, TypeError):
        return None
    return value if cmath.isfinite(value) else None


class _Ops:
    """The arithmetic of one number system: how literals, constants and each function are computed."""

    def __init__(self, number: Callable, e: Callable, pi: Callable, functions: dict[str, Callable],
                 power: Callable, finite: Callable, real: Callable, log_abs: Callable):
        self.number, self.e, self.pi, self.functions = number, e, pi, functions
        self.power, self.finite, self.real, self.log_abs = power, finite, real, log_abs


def _real_part(x) -> float:
    return float(x.real) if isinstance(x, (complex, mpmath.mpc)) else float(x)


def _guard(f: Callable, largest: float = MAX_LOG) -> Callable:
    """`f`, refusing arguments whose real part is beyond `largest` (or imaginary part beyond MAX_LOG)."""
    def guarded(x):
        if abs(_real_part(x)) > largest or (isinstance(x, (complex, mpmath.mpc)) and abs(float(x.imag)) > MAX_LOG):
            raise Undefined
        return f(x)
    return guarded


def _exp_guard(f: Callable) -> Callable:
    def guarded(x):
        if _real_part(x) > MAX_LOG or (isinstance(x, (complex, mpmath.mpc)) and abs(float(x.imag)) > MAX_TRIG):
            raise Undefined
        return f(x)
    return guarded


def _negative(x) -> bool:
    return not isinstance(x, (complex, mpmath.mpc)) and x < 0


def _functions(m, complex_of: Callable, floor: Callable, ceil: Callable) -> dict[str, Callable]:
    """The vocabulary's scalar functions in module `m` (mpmath or cmath), with real results where they exist."""
    exp = _exp_guard(m.exp)

    def log(x):
        if x == 0:
            raise Undefined
        return m.log(complex_of(x) if _negative(x) else x)

    def sqrt(x):
        return m.sqrt(complex_of(x) if _negative(x) else x)

    def real(x):
        if isinstance(x, (complex, mpmath.mpc)):
            if x.imag != 0:
                raise Undefined  # an order (max, relu, floor) exists only on real numbers
            return x.real
        return x

    def trig_inverse(f):
        return lambda x: f(complex_of(x) if not isinstance(x, (complex, mpmath.mpc)) and abs(x) > 1 else x)

    return {
        "exp": exp, "log": log, "ln": log, "sqrt": sqrt, "abs": abs,
        "sigmoid": lambda x: 1 / (1 + exp(-x)), "softplus": lambda x: log(1 + exp(x)),
        "relu": lambda x: max(real(x), 0 * real(x)), "step": lambda x: 1 + 0 * real(x) if real(x) > 0 else 0 * real(x),
        "tanh": _guard(m.tanh), "sinh": _guard(m.sinh), "cosh": _guard(m.cosh),
        "sech": _guard(lambda x: 1 / m.cosh(x)),
        "sin": _guard(m.sin, MAX_TRIG), "cos": _guard(m.cos, MAX_TRIG), "tan": _guard(m.tan, MAX_TRIG),
        "asin": trig_inverse(m.asin), "acos": trig_inverse(m.acos), "atan": m.atan,
        "floor": lambda x: floor(real(x)), "ceil": lambda x: ceil(real(x)),
        "max": lambda *xs: max(real(x) for x in xs), "min": lambda *xs: min(real(x) for x in xs),
    }


def _mp_power(base, exponent):
    if _negative(base) and not (not isinstance(exponent, mpmath.mpc) and exponent == int(exponent)):
        return mpmath.power(mpmath.mpc(base), exponent)
    return mpmath.power(base, exponent)


def _float_power(base, exponent):
    if _negative(base) and not (not isinstance(exponent, complex) and exponent == int(exponent)):
        return complex(base) ** exponent
    return base ** exponent


_MP = _Ops(number=lambda q: mpmath.mpf(q.numerator) / q.denominator, e=lambda: +mpmath.e, pi=lambda: +mpmath.pi,
           functions=_functions(mpmath, mpmath.mpc, mpmath.floor, mpmath.ceil), power=_mp_power,
           finite=mpmath.isfinite, real=_real_part, log_abs=lambda v: float(mpmath.log(abs(v))))
_FLOAT = _Ops(number=float, e=lambda: math.e, pi=lambda: math.pi,
              functions=_functions(cmath, complex, math.floor, math.ceil), power=_float_power,
              finite=lambda v: cmath.isfinite(v), real=_real_part, log_abs=lambda v: math.log(abs(v)))


def _checked(value, ops: _Ops):
    if not ops.finite(value):
        raise Undefined
    return value


def _power(base, exponent, ops: _Ops):
    if base == 0:
        if _real_part(exponent) <= 0:
            raise Undefined
        return 0 * base
    if abs(_real_part(exponent)) * abs(ops.log_abs(base)) > MAX_LOG:
        raise Undefined
    return ops.power(base, exponent)


def _eval(node: t.Node, point: Mapping[str, Any], ops: _Ops):
    if isinstance(node, t.Num):
        return ops.number(node.value)
    if isinstance(node, t.Name):
        return point[node.id]
    if isinstance(node, t.Const):
        return ops.e() if node.id == "e" else ops.pi()
    if isinstance(node, t.Unary):
        value = _eval(node.operand, point, ops)
        if node.op == "not":
            raise Undefined
        return -value if node.op == "-" else value
    if isinstance(node, t.Binary):
        a, b = _eval(node.left, point, ops), _eval(node.right, point, ops)
        op = node.op
        if op == "+":
            return _checked(a + b, ops)
        if op == "-":
            return _checked(a - b, ops)
        if op == "*":
            return _checked(a * b, ops)
        if op == "/":
            if b == 0:
                raise Undefined
            return _checked(a / b, ops)
        if op == "^":
            return _checked(_power(a, b, ops), ops)
        raise Undefined  # comparisons, @: not scalar algebra
    if isinstance(node, t.Call) and node.func in ops.functions:
        return _checked(ops.functions[node.func](*(_eval(a, point, ops) for a in node.args)), ops)
    raise Undefined  # arrays, indexing, array functions: not a scalar expression
