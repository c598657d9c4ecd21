"""Checks on a tree, node by node as it is built, before anything evaluates it: where lists may stand, how deep the tree is,
and how large its constant powers get (so `(((2^200)^200)^200)^200` or `9^9^9^9` never reach exact
arithmetic)."""

from __future__ import annotations

import math

from grader.expr import tree as t
from grader.expr.errors import ExprError
from grader.expr.vocabulary import Dialect

MAX_HEIGHT = 200  # the evaluators recurse once per level of the tree
_GROWING = frozenset({"exp", "sinh", "cosh"})  # functions that, nested, build towers like ^ does


class Sizer:
    """Checks each node as the parser builds it (children first), in constant time per node: the
    tree's height, powers nested in powers, lists inside arithmetic (where arrays are off), and
    constant powers too large to compute."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self.limits = dialect.limits
        self._facts: dict[int, tuple[int, int, bool]] = {}  # id(node) -> (height, powers nested, constant)
        self._alive: list[t.Node] = []  # keeps every id valid while parsing

    def add(self, node: t.Node) -> t.Node:
        """Record `node` (its children already recorded); ExprError when it breaks a limit."""
        kids = node.children()
        facts = [self._facts[id(k)] for k in kids]
        height = 1 + max((f[0] for f in facts), default=0)
        towers = max((f[1] for f in facts), default=0) + _grows(node)
        constant = not isinstance(node, t.Name) and all(f[2] for f in facts)
        if height > MAX_HEIGHT:
            raise ExprError(f"it is too long to read: more than {MAX_HEIGHT} operations inside one another",
                            node.start)
        if towers > self.limits.max_power_nesting:
            raise ExprError(f"it nests more than {self.limits.max_power_nesting} powers or exponentials inside "
                            "one another", node.start)
        if not self.dialect.arrays and not isinstance(node, t.Array):
            inner = next((k for k in kids if isinstance(k, t.Array)), None)
            if inner is not None:
                raise ExprError("a list cannot be part of a calculation here: give each entry its own value, "
                                "e.g. [0.5, 0.25]", inner.start)
        if isinstance(node, t.Binary) and node.op == "^" and facts[1][2]:
            _check_power(node, self.dialect, base_constant=facts[0][2])
        self._facts[id(node)] = (height, towers, constant)
        self._alive.append(node)
        return node

    def same_as(self, new: t.Node, old: t.Node) -> t.Node:
        """`new` is `old` with another span (parentheses taken in): the same facts."""
        self._facts[id(new)] = self._facts[id(old)]
        self._alive.append(new)
        return new


def _grows(node: t.Node) -> int:
    if isinstance(node, t.Binary) and node.op == "^":
        return 1
    return int(isinstance(node, t.Call) and node.func in _GROWING)


def _check_power(node: t.Binary, dialect: Dialect, base_constant: bool) -> None:
    limits = dialect.limits
    exponent = constant_value(node.right, limits.max_magnitude)
    if exponent is None:
        return
    if abs(exponent) > limits.max_exponent:
        raise ExprError(f"an exponent is larger than {limits.max_exponent:g}", node.right.start)
    if not base_constant:
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
    "step": lambda x: float(x > 0),
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
