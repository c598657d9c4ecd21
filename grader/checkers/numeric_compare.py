"""Comparing a numeric answer with the reference: the tolerance, element by element, and feedback on
near misses computed from the two values alone (so every numeric question gets it).

Tolerance: |given - expected| <= allowed + SLACK * max(|given|, |expected|), element-wise, where
allowed = atol + rtol*|expected| (or half a unit in the last of `sigfigs` significant figures).
The tiny relative SLACK (1e-12) puts an answer exactly on the bound (1.05 against 1 at rtol 0.05)
inside it despite binary rounding. A non-finite reference is never compared.
"""

from __future__ import annotations

import math

import numpy as np

from grader.model import Tolerance
from grader.numbers import describe

SLACK = 1e-12
NEAR_FACTOR = 10  # within this many tolerances the learner is told they are close
MAX_LISTED = 4  # elements named in feedback
# factors a learner's value is often off by, with what usually causes them
FACTORS: list[tuple[float, str]] = [
    (2.0, "twice the expected value: a factor 2 too many (a dropped 1/2, or a term counted twice)?"),
    (0.5, "half the expected value: a factor 1/2 too many, or a factor 2 missing?"),
    (math.log(10), "ln 10 ≈ 2.303 times the expected value: a base-10 logarithm where the natural one was meant?"),
    (1 / math.log(10), "1/ln 10 ≈ 0.434 times the expected value: a natural logarithm where base 10 was meant?"),
    (math.log(2), "ln 2 ≈ 0.693 times the expected value: a natural logarithm where base 2 was meant?"),
    (1 / math.log(2), "1/ln 2 ≈ 1.443 times the expected value: a base-2 logarithm where the natural one was meant?"),
    (100.0, "100 times the expected value: a percentage where a fraction was asked?"),
    (0.01, "1/100 of the expected value: a fraction where a percentage was asked?"),
]


def allowed_error(expected: np.ndarray, tol: Tolerance) -> np.ndarray:
    """The largest accepted |given - expected|, element-wise (before the slack)."""
    expected = np.asarray(expected, dtype=float)
    if tol.sigfigs is not None:
        magnitude = np.floor(np.log10(np.where(expected == 0, 1.0, np.abs(expected))))
        return np.where(expected == 0, tol.atol, 0.5 * 10.0 ** (magnitude - tol.sigfigs + 1))
    return tol.atol + tol.rtol * np.abs(expected)


def close_elements(given: np.ndarray, expected: np.ndarray, tol: Tolerance, factor: float = 1.0) -> np.ndarray:
    """Element-wise: within `factor` tolerances (plus the slack). Shapes must broadcast; a non-finite
    expected element is never close."""
    g, e = np.asarray(given, dtype=float), np.asarray(expected, dtype=float)
    with np.errstate(all="ignore"):
        bound = factor * allowed_error(e, tol) + SLACK * np.maximum(np.abs(g), np.abs(e))
        return np.isfinite(e) & np.isfinite(g) & (np.abs(g - e) <= bound)


def within(given: np.ndarray, expected: np.ndarray, tol: Tolerance, factor: float = 1.0) -> bool:
    """True when shapes agree (ignoring singleton axes) and every element is within tolerance."""
    g, e = np.squeeze(given), np.squeeze(expected)
    if g.shape != e.shape:
        return False
    return bool(np.all(close_elements(g, e, tol, factor)))


def near_miss(given: np.ndarray, expected: np.ndarray, tol: Tolerance) -> str:
    """Feedback for a wrong answer of the right shape: the likeliest slip, else 'Not quite.'"""
    g, e = np.squeeze(given), np.squeeze(expected)
    if np.any(e != 0) and within(-g, e, tol):
        return "Not quite: the sign is flipped."
    if g.ndim == 2 and g.shape[0] == g.shape[1] and within(g.T, e, tol) and not within(e.T, e, tol):
        return "Not quite: the matrix is transposed (rows and columns swapped)."
    if g.ndim == 1 and g.size > 1 and within(np.sort(g), np.sort(e), tol):
        return "Not quite: the right numbers, in the wrong order."
    if within(g, e, tol, factor=NEAR_FACTOR):
        return "Close, but not within the tolerance: rounded too early? Keep more decimals in intermediate steps."
    factor = _factor(g, e, tol)
    if factor:
        return f"Not quite: your answer is {factor}"
    return "Not quite."


def _factor(g: np.ndarray, e: np.ndarray, tol: Tolerance) -> str:
    if not np.all(e != 0):
        return ""
    candidates = FACTORS + [(float(n), f"{n} times the expected value: a sum where a mean was asked, or a count "
                             "used twice?") for n in range(3, 11)]
    candidates += [(1 / n, f"1/{n} of the expected value: a mean where a sum was asked, or a divided count?")
                   for n in range(3, 11)]
    if g.size > 1:
        n = g.size
        candidates += [(float(n), f"{n} times (the number of elements) the expected value: a sum where a mean "
                        "was asked?"), (1 / n, f"1/{n} of the expected value: divided by the number of elements?")]
    for ratio, text in candidates:
        if within(g / ratio, e, tol, factor=2.0):
            return text
    return ""


def element_report(given: np.ndarray, expected: np.ndarray, tol: Tolerance) -> str:
    """' Off: element 3: 0.15, expected about 0.14; ...' for vectors and matrices ('' for a scalar).
    The expected value is only shown rounded so far that it would not itself be accepted; otherwise
    the feedback says only whether the element is too large or too small."""
    g, e = np.squeeze(given), np.squeeze(expected)
    if g.ndim == 0 or g.shape != e.shape:
        return ""
    close = close_elements(g, e, tol)
    off = [idx for idx in np.ndindex(g.shape) if not close[idx]]
    if not off or len(off) == g.size and g.size > MAX_LISTED:
        return ""
    parts = [_element(idx, g[idx], e[idx], tol) for idx in off[:MAX_LISTED]]
    more = f" and {len(off) - MAX_LISTED} more" if len(off) > MAX_LISTED else ""
    right = g.size - len(off)
    return f" {right} of {g.size} right; off: " + "; ".join(parts) + more + "."


def _element(idx: tuple[int, ...], given: float, expected: float, tol: Tolerance) -> str:
    where = f"element {idx[0] + 1}" if len(idx) == 1 else "row {}, column {}".format(idx[0] + 1, idx[1] + 1) \
        if len(idx) == 2 else "element " + ", ".join(str(i + 1) for i in idx)
    hint = describe(np.array(expected), digits=2)
    if bool(close_elements(np.array(float(hint)), np.array(expected), tol)):
        return f"{where} is {describe(np.array(given))}, too {'large' if given > expected else 'small'}"
    return f"{where} is {describe(np.array(given))}, expected about {hint}"


def partial_score(given: np.ndarray, expected: np.ndarray, tol: Tolerance) -> float:
    """The share of elements within tolerance (0 when the shapes differ)."""
    g, e = np.squeeze(given), np.squeeze(expected)
    if g.shape != e.shape or g.size == 0:
        return 0.0
    return round(float(np.mean(close_elements(g, e, tol))), 3)
