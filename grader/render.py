"""Render prompts, hints and solutions: Jinja2 templates over a variant's parameters."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np


def fmt(x: Any, digits: int = 3) -> str:
    """A number, list or array printed with at most `digits` decimals and no trailing zeros."""
    arr = np.asarray(x)
    if arr.ndim == 0:
        v = float(arr)
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "0") or v == 0 else f"{v:.{digits}g}"
    return "[" + ", ".join(fmt(item, digits) for item in arr) + "]"


def latex_vector(x: Any, digits: int = 3) -> str:
    """A column vector (or matrix) as a LaTeX bmatrix."""
    arr = np.atleast_1d(np.asarray(x))
    rows = arr.reshape(-1, 1) if arr.ndim == 1 else arr
    body = r" \\ ".join(" & ".join(fmt(v, digits) for v in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def latex_matrix(x: Any, digits: int = 3) -> str:
    """A matrix (a 1-D array becomes a row) as a LaTeX bmatrix."""
    arr = np.asarray(x)
    return latex_vector(arr.reshape(1, -1) if arr.ndim == 1 else arr, digits)


def _solve(name: str, **args: Any) -> Any:
    from grader.solvers import call

    out = call(name, args)
    return out.tolist() if out.ndim else float(out)


TEMPLATE_GLOBALS: dict[str, Any] = {
    "exp": math.exp,
    "log": math.log,
    "sqrt": math.sqrt,
    "solve": _solve,
    "abs": abs,
    "min": min,
    "max": max,
    "round": round,
    "sum": sum,
    "len": len,
    "zip": zip,
    "range": range,
}
TEMPLATE_FILTERS = {"fmt": fmt, "vec": latex_vector, "mat": latex_matrix}
# Names a solution/feedback template may use beside the parameters.
CONTEXT_NAMES = {"answer"}


@lru_cache(maxsize=1)
def environment():
    """The one Jinja2 environment: undefined names are errors, nothing is HTML-escaped."""
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.globals.update(TEMPLATE_GLOBALS)
    env.filters.update(TEMPLATE_FILTERS)
    return env


@lru_cache(maxsize=2048)
def _compiled(template: str):
    """Each template text is compiled once per process (compiling costs ~4 ms)."""
    return environment().from_string(template)


def render(template: str, context: dict[str, Any]) -> str:
    """Render one template; a failure becomes a ValueError with the reason."""
    if not any(mark in template for mark in ("{{", "{%", "{#")):
        return template.strip()  # plain text: spare the Jinja2 import
    import jinja2

    try:
        return _compiled(template).render(**context).strip()
    except jinja2.TemplateError as exc:
        raise ValueError(f"template error: {exc}") from None
    except Exception as exc:  # an author's expression failed on these numbers
        raise ValueError(f"template failed: {type(exc).__name__}: {exc}") from None


def template_problems(template: str, defined: set[str]) -> list[str]:
    """Syntax errors and undefined names in `template` (empty when it is fine)."""
    import jinja2
    from jinja2 import meta

    env = environment()
    try:
        ast = env.parse(template)
    except jinja2.TemplateSyntaxError as exc:
        return [f"template syntax error on its line {exc.lineno}: {exc.message}"]
    unknown = meta.find_undeclared_variables(ast) - defined - set(env.globals)
    from grader.errors import did_you_mean

    return [
        f"the template uses '{name}', which is not a parameter.{did_you_mean(name, defined)}"
        " Define it under `parameters:` or fix the name"
        for name in sorted(unknown)
    ]
