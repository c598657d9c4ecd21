"""Terminal output: colour only on a TTY and never when NO_COLOR is set; JSON printed one way."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

_CODES = {"green": "32", "red": "31", "yellow": "33", "cyan": "36", "bold": "1", "dim": "2"}


def use_color(stream=None) -> bool:
    """True when `stream` (stdout) is a terminal and NO_COLOR is unset or empty (no-color.org)."""
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def style(text: str, *names: str, stream=None) -> str:
    """`text` wrapped in ANSI codes for `names`, or unchanged where colour is off."""
    if not names or not use_color(stream):
        return text
    return f"\x1b[{';'.join(_CODES[n] for n in names)}m{text}\x1b[0m"


def say(text: str = "", *names: str) -> None:
    """Print one (styled) line to stdout."""
    print(style(text, *names), flush=True)


def warn(text: str) -> None:
    """Print one line to stderr (styled for stderr)."""
    print(style(text, "red", stream=sys.stderr), file=sys.stderr, flush=True)


def emit_json(value: Any) -> None:
    """The one JSON writer for every `--json` output: indented, keys in insertion order."""
    print(json.dumps(value, indent=2, ensure_ascii=False, default=_default))


def _default(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)
