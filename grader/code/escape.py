"""Text from a learner made safe for XML and CSV (to be replaced by issue 11's fuller module)."""

from __future__ import annotations

import re

_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def xml_text(text: object) -> str:
    """Only characters XML 1.0 allows (others become '?')."""
    return _XML_ILLEGAL.sub("?", str(text) if text is not None else "")


def csv_cell(text: object) -> str:
    """A CSV cell a spreadsheet shows as text (a leading apostrophe before = + - @)."""
    raw = str(text) if text is not None else ""
    return "'" + raw if raw.lstrip(" ").startswith(CSV_TRIGGERS) else raw
