"""Figures in questions: a question's `figure:` computed from its parameters, drawn for a terminal or a page.

Modules:
  curves  learning-curve families (seeded, parametrised), their accuracy form, and `diagnose`
  text    the terminal plot: Unicode braille and dots, a legend, no colour needed (80 columns and up)
  svg     the handout picture: inline, self-contained SVG with a title and a description for screen readers
  probes  what `dlquiz validate` checks of a figure on every seed

Only this module is imported to know whether a question has a figure; numpy and the drawing
code load when a figure is actually drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.figures.curves import Curves
    from grader.model import Variant

LABELS = "PQRS"  # not a to d: those letters name the options of a choice question
# the learning-curve families (grader/figures/curves.py draws them)
FAMILIES = ("good-fit", "overfitting", "underfitting", "lr-too-high", "lr-too-low", "bug")


@dataclass(frozen=True)
class Panel:
    """One labelled run of a figure."""

    label: str
    curves: "Curves"


@dataclass(frozen=True)
class FigureData:
    """A figure's numbers for one variant: its title and its panels (shared epochs and metric)."""

    title: str
    metric: str
    panels: tuple[Panel, ...]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (`dlquiz show --json`)."""
        return {"plot": "learning-curves", "title": self.title, "metric": self.metric,
                "panels": [{"label": p.label, "train": [round(float(v), 4) for v in p.curves.train],
                            "validation": [round(float(v), 4) for v in p.curves.validation]}
                           for p in self.panels]}


def resolve(value: Any, params: dict[str, Any]) -> Any:
    """A figure field's value: a string naming a parameter is that parameter's value."""
    return params[value] if isinstance(value, str) and value in params else value


def panel_arguments(spec_figure: Any, panel: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The learning_curve arguments of one panel for these parameters."""
    return {"family": resolve(panel.family, params), "epochs": resolve(spec_figure.epochs, params),
            "turn": resolve(panel.turn, params), "seed": resolve(panel.seed, params),
            "classes": resolve(spec_figure.classes, params), "metric": spec_figure.metric}


def default_title(metric: str) -> str:
    """`Loss per epoch` or `Accuracy per epoch`."""
    return f"{metric.capitalize()} per epoch"


def figure_data(spec_figure: Any, params: dict[str, Any]) -> FigureData:
    """Compute the figure for these parameters (ValueError when an argument is out of range)."""
    from grader.figures.curves import learning_curve

    panels = []
    several = len(spec_figure.panels) > 1
    for i, panel in enumerate(spec_figure.panels):
        args = panel_arguments(spec_figure, panel, params)
        label = panel.label or (LABELS[i] if several else "")
        panels.append(Panel(label, learning_curve(**args)))
    return FigureData(spec_figure.title or default_title(spec_figure.metric), spec_figure.metric, tuple(panels))


def figure_of(variant: "Variant") -> FigureData | None:
    """The variant's figure, or None when the question has none; an author error if it cannot be drawn."""
    spec_figure = getattr(variant.question.spec, "figure", None)
    if spec_figure is None:
        return None
    try:
        return figure_data(spec_figure, variant.params)
    except (ValueError, TypeError) as exc:
        from grader.errors import Problem, QuestionConfigError

        question = variant.question
        raise QuestionConfigError([Problem(str(question.file), None, "figure",
                                           f"the figure cannot be drawn: {exc} (seed {variant.seed})")]) from None


MAX_WIDTH = 100  # wider terminals get a plot this wide


def terminal_figure(variant: "Variant", width: int | None = None, color: bool | None = None) -> str:
    """The variant's figure as terminal text ('' when it has none), as wide as the terminal
    (COLUMNS honoured, 40 to 100 columns); coloured where grader.console colours, unless `color`
    is False (text that is wrapped again must not carry escape codes)."""
    figure = figure_of(variant)
    if figure is None:
        return ""
    import shutil

    from grader.console import style, use_color
    from grader.figures.text import render

    width = width or min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns)
    colours = {"validation": "yellow", "train": "cyan"}
    colour = use_color() if color is None else color and use_color()
    paint = (lambda text, series: style(text, colours[series])) if colour else (lambda text, series: text)
    return render(figure, width, paint)
