"""Shared helpers for the coding-exercise tests: the exercises, and grading a corpus of files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.code.report import ExerciseReport
from grader.code.runner import Run
from grader.commands.exercise import code_questions

REPO = Path(__file__).resolve().parents[2]
SUBMISSIONS = REPO / "tests" / "submissions"
DAEMON_MARKER = "3141.59"  # tests/submissions/hostile/relu_backward__daemon.py leaves `sleep 3141.59` behind


def exercises():
    """Every coding exercise of the built-in bank."""
    return code_questions(None)


def learner_file(submission: Path) -> str:
    """tests/submissions/x/relu_backward__where.py -> relu_backward.py (its conventional name)."""
    return submission.name.split("__")[0] + ".py"


def grade_files(files: list[Path], folder: Path, timeout: float | None = None, workers: int = 2,
                allow_weak: bool = False) -> dict[str, ExerciseReport]:
    """Grade each file as its own learner (one folder each), the way `grade --batch` does;
    return the report of the exercise each file is for, by file name."""
    folders = []
    for path in files:
        learner = folder / path.stem
        learner.mkdir(parents=True)
        shutil.copyfile(path, learner / learner_file(path))
        folders.append(learner)
    reports = {}
    with Run(exercises(), timeout=timeout, allow_weak=allow_weak) as run:
        for path, report in zip(files, run.grade_many(folders, workers)):
            reports[path.name] = next(e for e in report.exercises if e.file == learner_file(path))
    return reports


def leftover_processes() -> list[tuple[int, int, str]]:
    """(pid, uid, command line) of processes still running under this test process's sandbox
    uids, or the hostile daemon's marker: there must be none once grading has finished."""
    from grader.code.isolation import choose_isolation

    uids = {choose_isolation(slot, allow_weak=True).uid for slot in range(2)} - {None}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text().splitlines()
            uid = int(next(line for line in status if line.startswith("Uid:")).split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, StopIteration, ValueError):
            continue
        if uid in uids or DAEMON_MARKER in command:
            found.append((int(entry.name), uid, command))
    return found


def corpus(category: str) -> list[Path]:
    """The submissions of one category (correct, buggy, hostile)."""
    return sorted((SUBMISSIONS / category).glob("*.py"))


@pytest.fixture(scope="session")
def buggy_reports(tmp_path_factory) -> dict[str, ExerciseReport]:
    """Every realistic buggy submission, graded once for all the tests that look at them."""
    return grade_files(corpus("buggy"), tmp_path_factory.mktemp("buggy"), timeout=5)
