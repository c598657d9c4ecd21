"""Writing output files whole or not at all."""

from __future__ import annotations

from pathlib import Path

from grader.errors import DlquizError
from grader.userfiles import replace_file


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`: a reader (or a
    failure half-way) never sees a partly written file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, text)
    except OSError as exc:
        raise DlquizError(f"Cannot write '{path}': {exc.strerror}") from None
