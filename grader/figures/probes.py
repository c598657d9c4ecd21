"""What `dlquiz validate` checks of a question's figure.

At load (no numbers drawn): every name in the figure is a parameter or, for `family`, a family.
On every seed: the figure draws, its numbers are finite, each run reads (grader.figures.curves.
diagnose) as the family that drew it, and an answer read off a curve reads the curve the figure
draws.
"""

from __future__ import annotations

from typing import Any

from grader.errors import did_you_mean
from grader.figures import FAMILIES

Finding = tuple[tuple, str]  # (key path, message), as grader.lint yields them


def spec_problems(spec: Any) -> list[Finding]:
    """Names in the figure that are neither parameters nor (for `family`) curve families."""
    figure = getattr(spec, "figure", None)
    if figure is None:
        return []
    params = set(spec.parameters)
    found: list[Finding] = []
    for name in sorted(params & set(FAMILIES)):
        found.append((("parameters", name), f"a parameter named '{name}' reads like the curve family of that name: "
                      "rename the parameter"))
    for field in ("epochs", "classes"):
        value = getattr(figure, field)
        if isinstance(value, str) and value not in params:
            found.append((("figure", field), _not_a_parameter(value, params)))
    for i, panel in enumerate(figure.panels):
        if panel.family not in params and panel.family not in FAMILIES:
            found.append((("figure", "panels", i, "family"),
                           f"'{panel.family}' is neither a curve family nor a parameter."
                           f"{did_you_mean(panel.family, list(FAMILIES) + sorted(params))} "
                           f"Families: {', '.join(FAMILIES)}"))
        for field in ("turn", "seed"):
            value = getattr(panel, field)
            if isinstance(value, str) and value not in params:
                found.append((("figure", "panels", i, field), _not_a_parameter(value, params)))
    labels = [p.label for p in figure.panels if p.label]
    if len(set(labels)) != len(labels):
        found.append((("figure", "panels"), "two runs have the same label: learners could not tell them apart"))
    return found


def _not_a_parameter(value: str, params: set[str]) -> str:
    return (f"'{value}' is not a parameter.{did_you_mean(value, params)} Give a number or the name of a "
            "parameter defined under `parameters:`")


def variant_problems(variant: Any) -> list[tuple[tuple, str, str]]:
    """(key, message, detail) for this variant's figure: it draws, finitely, as declared, and answers read it."""
    import numpy as np

    from grader.figures import figure_data, panel_arguments
    from grader.figures.curves import diagnose

    spec = variant.question.spec
    figure = spec.figure
    try:
        data = figure_data(figure, variant.params)
    except (ValueError, TypeError) as exc:
        return [(("figure",), f"the figure cannot be drawn: {exc}", "")]
    found = []
    for i, (panel, drawn) in enumerate(zip(figure.panels, data.panels)):
        key = ("figure", "panels", i)
        curves = drawn.curves
        if not (np.all(np.isfinite(curves.train)) and np.all(np.isfinite(curves.validation))):
            found.append((key, "the run has values that are not finite: choose other parameters", ""))
            continue
        family = panel_arguments(figure, panel, variant.params)["family"]
        seen = diagnose(curves)
        if seen != family:
            found.append((key, f"this run is drawn as '{family}' but its numbers read as '{seen}': "
                               "choose other parameters (turn, epochs) for it",
                          f"train {curves.train[0]:.2f}->{curves.train[-1]:.2f}, "
                          f"validation {curves.validation[0]:.2f}->{curves.validation[-1]:.2f}"))
    found += _answer_reads_figure(variant)
    return found


def _answer_reads_figure(variant: Any) -> list[tuple[tuple, str, str]]:
    """A numeric answer or mistake read off an overfitting run names the figure's own run."""
    from grader.figures import panel_arguments, resolve
    from grader.solvers.curves import CURVE_READERS

    spec = variant.question.spec
    if spec.kind != "numeric":
        return []
    runs = [panel_arguments(spec.figure, p, variant.params) for p in spec.figure.panels]
    drawn = [(r["epochs"], r["turn"], r["seed"]) for r in runs if r["family"] == "overfitting"]
    answer_args = getattr(spec.answer, "args", None) or {}  # a formula or a derivative reads no curve
    calls = [(("answer",), getattr(spec.answer, "solver", None), answer_args)]
    calls += [(("mistakes", i), m.solver, answer_args if m.args is None else m.args)
              for i, m in enumerate(spec.mistakes)]
    found = []
    for key, solver, args in calls:
        if solver is None or solver not in CURVE_READERS and not solver.startswith("overfitting_"):
            continue
        read = tuple(resolve(args.get(name), variant.params) for name in ("epochs", "turn", "seed"))
        if read not in drawn:
            found.append((key, "this reads an overfitting run the figure does not draw: give it the figure's "
                               "epochs and the run's turn and seed", f"reads {read}, figure draws {drawn}"))
    return found
