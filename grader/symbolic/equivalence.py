"""Decide whether two expressions are equal: sampling with exact literals at rising precision, then SymPy.

1. Both trees are evaluated (grader.expr.precise) at `POINTS` fixed pseudo-random points of the
   question's domain, first in machine floats: a point where they clearly differ (relative gap
   above 1e-9) is re-examined with mpmath, and where floats agree, `CONFIRM` points are confirmed
   with mpmath at `DIGITS` digits (literals are exact, so a typed `0.1` is 1/10 and `0.333333333333333`
   is not 1/3). Where mpmath sees a gap, the point is evaluated again at 2x, 4x and 8x the digits:
   a true difference stays put, rounding noise from cancellation (an expanded polynomial against
   its factored form) shrinks with every step and is recognised as such. When floats and mpmath
   disagree about a point, every point is decided by mpmath. A point where exactly one side is
   undefined makes them different.
2. Only when too few points can be evaluated (both undefined almost everywhere) does SymPy try
   `simplify(a - b) == 0`, in a forked child bounded by what is left of the answer's time
   (grader.bounded), since SymPy can hold the interpreter for minutes on hostile input.
Every loop checks the answer's deadline, so the whole comparison is bounded.
"""

from __future__ import annotations

import cmath
import random
from functools import lru_cache

import mpmath

from grader import bounded
from grader.expr import tree as t
from grader.expr.precise import evaluate_at, evaluate_float

POINTS = 20
MIN_POINTS = 8
CONFIRM = 4
DIGITS = 30
ESCALATION = (60, 120, 240)
FLOAT_GAP = 1e-9
SIMPLIFY_SECONDS = 1.5
_RANGES = {"real": (-3.0, 3.0), "positive": (0.05, 4.0)}


def equivalent(a: t.Node, b: t.Node, variables: tuple[str, ...], domain: str = "real") -> bool | None:
    """True if equal, False if not, None if it could not be decided (bounded.TimeUp when time ran out)."""
    verdict = _by_sampling(a, b, variables, domain)
    if verdict is None:
        verdict = _by_simplify(a, b, variables, domain)
    return verdict


@lru_cache(maxsize=16)
def sample_points(variables: tuple[str, ...], domain: str) -> tuple[dict[str, float], ...]:
    """Fixed pseudo-random points (the same every run) in the domain; floats, so exact in binary."""
    low, high = _RANGES[domain]
    rnd = random.Random(f"{variables}-{domain}")
    return tuple({v: rnd.uniform(low, high) for v in variables} for _ in range(POINTS))


@lru_cache(maxsize=1024)
def _floats(node: t.Node, variables: tuple[str, ...], domain: str) -> tuple[complex | None, ...]:
    bounded.check()
    return tuple(evaluate_float(node, point) for point in sample_points(variables, domain))


@lru_cache(maxsize=4096)
def _precise(node: t.Node, variables: tuple[str, ...], domain: str, index: int, dps: int = DIGITS):
    bounded.check()
    point = sample_points(variables, domain)[index]
    return evaluate_at(node, {k: mpmath.mpf(v) for k, v in point.items()}, dps)


def _by_sampling(a: t.Node, b: t.Node, variables: tuple[str, ...], domain: str) -> bool | None:
    fa, fb = _floats(a, variables, domain), _floats(b, variables, domain)
    agreeing = [i for i, (x, y) in enumerate(zip(fa, fb)) if x is not None and y is not None and _float_close(x, y)]
    verdicts = {}
    for i in (i for i in range(len(fa)) if i not in agreeing):  # a gap, or undefined in floats: mpmath decides
        verdicts[i] = _point(a, b, variables, domain, i)
        if verdicts[i] is False:
            return False
    misled = any(v and fa[i] is not None and fb[i] is not None for i, v in verdicts.items())
    checked = agreeing if misled else agreeing[:: max(1, len(agreeing) // CONFIRM)][:CONFIRM]
    if any(_point(a, b, variables, domain, i) is False for i in checked):
        return False
    compared = len(agreeing) + sum(v is True for v in verdicts.values())
    return True if compared >= MIN_POINTS else None


def defined_somewhere(node: t.Node, variables: tuple[str, ...], domain: str) -> bool:
    """True when `node` has a finite value at one sample point at least (in floats or, failing that, mpmath)."""
    if any(v is not None for v in _floats(node, variables, domain)):
        return True
    return any(_precise(node, variables, domain, i) is not None for i in range(POINTS))


def _float_close(x: complex, y: complex) -> bool:
    return abs(x - y) <= FLOAT_GAP * max(1.0, abs(x), abs(y)) and cmath.isfinite(x - y)


def _point(a: t.Node, b: t.Node, variables: tuple[str, ...], domain: str, i: int) -> bool | None:
    """Equal at point `i` (True), different (False), or undefined on both sides (None), by mpmath:
    close at DIGITS, or a gap that shrinks by ten orders at every rise in digits (rounding noise)."""
    gap = None
    for dps in (DIGITS,) + ESCALATION:
        x, y = _precise(a, variables, domain, i, dps), _precise(b, variables, domain, i, dps)
        if x is None or y is None:
            return None if x is None and y is None else False
        if _close(x, y, dps):
            return True
        with mpmath.workdps(dps + 10):
            new_gap = abs(x - y)
            if gap is not None and not new_gap < gap * mpmath.mpf(10) ** -10:
                return False  # a true difference does not shrink
        gap = new_gap
    return True  # shrinking at every step: cancellation noise, not a difference


def _close(x: mpmath.mpc, y: mpmath.mpc, dps: int) -> bool:
    with mpmath.workdps(dps + 10):
        scale = max(mpmath.mpf(1), abs(x), abs(y))
        return abs(x - y) <= mpmath.mpf(10) ** (10 - dps) * scale


def _by_simplify(a: t.Node, b: t.Node, variables: tuple[str, ...], domain: str) -> bool | None:
    import sympy  # noqa: F401 - imported here, before the fork, so the child never imports

    outcome = bounded.run_bounded(_simplify_in_child, a, b, variables, domain,
                                  seconds=min(SIMPLIFY_SECONDS, bounded.remaining()))
    return outcome.value if outcome.done else None


def _simplify_in_child(a: t.Node, b: t.Node, variables: tuple[str, ...], domain: str) -> bool:
    import sympy

    from grader.expr.to_sympy import symbols_for, to_sympy

    symbols = symbols_for(variables, domain)
    return bool(sympy.simplify(to_sympy(a, symbols) - to_sympy(b, symbols)) == 0)
