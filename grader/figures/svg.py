"""The handout picture of a figure: inline SVG, self-contained (no fonts, scripts or links), with a
title and a text description a screen reader reads instead of the picture.

Validation is a solid line, training a dashed one, so the two stay apart in black and white
print as well as in colour; the legend says which is which. The description lists every value,
neutrally (what is plotted, not what it means), so a learner who cannot see the picture can
answer the same question from it.
"""

from __future__ import annotations

import html
from itertools import count

from grader.figures import FigureData, Panel
from grader.figures.text import highest, value_ticks

PANEL_W, PANEL_H = 320, 210  # one run's box, in SVG user units (the page scales it)
SINGLE_W, SINGLE_H = 600, 300
PAD_L, PAD_R, PAD_T, PAD_B = 44, 12, 26, 34
LEGEND_H = 26
TRAIN_STYLE = 'stroke="#2458b3" stroke-width="2" stroke-dasharray="6 4" fill="none"'
VALID_STYLE = 'stroke="#c2410c" stroke-width="2.2" fill="none"'
_ids = count(1)


def render_svg(figure: FigureData, figure_id: str | None = None) -> str:
    """One <svg> element: every run, a legend, a <title> and a <desc> (referenced by aria-labelledby)."""
    fid = figure_id or f"fig{next(_ids)}"
    single = len(figure.panels) == 1
    w, h = (SINGLE_W, SINGLE_H) if single else (PANEL_W, PANEL_H)
    per_row = 1 if single else 2
    rows = -(-len(figure.panels) // per_row)
    total_w, total_h = w * per_row, h * rows + LEGEND_H
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="figure" role="img" width="{total_w}" '
             f'height="{total_h}" viewBox="0 0 {total_w} {total_h}" aria-labelledby="{fid}-title {fid}-desc" '
             'font-family="system-ui, sans-serif" font-size="11">',
             f'<title id="{fid}-title">{html.escape(figure.title)}</title>',
             f'<desc id="{fid}-desc">{html.escape(describe(figure))}</desc>']
    ticks = _ticks(figure)  # one scale for every run, so they compare at a glance
    for i, panel in enumerate(figure.panels):
        x0, y0 = (i % per_row) * w, (i // per_row) * h
        parts.append(_panel(panel, ticks, x0, y0, w, h))
    parts.append(_legend(figure.metric, total_w, h * rows))
    parts.append("</svg>")
    return "\n".join(parts)


def describe(figure: FigureData) -> str:
    """The text alternative: what is plotted, then every value of every run."""
    runs = len(figure.panels)
    epochs = figure.panels[0].curves.epochs
    metric = figure.metric
    head = (f"Line chart{'s' if runs > 1 else ''}: {figure.title.lower()}, epochs 1 to {epochs}"
            f"{f', {runs} runs' if runs > 1 else ''}; training {metric} dashed, validation {metric} solid.")
    lines = [head]
    for panel in figure.panels:
        train = ", ".join(f"{v:.2f}" for v in panel.curves.train)
        valid = ", ".join(f"{v:.2f}" for v in panel.curves.validation)
        series = f"training {metric} by epoch: {train}; validation {metric} by epoch: {valid}."
        lines.append(f"Run {panel.label}: {series}" if panel.label else series[0].upper() + series[1:])
    return " ".join(lines)


def _ticks(figure: FigureData) -> list[float]:
    if figure.metric == "accuracy":
        return [0.0, 0.25, 0.5, 0.75, 1.0]
    return value_ticks(highest(figure), 5)


def _panel(panel: Panel, ticks: list[float], x0: float, y0: float, w: float, h: float) -> str:
    top = ticks[-1]
    left, right = x0 + PAD_L, x0 + w - PAD_R
    upper, lower = y0 + PAD_T, y0 + h - PAD_B
    epochs = panel.curves.epochs

    def px(epoch: float) -> float:
        return left + (epoch - 1) / (epochs - 1) * (right - left)

    def py(value: float) -> float:
        return lower - min(max(value, 0.0), top) / top * (lower - upper)

    out = [f'<g class="run" data-label="{html.escape(panel.label)}">']
    if panel.label:
        out.append(f'<text x="{left}" y="{y0 + 16}" font-weight="600" font-size="12">Run {html.escape(panel.label)}</text>')
    for t in ticks:
        y = py(t)
        out.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7ee" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{_number(t)}</text>')
    from grader.figures.text import epoch_ticks

    for e in epoch_ticks(epochs, int((right - left) / 5)):
        x = px(e)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{lower}" y2="{lower + 4}" stroke="#444"/>')
        out.append(f'<text x="{x:.1f}" y="{lower + 16}" text-anchor="middle" fill="#444">{e}</text>')
    out.append(f'<line x1="{left}" x2="{right}" y1="{lower}" y2="{lower}" stroke="#444"/>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{upper}" y2="{lower}" stroke="#444"/>')
    out.append(f'<text x="{(left + right) / 2:.1f}" y="{lower + 29}" text-anchor="middle" fill="#444">epoch</text>')
    for values, style, series in ((panel.curves.train, TRAIN_STYLE, "train"),
                                  (panel.curves.validation, VALID_STYLE, "validation")):
        points = " ".join(f"{px(i + 1):.1f},{py(float(v)):.1f}" for i, v in enumerate(values))
        out.append(f'<polyline class="{series}" points="{points}" {style}/>')
    out.append("</g>")
    return "\n".join(out)


def _legend(metric: str, width: float, y: float) -> str:
    mid = y + LEGEND_H / 2
    x = width / 2 - 150
    return (f'<g class="legend"><line x1="{x}" x2="{x + 30}" y1="{mid}" y2="{mid}" {VALID_STYLE}/>'
            f'<text x="{x + 36}" y="{mid + 4}">validation {metric}</text>'
            f'<line x1="{x + 160}" x2="{x + 190}" y1="{mid}" y2="{mid}" {TRAIN_STYLE}/>'
            f'<text x="{x + 196}" y="{mid + 4}">training {metric}</text></g>')


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"
