"""`dlquiz stats --format html`: the item analysis as one self-contained page with inline SVG charts."""

from __future__ import annotations

from html import escape
from typing import Callable

from grader.instructor import html_page
from grader.instructor.stats import WEAK, ItemStats, class_size_warning, flagged, interval_text

ROW, LABEL_W, BAR_W = 22, 260, 360


def bar_chart(title: str, rows: list[tuple[str, float]], low: float, high: float,
              text: Callable[[float], str], colour: Callable[[float], str]) -> str:
    """A horizontal bar chart as inline SVG: one labelled bar per row, from 0 on a [low, high] axis."""
    height = ROW * len(rows) + 30
    scale = BAR_W / (high - low)
    zero = LABEL_W + (0 - low) * scale
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {LABEL_W + BAR_W + 70} {height}" '
             f'width="{LABEL_W + BAR_W + 70}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(rows):
        y = 8 + i * ROW
        end = LABEL_W + (min(max(value, low), high) - low) * scale
        x, width = min(zero, end), abs(end - zero)
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + 14}" text-anchor="end">{escape(_short(label))}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{max(width, 1):.1f}" height="{ROW - 7}" fill="{colour(value)}">'
                     f"<title>{escape(label)}: {escape(text(value))}</title></rect>")
        parts.append(f'<text x="{max(zero, end) + 6:.1f}" y="{y + 14}">{escape(text(value))}</text>')
    axis_y = 8 + ROW * len(rows)
    parts.append(f'<line x1="{zero:.1f}" y1="4" x2="{zero:.1f}" y2="{axis_y}" stroke="#444"/>')
    for tick in (low, (low + high) / 2, high):
        tx = LABEL_W + (tick - low) * scale
        parts.append(f'<text class="tick" x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle">{escape(text(tick))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, size: int = 38) -> str:
    return label if len(label) <= size else "…" + label[-(size - 1):]


def discrimination_colour(value: float) -> str:
    """Green separates well, amber is fair, red needs review."""
    return "#2e7d32" if value >= 0.3 else "#f9a825" if value >= WEAK else "#c62828"


def to_html(stats: list[ItemStats], learners: int, sources: list[str]) -> str:
    """The whole page: summary, two charts, the table and the items to review."""
    from markupsafe import Markup

    right = sorted(((s.item, s.share_right) for s in stats), key=lambda r: r[1])
    separating = [(s.item, s.r_pb) for s in stats if s.r_pb is not None]
    charts = [("Share of learners right, per item", right, 0.0, 1.0, lambda v: f"{v:.0%}", lambda v: "#2458b3")]
    if separating:
        charts.append(("Discrimination (item-rest correlation), per item", separating, -1.0, 1.0,
                       lambda v: f"{v:+.2f}", discrimination_colour))
    figures = [(title, Markup(bar_chart(title, *rest))) for title, *rest in charts]
    return html_page("stats.html.j2", stats=stats, learners=learners, sources=sources, figures=figures,
                     review=flagged(stats), weak=WEAK, warning=class_size_warning(learners), interval=interval_text)
