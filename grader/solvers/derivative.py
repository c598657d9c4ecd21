"""SymPy reference solvers: a function given in the question file, differentiated by SymPy.

`differentiate` is one expression (or a list of them, for a Jacobian) in the variables `wrt`
(one name: a derivative; a list: a gradient, or a Jacobian's rows). Other names in it are the
question's parameters, substituted per variant. A numeric question evaluates the result `at`
the variant's point; a symbolic one takes the expressions themselves as its answer.

SymPy is imported only here, so only these questions pay for it. The text is read by the one safe
math language (grader.expr) and built into SymPy from its tree: never Python's or SymPy's eval.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

MAX_TERMS = 2000  # a derivative bigger than this (in tree nodes) is refused: expression swell


class DerivativeError(ValueError):
    """The function cannot be differentiated or evaluated as written (an author's error)."""


class FunctionError(DerivativeError):
    """The function itself cannot be used, whatever the numbers (unreadable, or a derivative too
    large): said once, not recomputed for every draw."""


def _short(expr: Any, limit: int = 80) -> str:
    """An expression's text for a message, cut to `limit` characters."""
    text = str(expr).replace("**", "^")
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _listed(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def shape_of(call: Any) -> tuple[int, ...]:
    """The answer's shape: () a derivative, (n,) a gradient, (m, n) a Jacobian."""
    rows, cols = _listed(call.differentiate), _listed(call.wrt)
    if isinstance(call.differentiate, list):
        return (len(rows), len(cols))
    return (len(cols),) if isinstance(call.wrt, list) else ()


def names_in(text: str) -> set[str]:
    """The names a function text uses (variables, parameters and functions alike)."""
    import re

    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))


@lru_cache(maxsize=256)
def _derivatives(functions: tuple[str, ...], wrt: tuple[str, ...], constants: tuple[str, ...]) -> tuple:
    """d f_i / d x_j for every function and variable, as SymPy expressions (cached per question)."""
    import sympy

    from grader.expr import ExprError, parse, symbolic_answer
    from grader.expr.to_sympy import symbols_for, to_sympy

    names = wrt + tuple(c for c in constants if c not in wrt)
    table = symbols_for(names)
    parsed = []
    for f in functions:
        try:
            parsed.append(to_sympy(parse(f, symbolic_answer(names)), table))
        except ExprError as exc:
            raise FunctionError(f"the function `{_short(f)}` cannot be read: {exc.message}") from None
    symbols = [table[v] for v in wrt]
    out = []
    for expr in parsed:
        row = []
        for symbol in symbols:
            d = sympy.diff(expr, symbol)
            if sympy.count_ops(d) > MAX_TERMS:
                raise FunctionError(f"the derivative of {_short(expr)} is too large to use ({MAX_TERMS} operations "
                                    "at most): write a simpler function")
            row.append(d)
        out.append(tuple(row))
    return tuple(out)


def _parts(call: Any, params: dict[str, Any]) -> tuple[tuple, list[str]]:
    functions, wrt = _listed(call.differentiate), _listed(call.wrt)
    used = set().union(*(names_in(f) for f in functions))
    constants = tuple(sorted(n for n in used if n in params and n not in wrt))
    return _derivatives(functions, wrt, constants), list(constants)


def _substituted(expr: Any, params: dict[str, Any], constants: list[str]) -> Any:
    import sympy

    values = {}
    for name in constants:
        value = np.asarray(params[name], dtype=float)
        if value.ndim:
            raise DerivativeError(f"parameter '{name}' is an array: a differentiated function takes numbers")
        values[sympy.Symbol(name, real=True)] = sympy.Float(float(value))
    return expr.subs(values) if values else expr


def _bounded(work: Any, call: Any, *args: Any) -> Any:
    """Run SymPy work in a killable child with a time and memory bound (a hostile function can make
    SymPy hold the interpreter in one C call); its JSON result, or DerivativeError. A function that
    ran out of time or memory once fails at once afterwards (redraws would only repeat the wait)."""
    import sympy  # noqa: F401  (imported here, not in each child: only the hostile part is bounded)

    from grader.bounded import run_bounded
    import grader.expr.to_sympy  # noqa: F401

    from grader.bounded import TimeUp, remaining

    if _key(call) in _TOO_COSTLY:
        raise DerivativeError(_TOO_COSTLY[_key(call)])
    cut_short = remaining(SECONDS) < SECONDS  # the operation around it ends first
    outcome = run_bounded(work, call.differentiate, call.wrt, *args, seconds=SECONDS)
    if outcome.done:
        return outcome.value
    if outcome.status == "timeout" and cut_short:
        raise TimeUp
    kind, _, detail = outcome.error.partition(": ")
    if outcome.status == "error" and kind in ("DerivativeError", "FunctionError"):
        if kind == "FunctionError":
            _TOO_COSTLY[_key(call)] = detail
        raise DerivativeError(detail)
    why = {"timeout": f"took more than {SECONDS:g} s", "memory": "needed too much memory"}.get(
        outcome.status, f"failed ({outcome.error})")
    message = f"differentiating or evaluating the function {why}: write a simpler function"
    if outcome.status in ("timeout", "memory"):
        _TOO_COSTLY[_key(call)] = message
    raise DerivativeError(message)


