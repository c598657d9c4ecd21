"""Authors' formulas: answers, mistakes, derived parameters and constraints written in the question file.

They are texts in the one safe math language (grader.expr, the `formula` dialect: every function,
array algebra `@`, `.T`, indexing, comparisons), read into a tree and evaluated with NumPy: never
Python's eval, never SymPy. `derived` values are computed in file order from the drawn parameters
(each may use the ones above it); `constraints` must all hold or the draw is redrawn.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

import numpy as np

from grader.expr import ExprError, evaluate, formula, parse
from grader.expr.tree import Expression


class FormulaError(ValueError):
    """A formula that cannot be read or computed: `key` is where it is in the file."""

    def __init__(self, key: tuple, text: str, error: ExprError, context: str = "", what: str = "formula"):
        self.key, self.text, self.error = key, text, error
        pointer = error.pointer(text) if "\n" not in text else ""
        where = f" (at character {error.position + 1})" if error.position is not None and not pointer else ""
        shown = text if len(text) <= 80 else text[:77] + "..."  # the pointer below shows the place itself
        super().__init__(f"the {what} `{shown}` {_clause(error.message)}{where}{context}"
                         + (f"\n{_indent(pointer)}" if pointer else ""))

    def located(self, context: str) -> "FormulaError":
        """The same error with `context` (e.g. which numbers it failed on) before the pointer."""
        return FormulaError(self.key, self.text, self.error, context)


def _clause(message: str) -> str:
    """ExprError messages say 'it ...' or describe the problem; read as a clause after the formula."""
    return message[3:] if message.startswith("it ") else f"is wrong: {message}"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


@lru_cache(maxsize=1024)
def compiled(text: str, names: frozenset[str]) -> Expression:
    """The parsed formula (cached: a question's formulas are read once per process)."""
    return parse(text, formula(names))


def has_formulas(spec: Any) -> bool:
    """True when the question derives parameters or constrains its draws."""
    return bool(getattr(spec, "derived", None) or getattr(spec, "constraints", None))


def names_of(spec: Any) -> frozenset[str]:
    """Every name a formula of the question may use: its parameters and derived values."""
    return frozenset(spec.parameters) | frozenset(getattr(spec, "derived", {}) or {})


def value(text: str, names: dict[str, Any], key: tuple) -> np.ndarray:
    """The value of formula `text` given `names` (FormulaError, located at `key`, when it fails)."""
    try:
        return evaluate(compiled(text, frozenset(names)), names)
    except ExprError as exc:
        raise FormulaError(key, text, exc) from None


def derive(spec: Any, drawn: dict[str, Any]) -> dict[str, Any]:
    """The drawn parameters plus every derived value (as plain numbers and lists, for templates)."""
    derived = getattr(spec, "derived", None) or {}
    if not derived:
        return drawn
    params = dict(drawn)
    for name, text in derived.items():
        result = value(text, {k: params[k] for k in params}, ("derived", name))
        params[name] = _plain(result)
    return params


def failed_constraint(spec: Any, params: dict[str, Any]) -> int | None:
    """The index of the first constraint that does not hold for `params`, or None when all hold."""
    for i, text in enumerate(getattr(spec, "constraints", None) or []):
        result = value(text, params, ("constraints", i))
        if not bool(np.all(result)):
            return i
    return None


def _plain(result: np.ndarray) -> Any:
    """A value as templates and JSON see it: a float (an int when whole), or nested lists."""
    if result.dtype == bool:
        return result.tolist()
    if result.ndim == 0:
        x = float(result)
        return int(x) if x.is_integer() and abs(x) < 2**53 else x
    return result.tolist()


def static_problems(spec: Any, texts: Iterable[tuple[tuple, str, frozenset[str]]]) -> list[tuple[tuple, str]]:
    """(key, message) for each formula that does not parse with the names it may use."""
    found = []
    for key, text, names in texts:
        try:
            compiled(text, names)
        except ExprError as exc:
            found.append((key, str(FormulaError(key, text, exc))))
    return found
