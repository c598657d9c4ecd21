"""The drawing code loads only when a figure is shown, so other commands keep their start-up time."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, dlquiz_env


def imported(tmp_path, *args: str) -> set[str]:
    """The modules `dlquiz ARGS` imported (python -X importtime)."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "cli", *args], cwd=REPO, capture_output=True,
                         text=True, env=dlquiz_env(tmp_path / "home"), timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def test_no_figure_code_without_a_figure(tmp_path):
    plain = imported(tmp_path, "show", "losses/mse")
    assert not any(m.startswith("grader.figures") for m in plain)
    shown = imported(tmp_path, "show", "training/which-run-overfits")
    assert {"grader.figures", "grader.figures.curves", "grader.figures.text"} <= shown
    assert "grader.figures.svg" not in shown and "plotext" not in shown
