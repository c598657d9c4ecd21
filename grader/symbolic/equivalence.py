"""Decide whether two expressions are equal: high-precision sampling first, simplification second.

Sampling (lambdify to mpmath at 30 digits, about 20 points in the question's domain) decides
almost every case in a few milliseconds. Only when too few points can be evaluated does
`simplify(a - b) == 0` run, under a time bound.
"""

from __future__ import annotations

import random
import signal
import threading
from functools import lru_cache
from typing import Callable

import mpmath
import sympy

POINTS = 20
MIN_POINTS = 8
DIGITS = 30
REL_TOL = mpmath.mpf("1e-20")
SIMPLIFY_SECONDS = 2.0
SAMPLING_SECONDS = 2.0
_RANGES = {"real": (-3.0, 3.0), "positive": (0.05, 4.0)}


def equivalent(a: sympy.Expr, b: sympy.Expr, variables: tuple[str, ...], domain: str = "real") -> bool | None:
    """True if equal, False if not, None if neither sampling nor simplification could decide in time."""
    verdict = within_time(SAMPLING_SECONDS, lambda: _by_sampling(a, b, variables, domain))
    if verdict is None:
        verdict = within_time(SIMPLIFY_SECONDS, lambda: sympy.simplify(a - b) == 0)
    return verdict


def sample_points(variables: tuple[str, ...], domain: str) -> list[tuple[mpmath.mpf, ...]]:
    """Fixed pseudo-random points (the same every run) in the domain."""
    low, high = _RANGES[domain]
    rnd = random.Random(f"{variables}-{domain}")
    with mpmath.workdps(DIGITS):
        return [tuple(mpmath.mpf(rnd.uniform(low, high)) for _ in variables) for _ in range(POINTS)]


@lru_cache(maxsize=1024)
def _values(expr: sympy.Expr, variables: tuple[str, ...], domain: str) -> tuple:
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    order = [next((s for s in symbols if s.name == v), sympy.Symbol(v)) for v in variables]
    fn: Callable = sympy.lambdify(order, expr, modules=["mpmath"], docstring_limit=0)
    out = []
    with mpmath.workdps(DIGITS):
        for point in sample_points(variables, domain):
            try:
                value = mpmath.mpc(fn(*point))
                out.append(value if mpmath.isfinite(value) else None)
            except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                out.append(None)
    return tuple(out)


def _by_sampling(a, b, variables, domain) -> bool | None:
    va, vb = _values(a, variables, domain), _values(b, variables, domain)
    compared = 0
    with mpmath.workdps(DIGITS):
        for x, y in zip(va, vb):
            if x is None or y is None:
                if (x is None) != (y is None):
                    return False  # defined at a point where the other is not
                continue
            scale = max(mpmath.mpf(1), abs(x), abs(y))
            if abs(x - y) > REL_TOL * scale:
                return False
            compared += 1
    return True if compared >= MIN_POINTS else None


def within_time(seconds: float, work: Callable[[], bool | None]) -> bool | None:
    """`work()`, or None if it takes longer than `seconds` (bounded only in the main thread,
    where SIGALRM can interrupt SymPy; elsewhere it runs unbounded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        return work()

    def on_alarm(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    except TimeoutError:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
