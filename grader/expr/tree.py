"""The parsed form of an expression: small immutable nodes, each with its span in the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterator


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every node: `start` and `end` are offsets into the text it was read from."""

    start: int
    end: int

    def children(self) -> tuple["Node", ...]:
        """The direct sub-nodes."""
        return ()


@dataclass(frozen=True, slots=True)
class Num(Node):
    """A number literal; `value` is exact (`0.1` is 1/10), `text` as typed."""

    value: Fraction
    text: str


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A variable or parameter declared by the question."""

    id: str


@dataclass(frozen=True, slots=True)
class Const(Node):
    """A named constant: `e` or `pi`."""

    id: str


@dataclass(frozen=True, slots=True)
class Call(Node):
    """A function of the vocabulary applied to its arguments."""

    func: str
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        """The arguments."""
        return self.args


@dataclass(frozen=True, slots=True)
class Unary(Node):
    """`-x`, `+x` or `not x`."""

    op: str
    operand: Node

    def children(self) -> tuple[Node, ...]:
        """The operand."""
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """`left op right`: + - * / ^ @, comparisons, and/or. `implicit` marks a product written
    without `*` (`2x`)."""

    op: str
    left: Node
    right: Node
    implicit: bool = False

    def children(self) -> tuple[Node, ...]:
        """The two operands."""
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Array(Node):
    """`[a, b, c]`, `(a, b)`, a top-level `a, b, c` (`bracketed` False) or a matrix row list
    (`1 3; 2 4`: an Array of row Arrays)."""

    items: tuple[Node, ...]
    bracketed: bool = True

    def children(self) -> tuple[Node, ...]:
        """The items (rows of a matrix)."""
        return self.items


@dataclass(frozen=True, slots=True)
class Index(Node):
    """`x[i]` or `W[i, j]` (0-based)."""

    target: Node
    indices: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        """What is indexed, then the indices."""
        return (self.target,) + self.indices


@dataclass(frozen=True, slots=True)
class Transpose(Node):
    """`x.T`."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        """The operand."""
        return (self.operand,)


@dataclass(frozen=True)
class Expression:
    """A parsed text: its tree, the text it came from and the names it uses."""

    tree: Node
    text: str
    names: frozenset[str] = field(default_factory=frozenset)

    @property
    def items(self) -> tuple[Node, ...]:
        """The entries of a top-level list (`a, b` or `[a, b]`), else the one tree."""
        if isinstance(self.tree, Array):
            return self.tree.items
        return (self.tree,)


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children (iteratively: trees can be deep)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def is_constant(node: Node) -> bool:
    """True when no variable or parameter occurs in `node`."""
    return not any(isinstance(n, Name) for n in walk(node))
