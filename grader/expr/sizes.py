"""Checks on a whole tree before anything evaluates it: where lists may stand, how deep the tree is,
and how large its constant powers get (so `(((2^200)^200)^200)^200` or `9^9^9^9` never reach exact
arithmetic)."""

from __future__ import annotations

import math

from grader.expr import tree as t
from grader.expr.errors import ExprError
from grader.expr.vocabulary import Dialect

MAX_HEIGHT = 200  # the evaluators recurse once per level of the tree
_GROWING = frozenset({"exp", "sinh", "cosh"})  # functions that, nested, build towers like ^ does


def check_sizes(root: t.Node, dialect: Dialect) -> None:
    """ExprError for a list inside arithmetic (where arrays are off), a tree too tall, or a power too large."""
    limits = dialect.limits
    heights: dict[int, tuple[int, int]] = {}  # id(node) -> (height, nesting of powers)
    order = list(t.walk(root))
    for node in reversed(order):  # children before parents
        kids = [heights[id(c)] for c in node.children()]
        height = 1 + max((h for h, _ in kids), default=0)
        towers = max((p for _, p in kids), default=0) + _grows(node)
        if height > MAX_HEIGHT:
            raise ExprError(f"it is too long to read: more than {MAX_HEIGHT} operations inside one another",
                            node.start)
        if towers > limits.max_power_nesting:
            raise ExprError(f"it nests more than {limits.max_power_nesting} powers or exponentials inside one "
                            "another", node.start)
        heights[id(node)] = (height, towers)
        if isinstance(node, t.Binary) and node.op == "^":
            _check_power(node, dialect)
    if not dialect.arrays:
        _lists_only_as_lists(root)


def _grows(node: t.Node) -> int:
    if isinstance(node, t.Binary) and node.op == "^":
        return 1
    return int(isinstance(node, t.Call) and node.func in _GROWING)


def _lists_only_as_lists(root: t.Node) -> None:
    stack: list[tuple[t.Node, bool]] = [(root, True)]
    while stack:
        node, in_list = stack.pop()
        if isinstance(node, t.Array) and not in_list:
            raise ExprError("a list cannot be part of a calculation here: give each entry its own value, "
                            "e.g. [0.5, 0.25]", node.start)
        inside = isinstance(node, t.Array)
        stack.extend((child, inside) for child in node.children())


def _check_power(node: t.Binary, dialect: Dialect) -> None:
    limits = dialect.limits
    if not t.is_constant(node.right):
        return
    exponent = constant_value(node.right, limits.max_magnitude)
    if exponent is None:
        return
    if abs(exponent) > limits.max_exponent:
        raise ExprError(f"an exponent is larger than {limits.max_exponent:g}", node.right.start)
    if not t.is_constant(node.left):
        return
    base = constant_value(node.left, limits.max_magnitude)
    if base is None or base == 0:
        return
    if abs(exponent * math.log10(abs(base))) > limits.max_magnitude:
        raise ExprError(f"this power is too large to compute (about 10^{exponent * math.log10(abs(base)):.0f})",
                        node.start)


def constant_value(node: t.Node, max_magnitude: float) -> float | None:
    """The value of a constant scalar subtree as a float; None when it is not a real number
    (division by zero, a domain error, a list); ExprError when it is too large to hold."""
    try:
        value = _value(node, max_magnitude)
    except (ZeroDivisionError, ValueError, TypeError):
        return None
    except OverflowError:
        raise ExprError("a number in it is too large", node.start) from None
    if value is not None and math.isinf(value):
        raise ExprError("a number in it is too large", node.start)
    return value


_FLOAT_FUNCTIONS = {
    "exp": math.exp, "log": math.log, "ln": math.log, "sqrt": math.sqrt, "abs": abs, "tanh": math.tanh,
    "sinh": math.sinh, "cosh": math.cosh, "sin": math.sin, "cos": math.cos, "tan": math.tan, "asin": math.asin,
    "acos": math.acos, "atan": math.atan, "floor": math.floor, "ceil": math.ceil,
}


def _value(node: t.Node, max_magnitude: float) -> float | None:
    if isinstance(node, t.Num):
        return float(node.value)
    if isinstance(node, t.Const):
        return math.e if node.id == "e" else math.pi
    if isinstance(node, t.Unary):
        inner = _value(node.operand, max_magnitude)
        return None if inner is None or node.op == "not" else (-inner if node.op == "-" else inner)
    if isinstance(node, t.Binary) and node.op in ("+", "-", "*", "/", "^"):
        a, b = _value(node.left, max_magnitude), _value(node.right, max_magnitude)
        if a is None or b is None:
            return None
        if node.op == "^":
            if a != 0 and abs(b * math.log10(abs(a))) > max_magnitude:
                raise OverflowError
            result = a ** b
            return None if isinstance(result, complex) else float(result)
        return {"+": a + b, "-": a - b, "*": a * b}.get(node.op) if node.op != "/" else a / b
    if isinstance(node, t.Call) and node.func in _FLOAT_FUNCTIONS and len(node.args) == 1:
        inner = _value(node.args[0], max_magnitude)
        return None if inner is None else float(_FLOAT_FUNCTIONS[node.func](inner))
    return None
