"""Shared fixtures: run the real `dlquiz` command in a subprocess, with an isolated home."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    """What one `dlquiz` invocation printed and returned."""

    code: int
    out: str
    err: str


def dlquiz_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment for a dlquiz subprocess: private DLQUIZ_HOME, no colour, and no DLQUIZ_*
    setting (bank, learner, sandbox) inherited from the shell that runs the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLQUIZ_")}
    env.update({"DLQUIZ_HOME": str(home), "NO_COLOR": "1", "PYTHONUTF8": "1", "COLUMNS": "80"})
    env.update(extra)
    return env


@pytest.fixture
def dlquiz(tmp_path):
    """Call as `dlquiz("check", "losses/mse", "0.04")`; runs `python -m cli` in a subprocess."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None, timeout: float = 120) -> Run:
        proc = subprocess.run(
            [sys.executable, "-m", "cli", *args], input=input, capture_output=True, text=True,
            env=dlquiz_env(tmp_path / "home", **(env or {})), cwd=cwd or REPO, timeout=timeout,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run


def variant_of(qid: str, seed: int | None = None, bank: Path | None = None):
    """The variant of a question in the built-in bank (or `bank`)."""
    from grader.bank import Bank
    from grader.variants import make_variant

    return make_variant(Bank.open(bank).load(qid), seed)


def grade(qid: str, answer: str, seed: int | None = None, bank: Path | None = None):
    """Check `answer` through the question's own checker; returns the Result."""
    from grader.checkers import checker_for

    variant = variant_of(qid, seed, bank)
    return checker_for(variant.question.kind).check(variant, answer)


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory):
    """(wheel, venv folder): dlquiz built as a wheel and installed (non-editable) into a fresh venv."""
    import venv

    root = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(root), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = root.glob("dlquiz-*.whl")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    return wheel, env_dir
