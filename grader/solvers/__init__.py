"""The catalog of named solvers that questions refer to by name.

A solver is a plain function of keyword arguments returning a number or an array.
Reference solvers compute right answers (`reference.py`); mistake solvers compute a
known wrong answer that learners really give (`mistakes.py`). Both live in one table,
so a question's `answer` and its `mistakes` are written the same way.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np

SOLVERS: dict[str, Callable[..., Any]] = {}


def solver(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register `fn` in the catalog under its own name."""
    if fn.__name__ in SOLVERS:
        raise RuntimeError(f"solver {fn.__name__!r} is registered twice")
    SOLVERS[fn.__name__] = fn
    return fn


def catalog() -> dict[str, Callable[..., Any]]:
    """Every registered solver, by name (imports the catalog modules on first use)."""
    from grader.solvers import curve_mistakes, curves, mistakes, reference  # noqa: F401  (registration side effect)

    return SOLVERS


def catalog_with(extra: dict[str, Callable[..., Any]] | None = None) -> dict[str, Callable[..., Any]]:
    """The catalog plus a course's own solvers (grader.course); the course's names come first."""
    return {**catalog(), **extra} if extra else catalog()


def parameters_of(name: str, extra: dict[str, Callable[..., Any]] | None = None) -> tuple[list[str], list[str]]:
    """(all argument names, required argument names) of solver `name`."""
    sig = inspect.signature(catalog_with(extra)[name])
    names = list(sig.parameters)
    required = [n for n, p in sig.parameters.items() if p.default is inspect.Parameter.empty]
    return names, required


def as_input(value: Any) -> Any:
    """Lists of numbers become float arrays; everything else passes through."""
    if isinstance(value, (list, tuple)):
        arr = np.asarray(value)
        return arr.astype(float) if arr.dtype.kind in "iub" else arr
    return value


def call(name: str, args: dict[str, Any], extra: dict[str, Callable[..., Any]] | None = None) -> np.ndarray:
    """Run solver `name` (from the catalog or `extra`, a course's own) on `args`; its value as a float array."""
    value = catalog_with(extra)[name](**{k: as_input(v) for k, v in args.items()})
    return np.asarray(value, dtype=float)
