"""Render prompts, hints and solutions: Jinja2 templates over a variant's parameters.

Templates come from question files, which may come from anyone: they run in the sandboxed,
bounded environment of grader.sandbox_env (no attributes beyond `loop.*`, no files, limits on
sizes, loops, calls and time: grader.sandbox_limits; the filters and globals offered:
grader.sandbox_builtins). What a template can and cannot do: docs/threat-model.md.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.userfiles import CONTROL

if TYPE_CHECKING:
    from grader.model import Variant
    from grader.yamlfile import KeyPath

MAX_TEMPLATE_CHARS = 20_000  # one field's template text; the longest built-in one is far shorter


def fmt(x: Any, digits: int = 3) -> str:
    """A number, list or array printed with at most `digits` (0 to 15) decimals and no trailing zeros."""
    digits = _digits(digits)
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
    digits = _digits(digits)
    arr = np.atleast_1d(np.asarray(x))
    rows = arr.reshape(-1, 1) if arr.ndim == 1 else arr
    body = r" \\ ".join(" & ".join(fmt(v, digits) for v in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def latex_matrix(x: Any, digits: int = 3) -> str:
    """A matrix (a 1-D array becomes a row) as a LaTeX bmatrix."""
    arr = np.asarray(x)
    return latex_vector(arr.reshape(1, -1) if arr.ndim == 1 else arr, digits)


def _digits(digits: Any) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 15:
        raise ValueError(f"digits must be a whole number from 0 to 15, not {digits!r}")
    return digits


def _solve(name: str, **args: Any) -> Any:
    from grader.solvers import call

    out = call(name, args)
    return out.tolist() if out.ndim else float(out)


TEMPLATE_GLOBALS: dict[str, Any] = {"solve": _solve}  # beside grader.sandbox_builtins.BASE_GLOBALS
TEMPLATE_FILTERS = {"fmt": fmt, "vec": latex_vector, "mat": latex_matrix}
# Names a solution/feedback template may use beside the parameters.
CONTEXT_NAMES = {"answer"}


@lru_cache(maxsize=1)
def environment():
    """The one template environment: sandboxed and bounded, undefined names are errors, nothing is HTML-escaped."""
    import jinja2
    from jinja2.filters import FILTERS

    from grader.sandbox_builtins import BASE_GLOBALS, SAFE_BUILTIN_FILTERS
    from grader.sandbox_env import BoundedEnvironment

    filters = {name: FILTERS[name] for name in SAFE_BUILTIN_FILTERS} | TEMPLATE_FILTERS
    return BoundedEnvironment(BASE_GLOBALS | TEMPLATE_GLOBALS, filters, undefined=jinja2.StrictUndefined,
                              autoescape=False, keep_trailing_newline=False)


@lru_cache(maxsize=2048)
def _compiled(template: str):
    """Each template text is compiled once per process (compiling costs ~4 ms)."""
    if len(template) > MAX_TEMPLATE_CHARS:
        raise ValueError(f"the template is {len(template)} characters long, over the {MAX_TEMPLATE_CHARS} limit: "
                         "shorten it")
    return environment().from_string(template)


# `{{ name }}` or `{{ name | fmt }}` (vec, mat): most templates hold nothing else.
SIMPLE_FIELD = re.compile(r"(?<!\{)\{\{ *([A-Za-z_]\w*) *(?:\| *(fmt|vec|mat) *)?\}\}")
MAX_SIMPLE_TEXT = 100_000  # longer goes through Jinja2, whose limits then say what is wrong


def render_simple(template: str, context: dict[str, Any]) -> str | None:
    """The text of a template whose only constructs are SIMPLE_FIELDs, made without importing
    Jinja2 (a third of `dlquiz show`'s start-up), as Jinja2 would make it once `render` has
    stripped it; None for any other template, an undefined name or a failing filter, which Jinja2
    then renders or explains."""
    if any(mark in SIMPLE_FIELD.sub("", template) for mark in ("{{", "{%", "{#")):
        return None
    try:
        text = SIMPLE_FIELD.sub(lambda m: _field_text(m[1], m[2], context), template)
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None
    return text if len(text) <= MAX_SIMPLE_TEXT else None


def _field_text(name: str, filter_name: str | None, context: dict[str, Any]) -> str:
    value = context[name]
    if filter_name:
        value = TEMPLATE_FILTERS[filter_name](value)
    return value if isinstance(value, str) else str(value)


def render(template: str, context: dict[str, Any]) -> str:
    """Render one template within the sandbox's limits; a failure becomes a ValueError with the reason."""
    if not any(mark in template for mark in ("{{", "{%", "{#")):
        return CONTROL.sub("", template).strip()  # plain text: spare the Jinja2 import
    simple = render_simple(template, context)
    if simple is not None:
        return CONTROL.sub("", simple).strip()
    import jinja2

    from grader.sandbox_env import render_bounded

    try:
        return CONTROL.sub("", render_bounded(_compiled(template), context)).strip()
    except jinja2.exceptions.SecurityError as exc:
        raise ValueError(f"template refused: {exc}") from None
    except jinja2.TemplateError as exc:
        raise ValueError(f"template error: {exc}") from None
    except RecursionError:
        raise ValueError("template failed: it calls itself too deeply (a macro calling itself?)") from None
    except MemoryError:
        raise ValueError("template failed: out of memory") from None
    except ValueError as exc:
        raise ValueError(f"template failed: {exc}") from None
    except Exception as exc:  # an author's expression failed on these numbers
        raise ValueError(f"template failed: {type(exc).__name__}: {exc}") from None


def render_field(variant: Variant, template: str, extra: dict[str, Any] | None = None, key: KeyPath = ()) -> str:
    """Render one of the question's templates (at `key` in its file), turning failures into author errors."""
    from grader.errors import Problem, QuestionConfigError

    try:
        return render(template, {**variant.params, **(extra or {})})
    except ValueError as exc:
        from grader.loader import line_in_file
        from grader.yamlfile import dotted

        q = variant.question
        seed = "the course's numbers" if variant.seed is None else f"seed {variant.seed}"
        raise QuestionConfigError([Problem(str(q.file), line_in_file(q.file, key), dotted(key),
                                           f"{exc} ({seed})")]) from None


def render_options(variant: Variant) -> list[str]:
    """A choice question's options rendered, in the order the learner sees them (none for other kinds)."""
    from grader.checkers.choice import option_order

    options = getattr(variant.question.spec, "options", None)
    if not options:
        return []
    return [render_field(variant, options[i].text, key=("options", i, "text")) for i in option_order(variant)]


def template_problems(template: str, defined: set[str]) -> list[str]:
    """Syntax errors, undefined names, unknown filters and refused constructs in `template` (empty when fine)."""
    import jinja2
    from jinja2 import meta

    from grader.sandbox_env import forbidden_nodes

    if len(template) > MAX_TEMPLATE_CHARS:
        return [f"the template is {len(template)} characters long, over the {MAX_TEMPLATE_CHARS} limit: shorten it"]
    env = environment()
    try:
        ast = env.parse(template)
    except jinja2.TemplateSyntaxError as exc:
        return [f"template syntax error on its line {exc.lineno}: {exc.message}"]
    except RecursionError:
        return ["the template is nested too deeply: simplify it"]
    found = [f"{message} (its line {line})" for line, message in forbidden_nodes(ast)]
    if found:
        return found
    from grader.errors import did_you_mean

    try:
        unknown = meta.find_undeclared_variables(ast) - defined - set(env.globals)
    except jinja2.TemplateAssertionError as exc:  # e.g. a filter dlquiz does not offer
        return [_assertion_problem(exc)]
    found = [
        f"the template uses '{name}', which is not a parameter.{did_you_mean(name, defined)}"
        " Define it under `parameters:` or fix the name"
        for name in sorted(unknown)
    ]
    if not found:
        try:
            _compiled(template)
        except jinja2.TemplateAssertionError as exc:
            found.append(_assertion_problem(exc))
        except (jinja2.TemplateError, RecursionError, ValueError) as exc:
            found.append(f"template error: {exc}")
    return found


def _assertion_problem(exc: Exception) -> str:
    offered = ", ".join(sorted(environment().filters))
    return f"template error on its line {exc.lineno}: {exc.message} Filters offered: {offered}"
