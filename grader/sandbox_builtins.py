"""The filters and globals question templates may use, each bounded by grader.sandbox_limits.

Jinja2's own filters are offered only where they cannot grow a value much beyond its input
(`SAFE_BUILTIN_FILTERS`); every filter is wrapped by `bounded_filter`, and a few get an extra
check of their arguments. grader.render adds dlquiz's own filters and globals beside these.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable, Iterable

from jinja2.utils import Namespace

from grader.sandbox_limits import MAX_DIGITS, MAX_ITEMS, MAX_RANGE, TemplateLimitError, bounded, check_int, current_budget, size_of


def bounded_filter(function: Callable) -> Callable:
    """`function` with its arguments and result measured (keeping Jinja2's pass_context marks)."""
    special = _FILTER_CHECKS.get(getattr(function, "__name__", ""))

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        budget = current_budget()
        budget.tick()
        for value in (*args, *kwargs.values()):
            size_of(value, budget)
        if special is not None:
            special(*args, **kwargs)
        return bounded(function(*args, **kwargs))

    return checked


def _data_args(args: tuple) -> tuple:
    """The filter's own arguments, without a leading context or environment."""
    return tuple(a for a in args if not hasattr(a, "environment") and not hasattr(a, "filters"))


def _check_join(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    value, sep = data[0], (data[1] if len(data) > 1 else kwargs.get("d", ""))
    if len(str(sep)) * sum(1 for _ in value) > MAX_ITEMS:
        raise TemplateLimitError(f"`join` would make a text of more than {MAX_ITEMS} characters")


def _check_replace(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    text, old, new = (str(x) for x in (data + (kwargs.get("old", ""), kwargs.get("new", "")))[:3])
    if len(text) + (text.count(old) if old else len(text) + 1) * len(new) > MAX_ITEMS:
        raise TemplateLimitError(f"`replace` would make a text of more than {MAX_ITEMS} characters")


def _check_round(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    precision = data[1] if len(data) > 1 else kwargs.get("precision", 0)
    if not isinstance(precision, int) or abs(precision) > MAX_DIGITS:
        raise TemplateLimitError(f"`round` takes a precision from -{MAX_DIGITS} to {MAX_DIGITS}")


def _check_sum(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    start = data[2] if len(data) > 2 else kwargs.get("start", 0)
    if not isinstance(start, (int, float)):
        raise TemplateLimitError("`sum` adds numbers only")


def _check_tojson(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    indent = data[1] if len(data) > 1 else kwargs.get("indent")
    if indent is not None and (not isinstance(indent, int) or not 0 <= indent <= 8):
        raise TemplateLimitError("`tojson` indents by 0 to 8 spaces")


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "do_join": _check_join, "sync_do_join": _check_join, "do_replace": _check_replace,
    "do_round": _check_round, "sync_do_sum": _check_sum, "do_sum": _check_sum, "do_tojson": _check_tojson,
}

# Jinja2's own filters that cannot grow a value much beyond its input (center, indent, format,
# wordwrap, batch, slice, striptags, urlize, random and attr are left out).
SAFE_BUILTIN_FILTERS = ("abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
                        "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
                        "rejectattr", "replace", "reverse", "round", "select", "selectattr", "sort", "string",
                        "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "wordcount")


def bounded_range(*args: int) -> range:
    """`range`, at most MAX_RANGE numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(f"range() of more than {MAX_RANGE} numbers: question templates loop a few times")
    return numbers


def bounded_round(number: Any, digits: int | None = None) -> Any:
    """`round`, with at most MAX_DIGITS digits either side of the point."""
    if digits is not None and (not isinstance(digits, int) or abs(digits) > MAX_DIGITS):
        raise TemplateLimitError(f"round() takes digits from -{MAX_DIGITS} to {MAX_DIGITS}")
    return round(number, digits) if digits is not None else round(number)


def bounded_sum(values: Iterable[Any], start: Any = 0) -> Any:
    """`sum` of numbers only (adding lists could multiply a value's size)."""
    if not isinstance(start, (int, float)):
        raise TemplateLimitError("sum() adds numbers only")
    total = start
    for value in values:
        if not isinstance(value, (int, float)):
            raise TemplateLimitError("sum() adds numbers only")
        total = check_int(total + value)
    return total


def bounded_math(function: Callable[[float], float]) -> Callable[[Any], float]:
    """A math function of one number (its name kept for messages)."""

    @functools.wraps(function)
    def number_only(x: Any) -> float:
        if not isinstance(x, (int, float)):
            raise TypeError(f"{function.__name__}() takes one number, not a {type(x).__name__}")
        return function(x)

    return number_only


BASE_GLOBALS: dict[str, Any] = {
    "exp": bounded_math(math.exp), "log": math.log, "sqrt": bounded_math(math.sqrt),
    "abs": abs, "min": min, "max": max, "round": bounded_round, "sum": bounded_sum, "len": len, "zip": zip,
    "range": bounded_range, "namespace": Namespace,
}
