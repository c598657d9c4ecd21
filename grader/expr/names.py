"""Why a name is not known, with the likeliest fix: a product of variables, a misspelt function, the known names."""

from __future__ import annotations

from grader.expr.tokens import Token
from grader.expr.vocabulary import CONSTANTS, Dialect


def unknown_name_message(token: Token, dialect: Dialect, called: bool = False) -> str:
    """Why a name is not known, with the likeliest fix: a product, a misspelt function, the known names."""
    from grader.errors import did_you_mean

    name = token.source if len(token.source) <= 30 else token.source[:27] + "..."
    if name.lower() in ("nan", "inf", "infinity"):
        return "it contains NaN or infinity; give a finite number"
    if dialect.names and _splits_into(name, dialect.names):
        return f"it uses the name '{name}', which is not known here. For a product write {_split_hint(name, dialect.names)}"
    what = "function" if called else "name"
    known = sorted(dialect.names) + sorted(dialect.functions) + sorted(CONSTANTS - {"E"})
    hint = did_you_mean(name.lower(), known) if name.lower() not in known else f" Did you mean '{name.lower()}'?"
    listed = f" (variables: {', '.join(sorted(dialect.names))})" if dialect.names else ""
    return f"it uses the {what} '{name}', which is not known here{listed}.{hint}"


def _splits_into(name: str, names: frozenset[str]) -> bool:
    return bool(_split(name, names))


def _split(name: str, names: frozenset[str]) -> list[str]:
    """`xy` -> ['x', 'y'] when both are names (longest names first); [] when it does not split."""
    if not name or len(name) > 12:
        return []
    for size in range(len(name), 0, -1):
        head = name[:size]
        if head in names:
            if size == len(name):
                return [head]
            rest = _split(name[size:], names)
            if rest:
                return [head] + rest
    return []


def _split_hint(name: str, names: frozenset[str]) -> str:
    return "*".join(_split(name, names))
