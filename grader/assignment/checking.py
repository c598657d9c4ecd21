"""Checking one typed answer of an assignment, in the terminal and in CI alike.

Every typed answer goes through one function, so the learner's verdict at the terminal and the
grade in CI cannot differ.
"""

from __future__ import annotations

from grader.model import Result, Variant


def check_typed(variant: Variant, answer: str | dict[str, str]) -> Result:
    """Grade `answer` (text, or a design question's {field: text}); AnswerFormatError when it cannot be read."""
    from grader.checkers import checker_for

    if isinstance(answer, dict):
        from grader.checkers.design import check_fields

        return check_fields(variant, answer)
    return checker_for(variant.question.kind).check(variant, answer)
