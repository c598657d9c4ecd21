"""Coding exercises: the check engine and the sandbox that runs learners' code.

Modules: spec (the YAML check specification) and speclint (its cross-checks); files (where
starters, references and learners' files live, and `read_learner_file`, the one way a
learner's file is read: no link followed anywhere in its path) and notebook (a notebook's code
cells as the graded module); cases (concrete test cases); reference (the trusted reference's
outputs); transport (arrays across the process boundary); harness (the only code that runs
inside the sandbox); isolation (levels and limits), mounts (what the sandbox sees), cgroups
(limits and accounting for the whole sandbox) and sandbox (starting and stopping one); session
(the request protocol); protocol (the strict schema of the sandbox's messages), outcomes
(validating what came back), checks (the staged checks), values and judging (outputs against
the expected ones) and messages (what a learner reads); report (result dataclasses); escape
(learner text made safe for each output); formats (text, JSON, JUnit, Markdown) and gradebook
(CSV and details for a class); runner (grading one file, one folder or a class) and workers
(its thread pool).

Importing this package is cheap: the heavy modules load on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from grader.code.files import learner_filename, reference_path, starter_path

if TYPE_CHECKING:
    from grader.code.report import ExerciseReport
    from grader.model import Question

__all__ = ["grade_source", "grade_submission", "learner_filename", "reference_path", "starter_path"]


def grade_submission(question: "Question", path: Path, public_only: bool = False) -> "ExerciseReport":
    """Grade one file for one code question, in the sandbox, exactly as `dlquiz grade` does.

    Returns an ExerciseReport (.score in 0..1, .passed, .checks, .first_failure, .message).
    With `public_only`, hidden cases are left out (what `dlquiz exercise test` runs).
    """
    from grader.code.runner import grade_submission as grade

    return grade(question, Path(path), public_only=public_only)


def grade_source(question: "Question", source: bytes, public_only: bool = False) -> "ExerciseReport":
    """Grade Python source given as text (not read from a file), exactly as a file is graded."""
    from grader.code.runner import grade_source as grade

    return grade(question, source, public_only=public_only)
