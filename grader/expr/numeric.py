"""Evaluate a tree with NumPy: learners' numeric answers and authors' formulas, scalars and arrays.

Every failure is an ExprError pointing at the node that failed: division by zero, overflow, a value
outside a function's domain, shapes that do not fit, an index out of range. NumPy's warnings are
turned into those errors, never printed. An author's formula names arrays of up to 10 000 numbers,
so sizes are checked before an array is made (`[x].T @ [x]` would need 800 MB) and the elements
computed in all are counted (a long formula over arrays built from lists would run for minutes);
the operation's deadline (grader.bounded) is checked at every node.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import numpy as np

from grader import bounded
from grader.expr import tree as t
from grader.expr.errors import ExprError

MAX_ELEMENTS = 1_000_000  # of any intermediate array (one_hot, broadcasting)
MAX_WORK = 20_000_000  # elements computed by one evaluation, every node together (about 0.1 s)
Value = np.ndarray


def evaluate(expression: t.Expression | t.Node, names: Mapping[str, Any] | None = None) -> np.ndarray:
    """The value of `expression` as a float array (0-d for a scalar; bool for a comparison), given the
    values of its names; ExprError when it cannot be computed."""
    root = expression.tree if isinstance(expression, t.Expression) else expression
    with np.errstate(all="raise", under="ignore"):
        result = _Evaluator(names or {}).eval(root)
    if result.dtype != bool and not np.all(np.isfinite(result)):
        raise ExprError("the result is not a finite number", root.start)
    return result


def _as_array(name: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value)
        return arr if arr.dtype == bool else arr.astype(float)
    except (TypeError, ValueError):
        raise ExprError(f"'{name}' is not a number or an array of numbers", None) from None


def _stable_sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -x))


def _softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return shifted / np.sum(shifted, axis=axis, keepdims=True)


_ELEMENTWISE: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "exp": np.exp, "log": np.log, "ln": np.log, "sqrt": np.sqrt, "abs": np.abs,
    "sigmoid": _stable_sigmoid, "relu": lambda x: np.maximum(x, 0.0), "softplus": lambda x: np.logaddexp(0.0, x),
    "step": lambda x: np.heaviside(x, 0.0),
    "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "sech": lambda x: 1.0 / np.cosh(x),
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "floor": np.floor, "ceil": np.ceil,
}
# the domain of each function that has one, for the message
_DOMAINS = {"log": "a positive number", "ln": "a positive number", "sqrt": "a number >= 0",
            "asin": "a number in [-1, 1]", "acos": "a number in [-1, 1]"}


class _Evaluator:
    def __init__(self, names: Mapping[str, Any]):
        self.names = names  # converted when used: a text parameter only matters to formulas naming it
        self.arrays: dict[str, np.ndarray] = {}
        self.work = 0

    def eval(self, node: t.Node) -> np.ndarray:
        bounded.check()
        method = getattr(self, "_" + type(node).__name__.lower())
        try:
            result = method(node)
        except ExprError:
            raise
        except FloatingPointError as exc:
            raise ExprError(_float_problem(node, str(exc)), node.start) from None
        except (ValueError, TypeError, IndexError, OverflowError, ZeroDivisionError, MemoryError) as exc:
            raise ExprError(f"it cannot be computed here ({exc})", node.start) from None
        if result.size > MAX_ELEMENTS:
            raise ExprError(f"an array in it has more than {MAX_ELEMENTS} elements", node.start)
        self.spend(node, result.size)
        return result

    def spend(self, node: t.Node, count: int) -> None:
        """Count `count` more numbers computed; ExprError past MAX_WORK."""
        self.work += count
        if self.work > MAX_WORK:
            raise ExprError(f"it computes more than {MAX_WORK} numbers in all: use smaller arrays", node.start)

    def number(self, node: t.Node) -> np.ndarray:
        value = self.eval(node)
        if value.dtype == bool:
            return value.astype(float)
        return value

    # --- leaves ------------------------------------------------------------------------------

    def _num(self, node: t.Num) -> np.ndarray:
        try:
            value = float(node.value)  # correctly rounded from the exact value
        except OverflowError:
            value = float("inf")
        if np.isinf(value):
            raise ExprError(f"the number {node.text} is too large", node.start)
        if value == 0 and node.value != 0:
            raise ExprError(f"the number {node.text} is too small to hold (it would be read as 0)", node.start)
        return np.array(value)

    def _const(self, node: t.Const) -> np.ndarray:
        return np.array(np.e if node.id == "e" else np.pi)

    def _name(self, node: t.Name) -> np.ndarray:
        if node.id not in self.names:
            raise ExprError(f"'{node.id}' has no value here", node.start)
        if node.id not in self.arrays:
            self.arrays[node.id] = _as_array(node.id, self.names[node.id])
        return self.arrays[node.id]

    # --- operators ---------------------------------------------------------------------------

    def _unary(self, node: t.Unary) -> np.ndarray:
        value = self.eval(node.operand)
        if node.op == "not":
            return np.logical_not(value)
        value = value.astype(float) if value.dtype == bool else value
        return -value if node.op == "-" else value

    def _binary(self, node: t.Binary) -> np.ndarray:
        op = node.op
        if op in ("and", "or"):
            a, b = self.eval(node.left), self.eval(node.right)
            return (np.logical_and if op == "and" else np.logical_or)(a, b)
        a, b = self.number(node.left), self.number(node.right)
        if op == "@":
            return self._matmul(node, a, b)
        _fits(node, _broadcastable(node, a, b))
        if op == "/" and np.any(b == 0):
            raise ExprError("it divides by zero", node.right.start)
        if op == "^":
            return self._power(node, a, b)
        return {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
                "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
                "==": np.equal, "!=": np.not_equal}[op](a, b)

    def _power(self, node: t.Binary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if np.any((a == 0) & (b < 0)):
            raise ExprError("it divides by zero (0 to a negative power)", node.start)
        if np.any((a < 0) & (b != np.round(b))):
            raise ExprError(f"{_text_of(node)} is not a real number (a negative number to a fractional power)",
                            node.start)
        return np.power(a, b)

    def _matmul(self, node: t.Binary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if a.ndim == 0 or b.ndim == 0:
            raise ExprError("@ multiplies matrices and vectors; use * for a number", node.start)
        if a.shape[-1] != b.shape[0 if b.ndim == 1 else -2]:
            raise ExprError(f"shapes {_shape(a)} and {_shape(b)} do not fit for @ (inner sizes differ)", node.start)
        shape = (a.shape[:-1] if b.ndim == 1 else b.shape[:-2] + b.shape[-1:] if a.ndim == 1
                 else np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + (a.shape[-2], b.shape[-1]))
        _fits(node, shape)
        self.spend(node, math.prod(shape) * a.shape[-1])  # the multiplications, before they are done
        return np.matmul(a, b)

    def _array(self, node: t.Array) -> np.ndarray:
        items = [self.number(item) for item in node.items]
        _fits(node, (sum(item.size for item in items),))
        shapes = {item.shape for item in items}
        if len(shapes) > 1:
            raise ExprError("its rows have different lengths; every row of a matrix needs the same number of entries",
                            node.start)
        return np.array(items, dtype=float)

    def _index(self, node: t.Index) -> np.ndarray:
        target = self.eval(node.target)
        if len(node.indices) > target.ndim:
            raise ExprError(f"{len(node.indices)} indices for an array of shape {_shape(target)}", node.start)
        picked = []
        for axis, index_node in enumerate(node.indices):
            index = self.number(index_node)
            if index.ndim or index != np.round(index):
                raise ExprError("an index must be a whole number (indices start at 0)", index_node.start)
            i, size = int(index), target.shape[axis]
            if not -size <= i < size:
                raise ExprError(f"index {i} is out of range for size {size} (indices start at 0)", index_node.start)
            picked.append(i)
        return np.asarray(target[tuple(picked)])

    def _transpose(self, node: t.Transpose) -> np.ndarray:
        return np.transpose(self.number(node.operand))

    # --- functions ---------------------------------------------------------------------------

    def _call(self, node: t.Call) -> np.ndarray:
        f = node.func
        if f in _ELEMENTWISE:
            x = self.number(node.args[0])
            _check_domain(node, x)
            return np.asarray(_ELEMENTWISE[f](x))
        args = [self.number(a) for a in node.args]
        if f in ("max", "min"):
            if len(args) == 1:
                return np.asarray((np.max if f == "max" else np.min)(_nonempty(node, args[0])))
            out = args[0]
            for other in args[1:]:
                _fits(node, _broadcastable(node, out, other))
                out = (np.maximum if f == "max" else np.minimum)(out, other)
            return out
        if f in ("sum", "mean", "softmax"):
            axis = self._axis(node, args)
            x = _nonempty(node, args[0]) if f != "sum" else args[0]
            if f == "softmax":
                return _softmax(x, -1 if axis is None else axis)
            return np.asarray((np.sum if f == "sum" else np.mean)(x, axis=axis))
        if f == "norm":
            return np.asarray(np.sqrt(np.sum(args[0] ** 2)))
        if f == "transpose":
            return np.transpose(args[0])
        if f == "one_hot":
            return self._one_hot(node, *args)
        raise ExprError(f"'{f}' cannot be computed here", node.start)

    def _axis(self, node: t.Call, args: list[np.ndarray]) -> int | None:
        if len(args) < 2:
            return None
        axis, x = args[1], args[0]
        if axis.ndim or axis != np.round(axis) or not -max(x.ndim, 1) <= int(axis) < max(x.ndim, 1):
            raise ExprError(f"the axis must be a whole number below {max(x.ndim, 1)}", node.args[1].start)
        return int(axis)

    def _one_hot(self, node: t.Call, index: np.ndarray, size: np.ndarray) -> np.ndarray:
        if size.ndim or size != np.round(size) or not 1 <= size <= 100_000:
            raise ExprError("one_hot(i, n): n must be a whole number from 1 to 100000", node.args[1].start)
        n = int(size)
        if np.any(index != np.round(index)) or np.any(index < 0) or np.any(index >= n):
            raise ExprError(f"one_hot(i, n): every i must be a whole number from 0 to {n - 1}", node.args[0].start)
        if index.size * n > MAX_ELEMENTS:
            raise ExprError(f"one_hot would have more than {MAX_ELEMENTS} elements", node.start)
        out = np.zeros(index.shape + (n,))  # not np.eye(n)[index]: that makes n*n numbers first
        np.put_along_axis(out, index.astype(int)[..., None], 1.0, axis=-1)
        return out


def _check_domain(node: t.Call, x: np.ndarray) -> None:
    f = node.func
    bad = {"log": x <= 0, "ln": x <= 0, "sqrt": x < 0, "asin": np.abs(x) > 1, "acos": np.abs(x) > 1}.get(f)
    if bad is not None and np.any(bad):
        zero = f in ("log", "ln") and np.any(x == 0)
        why = "the log of 0 is minus infinity" if zero else f"{f} needs {_DOMAINS[f]}"
        raise ExprError(f"{_text_of(node)} is not a real number: {why}", node.start)


def _nonempty(node: t.Call, x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        raise ExprError(f"'{node.func}' of an empty array", node.start)
    return x


def _broadcastable(node: t.Node, a: np.ndarray, b: np.ndarray) -> tuple[int, ...]:
    """The shape `a` and `b` broadcast to (ExprError when they do not fit)."""
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ExprError(f"shapes {_shape(a)} and {_shape(b)} do not fit together", node.start) from None


def _fits(node: t.Node, shape: tuple[int, ...]) -> None:
    """Refuse a result of `shape` before it is made when it would be too large."""
    if math.prod(shape) > MAX_ELEMENTS:
        raise ExprError(f"an array in it would have more than {MAX_ELEMENTS} elements", node.start)


def _shape(a: np.ndarray) -> str:
    return "scalar" if a.ndim == 0 else "(" + ", ".join(map(str, a.shape)) + ")"


def _float_problem(node: t.Node, detail: str) -> str:
    if "divide" in detail:
        return "it divides by zero"
    if "overflow" in detail:
        return f"{_text_of(node)} is too large to compute (it overflows)"
    return f"{_text_of(node)} is not a real number"


def _text_of(node: t.Node) -> str:
    from grader.expr.text import to_text

    text = to_text(node)
    return text if len(text) <= 40 else "part of it"
