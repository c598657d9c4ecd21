"""Failure messages a learner can act on: the case, expected vs got, the worst element, shape hints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.code.cases import Case
from grader.code.escape import printable
from grader.code.spec import Tolerance

if TYPE_CHECKING:
    from grader.code.protocol import ErrorInfo

SHOWN_ELEMENTS = 24  # arrays up to this size are printed in full


def show_array(value: Any) -> str:
    """A small array printed compactly, a large one as its shape."""
    array = np.asarray(value)
    if array.size > SHOWN_ELEMENTS:
        return f"array of shape {shape_text(array.shape)}"
    if array.ndim == 0:
        if array.dtype.kind not in "biuf":
            return str(array.item())
        return "0" if array.item() == 0 else f"{array.item():.6g}"
    return "[" + ", ".join(show_array(row) for row in array) + "]"


def shape_text(shape: tuple[int, ...]) -> str:
    """(3, 4), (5,) or () for a scalar."""
    return "()" if shape == () else "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def describe_case(case: Case, names: list[str]) -> str:
    """How a case is named in a message: its check and label, and its inputs unless hidden."""
    where = f"'{case.check}' {case.label}"
    if case.hidden:
        return f"a hidden case of '{case.check}'"
    shown = ", ".join(f"{name}={_show_arg(value)}" for name, value in zip(names, case.args))
    return f"{where} ({shown})"


def _show_arg(value: Any) -> str:
    if isinstance(value, (int, float)):
        return repr(value)
    text = show_array(value)
    return f"{text} (a list)" if isinstance(value, list) and not text.startswith("array") else text


def describe_error(error: "ErrorInfo | None") -> str:
    """An exception reported by the sandbox: type, message and the learner's line (all untrusted text)."""
    if error is None:
        return "raised an exception"
    kind = printable(error.type, limit=60) or "an exception"
    text = f"raised {kind}"
    message = printable(error.message, limit=300)
    if message:
        text += f": {message}"
    if error.line is not None:
        code = printable(error.code, limit=120)
        text += f" (line {error.line}" + (f": `{code}`" if code else "") + ")"
    if kind in ("SystemExit", "KeyboardInterrupt"):
        text += "; do not call sys.exit() or exit(): return the result"
    if kind == "NotImplementedError":
        text += "; replace the TODO with your implementation"
    return text


def shape_hint(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    """Why a shape may be wrong: transposed, a missing or extra axis, a reduction, a reshape."""
    if expected == ():
        return "expected a single number: reduce over all elements (e.g. np.mean(x) with no axis)"
    if got == ():
        return "expected an array, got a single number: did you sum or average it away?"
    if len(got) == 2 and got == expected[::-1]:
        return "transposed?"
    if tuple(n for n in got if n != 1) == tuple(n for n in expected if n != 1):
        return "an axis of length 1 is missing or extra: compare (n,) with (n, 1) (keepdims=True, reshape)"
    if int(np.prod(got)) == int(np.prod(expected)):
        return "the same number of elements in a different layout: check your reshape"
    if len(got) == len(expected) == 2 and got[0] == expected[0]:
        return "the number of columns differs"
    if len(got) == len(expected) == 2 and got[1] == expected[1]:
        return "the number of rows differs"
    return ""


@dataclass(frozen=True)
class Mismatch:
    """Where a result differs most from what was expected."""

    index: tuple[int, ...]
    got: float
    expected: float
    error: float
    count: int

    def describe(self) -> str:
        """One line: the worst element, its values and error, and how many elements differ."""
        if self.index == ():
            return f"got {self.got:.6g}, expected {self.expected:.6g} (error {self.error:.3g})"
        return (f"worst element at {list(self.index)}: got {self.got:.6g}, expected {self.expected:.6g} "
                f"(error {self.error:.3g}); {self.count} element(s) outside the tolerance")


def compare(got: np.ndarray, expected: np.ndarray, tolerance: Tolerance) -> Mismatch | None:
    """None when every element is within tolerance (NaN never is); else the worst element."""
    g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(g - e)
        allowed = tolerance.atol + tolerance.rtol * np.abs(e)
        bad = ~(error <= allowed)
        if not bad.any():  # the common case, decided in a few passes over the data
            return None
        bad &= ~(np.isinf(g) & np.isinf(e) & (np.sign(g) == np.sign(e)))
        if not bad.any():
            return None
        excess = np.where(bad, np.nan_to_num(error - allowed, nan=np.inf, posinf=np.inf), -np.inf)
    index = np.unravel_index(int(np.argmax(excess)), g.shape) if g.ndim else ()
    index = tuple(int(i) for i in index)
    return Mismatch(index, float(g[index]), float(e[index]), float(error[index]), int(bad.sum()))


def mismatch_text(got: np.ndarray, expected: np.ndarray, mismatch: Mismatch) -> str:
    """Expected vs got (when small enough to read) and the worst element."""
    lines = []
    if 0 < np.asarray(expected).ndim and np.asarray(expected).size <= SHOWN_ELEMENTS:
        lines += [f"expected {show_array(expected)}", f"got      {show_array(got)}"]
    lines.append(mismatch.describe())
    return "\n".join(lines)
