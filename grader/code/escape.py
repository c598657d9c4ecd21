"""Text that came from a learner (folder, function and parameter names, exception messages,
printed output) made safe for each place it is written: a terminal, XML, a CSV cell.

Every report writer goes through these, so no name or message can move the cursor, recolour
a line, forge a "Score 100%" line, break a JUnit file or become a spreadsheet formula.
"""

from __future__ import annotations

import re

_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")  # what spreadsheets read as a formula


def _escaped(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: object, multiline: bool = False, limit: int | None = None) -> str:
    """`text` with every invisible or cursor-moving character (controls such as ESC, bidi
    overrides, zero-width and separator characters) shown as an escape such as `\\x1b`, tabs as
    spaces and, unless `multiline`, line breaks escaped too; cut at `limit` characters."""
    text = str(text) if text is not None else ""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "..."
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or (multiline and ch == "\n") else "    " if ch == "\t" else _escaped(ch)
                   for ch in text)


def xml_text(text: object) -> str:
    """Only characters XML 1.0 allows (others become '?'), and no cursor-moving controls:
    the result is always well-formed once ElementTree escapes `&`, `<`, `>` and quotes."""
    return _XML_ILLEGAL.sub("?", printable(text, multiline=True))


def csv_cell(text: object) -> str:
    """A CSV cell that a spreadsheet shows as text: one starting with `= + - @`, a tab or a line
    break gets a leading apostrophe (OWASP's advice against formula injection)."""
    raw = str(text) if text is not None else ""
    cell = printable(raw)
    risky = raw.lstrip(" ").startswith(CSV_TRIGGERS) or cell.lstrip(" ").startswith(CSV_TRIGGERS)
    return "'" + cell if risky else cell
