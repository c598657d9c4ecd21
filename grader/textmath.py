"""Turn the LaTeX in a prompt into readable Unicode for a terminal ($\\frac{1}{2}\\lambda\\|w\\|^2$ -> (1/2)λ‖w‖²)."""

from __future__ import annotations

import re

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω", "pi": "π",
    "Delta": "Δ", "Sigma": "Σ", "nabla": "∇", "partial": "∂", "sum": "Σ", "prod": "Π", "cdot": "·",
    "times": "×", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "approx": "≈", "in": "∈",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "infty": "∞", "odot": "⊙", "top": "ᵀ", "|": "‖",
    "ldots": "…", "cdots": "⋯", "dots": "…", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "pm": "±", "mid": "|", "quad": "  ", "qquad": "    ", ",": " ", ";": " ",
    "!": "", "max": "max", "min": "min", "log": "log", "ln": "ln", "exp": "exp", "tanh": "tanh",
    "left": "", "right": "", "big": "", "Big": "", "{": "{", "}": "}", "%": "%", "_": "_",
}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "E": "𝔼"}
_SUP = dict(zip("0123456789+-=()nTtlijkx", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿᵀᵗˡⁱʲᵏˣ"))
_SUB = dict(zip("0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307", "vec": "\u20d7"}
_HOLD = {"^": "\x00", "_": "\x01"}
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def to_terminal(text: str) -> str:
    """Replace every $...$ / $$...$$ span in Markdown text by its Unicode rendering."""
    return _MATH.sub(lambda m: latex_to_unicode(m.group(1) or m.group(2)), text)


def latex_to_unicode(latex: str) -> str:
    """Best-effort Unicode for the LaTeX a deep-learning course uses."""
    s = latex.strip()
    s = re.sub(r"\^\\top\b|\^\{\\top\}|\^T\b", "ᵀ", s)
    s = re.sub(r"\\begin\{[bp]?matrix\}(.*?)\\end\{[bp]?matrix\}", _matrix, s, flags=re.S)
    s = re.sub(r"\\(?:text|mathrm|operatorname|mathbf|boldsymbol)\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"\\mathbb\{(\w)\}", lambda m: _BLACKBOARD.get(m.group(1), m.group(1)), s)
    for _ in range(4):  # nested groups, innermost first
        s = re.sub(r"\^\{([^{}]*)\}|\^([^\s\\{])", lambda m: _script(m.group(1) or m.group(2), _SUP, "^"), s)
        s = re.sub(r"_\{([^{}]*)\}|_(\w)", lambda m: _script(m.group(1) or m.group(2), _SUB, "_"), s)
        s = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: f"{_group(m.group(1))}/{_group(m.group(2))}", s)
        s = re.sub(r"\\sqrt\{([^{}]*)\}", lambda m: f"√{_group(m.group(1))}", s)
        s = re.sub(r"\\(hat|bar|tilde|dot|vec)(?![a-z])\{(\w)\}", lambda m: m.group(2) + _ACCENTS[m.group(1)], s)
    s = re.sub(r"\\(hat|bar|tilde|dot|vec)(?![a-z])\s*(\w)", lambda m: m.group(2) + _ACCENTS[m.group(1)], s)
    s = re.sub(r"\\([A-Za-z]+|[|,;!{}%_])", lambda m: _SYMBOLS.get(m.group(1), m.group(1)), s)
    s = s.replace(_HOLD["^"], "^").replace(_HOLD["_"], "_")
    return re.sub(r"[{}]", "", s)


def _group(inner: str) -> str:
    inner = inner.strip()
    return inner if re.fullmatch(r"[\w.\\]+", inner) else f"({inner})"


def _script(text: str, table: dict[str, str], mark: str) -> str:
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    hold = _HOLD[mark]  # a placeholder, so a later pass does not re-read the caret
    return f"{hold}({text})" if len(text) > 1 else f"{hold}{text}"


def _matrix(match: re.Match) -> str:
    rows = [r.strip() for r in match.group(1).split(r"\\") if r.strip()]
    cells = [[c.strip() for c in r.split("&")] for r in rows]
    if all(len(r) == 1 for r in cells):  # a column vector, printed as a transposed row
        return "[" + ", ".join(r[0] for r in cells) + "]ᵀ"
    return "[" + "; ".join(", ".join(r) for r in cells) + "]"
