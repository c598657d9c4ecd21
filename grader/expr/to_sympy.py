"""Build SymPy objects directly from a tree: no text ever reaches SymPy's parser or `eval`.

Literals become exact Rationals (`0.1` is 1/10; `0.333333333333333` is not 1/3). Constant
powers were bounded by the parser, so building them cannot run away; everything else SymPy may
do with the result (simplify, differentiate) belongs in a bounded child (grader.bounded) when the
text came from a learner.
"""

from __future__ import annotations

from typing import Mapping

import sympy

from grader.expr import tree as t
from grader.expr.errors import ExprError

_u = sympy.Dummy("u", real=True)
FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt, "abs": sympy.Abs,
    "sigmoid": sympy.Lambda(_u, 1 / (1 + sympy.exp(-_u))),
    "relu": sympy.Lambda(_u, sympy.Max(0, _u)),
    "softplus": sympy.Lambda(_u, sympy.log(1 + sympy.exp(_u))),
    "step": sympy.Lambda(_u, sympy.Heaviside(_u, 0)),
    "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh, "sech": sympy.sech,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "asin": sympy.asin, "acos": sympy.acos,
    "atan": sympy.atan, "floor": sympy.floor, "ceil": sympy.ceiling, "max": sympy.Max, "min": sympy.Min,
}


def symbols_for(names: tuple[str, ...] | list[str], domain: str = "real") -> dict[str, sympy.Symbol]:
    """One SymPy symbol per name, real (or positive, for domain 'positive')."""
    assumptions = {"positive": True} if domain == "positive" else {"real": True}
    return {name: sympy.Symbol(name, **assumptions) for name in names}


def to_sympy(node: t.Node | t.Expression, symbols: Mapping[str, sympy.Symbol]) -> sympy.Basic:
    """The SymPy expression of `node` (a Matrix for an array); ExprError for what SymPy cannot hold here."""
    if isinstance(node, t.Expression):
        node = node.tree
    return _Converter(symbols).convert(node)


def to_sympy_list(expression: t.Expression, symbols: Mapping[str, sympy.Symbol]) -> list[sympy.Expr]:
    """The entries of a (possibly one-entry) top-level list, each as a SymPy expression."""
    converter = _Converter(symbols)
    return [converter.convert(item) for item in expression.items]


class _Converter:
    def __init__(self, symbols: Mapping[str, sympy.Symbol]):
        self.symbols = symbols

    def convert(self, node: t.Node) -> sympy.Basic:
        if isinstance(node, t.Num):
            return sympy.Rational(node.value.numerator, node.value.denominator)
        if isinstance(node, t.Name):
            return self.symbols.get(node.id) or sympy.Symbol(node.id, real=True)
        if isinstance(node, t.Const):
            return sympy.E if node.id == "e" else sympy.pi
        if isinstance(node, t.Unary):
            inner = self.convert(node.operand)
            if node.op == "not":
                return sympy.Not(inner)
            return -inner if node.op == "-" else inner
        if isinstance(node, t.Binary):
            return self.binary(node)
        if isinstance(node, t.Call):
            if node.func not in FUNCTIONS:
                raise ExprError(f"'{node.func}' has no symbolic form", node.start)
            return FUNCTIONS[node.func](*(self.convert(a) for a in node.args))
        if isinstance(node, t.Array):
            rows = [self.convert(i) for i in node.items]
            if rows and all(isinstance(r, sympy.MatrixBase) for r in rows):
                return sympy.Matrix([list(r) for r in rows])
            return sympy.Matrix(rows)
        if isinstance(node, t.Transpose):
            return self.convert(node.operand).T
        raise ExprError("indexing has no symbolic form", node.start)

    def binary(self, node: t.Binary) -> sympy.Basic:
        a, b = self.convert(node.left), self.convert(node.right)
        op = node.op
        if op == "/" and b == 0:
            raise ExprError("it divides by zero", node.right.start)
        relations = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge, "==": sympy.Eq, "!=": sympy.Ne}
        if op in relations:
            return relations[op](a, b)
        if op in ("and", "or"):
            return (sympy.And if op == "and" else sympy.Or)(a, b)
        result = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
                  "^": lambda: a ** b, "@": lambda: a * b}[op]()
        if op in ("/", "^") and result.has(sympy.zoo, sympy.nan):
            raise ExprError("it divides by zero", node.start)
        return result
