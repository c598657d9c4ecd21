"""The two families of errors: an author's (the question is broken) and a learner's (the answer is unreadable).

Neither is a bug in dlquiz, so neither is shown as a traceback: the command line prints
the message and exits with code 2.
"""

from __future__ import annotations

import difflib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator


class DlquizError(Exception):
    """Base of every error that is reported to the user as a message, exit code 2."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One defect in a question file: where it is and how to fix it."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" [{self.key}]" if self.key else ""
        return f"{where}:{key} {self.message}"


class QuestionConfigError(DlquizError):
    """One or more problems in question files (the author must fix them)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(f"Question configuration error: {p}" for p in problems))


@contextmanager
def question_at_fault(question: Any, doing: str) -> Iterator[None]:
    """Within this block, an unexpected failure is the question's (its numbers or settings broke a
    solver or a checker): reported as an author error on its file, never as a traceback."""
    try:
        yield
    except DlquizError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a hostile or broken question file provokes
        raise QuestionConfigError([Problem(str(question.file), None, "", f"{doing} failed on this question "
                                           f"({type(exc).__name__}: {exc}): `dlquiz validate` shows what to fix")]) from None


class AnswerFormatError(DlquizError):
    """The learner's answer cannot be read; says how it was read and what is expected."""

    def __init__(self, message: str, text: str = "", position: int | None = None):
        self.text = text
        self.position = position
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        from grader.expr.errors import pointer

        msg = f"Your answer could not be read: {self.detail}"
        shown = pointer(self.text, self.position)
        if shown:
            msg += "\n" + "\n".join("  " + line for line in shown.splitlines())
        return msg


class UnknownQuestionError(DlquizError):
    """The id names no question in the bank."""

    def __init__(self, qid: str, known: list[str]):
        hint = did_you_mean(qid, known)
        super().__init__(f"No question with id '{qid}'.{hint} (`dlquiz list` shows them all)")


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    """A ' Did you mean ...?' suffix naming the closest of `choices`, or ''."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""
