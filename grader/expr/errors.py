"""The one error of the expression language: what is wrong, and where in the text."""

from __future__ import annotations


class ExprError(ValueError):
    """Text that cannot be read or evaluated; `position` is the 0-based offset it points at (or None)."""

    def __init__(self, message: str, position: int | None, end: int | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        self.end = end

    def pointer(self, text: str, width: int = 72) -> str:
        """Two lines: the text (a window of it when long) and a caret under `position`; '' without a position."""
        return pointer(text, self.position, width)


def pointer(text: str, position: int | None, width: int = 72) -> str:
    """`text` (a window of `width` characters around `position` when longer, unprintable characters
    shown as '?') over a caret at `position`; '' when there is no position."""
    if position is None or not text:
        return ""
    shown = "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else "?" for c in text)
    start = max(0, min(position - width // 2, len(shown) - width))
    window = shown[start:start + width]
    prefix = "..." if start > 0 else ""
    suffix = "..." if start + width < len(shown) else ""
    return f"{prefix}{window}{suffix}\n{' ' * (len(prefix) + position - start)}^"
