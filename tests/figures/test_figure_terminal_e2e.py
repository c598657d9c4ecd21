"""End to end in a pseudo-terminal of 80 columns: `dlquiz show` and `dlquiz quiz` draw the figure legibly."""

from __future__ import annotations

import io
import re
import sys

import pexpect

from tests.conftest import REPO, dlquiz_env
from tests.figures.test_figure_validate import GOOD, write

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CHOICE = """
title: Which run overfits?
kind: choice
prompt: "Which run overfits?"
parameters:
  noise: {canonical: 1, integer: [1, 1000]}
figure:
  panels:
    - {family: good-fit, seed: noise}
    - {family: overfitting, turn: 10, seed: noise}
options:
  - text: "Run P"
    feedback: "Run P's validation loss flattens; it never turns up."
  - text: "Run Q"
    correct: true
"""


def spawn(home, args, bank, colour=False):
    env = dlquiz_env(home, DLQUIZ_BANK=str(bank))
    if colour:
        env.pop("NO_COLOR")
    child = pexpect.spawn(sys.executable, ["-m", "cli", *args], cwd=str(REPO), encoding="utf-8", timeout=60,
                          dimensions=(50, 80), env=env)
    child.logfile_read = io.StringIO()
    return child


def screen_lines(child) -> list[str]:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return child.logfile_read.getvalue().replace("\r\n", "\n").splitlines()


def test_show_draws_within_80_columns_without_colour(tmp_path):
    bank = write(tmp_path, GOOD)
    lines = screen_lines(spawn(tmp_path / "home", ["show", "t/q", "--seed", "2"], bank))
    assert max(len(line) for line in lines) <= 80
    assert not any(ANSI.search(line) for line in lines)
    assert "Legend: ⠒⠒⠒ validation loss   • • • training loss" in lines
    assert sum("┤" in line for line in lines) >= 3 and any(line.rstrip().endswith("40") for line in lines)


def test_show_in_colour_keeps_the_glyphs_and_the_width(tmp_path):
    bank = write(tmp_path, GOOD)
    lines = screen_lines(spawn(tmp_path / "home", ["show", "t/q"], bank, colour=True))
    assert any(ANSI.search(line) for line in lines)
    visible = [ANSI.sub("", line) for line in lines]
    assert max(len(line) for line in visible) <= 80
    assert any("⠒⠒⠒ validation loss" in line for line in visible)


def test_quiz_shows_the_runs_side_by_side_before_the_options(tmp_path):
    bank = write(tmp_path, CHOICE)
    child = spawn(tmp_path / "home", ["quiz", "--learner", "ana", "--count", "1"], bank)
    child.expect("Your answer: ")
    child.sendline("Run Q")  # the option's text: its letter depends on the drawn order
    lines = screen_lines(child)
    text = "\n".join(lines)
    assert max(len(ANSI.sub("", line)) for line in lines) <= 80
    run_heads = next(i for i, line in enumerate(lines) if "Run P" in line and "Run Q" in line)
    options = next(i for i, line in enumerate(lines) if line.strip().startswith("a) Run "))
    assert run_heads < options and "Legend:" in text and "Correct" in text
