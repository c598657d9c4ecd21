"""`dlquiz show ID --all-seeds K`: several variants of one question side by side, to see the spread."""

from __future__ import annotations

from grader.console import cell_width, wrap

from grader.model import Variant

GAP = " │ "
MIN_COLUMN = 28  # narrower than this and the variants are stacked instead
ANSWER_LINES = 12  # a longer answer (a reference program) is cut here


def variant_text(variant: Variant) -> str:
    """One variant as the author previews it: prompt, options and the right answer."""
    from grader.checkers import checker_for
    from grader.checkers.choice import LETTERS
    from grader.render import render_field, render_options
    from grader.textmath import to_terminal

    spec = variant.question.spec
    parts = [to_terminal(render_field(variant, spec.prompt, key=("prompt",)))]
    for letter, text in zip(LETTERS, render_options(variant)):
        parts.append(f"{letter}) {to_terminal(text)}")
    answer = checker_for(spec.kind).answer_text(variant).strip()
    if "\n" in answer:  # a program or a design: the first lines, indented
        lines = answer.splitlines()
        shown = lines[:ANSWER_LINES] + (["…"] if len(lines) > ANSWER_LINES else [])
        parts.append("→ answer:\n" + "\n".join(f"  {line}" for line in shown))
    elif answer:
        parts.append(f"→ answer: {to_terminal(answer)}")
    return "\n".join(parts)


display_width = cell_width  # columns `text` takes in a terminal


def _pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - display_width(text))


def side_by_side(titles: list[str], texts: list[str], width: int) -> str:
    """Columns of wrapped text under their titles; stacked blocks when the window is too narrow."""
    column = (width - len(GAP) * (len(texts) - 1)) // max(1, len(texts))
    if column < MIN_COLUMN:
        rule = "─" * min(width, 60)
        return "\n".join(f"{rule}\n{title}\n{rule}\n" + "\n".join(wrap(text, width))
                         for title, text in zip(titles, texts))
    wrapped = [[title, "─" * min(column, display_width(title) + 2)] + wrap(text, column)
               for title, text in zip(titles, texts)]
    height = max(len(lines) for lines in wrapped)
    rows = []
    for i in range(height):
        cells = [_pad(lines[i] if i < len(lines) else "", column) for lines in wrapped]
        rows.append(GAP.join(cells).rstrip())
    return "\n".join(rows)


def preview_seeds(first: int | None, count: int) -> list[int | None]:
    """`count` seeds from `first`; without `first`, the canonical variant then seeds 0, 1, ..."""
    if first is not None:
        return list(range(first, first + count))
    return [None] + list(range(count - 1))
