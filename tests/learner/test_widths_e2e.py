"""Every screen fits the terminal: the real command in a pseudo-terminal of 80 and 120 columns
(no COLUMNS set: the width is the terminal's), no line wider than the window."""

from __future__ import annotations

import io
import sys

import pexpect
import pytest

from grader.console import cell_width
from tests.conftest import REPO, dlquiz_env

COMMANDS = [
    ["list"], ["exercise", "list"], ["--help"],
    ["show", "design/audio-classifier"], ["show", "activations/softmax-batch", "--seed", "3"],
    ["show", "backprop/gradient-expression"], ["show", "design/audio-classifier-healthy-curve"],
    ["solution", "design/audio-classifier"], ["solution", "activations/activation-table"],
    ["solution", "regularization/l2-penalty", "--seed", "1"],
    ["check", "backprop/gradient-expression", "4x/3, 2y-2, 4z^3"],
]


def run(home, args, columns, answers=()):
    """`dlquiz ARGS` in a pseudo-terminal `columns` wide; its output lines (answers typed at each prompt)."""
    env = dlquiz_env(home)
    del env["COLUMNS"]
    child = pexpect.spawn(sys.executable, ["-m", "cli", *args], cwd=str(REPO), env=env, encoding="utf-8",
                          timeout=90, dimensions=(40, columns))
    child.logfile_read = io.StringIO()
    answers = list(answers)
    while child.expect([r"Your answer: |\n> |\(1-4\): |\n[a-z_]+: ", pexpect.EOF]) == 0:
        child.sendline(answers.pop(0) if answers else "quit")
    child.close()
    return child.logfile_read.getvalue().replace("\r\n", "\n").split("\n")


def too_wide(lines, columns):
    return [line for line in lines if cell_width(line) > columns]


@pytest.mark.parametrize("columns", [80, 120])
def test_commands_fit_the_terminal(tmp_path, columns):
    for args in COMMANDS:
        lines = run(tmp_path, args, columns)
        assert len(lines) > 3 and not too_wide(lines, columns), (args, too_wide(lines, columns))
        assert not any("Traceback" in line for line in lines)


@pytest.mark.parametrize("columns", [80, 120])
def test_quiz_screens_fit_the_terminal(tmp_path, columns):
    design = ["3", "relu", "sigmoid", "3x200", "mse", "64", "0.001", "dropout 0.3"]  # partly right
    lines = run(tmp_path, ["quiz", "--learner", "ana", "--topic", "design", "--kind", "design", "--count", "1",
                           "--tries", "1"], columns, design)
    text = "\n".join(lines)
    assert "Partly right" in text and "Answer:" in text and "Session summary" in text
    assert not too_wide(lines, columns), too_wide(lines, columns)
    lines = run(tmp_path, ["quiz", "--learner", "ana", "--topic", "activations", "--count", "3"], columns,
                ["hint", "skip", "solution", "", "good", "skip", "skip"])
    assert not too_wide(lines, columns), too_wide(lines, columns)
