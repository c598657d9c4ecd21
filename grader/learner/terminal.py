"""The terminal side of a session: text wrapped to the window, Markdown and math rendered, answers read with line editing.

Colour follows grader.console (only on a TTY, never with NO_COLOR). Without a terminal
(piped input), answers are read line by line and the prompts still print.
"""

from __future__ import annotations

import sys

from grader.console import say_lines, say_wrapped, style, use_color, width

CLEAR = "\x1b[H\x1b[2J\x1b[3J"  # cursor home, clear the screen and its scroll-back


class TerminalIo:
    """Io for a real terminal (or a pipe)."""

    def __init__(self) -> None:
        if sys.stdin.isatty():
            try:
                import readline  # noqa: F401  (line editing and history for input())
            except ImportError:
                pass

    def show(self, text: str = "", *styles: str) -> None:
        """Print plain `text` wrapped to the terminal, each line styled."""
        say_wrapped(text, *styles)

    def markdown(self, text: str, *styles: str, lead: str = "") -> None:
        """Print question text (Markdown with $math$) laid out for the terminal; `lead` starts its
        first line (an option's letter), and the other lines are indented under it."""
        from grader.markdown_text import render

        say_lines(render(text, width(), lead, styles=styles))

    def verbatim(self, text: str) -> None:
        """Print text laid out for the terminal already (a figure), as it is."""
        say_lines(text.splitlines())

    def clear(self) -> None:
        """Clear the screen (only on a terminal)."""
        if sys.stdout.isatty():
            print(CLEAR, end="", flush=True)

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
