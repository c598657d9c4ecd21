"""LaTeX math as readable Unicode for a terminal: the one path for prompts, options, hints, feedback and solutions.

$\\frac{\\lambda}{2}\\|w\\|^2$ -> (λ/2)‖w‖², $\\frac{x_i - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}$ -> (xᵢ - μ)/√(σ² + ε).

A small parser rather than a library: pylatexenc's latex2text, unicodeit, flatlatex and
unicodeitplus were each run over every math span of the bank (issue 14) and each got some
of it wrong -- latex2text drops the parentheses of a fraction (`(x - μ)/√…` became
`x - μ/√…`, another formula), the others leave `\\frac`, `\\text`, `\\left` or matrices raw or
fail to parse. Here a fraction keeps its meaning: a numerator or denominator that is not a
single term is parenthesised, and a fraction that multiplies what stands next to it is
parenthesised as a whole (`\\frac{2}{3}x^2` -> (2/3)x², `\\frac{2}{3x^2}` -> 2/(3x²),
`\\frac{d}{du}\\ln u` -> (d/du) ln u). Scripts become Unicode super/subscripts where every
character has one, else ^(...) / _(...). Never raises: unknown commands lose their backslash,
unbalanced braces are ignored, nesting deeper than MAX_DEPTH is read flat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 30
MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$(?!\d)", re.S)

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "nabla": "∇", "partial": "∂", "infty": "∞",
    "ell": "ℓ", "top": "⊤", "prime": "′", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮",
    "|": "‖", "{": "{", "}": "}", "%": "%", "_": "_", "$": "$", "#": "#", "&": "&",
    "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "langle": "⟨", "rangle": "⟩", "lvert": "|",
    "rvert": "|", "lVert": "‖", "rVert": "‖", "sum": "Σ", "prod": "Π", "int": "∫",
}
_OPERATORS = {  # binary operators and relations: spaced as written, never juxtaposed
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "odot": "⊙", "otimes": "⊗", "circ": "∘",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
    "equiv": "≡", "propto": "∝", "in": "∈", "notin": "∉", "subset": "⊂", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "gets": "←", "Rightarrow": "⇒", "implies": "⇒", "iff": "⇔", "mapsto": "↦",
    "mid": "|", "ll": "≪", "gg": "≫", "cup": "∪", "cap": "∩", "land": "∧", "lor": "∨",
}
_FUNCTIONS = {"ln", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "sech", "max", "min", "arg",
              "argmax", "argmin", "det", "lim", "sup", "inf", "sgn", "Pr"}
_SPACES = {",": " ", ":": " ", ";": " ", "!": "", " ": " ", "quad": "  ", "qquad": "    ", "enspace": " "}
_SIZES = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "middle",
          "displaystyle", "textstyle", "limits", "nolimits"}
_WORD_ARG = {"text", "textrm", "textit", "textbf", "mathrm", "operatorname", "mathit", "textsf", "texttt"}
_PLAIN_ARG = {"mathbf", "boldsymbol", "bm", "mathsf", "mathcal", "mathtt", "emph"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}
_ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305", "tilde": "\u0303",
            "widetilde": "\u0303", "dot": "\u0307", "ddot": "\u0308", "vec": "\u20d7"}
_SUP = dict(zip("0123456789+-=()nTtlijkxaebcdfghmoprsuvwyzαβγδεθφχ⊤′'ABDEGHIJKLMNOPRUVW",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿᵀᵗˡⁱʲᵏˣᵃᵉᵇᶜᵈᶠᵍʰᵐᵒᵖʳˢᵘᵛʷʸᶻᵅᵝᵞᵟᵋᶿᵠᵡᵀ′′ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵁⱽᵂ"))
_SUB = dict(zip("0123456789+-=()aeijklmnoprstuvxβγρφχ", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ"))
_OPEN, _CLOSE = "([{⌈⌊⟨", ")]}⌉⌋⟩"
_TOKEN = re.compile(r"\\([A-Za-z]+)|\\(.)|(\d+(?:\.\d+)?)|(\s+)|(.)", re.S)


def to_terminal(text: str) -> str:
    """`text` with every $...$ / $$...$$ span replaced by its Unicode rendering (`\\$` is a dollar sign)."""
    return MATH_SPAN.sub(lambda m: latex_to_unicode(m.group(1) or m.group(2)), text).replace(r"\$", "$")


def latex_to_unicode(latex: str) -> str:
    """Readable Unicode for one LaTeX math expression (see the module docstring)."""
    tokens = [_classify(m) for m in _TOKEN.finditer(latex.strip())]
    return _join(_Parser(tokens).row(stop=None, depth=0)).strip()


# --- tokens and pieces ----------------------------------------------------------------------

def _classify(m: re.Match) -> tuple[str, str]:
    if m.group(1):
        return "cmd", m.group(1)
    if m.group(2) is not None:
        return "sym", m.group(2)
    if m.group(3):
        return "num", m.group(3)
    if m.group(4):
        return "space", " "
    return "char", m.group(5)


@dataclass
class _Piece:
    """Rendered text and what it is, for spacing and precedence: atom, op, space, frac, func, open, close."""

    text: str
    kind: str
    solid: bool = True  # reads as one term (no top-level spaces or operators): `\\text{fan in}` is not


class _Parser:
    """Recursive descent over the tokens; each `row` is a list of pieces."""

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.at = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        self.at += 1
        return self.tokens[self.at - 1]

    def row(self, stop: str | None, depth: int) -> list[_Piece]:
        """Pieces up to `stop` ("}" or "end") or the end of input."""
        pieces: list[_Piece] = []
        while (token := self.peek()) is not None:
            kind, value = token
            if stop == "}" and (kind, value) == ("char", "}"):
                self.take()
                return pieces
            if stop == "end" and ((kind, value) == ("cmd", "end") or value in ("&", "\\") and kind != "cmd"):
                return pieces
            if kind == "char" and value in "^_":
                self.take()
                self._script(pieces, value, depth)
                continue
            pieces += self.atom(depth)
        return pieces

    def argument(self, depth: int) -> list[_Piece]:
        """One argument: a {group} or the next single token (spaces skipped)."""
        while self.peek() == ("space", " "):
            self.take()
        token = self.peek()
        if token is None:
            return []
        if token == ("char", "{"):
            self.take()
            return self.row("}", depth + 1) if depth < MAX_DEPTH else self._flat()
        return self.atom(depth)

    def _flat(self) -> list[_Piece]:
        """Too deeply nested: the rest of the group as plain text."""
        text = ""
        while (token := self.peek()) is not None and token != ("char", "}"):
            text += self.take()[1]
        if self.peek() is not None:
            self.take()
        return [_Piece(re.sub(r"[{}\\]", "", text), "atom")]

    def atom(self, depth: int) -> list[_Piece]:
        """The pieces of the next token (a command may take arguments)."""
        kind, value = self.take()
        if kind == "num":
            return [_Piece(value, "atom")]
        if kind == "space":
            return [_Piece(" ", "space")]
        if kind == "char":
            if value == "{":
                return [_group(self.row("}", depth + 1) if depth < MAX_DEPTH else self._flat())]
            if value == "}":
                return []
            if value in "+-=<>*/,;:!|":
                return [_Piece(value, "op" if value in "+-=<>*/" else ("atom" if value == "|" else "punct"))]
            if value in _OPEN or value in _CLOSE:
                return [_Piece(value, "open" if value in _OPEN else "close")]
            if value == "~":
                return [_Piece(" ", "space")]
            return [_Piece(value, "atom")]
        if kind == "sym":
            if value in _SPACES:
                return [_Piece(_SPACES[value], "space")] if _SPACES[value] else []
            if value == "\\":
                return [_Piece(" ", "space")]
            return [_Piece(_SYMBOLS.get(value, value), "atom")]
        return self.command(value, depth)

    def command(self, name: str, depth: int) -> list[_Piece]:
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            top, bottom = self.argument(depth), self.argument(depth)
            return [_Piece(f"{_operand(top, numerator=True)}/{_operand(bottom, numerator=False)}", "frac")]
        if name == "sqrt":
            index = self._optional(depth)
            inner = self.argument(depth)
            root = "".join(_SUP.get(ch, "") for ch in index) if index and all(c in _SUP for c in index) else ""
            return [_Piece(f"{root}√{_operand(inner, numerator=False)}", "atom")]
        if name in _WORD_ARG:
            words = _join(self.argument(depth))
            kind = "func" if name == "operatorname" or words in _FUNCTIONS else "atom"
            return [_Piece(words, kind, solid=" " not in words.strip())]
        if name in _PLAIN_ARG:
            return [_group(self.argument(depth))]
        if name == "mathbb":
            letters = _join(self.argument(depth))
            return [_Piece("".join(_BLACKBOARD.get(ch, ch) for ch in letters), "atom")]
        if name in _ACCENTS:
            base = _join(self.argument(depth)) or " "
            return [_Piece(base + _ACCENTS[name], "atom")]
        if name == "begin":
            return [self._environment(depth)]
        if name in _SIZES:
            if self.peek() in (("char", "."), ("sym", ".")):
                self.take()
            return []
        if name in _SPACES:
            return [_Piece(_SPACES[name], "space")]
        if name in _OPERATORS:
            return [_Piece(_OPERATORS[name], "op")]
        if name in _FUNCTIONS:
            return [_Piece(name, "func")]
        if name in ("sum", "prod", "int"):
            return [_Piece(_SYMBOLS[name], "func")]
        if name in ("lceil", "lfloor", "langle"):
            return [_Piece(_SYMBOLS[name], "open")]
        if name in ("rceil", "rfloor", "rangle"):
            return [_Piece(_SYMBOLS[name], "close")]
        return [_Piece(_SYMBOLS.get(name, name), "atom")]

    def _optional(self, depth: int) -> str:
        if self.peek() != ("char", "["):
            return ""
        self.take()
        text = ""
        while (token := self.peek()) is not None and token != ("char", "]"):
            text += _join(self.atom(depth))
        if self.peek() is not None:
            self.take()
        return text

    def _environment(self, depth: int) -> _Piece:
        """A matrix: a column vector as [a, b]ᵀ, anything else row by row as [[a, b], [c, d]]."""
        self.argument(depth)  # the environment's name
        rows: list[list[str]] = [[]]
        while True:
            cell = _join(self.row("end", depth + 1)).strip()
            token = self.peek()
            rows[-1].append(cell)
            if token is None:
                break
            self.take()
            if token == ("cmd", "end"):
                self.argument(depth)
                break
            if token == ("sym", "\\"):
                rows.append([])
        rows = [r for r in rows if any(r)]
        if rows and all(len(r) == 1 for r in rows):
            return _Piece("[" + ", ".join(r[0] for r in rows) + "]ᵀ", "atom")
        return _Piece("[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]", "atom")

    def _script(self, pieces: list[_Piece], mark: str, depth: int) -> None:
        """Attach ^{...} or _{...} to the piece before it."""
        content = _join(self.argument(depth)).strip()
        table = _SUP if mark == "^" else _SUB
        if re.fullmatch(r"\(([^()]*)\)", content) and not all(ch in table for ch in content):
            content = content[1:-1]  # ^{(L)} that cannot be raised: ^(L), not ^((L))
        if content and all(ch in table for ch in content):
            text = "".join(table[ch] for ch in content)
        elif re.fullmatch(r"\w", content) or (mark == "_" and re.fullmatch(r"[A-Za-z]\w*", content)):
            text = mark + content
        else:
            text = f"{mark}({content})"
        if not content:
            return
        if pieces and pieces[-1].kind == "frac":
            pieces[-1] = _Piece(f"({pieces[-1].text})", "atom")
        if pieces and pieces[-1].kind not in ("space", "op", "punct"):
            pieces[-1] = _Piece(pieces[-1].text + text, pieces[-1].kind if pieces[-1].kind == "func" else "atom")
        else:
            pieces.append(_Piece(text, "atom"))


# --- joining pieces: precedence and spacing --------------------------------------------------

def _operand(pieces: list[_Piece], numerator: bool) -> str:
    """A fraction's numerator or denominator, parenthesised unless it is one term."""
    pieces = _compact(pieces)
    text = _join(pieces).strip()
    terms = [p for p in pieces if p.kind != "space"]
    single = len(terms) == 1 and terms[0].kind == "atom" and terms[0].solid
    differential = bool(re.fullmatch(r"[∂d][^\s+\-=/]+", text)) and "(" not in text
    product = numerator and all(p.kind in ("atom", "open", "close") for p in terms) and _balanced(terms)
    if not text or single or differential or (product and " " not in text):
        return text or " "
    return f"({text})"


