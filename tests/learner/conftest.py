"""Fixtures for the learner tests: a fresh store, the small test bank, a scripted terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.bank import Bank
from grader.learner.store import Store

BANK = Path(__file__).resolve().parent / "bank"


class ScriptedIo:
    """An Io that answers from a script: strings are typed lines, KeyboardInterrupt is Ctrl-C, the end is EOF."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.lines: list[str] = []
        self.prompts: list[str] = []

    def show(self, text: str = "", *styles: str) -> None:
        """Keep what was shown."""
        self.lines.append(text)

    def markdown(self, text: str, *styles: str, lead: str = "") -> None:
        """Keep question text as a terminal would show it without colour (Markdown and math rendered, not wrapped)."""
        from grader.markdown_text import plain

        self.lines.append(lead + plain(text))

    def verbatim(self, text: str) -> None:
        """Keep text laid out already (a figure)."""
        self.lines.append(text)

    def clear(self) -> None:
        """Keep a marker where the screen was cleared."""
        self.lines.append("<clear>")

    def ask(self, prompt: str) -> str:
        """The next scripted answer."""
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if answer is KeyboardInterrupt:
            raise KeyboardInterrupt
        return answer

    @property
    def text(self) -> str:
        """Everything shown, one line per call."""
        return "\n".join(self.lines)


@pytest.fixture
def store(tmp_path):
    """A new, empty progress database."""
    opened = Store.open(tmp_path / "progress.db")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def bank_questions():
    """The test bank's questions by id."""
    questions, problems = Bank.open(BANK).load_all(lint=False)
    assert not problems
    return {q.id: q for q in questions}
