"""The terminal plot of a figure: readable at 80 columns, in any terminal font, without colour.

Validation values are a thin braille line (2x4 dots per character, so its lowest point can be
read to about an epoch); training values are bullets in every other column (so where the two
coincide, both stay visible). The legend names both by
their glyph, so nothing depends on colour; where colour is on, each series also gets its own.
Several runs sit two to a row when the width allows, on the same axes.

Hand-written rather than plotext: importing plotext alone costs about a third of the start-up
budget of `dlquiz show` (measured in benchmarks/startup.py), and its output carries colour codes
even in its colourless theme; this module draws the one kind of plot the bank needs in
about 150 lines with no import beyond numpy.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from grader.figures import FigureData, Panel

TRAIN_MARK = "•"
BRAILLE_BASE = 0x2800
# braille dot bits by (sub-row 0..3, sub-column 0..1)
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
MIN_PANEL = 34  # narrower than this, runs are stacked instead of side by side
GAP = "  "

Style = Callable[[str, str], str]


def _plain(text: str, series: str) -> str:
    return text


def legend(metric: str, width: int = 80, style: Style = _plain) -> list[str]:
    """The legend, each series named by its glyph: one line, or two where `width` is too narrow."""
    validation = f"{style('⠒⠒⠒', 'validation')} validation {metric}"
    training = f"{style(' '.join(TRAIN_MARK * 3), 'train')} training {metric}"
    if len(f"Legend: ⠒⠒⠒ validation {metric}   • • • training {metric}") <= width:
        return [f"Legend: {validation}   {training}"]
    return [f"Legend: {validation}", f"        {training}"]


def render(figure: FigureData, width: int = 80, style: Style = _plain) -> str:
    """The figure as text lines no wider than `width` (at least 40): title, runs, legend."""
    width = max(40, width)
    per_row = 2 if len(figure.panels) > 1 and (width - len(GAP)) // 2 >= MIN_PANEL else 1
    panel_width = (width - len(GAP) * (per_row - 1)) // per_row
    height = 13 if len(figure.panels) == 1 else 9
    ticks = y_ticks(figure, height)
    lines = [figure.title[:width]]
    for start in range(0, len(figure.panels), per_row):
        blocks = [_panel(p, ticks, panel_width, height, style) for p in figure.panels[start:start + per_row]]
        for row in zip(*blocks):
            lines.append(GAP.join(row).rstrip())
        lines.append("")
    lines += legend(figure.metric, width, style)
    return "\n".join(lines)


def value_ticks(highest: float, most: int) -> list[float]:
    """Round tick values from 0 to at or just above `highest`: 2 to `most` steps of 1, 2 or 5 x 10^k."""
    highest = max(highest, 1e-9)
    for step in sorted(m * 10.0 ** k for k in range(-3, 4) for m in (1, 2, 5)):
        steps = math.ceil(highest / step - 1e-9)
        if steps <= most:
            return [round(step * i, 10) for i in range(max(steps, 2) + 1)]
    return [0.0, highest]


def highest(figure: FigureData) -> float:
    """The largest value of any run (the runs share one scale, so they compare at a glance)."""
    return max(float(max(p.curves.train.max(), p.curves.validation.max())) for p in figure.panels)


def y_ticks(figure: FigureData, height: int) -> list[float]:
    """The value axis: 0 to 1 for accuracy, else 0 to a round number above every run's data."""
    if figure.metric == "accuracy":
        return [0.0, 0.25, 0.5, 0.75, 1.0]
    return value_ticks(highest(figure), 6 if height >= 12 else 4)


def _tick_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def epoch_ticks(epochs: int, columns: int) -> list[int]:
    """Epoch 1 and round epochs after it, spaced so their labels do not touch."""
    for step in (5, 10, 20, 25, 50, 100):
        if columns * step / max(1, epochs - 1) >= 5:
            break
    return [1] + list(range(step, epochs + 1, step))


def _panel(panel: Panel, ticks: list[float], width: int, height: int, style: Style) -> list[str]:
    low, top = ticks[0], ticks[-1]
    labels = {round((top - t) / (top - low) * (height - 1)): _tick_text(t) for t in ticks}
    margin = max(len(t) for t in labels.values())
    columns = width - margin - 2
    epochs = panel.curves.epochs
    cells = _draw(panel, low, top, columns, height)
    head = f"Run {panel.label}" if panel.label else ""
    out = [head.ljust(width)]
    for r in range(height):
        axis = f"{labels.get(r, ''):>{margin}} {'┤' if r in labels else '│'}"
        row = "".join(style(text, series) if series else text for text, series in cells[r])
        out.append(axis + row)
    ticks_x = epoch_ticks(epochs, columns)
    positions = {round((e - 1) / (epochs - 1) * (columns - 1)): e for e in ticks_x}
    out.append(" " * margin + " └" + "".join("┬" if c in positions else "─" for c in range(columns)))
    label_line = [" "] * (columns + 6)
    for col, e in positions.items():
        text = str(e)
        at = min(max(0, col - len(text) // 2), columns + 6 - len(text))
        if all(ch == " " for ch in label_line[max(0, at - 1):at + len(text) + 1]):
            label_line[at:at + len(text)] = text
    tail = "".join(label_line).rstrip()
    name = " epoch"
    tick_line = " " * (margin + 2) + tail
    if len(tick_line) + len(name) <= width:
        tick_line += name
    out.append(tick_line)
    return [_fit(line, width) for line in out]


def _fit(line: str, width: int) -> str:
    """Pad to the panel's width (styled text: only the visible characters count)."""
    visible = len(_strip_ansi(line))
    return line + " " * max(0, width - visible)


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _draw(panel: Panel, low: float, top: float, columns: int, height: int) -> list[list[tuple[str, str]]]:
    """The plot area as rows of (character, series) cells."""
    curves = panel.curves
    epochs = np.arange(1, curves.epochs + 1, dtype=float)
    span = top - low

    def level(values: np.ndarray, steps: int) -> np.ndarray:
        """Each value as a step from the top (0) to the bottom (steps - 1), clipped to the plot."""
        return np.clip(np.rint((top - values) / span * (steps - 1)), 0, steps - 1).astype(int)

    dots = np.zeros((height, columns), dtype=int)
    sub_x = np.linspace(1, curves.epochs, 2 * columns)
    ys = level(np.interp(sub_x, epochs, curves.validation), 4 * height)
    for j, y in enumerate(ys):
        previous = ys[j - 1] if j else y
        lo, hi = sorted((previous, y))
        if hi - lo > 1:  # a steep segment: fill between the two samples so the line stays joined
            lo, hi = (lo + 1, hi) if previous < y else (lo, hi - 1)
        for sub_y in range(lo, hi + 1):
            dots[sub_y // 4, j // 2] |= _DOTS[sub_y % 4][j % 2]
    # training bullets on the same scale as the braille (so equal values share a row), in every
    # other column: where the two curves coincide both stay visible, bullets between braille
    train_rows = level(np.interp(np.linspace(1, curves.epochs, columns), epochs, curves.train), 4 * height) // 4
    cells: list[list[tuple[str, str]]] = []
    for r in range(height):
        row = []
        for c in range(columns):
            if train_rows[c] == r and c % 2 == 0:
                row.append((TRAIN_MARK, "train"))
            elif dots[r, c]:
                row.append((chr(BRAILLE_BASE + dots[r, c]), "validation"))
            else:
                row.append((" ", ""))
        cells.append(row)
    return cells
