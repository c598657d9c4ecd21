"""Terminal output: colour only on a TTY and never when NO_COLOR is set; text wrapped to the window; JSON printed one way.

Wrapping works on styled spans (text, style names) so emphasis survives a line break, and
measures terminal cells, not characters: a combining accent (x̂) takes none, a wide
character two. A GLUE character joins words that must stay on one line (a short formula);
it prints as a space.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import unicodedata
from typing import Any, Iterable

_CODES = {"green": "32", "red": "31", "yellow": "33", "cyan": "36", "bold": "1", "dim": "2", "italic": "3",
          "underline": "4"}
MIN_WIDTH, MAX_WIDTH = 20, 100  # prose is kept to 100 columns even on a wider terminal: easier to read
GLUE = "\x1f"
Span = tuple[str, tuple[str, ...]]


def use_color(stream=None) -> bool:
    """True when `stream` (stdout) is a terminal and NO_COLOR is unset or empty (no-color.org)."""
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def style(text: str, *names: str, stream=None) -> str:
    """`text` wrapped in ANSI codes for `names`, or unchanged where colour is off."""
    names = tuple(n for n in names if n in _CODES)
    if not names or not text or not use_color(stream):
        return text
    return f"\x1b[{';'.join(_CODES[n] for n in names)}m{text}\x1b[0m"


def width() -> int:
    """Columns to wrap to: the terminal's (COLUMNS honoured; 80 when not a terminal), at most MAX_WIDTH."""
    return max(MIN_WIDTH, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def full_width() -> int:
    """The terminal's whole width (COLUMNS honoured; 80 when not a terminal): for tables and lists."""
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: combining marks none, East Asian wide characters two."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) or ch in "\u200b\u200d" else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_spans(spans: Iterable[Span], columns: int, first: str = "", rest: str = "") -> list[list[Span]]:
    """Styled spans as lines of at most `columns` cells, breaking at spaces (kept as they are within
    a line; GLUE holds words together);
    `first` prefixes the first line, `rest` the others. A word longer than a line is cut."""
    tokens: list[tuple[bool, list[Span]]] = []  # (is a space, its spans)
    for text, styles in spans:
        for part in _split_spaces(text):
            blank = part[0] == " "
            if tokens and tokens[-1][0] == blank:
                tokens[-1][1].append((part, styles))
            else:
                tokens.append((blank, [(part, styles)]))
    lines: list[list[Span]] = []
    line, used, filled, gap = _fresh(first), cell_width(first), False, None
    for blank, parts in tokens:
        if blank:
            gap = ("".join(t for t, _ in parts), parts[0][1]) if filled else None
            continue
        if filled and used + len(gap[0] if gap else "") + sum(cell_width(t) for t, _ in parts) > columns:
            lines.append(line)
            line, used, filled, gap = _fresh(rest), cell_width(rest), False, None
        if gap is not None:
            line.append(gap)
            used += len(gap[0])
        gap = None
        for text, styles in parts:
            while text:
                head = fit_cells(text, columns - used) or ("" if filled else fit_cells(text, 1) or text[0])
                if not head:  # nothing more fits on this line
                    lines.append(line)
                    line, used, filled = _fresh(rest), cell_width(rest), False
                    continue
                line.append((head, styles))
                used, filled, text = used + cell_width(head), True, text[len(head):]
    lines.append(line)
    return [[(t.replace(GLUE, " "), s) for t, s in line] for line in lines]


def _fresh(prefix: str) -> list[Span]:
    return [(prefix, ())] if prefix else []


def fit_cells(text: str, room: int) -> str:
    """The longest start of `text` that fits in `room` cells (a combining mark stays with its letter)."""
    if cell_width(text) <= room:
        return text
    used, end = 0, 0
    for i, ch in enumerate(text):
        size = cell_width(ch)
        if size and used + size > room:
            break
        used, end = used + size, i + 1
    return text[:end]


def _split_spaces(text: str) -> list[str]:
    """`text` cut into runs of spaces and runs of anything else (GLUE is not a space)."""
    parts: list[str] = []
    for ch in text.replace("\t", " ").replace("\n", " "):
        if parts and (ch == " ") == (parts[-1][-1] == " "):
            parts[-1] += ch
        else:
            parts.append(ch)
    return parts


def paint(line: list[Span], *extra: str) -> str:
    """One line of spans as text, styled (only where colour is on)."""
    return "".join(style(text, *styles, *extra) for text, styles in line).rstrip()


def wrap(text: str, columns: int | None = None, indent: str = "") -> list[str]:
    """Plain `text` wrapped to `columns`, keeping its line breaks; a list item's continuation lines
    are indented under its text."""
    columns = columns or width()
    out: list[str] = []
    for raw in text.splitlines() or [""]:
        lead = len(raw) - len(raw.lstrip(" "))
        marker = raw.lstrip(" ").split(" ", 1)[0]
        hang = lead + (len(marker) + 1 if marker in ("-", "*", "•") or marker[:-1].isdigit() and marker[-1:] in ".)"
                       or len(marker) == 2 and marker[1] == ")" else 0)
        lines = wrap_spans([(raw.strip(" "), ())], columns, indent + " " * lead, indent + " " * hang)
        out += ["".join(t for t, _ in line).rstrip() for line in lines]
    return out


def say(text: str = "", *names: str) -> None:
    """Print text laid out already (a report, a machine format) to stdout, styled as a whole."""
    print(style(text, *names), flush=True)


def say_wrapped(text: str = "", *names: str) -> None:
    """Print prose to stdout wrapped to the terminal (line breaks kept), each line styled."""
    for line in wrap(text):
        print(style(line, *names), flush=True)


def say_lines(lines: Iterable[str]) -> None:
    """Print lines already laid out (and styled) for the terminal."""
    for line in lines:
        print(line, flush=True)


def warn(text: str) -> None:
    """Print a message to stderr (styled for stderr); wrapped only on a terminal, where paths stay whole."""
    lines = wrap(text) if sys.stderr.isatty() else [text]
    for line in lines:
        print(style(line, "red", stream=sys.stderr), file=sys.stderr, flush=True)


def emit_json(value: Any) -> None:
    """The one JSON writer for every `--json` output: indented, keys in insertion order."""
    print(json.dumps(value, indent=2, ensure_ascii=False, default=_default))


def _default(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)
