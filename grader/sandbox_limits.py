"""The limits on what one question template may build or do, and how values are measured against them.

The budget of one render (its deadline, loop steps, calls and characters emitted), the measuring
of every value a template makes (`size_of`, `bounded`), and the arithmetic operators, each
measured before it computes. grader.sandbox_env's environment calls these at every step; the
module's docstring there lists the limits and why.
"""

from __future__ import annotations

import contextlib
import contextvars
import operator
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from jinja2.exceptions import SecurityError
from jinja2.runtime import Undefined
from jinja2.utils import Namespace

MAX_ITEMS = 100_000  # items (leaves and characters) in one value
MAX_INT_BITS = 4096  # an integer's size (Python prints at most 4300 digits anyway)
MAX_RANGE = 10_000
MAX_STEPS = 100_000  # loop iterations in one render
MAX_CALLS = 10_000  # macro and function calls in one render
MAX_EMITTED = 1_000_000  # characters produced in one render, buffers included
MAX_OUTPUT = 200_000  # characters in the rendered text
MAX_SECONDS = 2.0
MAX_NESTING = 64  # nested lists in one value
MAX_DIGITS = 15  # decimals asked of fmt, round


class TemplateLimitError(SecurityError):
    """A template went beyond one of this module's limits, or reached for something not offered."""


@dataclass
class Budget:
    """What one render has used so far."""

    deadline: float
    steps: int = 0
    calls: int = 0
    emitted: int = 0
    sizes: dict[int, tuple[Any, int, int]] = field(default_factory=dict)  # id -> (value kept alive, items, nesting)

    def tick(self) -> None:
        """Called at every step, call and operator: stop once the time is up."""
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"the template ran for more than {MAX_SECONDS:g} s: "
                                     "question templates must be quick; simplify it")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("dlquiz_template_budget", default=None)


def current_budget() -> Budget:
    """The current render's budget (a fresh one for work done while compiling)."""
    budget = _BUDGET.get()
    if budget is None:
        budget = Budget(time.monotonic() + MAX_SECONDS)
    return budget


@contextlib.contextmanager
def render_budget() -> Iterator[Budget]:
    """A fresh budget for one render (MAX_SECONDS read now), current until the block ends."""
    budget = Budget(time.monotonic() + MAX_SECONDS)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


# --- measuring values ----------------------------------------------------------------------------

_LEAVES = (float, bool, complex, type(None))


def size_of(value: Any, budget: Budget | None = None) -> int:
    """Items in `value`: characters of text, leaves and containers of nested data (shared parts counted
    each time they appear, as printing would). Raises once over MAX_ITEMS or MAX_NESTING."""
    kind = type(value)
    if kind is str and len(value) <= MAX_ITEMS:  # the common cases, without the general walk
        return len(value)
    if kind in _LEAVES:
        return 1
    return _measure(value, budget or current_budget())[0]


def _measure(value: Any, budget: Budget) -> tuple[int, int]:
    """(items, nesting) of `value`; containers are remembered for the render, so shared parts cost once."""
    kind = type(value)
    if kind in _LEAVES or isinstance(value, Undefined):
        return 1, 0
    if isinstance(value, str):
        n, height = len(value), 0
    elif isinstance(value, int):
        n, height = 1 + value.bit_length() // 64, 0
    elif kind is range:
        n, height = len(value), 0
    else:
        known = budget.sizes.get(id(value))
        if known is not None and known[0] is value:
            return known[1], known[2]
        if kind is Namespace:  # mutable: measured afresh each time
            return _measure(dict(value._Namespace__attrs), budget)
        n, height = 1, 0
        if isinstance(value, (dict, list, tuple, set, frozenset)):
            items = (part for pair in value.items() for part in pair) if isinstance(value, dict) else value
            for item in items:
                if type(item) in _LEAVES:
                    n += 1
                    height = height or 1
                    continue
                size, inner = _measure(item, budget)
                n, height = n + size, max(height, inner + 1)
                if n > MAX_ITEMS:
                    break
        elif isinstance(getattr(value, "size", None), int):  # a numpy array
            n = value.size
        if height > MAX_NESTING:
            raise TemplateLimitError(f"a value is nested more than {MAX_NESTING} levels deep: flatten it")
        if n <= MAX_ITEMS:
            budget.sizes[id(value)] = (value, n, height)
    if n > MAX_ITEMS:
        raise TemplateLimitError(f"a value would hold more than {MAX_ITEMS} items or characters: "
                                 "question templates work on small values")
    return n, height


def bounded(value: Any) -> Any:
    """`value` if it is within MAX_ITEMS (used on literals, results and concatenations)."""
    size_of(value)
    return value


def _int_bits(value: Any) -> int:
    """Bits of an integer (booleans and other values count as none)."""
    return value.bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def check_int(value: Any) -> Any:
    """`value`, unless it is an integer of more than MAX_INT_BITS bits."""
    if _int_bits(value) > MAX_INT_BITS:
        raise TemplateLimitError(f"a number would have more than {MAX_INT_BITS} bits: question templates "
                                 "work with ordinary numbers")
    return value


# --- operators ----------------------------------------------------------------------------------

def _multiply(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int):
        if _int_bits(left) + _int_bits(right) > MAX_INT_BITS:
            check_int(1 << (MAX_INT_BITS + 1))
        return left * right
    for seq, times in ((left, right), (right, left)):
        if isinstance(times, int) and not isinstance(seq, (int, float, complex)):
            if max(times, 0) * size_of(seq) > MAX_ITEMS:
                raise TemplateLimitError(f"`*` would make a value of more than {MAX_ITEMS} items or characters: "
                                         "question templates work on small values")
    return left * right


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if _int_bits(left) * right > MAX_INT_BITS or right > MAX_INT_BITS:
            check_int(1 << (MAX_INT_BITS + 1))
    return left ** right


def _add(left: Any, right: Any) -> Any:
    if not (isinstance(left, (int, float, complex)) and isinstance(right, (int, float, complex))):
        if size_of(left) + size_of(right) > MAX_ITEMS:
            raise TemplateLimitError(f"`+` would make a value of more than {MAX_ITEMS} items or characters: "
                                     "question templates work on small values")
    return check_int(left + right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        raise TemplateLimitError("`%` formatting of text is not offered in question templates: "
                                 "use the `fmt` filter or `~`")
    return left % right


BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": _multiply, "**": _power, "+": _add, "%": _modulo,
    "-": lambda a, b: check_int(a - b), "/": operator.truediv, "//": operator.floordiv,
}
