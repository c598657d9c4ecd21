"""Where an exercise's files live: the starter next to its YAML, the reference under solutions/,
and the learner's copy under a conventional name."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # grader.model imports this package for the check specification
    from grader.model import Question

MAX_SOURCE = 1 << 20  # a learner's file above this is not graded
LEARNER_FOLDER_FALLBACK = "exercises"  # a learner's repository may keep its files there


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
    """The solutions/ folder of the question's own bank (grader.bank.solutions_dir): never
    another bank's, so a course exercise without its reference is an error naming this path."""
    from grader.bank import solutions_dir

    return solutions_dir(bank_root_of(question))


def reference_path(question: "Question") -> Path:
    """The reference solution: solutions/<id>.py."""
    return solutions_root(question) / f"{question.id}.py"


def find_files(folder: Path, ids: list[str]) -> dict[str, Path | None]:
    """Each exercise's file in a learner's folder, by its conventional name (learner_filename);
    if none is there but the folder has an `exercises/` subfolder, look there."""
    names = {qid: learner_filename(qid) for qid in ids}
    if not any(os.path.lexists(folder / n) for n in names.values()) and (folder / LEARNER_FOLDER_FALLBACK).is_dir():
        folder = folder / LEARNER_FOLDER_FALLBACK
    return {qid: (folder / name if os.path.lexists(folder / name) else None) for qid, name in names.items()}


def unusable(path: Path) -> str:
    """Why a learner's file cannot be graded ('' when it can): a link, not a file, too large."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot read it: {exc.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link: submit the file itself"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if info.st_size > MAX_SOURCE:
        return f"it is larger than {MAX_SOURCE >> 10} KiB"
    return ""
