"""A plain `pip install .` into a fresh environment finds the built-in bank and solutions.

Builds the wheel, installs it (with its dependencies, from pip's cache or the index) into a
new virtual environment, and runs the installed `dlquiz` from outside the source tree.
"""

import subprocess
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(installed_wheel):
    return installed_wheel


def test_wheel_carries_the_bank_solutions_and_cli(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "cli.py" in names
    assert "grader/_data/questions/losses/mse.yaml" in names
    solutions = [p.relative_to(REPO).as_posix() for p in (REPO / "solutions").rglob("*.py")]
    assert all(f"grader/_data/{s}" in names for s in solutions)
    assert "grader/_data/docs/authoring.md" in names  # `dlquiz docs authoring` for pip users


@pytest.mark.parametrize("args, code", [(["check", "losses/mse", "0.04"], 0), (["check", "losses/mse", "0.08"], 1), (["validate"], 0)])
def test_installed_command_runs_outside_the_checkout(installed, tmp_path, args, code):
    _, env_dir = installed
    run = subprocess.run([str(env_dir / "bin" / "dlquiz"), *args], capture_output=True, text=True, cwd=tmp_path,
                         env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(tmp_path)})
    assert run.returncode == code, run.stderr
    where = subprocess.run([str(env_dir / "bin" / "python"), "-c", "import grader.bank as b; print(b.data_dir('questions'))"],
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert str(env_dir) in where
