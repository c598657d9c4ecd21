"""The terminal side of a session: text wrapped to the window (80 columns and up), styled answers read with line editing.

Colour follows grader.console (only on a TTY, never with NO_COLOR). Without a terminal
(piped input), answers are read line by line and the prompts still print.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap

from grader.console import say, style, use_color

MIN_WIDTH, MAX_WIDTH = 40, 100
_LEAD = re.compile(r"^(\s*(?:[-*•]|\d+[.)]|[a-z]\))?\s*)")


def width() -> int:
    """Columns to wrap to: the terminal's width (COLUMNS honoured), kept within 40..100."""
    return max(MIN_WIDTH, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def wrap(text: str, columns: int | None = None) -> list[str]:
    """`text` wrapped to `columns`, keeping line breaks, and indenting continuations of list items."""
    columns = columns or width()
    out: list[str] = []
    for line in text.splitlines() or [""]:
        lead = _LEAD.match(line).group(1)
        out += textwrap.wrap(line, columns, subsequent_indent=" " * len(lead), break_on_hyphens=False,
                             break_long_words=True) or [""]
    return out


class TerminalIo:
    """Io for a real terminal (or a pipe)."""

    def __init__(self) -> None:
        if sys.stdin.isatty():
            try:
                import readline  # noqa: F401  (line editing and history for input())
            except ImportError:
                pass

    def show(self, text: str = "", *styles: str) -> None:
        """Print `text` wrapped to the terminal, each line styled."""
        for line in wrap(text):
            say(line, *styles)

    def ask(self, prompt: str) -> str:
        """Show `prompt` (its last line styled) and read one line."""
        head, _, last = prompt.rpartition("\n")
        if head:
            self.show(head, "bold")
        text = input(_prompt_style(last))
        if not sys.stdin.isatty():
            print(text, flush=True)  # piped answers are not echoed: keep the transcript readable
        return text


def _prompt_style(prompt: str) -> str:
    if not use_color():
        return prompt
    # \001 and \002 tell readline the escape codes take no room on the line
    return style(prompt, "bold").replace("\x1b[1m", "\001\x1b[1m\002").replace("\x1b[0m", "\001\x1b[0m\002")
