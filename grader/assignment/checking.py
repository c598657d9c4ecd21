"""Checking one typed answer of an assignment, in the terminal and in CI alike.

Every typed answer goes through grader.answering.check_answer (the one bounded boundary for
typed answers: right, wrong with feedback, or could not be read; never raises, bounded in time),
so the learner's verdict at the terminal and the grade in CI cannot differ.
"""

from __future__ import annotations

from grader.errors import DlquizError
from grader.model import Result, Variant

SECONDS = 5.0  # the whole check; generous, since a class is graded on a busy CI runner


class UnreadableAnswer(DlquizError):
    """The answer could not be read or checked (`problem`: answer, question or internal); it
    costs no try and is not saved."""

    def __init__(self, message: str, problem: str):
        super().__init__(message)
        self.problem = problem


def check_typed(variant: Variant, answer: str | dict[str, str], seconds: float = SECONDS) -> Result:
    """The verdict on `answer` (text, or a design question's {field: text}); UnreadableAnswer
    when it could not be read or checked within `seconds`."""
    from grader.answering import check_answer

    outcome = check_answer(variant, answer, seconds)
    if outcome.result is None:
        raise UnreadableAnswer(outcome.message, outcome.problem)
    return outcome.result
