"""A Pratt parser from tokens to the tree, with every limit checked while reading.

Precedence, loosest first: `or`, `and`, `not`, comparisons, `+ -`, `* / @` and products written
without `*` (`2x`, `(a)(b)`: the same precedence as `*`, so `1/2x` is x/2), unary `- +`, `^`
(right-associative: `2^3^2` is 2^9; `-x^2` is -(x^2)), and last calls, indexing, `.T` and
superscripts. A variable or constant followed by `(` is refused (`x(1-x)` and `pi(3)` are not
products; write `x*(1-x)`), as is a function name without its parenthesised argument.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from grader.expr import tree as t
from grader.expr.errors import ExprError
from grader.expr.sizes import Sizer
from grader.expr.tokens import Token, tokenize
from grader.expr.names import unknown_name_message
from grader.expr.vocabulary import CONSTANTS, Dialect

_INFIX = {"+": 10, "-": 10, "*": 20, "/": 20, "@": 20, "^": 30,
          "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4, "and": 2, "or": 1}
_COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})
_PREFIX_BP = 25
_IMPLICIT_BP = 20
_POSTFIX_BP = 40


def parse(text: str, dialect: Dialect) -> t.Expression:
    """Read `text` in `dialect`; ExprError (with a position) when it cannot be read or exceeds a limit."""
    if not text.strip():
        raise ExprError("it is empty", None)
    parser = _Parser(text, tokenize(text, dialect.limits), dialect)
    tree = parser.top()
    return t.Expression(tree, text, frozenset(parser.names))


class _Parser:
    def __init__(self, text: str, tokens: list[Token], dialect: Dialect):
        self.text, self.tokens, self.dialect = text, tokens, dialect
        self.limits = dialect.limits
        self.i = 0
        self.depth = 0
        self.nodes = 0
        self.names: set[str] = set()
        self.sizer = Sizer(dialect)

    # --- helpers ----------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        token = self.tokens[self.i + ahead] if ahead == 0 else self.tokens[min(self.i + ahead, len(self.tokens) - 1)]
        if token.kind == "bad" and ahead == 0:
            raise ExprError(token.text, token.start)
        return token

    def take(self) -> Token:
        token = self.peek()
        self.i += 1
        return token

    def make(self, cls, *args, **kwargs) -> t.Node:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise ExprError(f"it is too long: more than {self.limits.max_nodes} numbers, names and operators",
                            args[0])
        return self.sizer.add(cls(*args, **kwargs))

    def deeper(self, token: Token) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise ExprError(f"it is nested more than {self.limits.max_depth} levels deep", token.start)

    def is_op(self, token: Token, *ops: str) -> bool:
        return token.kind == "op" and token.text in ops

    def starts_operand(self, token: Token) -> bool:
        return token.kind in ("num", "sup") or self.is_op(token, "(", "[") or (
            token.kind == "name" and token.text not in ("and", "or"))

    def separates(self, token: Token) -> bool:
        """In a MATLAB-style list, whitespace before an operand (or before a sign glued to one) ends the entry."""
        if not (self.dialect.space_lists and token.space):
            return False
        if self.is_op(token, "-", "+"):
            after = self.peek(1)
            return not after.space and after.kind != "end"
        return self.starts_operand(token) and token.kind != "sup"

    # --- lists --------------------------------------------------------------------------------

    def top(self) -> t.Node:
        node = self.sequence("end", self.peek(), bracketed=False)
        return node

    def sequence(self, closing: str, opener: Token, bracketed: bool, rows_ok: bool = True) -> t.Node:
        """Entries separated by `,` (or whitespace in a MATLAB-style list) and rows by `;`, up to `closing`."""
        self.deeper(opener)
        rows_ok = rows_ok and (self.dialect.arrays or self.dialect.space_lists)
        rows: list[list[t.Node]] = [[]]
        listed = False  # a comma or semicolon (or a space separator) was seen
        while True:
            token = self.peek()
            if token.kind == "end" and closing != "end":
                raise self.unexpected(token, closing, opener)
            if self.closes(token, closing) or self.is_op(token, ",", ";"):
                raise ExprError("an entry of the list is empty", token.start)
            rows[-1].append(self.expression(0))
            token = self.peek()
            if self.is_op(token, ","):
                self.take()
                listed = True
            elif self.is_op(token, ";") and rows_ok:
                self.take()
                rows.append([])
                listed = True
            elif self.closes(token, closing):
                break
            elif self.separates(token):
                listed = True
            else:
                raise self.unexpected(token, closing, opener)
        end = self.take().end if closing != "end" else len(self.text)
        self.depth -= 1
        items = [self.row(r, opener.start, end) for r in rows] if len(rows) > 1 else rows[0]
        if closing == ")" and len(items) == 1 and not listed:
            return items[0]
        if closing == "end" and len(items) == 1 and not listed:
            return items[0]
        return self.make(t.Array, opener.start, end, tuple(items), bracketed)

    def row(self, entries: list[t.Node], start: int, end: int) -> t.Node:
        return self.make(t.Array, entries[0].start if entries else start, entries[-1].end if entries else end,
                         tuple(entries), False)

    def closes(self, token: Token, closing: str) -> bool:
        return token.kind == "end" if closing == "end" else self.is_op(token, closing)

    def unexpected(self, token: Token, closing: str, opener: Token) -> ExprError:
        if token.kind == "end":
            return ExprError(f"'{opener.source}' at column {opener.start + 1} is never closed: add '{closing}'",
                             opener.start)
        if self.is_op(token, ")", "]"):
            return ExprError(f"'{token.source}' has no matching '{'(' if token.text == ')' else '['}'", token.start)
        if self.is_op(token, ";"):
            return ExprError("';' separates the rows of a matrix, which is not read here", token.start)
        return ExprError(f"'{token.source}' cannot come here{self.after(token)}", token.start)

    def after(self, token: Token) -> str:
        before = self.tokens[self.i - 1] if self.i else None
        return f" (after '{before.source}')" if before is not None and before is not token else ""

    # --- expressions -----------------------------------------------------------------------

    def expression(self, rbp: int) -> t.Node:
        token = self.peek()
        self.deeper(token)
        left = self.prefix(self.take())
        while True:
            token = self.peek()
            lbp = self.infix_power(token, left)
            if lbp <= rbp:
                break
            left = self.infix(self.take(), left, lbp)
        self.depth -= 1
        return left

    def prefix(self, token: Token) -> t.Node:
        if token.kind == "num":
            return self.make(t.Num, token.start, token.end, token.value, token.source)
        if token.kind == "name":
            return self.named(token)
        if self.is_op(token, "-", "+"):
            operand = self.expression(_PREFIX_BP)
            return self.make(t.Unary, token.start, operand.end, token.text, operand)
        if self.is_op(token, "("):
            if self.is_op(self.peek(), ")"):
                raise ExprError("'()' has nothing inside", token.start)
            inner = self.sequence(")", token, bracketed=True, rows_ok=False)
            if isinstance(inner, t.Array):
                return inner
            # the span takes in the parentheses
            return self.sizer.same_as(replace(inner, start=token.start, end=self.tokens[self.i - 1].end), inner)
        if self.is_op(token, "["):
            if self.is_op(self.peek(), "]"):
                raise ExprError("it is an empty list", token.start)
            return self.sequence("]", token, bracketed=True)
        if token.kind == "end":
            raise ExprError("it ends too early: something is missing at the end", token.start)
        if self.is_op(token, ")", "]"):
            return self.fail_unmatched(token)
        if token.kind == "sup":
            raise ExprError(f"'{token.source}' needs something before it to raise to that power", token.start)
        raise ExprError(f"'{token.source}' cannot come here{self.after(token)}: something is missing before it",
                        token.start)

    def fail_unmatched(self, token: Token) -> t.Node:
        raise ExprError(f"'{token.source}' has no matching '{'(' if token.text == ')' else '['}'", token.start)

    def named(self, token: Token) -> t.Node:
        name, d = token.text, self.dialect
        follows_paren = self.is_op(self.tokens[self.i], "(")  # without raising for a bad token after it
        if name == "not" and d.comparisons:
            operand = self.expression(3)
            return self.make(t.Unary, token.start, operand.end, "not", operand)
        if name in d.names:
            if follows_paren:
                raise ExprError(f"'{token.source}' is a variable, not a function: for a product write "
                                f"{token.source}*(...)", token.start)
            self.names.add(name)
            return self.make(t.Name, token.start, token.end, name)
        if name in d.functions:
            return self.call(token)
        if name in CONSTANTS:
            if follows_paren:
                raise ExprError(f"'{token.source}' is a constant, not a function: for a product write "
                                f"{token.source}*(...)", token.start)
            return self.make(t.Const, token.start, token.end, "e" if name == "E" else name)
        raise ExprError(unknown_name_message(token, d, follows_paren), token.start, token.end)

    def call(self, token: Token) -> t.Node:
        opener = self.peek()
        if not self.is_op(opener, "("):
            power = " (for a power write " + token.source + "(x)^2)" if self.is_op(opener, "^") or opener.kind == "sup" else ""
            raise ExprError(f"'{token.source}' is a function and needs its argument in parentheses, e.g. "
                            f"{token.source}(x){power}", token.start)
        self.take()
        if self.is_op(self.peek(), ")"):
            raise ExprError(f"'{token.source}()' has no argument", token.start)
        self.deeper(opener)
        args: list[t.Node] = []
        while True:
            if self.peek().kind == "end":
                raise self.unexpected(self.peek(), ")", opener)
            if self.is_op(self.peek(), ",", ")"):
                raise ExprError(f"an argument of '{token.source}' is empty", self.peek().start)
            args.append(self.expression(0))
            nxt = self.peek()
            if self.is_op(nxt, ","):
                self.take()
                continue
            if self.is_op(nxt, ")"):
                end = self.take().end
                break
            raise self.unexpected(nxt, ")", opener)
        self.depth -= 1
        fewest, most = self.dialect.functions[token.text]
        if len(args) < fewest or (most is not None and len(args) > most):
            wanted = str(fewest) if fewest == most else (f"at least {fewest}" if most is None else f"{fewest} or {most}")
            raise ExprError(f"'{token.source}' takes {wanted} argument{'s' * (wanted != '1')}, not {len(args)}",
                            token.start)
        return self.make(t.Call, token.start, end, token.text, tuple(args))

    def infix_power(self, token: Token, left: t.Node) -> int:
        """How tightly `token` binds as an infix or postfix operator after `left` (0: it ends the expression)."""
        d = self.dialect
        if self.separates(token):
            return 0
        if token.kind == "op":
            op = token.text
            if op in ("+", "-", "*", "/", "^"):
                return _INFIX[op]
            if op == "@" and d.arrays:
                return _INFIX[op]
            if op in _COMPARISONS and d.comparisons:
                return _INFIX[op]
            if op == ".T" and d.arrays:
                return _POSTFIX_BP
            if op == "[" and d.arrays and not token.space:
                return _POSTFIX_BP
            if op == "(":
                return _IMPLICIT_BP
            return 0
        if token.kind == "sup":
            return _POSTFIX_BP
        if token.kind == "name" and token.text in ("and", "or"):
            return _INFIX[token.text] if d.comparisons else 0
        if token.kind in ("name", "num"):
            return _IMPLICIT_BP
        return 0

    def infix(self, token: Token, left: t.Node, lbp: int) -> t.Node:
        if token.kind == "sup":
            exponent = self.make(t.Num, token.start, token.end, Fraction(int(token.text)), token.text)
            return self.make(t.Binary, left.start, token.end, "^", left, exponent)
        if self.is_op(token, ".T"):
            return self.make(t.Transpose, left.start, token.end, left)
        if self.is_op(token, "[") and lbp == _POSTFIX_BP:
            return self.index(token, left)
        if (token.kind in ("name", "num") and token.text not in ("and", "or")) or self.is_op(token, "("):
            return self.implicit(token, left)
        op = token.text
        right = self.expression(lbp - 1 if op == "^" else lbp)
        if op in _COMPARISONS and self.peek().kind == "op" and self.peek().text in _COMPARISONS:
            raise ExprError("chain comparisons with 'and' (a < b and b < c)", self.peek().start)
        return self.make(t.Binary, left.start, right.end, op, left, right)

    def implicit(self, token: Token, left: t.Node) -> t.Node:
        if token.kind == "num":
            raise ExprError(f"a number cannot follow '{self.text[left.start:left.end]}' directly: put an operator "
                            "between them (e.g. *)", token.start)
        self.i -= 1  # the token starts the right operand
        right = self.expression(_IMPLICIT_BP)
        return self.make(t.Binary, left.start, right.end, "*", left, right, True)

    def index(self, token: Token, left: t.Node) -> t.Node:
        if self.is_op(self.peek(), "]"):
            raise ExprError("'[]' has no index inside", token.start)
        node = self.sequence("]", token, bracketed=True, rows_ok=False)
        indices = node.items if isinstance(node, t.Array) else (node,)
        return self.make(t.Index, left.start, node.end, left, tuple(indices))
