"""Parse a learner's expression into SymPy without evaluating arbitrary Python.

SymPy's `parse_expr` ends in `eval`, so the text is first checked by a small lexer: only
numbers, the question's variables, a fixed list of functions and constants, operators
and parentheses get through. Nothing else (quotes, dots outside numbers, brackets,
underscores-in-a-row, attribute access) can reach `eval`, and `eval` sees no builtins.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

from grader.errors import AnswerFormatError

MAX_LENGTH = 500
MAX_EXPONENT = 200
_t = sympy.Symbol("_t", real=True)
FUNCTIONS = {
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "tanh": sympy.tanh,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "sech": sympy.sech,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "abs": sympy.Abs,
    "sigmoid": sympy.Lambda(_t, 1 / (1 + sympy.exp(-_t))),
    "relu": sympy.Lambda(_t, sympy.Max(0, _t)),
    "softplus": sympy.Lambda(_t, sympy.log(1 + sympy.exp(_t))),
    "step": sympy.Lambda(_t, sympy.Heaviside(_t, 0)),
}
CONSTANTS = {"e": sympy.E, "pi": sympy.pi}
RESERVED = frozenset(FUNCTIONS) | frozenset(CONSTANTS)
_ALIASES = {"σ": "sigmoid", "·": "*", "×": "*", "−": "-", "π": "pi", "²": "^2", "³": "^3"}
_TOKEN = re.compile(r"\s+|(?P<num>\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|[-+*/^(),])")
_GLOBALS = {"__builtins__": {}, "Integer": sympy.Integer, "Float": sympy.Float, "Rational": sympy.Rational,
            "Symbol": sympy.Symbol, "Add": sympy.Add, "Mul": sympy.Mul, "Pow": sympy.Pow}
_TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor)


def expected_syntax(variables: list[str]) -> str:
    """What a learner may type, for error messages."""
    return (f"an expression in {', '.join(variables)} using + - * / ^, parentheses and "
            "exp, log (ln), sqrt, tanh, sigmoid, relu, softplus")


def parse_answer(text: str, variables: list[str] | tuple[str, ...], domain: str = "real") -> list[sympy.Expr]:
    """A list of expressions (one for a scalar answer; several, comma-separated, for a vector)."""
    return list(_parse_cached(text, tuple(variables), domain))


@lru_cache(maxsize=512)
def _parse_cached(text: str, variables: tuple[str, ...], domain: str) -> tuple[sympy.Expr, ...]:
    source = text.strip()
    for alias, real in _ALIASES.items():
        source = source.replace(alias, real)
    if not source:
        raise AnswerFormatError(f"it is empty; expected {expected_syntax(list(variables))}", text)
    if len(source) > MAX_LENGTH:
        raise AnswerFormatError(f"it is longer than {MAX_LENGTH} characters", "")
    if source[0] == "[" and source[-1] == "]":
        source = " " + source[1:-1] + " "
    symbols = {name: sympy.Symbol(name, **_assumptions(domain)) for name in variables}
    parts = _split_top_level(source)
    return tuple(_parse_one(part, start, source, symbols, variables) for part, start in parts)


def _assumptions(domain: str) -> dict[str, bool]:
    return {"positive": True} if domain == "positive" else {"real": True}


def _split_top_level(source: str) -> list[tuple[str, int]]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(source):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append((source[start:i], start))
            start = i + 1
    parts.append((source[start:], start))
    return parts


def _parse_one(part: str, offset: int, source: str, symbols: dict, variables: tuple[str, ...]) -> sympy.Expr:
    local = {**FUNCTIONS, **CONSTANTS, **symbols}
    _lex(part, offset, source, local, variables)
    if not part.strip():
        raise AnswerFormatError("an entry of the list is empty", source, offset)
    try:
        unevaluated = parse_expr(part, local_dict=local, global_dict=dict(_GLOBALS),
                                 transformations=_TRANSFORMS, evaluate=False)
        _check_exponents(unevaluated, source)  # before evaluating, so 9^9^9 is never computed
        expr = unevaluated.doit() if isinstance(unevaluated, sympy.Basic) else unevaluated
    except AnswerFormatError:
        raise
    except (SyntaxError, TypeError, ValueError, AttributeError, NameError, ZeroDivisionError,
            sympy.SympifyError) as exc:
        raise AnswerFormatError(
            f"'{part.strip()}' is not a complete expression ({type(exc).__name__}); expected "
            f"{expected_syntax(list(variables))}", source) from None
    if isinstance(expr, sympy.Lambda) or not isinstance(expr, sympy.Basic):
        raise AnswerFormatError("a function name needs its argument in parentheses, e.g. sigmoid(x)", source)
    if not isinstance(expr, sympy.Expr):
        raise AnswerFormatError(f"'{part.strip()}' is not an expression; expected {expected_syntax(list(variables))}", source)
    return expr


def _lex(part: str, offset: int, source: str, local: dict, variables: tuple[str, ...]) -> None:
    pos = 0
    while pos < len(part):
        match = _TOKEN.match(part, pos)
        if match is None:
            raise AnswerFormatError(f"the character '{part[pos]}' is not allowed; expected {expected_syntax(list(variables))}",
                                    source, offset + pos)
        name = match.group("name")
        if name is not None and name not in local:
            known = ", ".join(variables)
            what = "function" if part[match.end():].lstrip().startswith("(") else "name"
            hint = f" For a product write {'*'.join(name)}." if all(ch in local for ch in name) else ""
            raise AnswerFormatError(f"it uses the {what} '{name}', which is not known here (variables: {known}; "
                                    f"functions: {', '.join(sorted(FUNCTIONS))}).{hint}", source, offset + pos)
        pos = match.end()


def _check_exponents(expr: sympy.Basic, source: str) -> None:
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow) and node.exp.is_number:
            try:
                too_big = abs(complex(node.exp.evalf(15))) > MAX_EXPONENT
            except (TypeError, ValueError, OverflowError):
                too_big = True
            if too_big:
                raise AnswerFormatError(f"an exponent is larger than {MAX_EXPONENT}", source)
