"""Where an exercise's files live: the starter next to its YAML, the reference under solutions/,
and the learner's copy under a conventional name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # grader.model imports this package for the check specification
    from grader.model import Question


def learner_filename(qid: str) -> str:
    """The learner's file for exercise `qid`: its last id part with '-' as '_', plus .py
    (code/relu-backward -> relu_backward.py), so it is also an importable module name."""
    return qid.rsplit("/", 1)[-1].replace("-", "_") + ".py"


def starter_path(question: "Question") -> Path:
    """The starter file: next to the question file, same name, .py (questions/code/relu-backward.py)."""
    return question.file.with_suffix(".py")


def bank_root_of(question: "Question") -> Path:
    """The bank folder the question was loaded from (its file minus the id's parts)."""
    root = question.file
    for _ in question.id.split("/"):
        root = root.parent
    return root


def solutions_root(question: "Question") -> Path:
    """solutions/ beside the question's bank (it mirrors questions/), else the built-in one."""
    from grader.bank import data_dir

    sibling = bank_root_of(question).parent / "solutions"
    return sibling if sibling.is_dir() else data_dir("solutions")


def reference_path(question: "Question") -> Path:
    """The reference solution: solutions/<id>.py."""
    return solutions_root(question) / f"{question.id}.py"
