"""The terminal plot: fits the width, has a legend, needs no colour, and draws what the numbers say."""

from __future__ import annotations

import re

import pytest

from grader.figures import FAMILIES, FigureData, Panel
from grader.figures.curves import learning_curve
from grader.figures.text import _DOTS, TRAIN_MARK, epoch_ticks, render, value_ticks

ANSI = re.compile(r"\x1b\[")


def figure(families, metric="loss", epochs=40):
    panels = tuple(Panel("ABCD"[i] if len(families) > 1 else "", learning_curve(f, epochs, None, 3, 5, metric))
                   for i, f in enumerate(families))
    return FigureData(f"{metric.capitalize()} per epoch", metric, panels)


@pytest.mark.parametrize("width", [40, 60, 80, 100])
@pytest.mark.parametrize("families", [["overfitting"], ["good-fit", "bug"], list(FAMILIES[:3]), list(FAMILIES[:4])])
def test_fits_the_width_with_a_legend_and_no_colour(width, families):
    text = render(figure(families), width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert not ANSI.search(text)
    legend = "\n".join(lines[next(i for i, line in enumerate(lines) if line.startswith("Legend: ")):])
    assert lines[0] == "Loss per epoch" and len(legend.splitlines()) <= 2
    assert "⠒⠒⠒ validation loss" in legend and "• • • training loss" in legend
    assert sum(line.count("└") for line in lines) == len(families)  # one x axis per run
    if len(families) > 1:
        assert all(f"Run {label}" in text for label in "ABCD"[:len(families)])
    assert any("\u2800" < ch <= "\u28ff" for ch in text) and TRAIN_MARK in text


def test_two_runs_sit_side_by_side_at_80_columns_and_stack_at_40():
    wide = render(figure(["good-fit", "bug"]), 80).splitlines()
    narrow = render(figure(["good-fit", "bug"]), 40).splitlines()
    assert any("Run A" in line and "Run B" in line for line in wide)
    assert not any("Run A" in line and "Run B" in line for line in narrow)


def test_the_lowest_validation_point_is_drawn_at_its_epoch():
    """The lowest braille cells of an overfitting run span its best epoch, and no more than 3 epochs."""
    from grader.figures.curves import best_epoch

    for seed in range(10):
        fig = FigureData("Loss per epoch", "loss", (Panel("", learning_curve("overfitting", 40, 10 + seed, seed, 5)),))
        lines = render(fig, 80).splitlines()
        plot = [line for line in lines if "┤" in line or "│" in line]
        start = plot[0].index("┤") + 1
        dots = [(4 * r + sub_row, 2 * c + sub_col)  # every braille dot, at its sub-row and sub-column
                for r, line in enumerate(plot) for c, ch in enumerate(line[start:]) if "\u2800" < ch <= "\u28ff"
                for sub_row, bits in enumerate(_DOTS) for sub_col, bit in enumerate(bits) if (ord(ch) - 0x2800) & bit]
        bottom = max(y for y, _ in dots)
        columns = [x for y, x in dots if y == bottom]
        axis = next(line for line in lines if "└" in line)
        per_epoch = 2 * (len(axis) - axis.index("└") - 2) / 39
        first, last = (1 + x / per_epoch for x in (min(columns), max(columns)))
        best = best_epoch(fig.panels[0].curves)
        assert first - 1 <= best <= last + 1 and last - first <= 3, (seed, first, last, best)


def test_colour_goes_through_the_style_function_only():
    painted = render(figure(["overfitting"]), 80, lambda text, series: f"<{series}>{text}</>")
    assert "<validation>" in painted and "<train>" in painted


@pytest.mark.parametrize("highest, expected", [(1.5, [0, 0.5, 1, 1.5]), (2.31, [0, 1, 2, 3]), (0.07, [0, 0.02, 0.04, 0.06, 0.08])])
def test_value_ticks_are_round(highest, expected):
    assert value_ticks(highest, 4) == pytest.approx(expected)


def test_epoch_ticks_start_at_one_and_are_round():
    assert epoch_ticks(40, 70) == [1, 5, 10, 15, 20, 25, 30, 35, 40]
    assert epoch_ticks(200, 30)[:2] == [1, 50]
