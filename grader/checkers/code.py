"""code questions: the answer is a Python file, graded in the sandbox by the question's checks.

`dlquiz check code/relu-backward path/to/relu_backward.py` grades that file; with `@file` the
command reads the file and passes its text, which is graded the same way (grader.code.grade_source).
"""

from __future__ import annotations

from pathlib import Path

from grader.errors import AnswerFormatError
from grader.model import Result, Variant


def reference(variant: Variant) -> None:
    """No single reference value: the reference is a program (solutions/<id>.py)."""
    return None


def well_posed(variant: Variant) -> bool:
    """Always well posed (a code question has no drawn parameters to get wrong)."""
    return True


def check(variant: Variant, text: str) -> Result:
    """Grade a file (a path) or Python source text with every check, public and hidden."""
    from grader.code import grade_source, grade_submission, learner_filename
    from grader.code.formats import exercise_text

    question = variant.question
    candidate = text.strip()
    if candidate and "\n" not in candidate and len(candidate) < 4096 and Path(candidate).is_file():
        report = grade_submission(question, Path(candidate))
        read_as = f"the file {candidate}"
    elif "\n" in text or "def " in text:
        report = grade_source(question, text.encode("utf-8", errors="surrogateescape"))
        read_as = ("a Jupyter notebook" if report.file.endswith(".ipynb")
                   else f"Python source ({len(text.splitlines())} lines)")
    else:
        raise AnswerFormatError(f"give the path of your Python file (e.g. exercises/{learner_filename(question.id)}) "
                                "or @file to read it", text)
    from grader.code.isolation import weak_warning

    warning = weak_warning(report.isolation)
    feedback = exercise_text(report) + (f"\n{warning}" if warning else "")
    return Result(report.passed, report.score, read_as, feedback,
                  mistake=report.failure.mistake if report.failure else None, details=report.to_json())


def answer_text(variant: Variant) -> str:
    """The reference solution's source, for `dlquiz solution`."""
    from grader.code import reference_path

    path = reference_path(variant.question)
    return path.read_text(encoding="utf-8") if path.is_file() else ""
