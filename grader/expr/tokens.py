"""Split an expression's text into tokens, each with its position in the text as typed.

Unicode forms are read as their ASCII meaning here (`σ` is `sigmoid`, `π` is `pi`, `·` and `×`
are `*`, `−` is `-`, `²` is `^2`), so positions always point into the original text. Number
literals are bounded while they are read (digits, exponent), before any value is built.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from grader.expr.errors import ExprError
from grader.expr.limits import Limits

# one character that means an operator or a name (what learners paste from notes and slides)
_CHAR_ALIASES = {
    "·": "*", "×": "*", "⋅": "*", "∗": "*", "÷": "/", "−": "-", "–": "-", "≤": "<=", "≥": ">=", "≠": "!=",
    "σ": "sigmoid", "π": "pi", "√": "sqrt",
}
_SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9"}
_OPERATORS = ("**", "<=", ">=", "==", "!=", "^", "*", "/", "+", "-", "@", "(", ")", "[", "]", ",", ";", "<", ">")
_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE]([-+]?[0-9]+))?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: `kind` is num, name, op, sup (a superscript power), bad (`text` says why) or end;
    `text` its meaning
    (`sigmoid` for `σ`, `*` for `×`, `2` for `²`); `source` what was typed; `space` whether
    whitespace came before it."""

    kind: str
    text: str
    start: int
    end: int
    space: bool = False
    source: str = ""
    value: Fraction | None = None  # a number's exact value


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
    pos, space = 0, False
    while pos < len(text):
        ch = text[pos]
        if ch.isspace():
            pos, space = pos + 1, True
            continue
        try:
            token = _one(text, pos, space, limits)
        except ExprError as exc:  # kept as a token: the parser reports it when it reaches it, in reading order
            tokens.append(Token("bad", exc.message, pos, pos + 1, space, ch))
            break
        tokens.append(token)
        pos, space = token.end, False
    tokens.append(Token("end", "", len(text), len(text), space))
    return tokens


def _one(text: str, pos: int, space: bool, limits: Limits) -> Token:
    ch = text[pos]
    if ch in _SUPERSCRIPTS or (ch == "⁻" and text[pos + 1: pos + 2] in _SUPERSCRIPTS):
        end = pos + 1
        while end < len(text) and text[end] in _SUPERSCRIPTS:
            end += 1
        digits = "".join(_SUPERSCRIPTS.get(c, "-") for c in text[pos:end])
        return Token("sup", digits, pos, end, space, text[pos:end])
    if ch.isdigit() and not ch.isascii():
        raise ExprError(f"the character {describe_char(ch)} is not a digit you can type here; use 0-9", pos)
    if ch.isascii() and ch.isdigit() or (ch == "." and text[pos + 1: pos + 2].isascii()
                                         and text[pos + 1: pos + 2].isdigit()):
        return _number(text, pos, space, limits)
    if ch == "." and text[pos + 1: pos + 2] == "T" and not text[pos + 2: pos + 3].isalnum():
        return Token("op", ".T", pos, pos + 2, space, ".T")
    match = _NAME.match(text, pos)
    if match:
        return Token("name", match.group(), pos, match.end(), space, match.group())
    if ch in _CHAR_ALIASES:
        meaning = _CHAR_ALIASES[ch]
        kind = "name" if meaning.isalpha() else "op"
        return Token(kind, meaning, pos, pos + 1, space, ch)
    for op in _OPERATORS:
        if text.startswith(op, pos):
            return Token("op", "^" if op == "**" else op, pos, pos + len(op), space, op)
    raise ExprError(f"the character {describe_char(ch)} is not allowed{_char_hint(ch)}", pos)


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


def _number(text: str, pos: int, space: bool, limits: Limits) -> Token:
    match = _NUMBER.match(text, pos)
    mantissa, exponent = match.group(1), match.group(2)
    digits = mantissa.replace(".", "").lstrip("0")
    if len(digits) > limits.max_digits:
        raise ExprError(f"the number starting here has {len(digits)} digits; at most {limits.max_digits} are read", pos)
    power = 0
    if exponent is not None:
        if len(exponent.lstrip("+-0")) > 6 or abs(int(exponent)) > limits.max_literal_exponent:
            raise ExprError(f"the exponent of this number is too large (at most e±{limits.max_literal_exponent})", pos)
        power = int(exponent)
    whole, _, frac = mantissa.partition(".")
    value = Fraction(int(whole or "0") * 10 ** len(frac) + int(frac or "0"), 10 ** len(frac)) * Fraction(10) ** power
    return Token("num", match.group(), pos, match.end(), space, match.group(), value)
