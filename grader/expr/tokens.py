"""Split an expression's text into tokens, each with its position in the text as typed.

Unicode forms are read as their ASCII meaning here (`σ` is `sigmoid`, `π` is `pi`, `·` and `×`
are `*`, `−` is `-`, `²` is `^2`), so positions always point into the original text. Number
literals are bounded while they are read (digits, exponent), before any value is built.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from typing import NamedTuple

from grader.expr.errors import ExprError
from grader.expr.limits import Limits

# one character that means an operator or a name (what learners paste from notes and slides)
_CHAR_ALIASES = {
    "·": "*", "×": "*", "⋅": "*", "∗": "*", "÷": "/", "−": "-", "–": "-", "≤": "<=", "≥": ">=", "≠": "!=",
    "σ": "sigmoid", "π": "pi", "√": "sqrt",
}
_SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
                 "⁻": "-"}
_TOKEN = re.compile(r"""
     (?P<space>\s+)
    |(?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)
    |(?P<transpose>\.T(?![A-Za-z0-9_]))
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<op>\*\*|<=|>=|==|!=|[-+*/^@()\[\],;<>])
    |(?P<sup>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
    |(?P<alias>[·×⋅∗÷−–≤≥≠σπ√])
""", re.VERBOSE)
_EXPONENT = re.compile(r"[eE]([-+]?[0-9]+)$")


class Token(NamedTuple):
    """One token: `kind` is num, name, op, sup (a superscript power), bad (`text` says why) or end;
    `text` its meaning (`sigmoid` for `σ`, `*` for `×`, `2` for `²`); `source` what was typed; `space`
    whether whitespace came before it; `value` a number's exact value."""

    kind: str
    text: str
    start: int
    end: int
    space: bool = False
    source: str = ""
    value: Fraction | None = None


def describe_char(ch: str) -> str:
    """A character as a message can show it: 'x', or U+DCFF for what cannot be printed."""
    if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF:
        return f"'{ch}'"
    return f"U+{ord(ch):04X}"


def tokenize(text: str, limits: Limits) -> list[Token]:
    """The tokens of `text`, ending with an `end` token, or with a `bad` one at the first character
    that is not allowed (ExprError at once only for text over the length limit)."""
    if len(text) > limits.max_length:
        raise ExprError(f"it is {len(text)} characters long; at most {limits.max_length} are read", None)
    tokens: list[Token] = []
    pos, space, size = 0, False, len(text)
    while pos < size:
        match = _TOKEN.match(text, pos)
        if match is None:  # kept as a token: the parser reports it when it reaches it, in reading order
            tokens.append(Token("bad", _bad_char(text[pos]), pos, pos + 1, space, text[pos]))
            break
        kind, source, end = match.lastgroup, match.group(), match.end()
        if kind == "space":
            pos, space = end, True
            continue
        if kind == "num":
            try:
                tokens.append(Token("num", source, pos, end, space, source, _number(source, limits)))
            except ExprError as exc:
                tokens.append(Token("bad", exc.message, pos, end, space, source))
                break
        elif kind == "transpose":
            tokens.append(Token("op", ".T", pos, end, space, source))
        elif kind == "sup":
            tokens.append(Token("sup", "".join(_SUPERSCRIPTS[c] for c in source), pos, end, space, source))
        elif kind == "alias":
            meaning = _CHAR_ALIASES[source]
            tokens.append(Token("name" if meaning.isalpha() else "op", meaning, pos, end, space, source))
        elif kind == "op":
            tokens.append(Token("op", "^" if source == "**" else source, pos, end, space, source))
        else:
            tokens.append(Token("name", source, pos, end, space, source))
        pos, space = end, False
    tokens.append(Token("end", "", size, size, space))
    return tokens


def _bad_char(ch: str) -> str:
    if ch.isdigit():
        return f"the character {describe_char(ch)} is not a digit you can type here; use 0-9"
    return f"the character {describe_char(ch)} is not allowed{_char_hint(ch)}"


def _char_hint(ch: str) -> str:
    if ch in "'\"`":
        return " (quotes are not part of an expression)"
    if ch == "=":
        return " (give the value or expression only, without '=')"
    if ch == ".":
        return " (a point only belongs inside a number such as 0.5)"
    if ch.isalpha():
        return f" ({unicodedata.name(ch, 'a letter').lower()}: names are written in ASCII letters, e.g. sigma or x)"
    return ""


def _number(source: str, limits: Limits) -> Fraction:
    """The exact value of a literal; ExprError when it has too many digits or too large an exponent."""
    exponent = _EXPONENT.search(source)
    mantissa = source[: exponent.start()] if exponent else source
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    if len(digits) > limits.max_digits:
        raise ExprError(f"the number starting here has {len(digits)} digits; at most {limits.max_digits} are read", 0)
    power = 0
    if exponent is not None:
        text = exponent.group(1)
        if len(text.lstrip("+-0")) > 6 or abs(int(text)) > limits.max_literal_exponent:
            raise ExprError(f"the exponent of this number is too large (at most e±{limits.max_literal_exponent})", 0)
        power = int(text)
    power -= len(frac)
    numerator = int(whole + frac or "0")
    return Fraction(numerator * 10 ** power) if power >= 0 else Fraction(numerator, 10 ** -power)
