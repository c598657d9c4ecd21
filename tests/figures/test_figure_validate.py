"""`dlquiz validate` covers figures: names at load, and on every seed: drawable, finite, read as declared."""

from __future__ import annotations

import textwrap

import pytest

GOOD = """
title: Best epoch
kind: numeric
prompt: "At which epoch was validation loss lowest?"
parameters:
  turn: {canonical: 12, integer: [8, 20]}
  noise: {canonical: 1, integer: [1, 100000]}
figure:
  epochs: 40
  panels:
    - {family: overfitting, turn: turn, seed: noise}
answer:
  solver: overfitting_best_epoch
  args: {epochs: 40, turn: turn, seed: noise}
tolerance: {atol: 1, rtol: 0}
mistakes:
  - solver: overfitting_last_epoch
    feedback: "That is the last epoch trained."
"""


def write(tmp_path, text):
    root = tmp_path / "bank"
    (root / "t").mkdir(parents=True)
    (root / "t" / "q.yaml").write_text(textwrap.dedent(text))
    return root


def test_a_good_figure_question_validates_and_shows(dlquiz, tmp_path):
    bank = write(tmp_path, GOOD)
    run = dlquiz("validate", "--bank", str(bank), "--seeds", "20")
    assert run.code == 0, run.out + run.err
    shown = dlquiz("show", "t/q", "--bank", str(bank), "--seed", "4")
    assert shown.code == 0 and "Legend: ⠒⠒⠒ validation loss" in shown.out
    import json

    data = json.loads(dlquiz("show", "t/q", "--bank", str(bank), "--json").out)
    assert data["figure"]["panels"][0]["label"] == "" and len(data["figure"]["panels"][0]["validation"]) == 40


@pytest.mark.parametrize("change, fragment", [
    (("family: overfitting,", "family: overfit,"), "'overfit' is neither a curve family nor a parameter. Did you mean 'overfitting'?"),
    (("seed: noise}", "seed: nois}"), "'nois' is not a parameter. Did you mean 'noise'?"),
    (("  epochs: 40\n  panels", "  epochs: epoch\n  panels"), "'epoch' is not a parameter"),
    (("  noise: {", "  bug: {canonical: 1}\n  noise: {"), "a parameter named 'bug' reads like the curve family"),
])
def test_names_in_a_figure_are_checked_at_load(dlquiz, tmp_path, change, fragment):
    bank = write(tmp_path, GOOD.replace(*change))
    run = dlquiz("validate", "--bank", str(bank), "--seeds", "0")
    assert run.code == 2 and fragment in run.out + run.err, run.out + run.err


@pytest.mark.parametrize("change, fragment", [
    (("integer: [8, 20]", "integer: [8, 39]"), "an overfitting curve over 40 epochs turns up at a whole epoch from 4 to 32"),
    (("family: overfitting,", "family: good-fit,"), "this reads an overfitting run the figure does not draw"),
    (("args: {epochs: 40, turn: turn, seed: noise}", "args: {epochs: 40, turn: turn, seed: 3}"),
     "this reads an overfitting run the figure does not draw"),
])
def test_figures_are_checked_on_every_seed(dlquiz, tmp_path, change, fragment):
    bank = write(tmp_path, GOOD.replace(*change))
    run = dlquiz("validate", "--bank", str(bank), "--seeds", "30", "--jobs", "1")
    assert run.code == 2 and fragment in run.out + run.err, run.out + run.err


def test_a_curve_that_does_not_read_as_its_family_is_reported(monkeypatch):
    """The diagnosis must match the family drawn: a family whose numbers drift is caught."""
    from grader.bank import Bank
    from grader.figures import curves
    from grader.instructor.deep_validate import question_findings

    monkeypatch.setitem(curves._SHAPES, "overfitting", curves._SHAPES["good-fit"])
    bank_dir = None
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        bank_dir = write(Path(tmp), GOOD)
        question = Bank.open(bank_dir).load("t/q")
        messages = {f.message for _, f in question_findings(question, 3)}
    assert any("drawn as 'overfitting' but its numbers read as 'good-fit'" in m for m in messages), messages


@pytest.mark.parametrize("change, fragment", [
    (("  epochs: 40\n", "  epochs: 100000000\n"), "epochs is 100000000: give a whole number from 10 to 200"),
    (("  epochs: 40\n", "  epochs: 40\n  classes: 99999999999999999999\n"), "classes is 99999999999999999999"),
    (("  epochs: 40\n", "  epochs: 40\n  title: " + "T" * 300 + "\n"), "Expected `str` of length <= 60"),
    (("seed: noise}", "seed: noise, label: " + "L" * 30 + "}"), "Expected `str` of length <= 20"),
    (("seed: noise}", "seed: 1.5}"), "Expected `int | str`, got `float`"),
    (("noise: {canonical: 1, integer: [1, 100000]}", "noise: {canonical: [1, 2]}"), "the figure cannot be drawn"),
])
def test_a_hostile_figure_is_one_message_never_a_traceback(dlquiz, tmp_path, change, fragment):
    bank = write(tmp_path, GOOD.replace(*change))
    run = dlquiz("show", "t/q", "--bank", str(bank))
    assert run.code == 2 and fragment in run.err and "Traceback" not in run.err, run.err


@pytest.mark.parametrize("answer", ['"turn"', '{differentiate: "t^2", wrt: t, at: {t: turn}}'])
def test_a_figure_beside_a_formula_or_derivative_answer_validates(dlquiz, tmp_path, answer):
    """The check that a curve-reading answer names the figure's run used to fail on any other answer."""
    text = GOOD.replace("answer:\n  solver: overfitting_best_epoch\n  args: {epochs: 40, turn: turn, seed: noise}\n",
                        f"answer: {answer}\n")
    text = text[:text.index("mistakes:")]
    run = dlquiz("validate", "--bank", str(write(tmp_path, text)), "--seeds", "2")
    assert run.code == 0, run.out + run.err