_TOO_COSTLY: dict[tuple, str] = {}


def derivative_value(call: Any, params: dict[str, Any], point: dict[str, float]) -> np.ndarray:
    """The derivative, gradient or Jacobian at `point` (variable -> number), as a float array
    (computed in a bounded child, cached per question and numbers)."""
    key = (_key(call), repr(sorted((k, np.asarray(v).tolist()) for k, v in params.items())), repr(sorted(point.items())))
    if key not in _VALUES:
        if len(_VALUES) > 1024:
            _VALUES.clear()
        _VALUES[key] = _bounded(_value_work, call, params, point)
    return np.asarray(_VALUES[key], dtype=float).reshape(shape_of(call))


_VALUES: dict[tuple, Any] = {}
SECONDS = 10.0  # a loaded machine slows honest work several-fold


def _key(call: Any) -> tuple:
    return (tuple(_listed(call.differentiate)), isinstance(call.differentiate, list),
            tuple(_listed(call.wrt)), isinstance(call.wrt, list))


def _value_work(differentiate: Any, wrt: Any, params: dict[str, Any], point: dict[str, float]) -> list[float]:
    """In the child: the values, flat."""
    from types import SimpleNamespace

    return _derivative_value(SimpleNamespace(differentiate=differentiate, wrt=wrt), params, point).ravel().tolist()


def _derivative_value(call: Any, params: dict[str, Any], point: dict[str, float]) -> np.ndarray:
    import sympy

    rows, constants = _parts(call, params)
    wrt = _listed(call.wrt)
    subs = {sympy.Symbol(v, real=True): sympy.Float(float(point[v])) for v in wrt}
    values = []
    for row in rows:
        for d in row:
            try:
                values.append(float(_substituted(d, params, constants).evalf(subs=subs)))
            except (TypeError, ValueError, ZeroDivisionError, OverflowError) as exc:
                why = ("it is too large there: choose other points or write a simpler function"
                       if isinstance(exc, OverflowError) else "it has no real value there: choose points where it is defined")
                raise DerivativeError(f"the derivative {_short(d)} cannot be evaluated at {point}: {why}") from None
    return np.asarray(values, dtype=float).reshape(shape_of(call))


def derivative_texts(call: Any, params: dict[str, Any]) -> list[str]:
    """The derivative(s) written in the answer language (row after row for a Jacobian), parameters
    substituted; computed by SymPy in a bounded child, cached per question and numbers."""
    key = (_key(call), repr(sorted((k, np.asarray(v).tolist()) for k, v in params.items())))
    if key not in _TEXTS:
        if len(_TEXTS) > 1024:
            _TEXTS.clear()
        _TEXTS[key] = _bounded(_texts_work, call, params)
    return list(_TEXTS[key])


_TEXTS: dict[tuple, Any] = {}


def _texts_work(differentiate: Any, wrt: Any, params: dict[str, Any]) -> list[str]:
    """In the child: each derivative as text, parameters substituted."""
    from types import SimpleNamespace

    call = SimpleNamespace(differentiate=differentiate, wrt=wrt)
    rows, constants = _parts(call, params)
    return [typed(_substituted(d, params, constants)) for row in rows for d in row]


def typed(expr: Any) -> str:
    """SymPy's text of an expression the way answers are typed (^ for powers, abs); DerivativeError
    when it needs a function the answer language lacks (a ReLU's step, say)."""
    import re

    text = str(expr).replace("**", "^").replace("Abs(", "abs(")
    unknown = sorted(set(re.findall(r"\b([A-Z][A-Za-z]*)\(", text)))
    if unknown:
        raise DerivativeError(f"its derivative {text} uses {', '.join(unknown)}, which answers cannot write: "
                              "ask for a numeric value at a point instead")
    return text
