"""Read a typed numeric answer (scalar, vector or matrix) without evaluating any code.

Accepted: `0.04`, `4e-2`, `1/25`, `-3`, `2^3`, `[0.629, 0.231, 0.140]`, `0.629, 0.231, 0.140`,
`[[1, 3], [2, 4]]` and `1 3; 2 4` style rows. The text is parsed with Python's `ast`
(parsing never runs code) and only number literals and + - * / ^ are evaluated.
"""

from __future__ import annotations

import ast
import math
import operator
import re

import numpy as np

from grader.errors import AnswerFormatError

EXPECTED = "a number such as 0.04, 4e-2 or 1/25, a vector such as [0.6, 0.3, 0.1], or a matrix such as [[1, 3], [2, 4]]"
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv, ast.Pow: operator.pow}
MAX_LENGTH = 2000
MAX_DEPTH = 20
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def parse_numeric(text: str) -> np.ndarray:
    """The answer as a float array (0-d for a scalar); AnswerFormatError says what went wrong."""
    source = _normalise(text)
    if not source:
        raise AnswerFormatError(f"it is empty; expected {EXPECTED}", text)
    if len(source) > MAX_LENGTH:
        raise AnswerFormatError(f"it is {len(source)} characters long; answers are at most {MAX_LENGTH}", "")
    if _depth(source) > MAX_DEPTH:
        raise AnswerFormatError(f"it is nested more than {MAX_DEPTH} brackets deep", "")
    try:
        tree = ast.parse(source, mode="eval")
    except (RecursionError, MemoryError):
        raise AnswerFormatError("it is nested too deeply", "") from None
    except SyntaxError as exc:
        pos = max(0, (exc.offset or 1) - 1)
        raise AnswerFormatError(f"it is not a number or list of numbers (stopped at column {pos + 1}); expected {EXPECTED}",
                                source, pos) from None
    try:
        value = _evaluate(tree.body, source)
    except RecursionError:
        raise AnswerFormatError("it is nested too deeply", "") from None
    try:
        arr = np.array(value, dtype=float)
    except ValueError:
        raise AnswerFormatError("its rows have different lengths; every row of a matrix needs the same number of entries",
                                source) from None
    if not np.all(np.isfinite(arr)):
        raise AnswerFormatError("it contains NaN or infinity; give finite numbers", source)
    return arr


def _depth(source: str) -> int:
    depth = deepest = 0
    for ch in source:
        depth += ch in "[("
        depth -= ch in "])"
        deepest = max(deepest, depth)
    return deepest


def _normalise(text: str) -> str:
    source = text.strip().replace("^", "**").replace("−", "-").replace("×", "*")
    if ";" in source and "[" not in source:  # "1 3; 2 4" -> matrix rows
        rows = [r.strip() for r in source.split(";") if r.strip()]
        source = "[" + ", ".join("[" + ", ".join(re.split(r"[,\s]+", r)) + "]" for r in rows) + "]"
    return source


def _evaluate(node: ast.AST, source: str):
    if isinstance(node, (ast.List, ast.Tuple)):
        if not node.elts:
            raise AnswerFormatError(f"it is an empty list; expected {EXPECTED}", source, node.col_offset)
        return [_evaluate(e, source) for e in node.elts]
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_scalar(node.operand, source))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _scalar(node.left, source), _scalar(node.right, source)
        if isinstance(node.op, ast.Div) and right == 0:
            raise AnswerFormatError("it divides by zero", source, node.col_offset)
        if isinstance(node.op, ast.Pow) and abs(right) > 1000:
            raise AnswerFormatError("its exponent is too large", source, node.col_offset)
        try:
            return _BINARY[type(node.op)](left, right)
        except (OverflowError, ZeroDivisionError, ValueError):
            raise AnswerFormatError("its arithmetic overflows", source, node.col_offset) from None
    if isinstance(node, ast.Name) and node.id.lower() in ("nan", "inf", "infinity"):
        raise AnswerFormatError("it contains NaN or infinity; give finite numbers", source, node.col_offset)
    what = f"'{ast.get_source_segment(source, node)}'" if hasattr(node, "col_offset") else "part of it"
    raise AnswerFormatError(f"{what} is not a number; expected {EXPECTED}", source, getattr(node, "col_offset", None))


def _scalar(node: ast.AST, source: str) -> float:
    value = _evaluate(node, source)
    if isinstance(value, list):
        raise AnswerFormatError("arithmetic works on single numbers, not lists", source, node.col_offset)
    if not math.isfinite(value):
        raise AnswerFormatError("its arithmetic overflows", source, node.col_offset)
    return value


def describe(arr: np.ndarray, digits: int = 4) -> str:
    """How an answer was read: `0.04`, `[0.629, 0.231, 0.14]`, `[[1, 3], [2, 4]]`."""
    if arr.ndim == 0:
        return _num(float(arr), digits)
    return "[" + ", ".join(describe(a, digits) for a in arr) + "]"


def _num(v: float, digits: int) -> str:
    return f"{v:.{digits}g}" if v != 0 else "0"


def shape_text(shape: tuple[int, ...]) -> str:
    """`()` -> 'a single number', `(3,)` -> 'a vector of 3 numbers', `(2, 3)` -> 'a 2x3 matrix'."""
    if not shape:
        return "a single number"
    if len(shape) == 1:
        return f"a vector of {shape[0]} number{'s' * (shape[0] != 1)}"
    return "a " + "x".join(map(str, shape)) + " matrix"