def _balanced(terms: list[_Piece]) -> bool:
    """True when every bracket in `terms` is closed within them (so `(a)(b)` counts as one product)."""
    level = 0
    for p in terms:
        level += (p.kind == "open") - (p.kind == "close")
        if level < 0:
            return False
    return level == 0


def _compact(pieces: list[_Piece]) -> list[_Piece]:
    """∂ or d followed by a space and a term reads as one differential: `\\partial L` -> ∂L."""
    out: list[_Piece] = []
    for p in pieces:
        if p.kind == "space" and out and out[-1].text in "∂∇":
            continue
        if p.kind == "atom" and out and out[-1].text in "∂∇" and p.solid:
            out[-1] = _Piece(out[-1].text + p.text, "atom")
            continue
        out.append(p)
    return out


def _join(pieces: list[_Piece]) -> str:
    """Pieces as text: a fraction next to a term it multiplies is parenthesised; a function name is
    spaced from a bare argument (`ln p`, not `lnp`)."""
    pieces = _compact(pieces)
    out: list[str] = []
    solid = [i for i, p in enumerate(pieces) if p.kind != "space"]
    for pos, i in enumerate(solid):
        p = pieces[i]
        before = pieces[solid[pos - 1]] if pos else None
        after = pieces[solid[pos + 1]] if pos + 1 < len(solid) else None
        text = p.text
        if p.kind == "frac" and (_multiplies(before, left=True) or _multiplies(after, left=False)):
            text = f"({text})"
        gap = max((q.text for q in pieces[(solid[pos - 1] + 1 if pos else 0):i]), key=len, default="")
        spaced_after = before is not None and (before.kind == "func" or before.kind == "frac" and p.kind == "func")
        if spaced_after and p.kind in ("atom", "frac", "func") and not gap:
            gap = " "
        out.append(gap + text)
    trailing = max((q.text for q in pieces[(solid[-1] + 1 if solid else 0):]), key=len, default="")
    return "".join(out) + trailing


def _group(pieces: list[_Piece]) -> _Piece:
    """A {group} as one piece: solid when it is a single solid term or a product of terms."""
    terms = [p for p in _compact(pieces) if p.kind != "space"]
    solid = len(terms) == 1 and terms[0].solid or (
        all(p.kind in ("atom", "open", "close") and p.solid for p in terms) and len(terms) == len(pieces))
    return _Piece(_join(pieces), "atom", solid=solid)


def _multiplies(neighbour: _Piece | None, left: bool) -> bool:
    """Whether a fraction next to `neighbour` is multiplied by it (not separated by an operator)."""
    if neighbour is None or neighbour.kind in ("op", "punct"):
        return False
    return neighbour.kind != ("open" if left else "close")
