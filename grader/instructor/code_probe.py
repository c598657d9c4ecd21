"""Code questions: the reference solution passes and the starter fails, graded the way a learner's file is."""

from __future__ import annotations

from grader.instructor.probes import Finding
from grader.model import Question


def code_findings(question: Question) -> list[Finding]:
    """Grade the reference and the starter through `grade_submission` (the learner's path)."""
    try:
        from grader.code import grade_submission, reference_path, starter_path
    except ImportError as exc:
        return [Finding((), f"code questions cannot be checked here: {exc}", note=True)]
    found: list[Finding] = []
    reference, starter = reference_path(question), starter_path(question)
    for path, what in ((reference, "reference solution"), (starter, "starter")):
        if path is None or not path.is_file():
            found.append(Finding(("function",), f"the {what} file is missing: expected {path}"))
    if found:
        return found
    report = grade_submission(question, reference, public_only=False)
    if not report.passed:
        found.append(Finding(("checks",), "the reference solution fails its own checks: fix the solution or the checks",
                             _first_failure(report)))
    report = grade_submission(question, starter, public_only=False)
    if report.passed or report.score >= 1.0:
        found.append(Finding(("function",), "the starter already passes every check: learners would score "
                             "without writing anything; leave the body unimplemented"))
    return found


def _first_failure(report) -> str:
    """The first failing check and its message, as the gradebook shows it."""
    check = getattr(report, "first_failure", None) or getattr(report, "failing_check", None)
    message = getattr(report, "message", "")
    return f"{check}: {message}" if check else str(message)
