"""Code questions: the reference passes, the starter fails and each known mistake is caught with its
own feedback, every one graded through `grade_submission`, the path a learner's file takes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from grader.instructor.probes import Finding
from grader.model import Question


def code_findings(question: Question) -> list[Finding]:
    """Grade the reference solution, the starter and one file per known mistake."""
    from grader.code import grade_submission, learner_filename, reference_path, starter_path

    reference, starter = reference_path(question), starter_path(question)
    missing = [Finding(("function",), f"the {what} file is missing: expected {path}")
               for path, what in ((reference, "reference solution"), (starter, "starter")) if not path.is_file()]
    if missing:
        return missing
    found: list[Finding] = []
    if question.spec.released:  # a learners' copy: its recorded outputs answer public cases, not fixed targets
        report = _graded(grade_submission, question, starter, ("function",), "the starter")
        return [report] if isinstance(report, Finding) else []
    report = _graded(grade_submission, question, reference, ("checks",), "the reference solution")
    if isinstance(report, Finding):
        return [report]
    if not report.passed:
        found.append(Finding(("checks",), "the reference solution fails its own checks: fix the solution or the checks",
                             f"{report.first_failure}: {_first_line(report.message)}"))
    report = _graded(grade_submission, question, starter, ("function",), "the starter")
    if isinstance(report, Finding) or report.passed:
        found.append(report if isinstance(report, Finding) else Finding(
            ("function",), "the starter already passes every check: learners would score without writing anything; "
            "leave the body unimplemented"))
    if not found:
        with tempfile.TemporaryDirectory(prefix="dlquiz-validate-") as folder:
            path = Path(folder) / learner_filename(question.id)
            for i, mistake in enumerate(question.spec.checks.mistakes):
                found += _mistake_findings(question, reference, path, i, mistake, grade_submission)
    return found


def mistake_source(reference: Path, function: str, mistake: str) -> str:
    """A learner's file whose `function` is the reference's `mistake` (which still sees the real reference)."""
    return (f"_reference = {{}}\n"
            f"exec(compile({reference.read_text(encoding='utf-8')!r}, 'reference', 'exec'), _reference)\n"
            f"{function} = _reference[{mistake!r}]\n")


def _mistake_findings(question: Question, reference: Path, path: Path, index: int, mistake,
                      grade_submission) -> list[Finding]:
    """A learner whose function computes mistake `index` fails and is shown that mistake's feedback."""
    key = ("checks", "mistakes", index)
    path.write_text(mistake_source(reference, question.spec.function, mistake.function), encoding="utf-8")
    report = _graded(grade_submission, question, path, key, f"the file computing mistake {mistake.function}")
    if isinstance(report, Finding):
        return [report]
    if report.passed:
        return [Finding(key, "this mistake passes every check: the checks cannot tell it from the reference; "
                        "add a case where the two differ")]
    shown = [check.mistake for check in report.checks if check.mistake]
    if mistake.feedback in shown:
        return []
    detail = f"shown: {shown[0]}" if shown else f"{report.first_failure}: {_first_line(report.message)}"
    return [Finding(key, "a learner making this mistake is not shown its feedback (another mistake matches first, "
                    "or no check's values match it)", detail)]


def _graded(grade_submission, question: Question, path: Path, key: tuple, what: str):
    """The report, or a finding when grading itself fails (e.g. a known-mistake function raises on a case)."""
    try:
        return grade_submission(question, path)
    except Exception as exc:  # a crash of the grader on this question is a fault of the question to report
        return Finding(key, f"grading {what} crashed: {type(exc).__name__}: {exc}")


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""
