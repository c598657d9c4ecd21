"""`dlquiz assignment answer`: the learner answers an assignment's questions at the terminal.

Graded mode differs from practice (`dlquiz quiz`): the variants come from the learner's key, every
readable answer is saved to the answers file at once, each question takes at most the
assignment's `tries`, and the learner sees whether an answer could be read and (with `feedback:
verdict`) whether it is right and the feedback of a matched mistake; never the right answer, a
hint or the worked solution. An unreadable answer is explained and costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.assignment.answers import Answer, AnswersFile, write_answers
from grader.assignment.checking import UnreadableAnswer, check_typed
from grader.assignment.keys import seed_for
from grader.assignment.spec import Assignment
from grader.errors import DlquizError
from grader.model import Question, Result, Variant
from grader.textmath import to_terminal

HELP = "Type your answer, or: skip (come back later), quit. Every readable answer is saved at once."


class _Quit(Exception):
    pass


@dataclass
class Progress:
    """What the session did: answers saved, questions finished."""

    saved: int = 0
    finished: int = 0
    interrupted: bool = False  # ended by Ctrl-C (the answers given so far are saved)


class AssignmentSession:
    """Put the assignment's open questions to the learner through `io` (show / ask), saving to `path`."""

    def __init__(self, assignment: Assignment, questions: dict[str, Question], answers: AnswersFile,
                 path: Path, io):
        self.assignment, self.questions, self.answers, self.path, self.io = assignment, questions, answers, path, io
        self.progress = Progress()

    def variant(self, qid: str) -> Variant:
        """The learner's variant of `qid`, from their key."""
        from grader.variants import make_variant

        return make_variant(self.questions[qid], seed_for(self.answers.key, qid))

    def status(self, qid: str) -> str:
        """'open', 'right' (shown only with verdict feedback) or 'no tries left'."""
        saved = self.answers.answers.get(qid)
        if saved is None:
            return "open"
        if self.assignment.feedback == "verdict":
            try:
                if check_typed(self.variant(qid), saved.text).correct:
                    return "right"
            except DlquizError:
                pass
        return "no tries left" if saved.tries >= self.assignment.tries else "open"

    def run(self) -> Progress:
        """Every open question in turn, until done, `quit`, Ctrl-C or end of input."""
        self.io.show(HELP, "dim")
        items = self.assignment.questions
        try:
            for number, item in enumerate(items, 1):
                state = self.status(item.id)
                if state != "open":
                    self.io.show(f"[{number}/{len(items)}] {item.id}: {state}", "dim")
                    continue
                self._put(number, len(items), item.id, item.points)
        except (_Quit, EOFError):
            self.io.show()
        except KeyboardInterrupt:
            self.io.show()
            self.progress.interrupted = True
        return self.progress

    def _put(self, number: int, total: int, qid: str, points: float) -> None:
        from grader.checkers.choice import LETTERS, shown_options
        from grader.render import render_field

        variant = self.variant(qid)
        spec = variant.question.spec
        saved = self.answers.answers.get(qid)
        used = saved.tries if saved else 0
        self.io.show()
        self.io.show(f"[{number}/{total}] {qid} · {spec.kind} · {points:g} point(s) · "
                     f"try {used + 1} of {self.assignment.tries}", "dim")
        self.io.show(spec.title, "bold")
        self.io.show(to_terminal(render_field(variant, spec.prompt)))
        for letter, option in zip(LETTERS, shown_options(variant)):
            self.io.show(f"  {letter}) {to_terminal(render_field(variant, option.text))}")
        if getattr(spec, "variables", None):
            self.io.show(f"Answer with an expression in {', '.join(spec.variables)}.", "dim")
        if saved is not None:
            self.io.show(f"Your saved answer: {_shown(saved.text)}", "dim")
        while used < self.assignment.tries:
            answer = self._read_design(variant) if spec.kind == "design" else self._read("Your answer: ")
            if answer is None:
                return
            try:
                result = check_typed(variant, answer)
            except UnreadableAnswer as exc:
                self.io.show(str(exc), "yellow")
                self.io.show("Not saved, and it did not cost a try.", "dim")
                continue
            used += 1
            self.answers.answers[qid] = Answer(answer, used)
            write_answers(self.path, self.answers, self.assignment.title)
            self.progress.saved += 1
            left = self.assignment.tries - used
            self._verdict(result, left)
            if (result.correct and self.assignment.feedback == "verdict") or not left:
                self.progress.finished += 1
                return

    def _verdict(self, result: Result, left: int) -> None:
        after = f"{left} {'try' if left == 1 else 'tries'} left" if left else "no tries left: this answer counts"
        if self.assignment.feedback == "none":
            self.io.show(f"Saved ({after}).", "green")
            return
        self.io.show(f"Your answer was read as: {to_terminal(result.read_as)}", "dim")
        if result.correct:
            self.io.show("Right. Saved.", "green", "bold")
            return
        self.io.show(f"Not right{f' (partly: {result.score:g})' if result.score else ''}. Saved ({after}).",
                     "red", "bold")
        if result.mistake:
            self.io.show(to_terminal(result.mistake))

    def _read(self, prompt: str) -> str | None:
        while True:
            text = self.io.ask(prompt)
            word = text.strip().lower()
            if word == "quit":
                raise _Quit
            if word == "skip":
                return None
            if word in ("help", "?", ""):
                self.io.show(HELP, "dim")
                continue
            return text.strip()

    def _read_design(self, variant: Variant) -> dict[str, str] | None:
        from grader.checkers.design import answer_fields

        given = {}
        for name, ask in answer_fields(variant):
            text = self._read(f"{to_terminal(ask)}\n> ")
            if text is None:
                return None
            given[name] = text
        return given


def _shown(text: str | dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in text.items()) if isinstance(text, dict) else text
