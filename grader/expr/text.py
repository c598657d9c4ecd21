"""Print a tree back as text with every operator explicit: how an answer was read (`2x(1-x)`... as
`2*x*(1 - x)`), with only the parentheses the precedence needs."""

from __future__ import annotations

from grader.expr import tree as t

_BP = {"or": 1, "and": 2, "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4,
       "+": 10, "-": 10, "*": 20, "/": 20, "@": 20, "^": 30}
_UNARY_BP = 25
_ATOM = 100


def to_text(node: t.Node | t.Expression) -> str:
    """`node` as text that reads back to the same tree."""
    if isinstance(node, t.Expression):
        node = node.tree
    return _text(node)[0]


def _text(node: t.Node) -> tuple[str, int]:
    """(text, binding power of its outermost operator)."""
    if isinstance(node, t.Num):
        return node.text if not node.text.startswith(".") else "0" + node.text, _ATOM
    if isinstance(node, (t.Name, t.Const)):
        return node.id, _ATOM
    if isinstance(node, t.Call):
        return f"{node.func}({', '.join(_text(a)[0] for a in node.args)})", _ATOM
    if isinstance(node, t.Array):
        inner = ", ".join(_text(i)[0] if not isinstance(i, t.Array) else f"[{_text(i)[0].strip('[]')}]"
                          if not i.bracketed else _text(i)[0] for i in node.items)
        return (f"[{inner}]" if node.bracketed or any(isinstance(i, t.Array) for i in node.items)
                else inner), (_ATOM if node.bracketed else 0)
    if isinstance(node, t.Index):
        return f"{_wrap(node.target, _ATOM)}[{', '.join(_text(i)[0] for i in node.indices)}]", _ATOM
    if isinstance(node, t.Transpose):
        return f"{_wrap(node.operand, _ATOM)}.T", _ATOM
    if isinstance(node, t.Unary):
        if node.op == "not":
            return f"not {_wrap(node.operand, 3)}", 3
        return f"{node.op}{_wrap(node.operand, _UNARY_BP)}", _UNARY_BP
    if isinstance(node, t.Binary):
        bp = _BP[node.op]
        if node.op == "^":  # right-associative; a negative base needs parentheses
            left = _wrap(node.left, bp + 1)
            signed = isinstance(node.right, t.Unary) and node.right.op in "+-"  # 2^-1 reads back as written
            return f"{left}^{_text(node.right)[0] if signed else _wrap(node.right, bp)}", bp
        left = _wrap(node.left, bp)
        right = _wrap(node.right, bp + 1)
        gap = "" if node.op in ("*", "/", "^") else " "
        return f"{left}{gap}{node.op}{gap}{right}", bp
    raise TypeError(f"not a node: {node!r}")


def _wrap(node: t.Node, needed: int) -> str:
    text, bp = _text(node)
    return text if bp >= needed else f"({text})"
