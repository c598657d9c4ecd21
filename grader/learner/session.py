"""A quiz or review session: put each question, grade the answers, record them, schedule the next review.

The session talks to the learner only through an `Io` (show a line, ask for a line), so it
runs the same in a terminal and in tests. Every try, skip, reveal and rating is committed to
the store when it is given. Ctrl-C, end of input or `quit` end the session; `run` then
returns the summary of what was answered so far.
"""

from __future__ import annotations

import importlib
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Callable, NoReturn, Protocol

from grader.errors import DlquizError
from grader.learner import schedule, screens
from grader.learner.store import AnswerRecord, CardRow, Store, StoreError, iso, utc_now
from grader.learner.summary import Summary
from grader.model import Question, Result, Variant

if TYPE_CHECKING:
    from grader.answering import Outcome

DEFAULT_TRIES = 3
HELP = "Type your answer, or: hint, skip, solution (give up and see it), quit."
SKIP, REVEAL = "skip", "solution"
# imported in the background once a question is on screen (SymPy takes most of a second)
PREWARM = {"symbolic": ("grader.symbolic.parse", "grader.symbolic.equivalence")}
PREWARM_ALWAYS = ("fsrs",)  # scheduling the answer


class Io(screens.Io, Protocol):
    """What a session needs from a terminal."""

    def ask(self, prompt: str) -> str:
        """Read one line; raises EOFError at end of input and KeyboardInterrupt on Ctrl-C."""


class QuitSession(Exception):
    """The learner typed `quit`."""


class StoreFailed(Exception):
    """An answer could not be committed: the session stops before asking more (the answer is said where it went)."""


@dataclass(frozen=True)
class Item:
    """A question to put, with the seed of the learner's variant."""

    question: Question
    seed: int | None


class Session:
    """Put `items` to `learner` through `io`, recording into `store`.

    `more`, when given, is asked for further items once these are done (a review: the questions
    that fell due during the session); the session ends when it has none, or after `limit` items.
    """

    def __init__(self, store: Store, learner: str, items: list[Item], io: Io,
                 max_tries: int = DEFAULT_TRIES, clock: Callable[[], datetime] = utc_now,
                 more: Callable[[], list[Item]] | None = None, limit: int | None = None):
        self.store, self.learner, self.items, self.io = store, learner, list(items), io
        self.max_tries = max_tries
        self.clock = clock
        self.more, self.limit = more, limit
        self.summary = Summary(planned=len(items))
        self.store_failed = False

    def run(self) -> Summary:
        """Put every item until done, `quit`, Ctrl-C or end of input; return the summary."""
        self.io.show(HELP, "dim")
        try:
            number = 0
            while number < len(self.items) or self._refill():
                number += 1
                self.summary.asked = number
                self._put(number, self.items[number - 1])
        except KeyboardInterrupt:
            self.summary.interrupted = self.summary.ctrl_c = True
            self.io.show()
        except (QuitSession, EOFError):
            self.summary.interrupted = True
            self.io.show()
        except StoreFailed:
            self.summary.interrupted = self.store_failed = True
        return self.summary

    def _refill(self) -> bool:
        """Take the items `more` has now (within `limit`); False when there are none."""
        if self.more is None or (self.limit is not None and len(self.items) >= self.limit):
            return False
        fresh = self.more()[: None if self.limit is None else self.limit - len(self.items)]
        self.items += fresh
        self.summary.planned = len(self.items)
        return bool(fresh)

    # --- one question -------------------------------------------------------------------

    def _put(self, number: int, item: Item) -> None:
        question = item.question
        record = AnswerRecord(self.learner, question.id, question.topic, question.kind, item.seed)
        try:
            from grader.variants import make_variant

            variant = make_variant(question, item.seed)
            self._present(number, variant)
            self.summary.titles[question.id] = question.spec.title
            answer = {"flashcard": self._flashcard, "design": self._design}.get(question.kind, self._typed)
            answer(variant, record)
        except DlquizError as exc:  # a broken question: say so and go on with the next one
            self.io.show(f"Skipping {question.id}: {exc}", "yellow")
        except (QuitSession, StoreFailed, EOFError):
            raise
        except Exception as exc:  # noqa: BLE001 - its numbers broke a solver or checker: the same
            self.io.show(f"Skipping {question.id}: it failed on this question ({type(exc).__name__}: {exc}): "
                         "`dlquiz validate` shows what to fix", "yellow")
        finally:
            if record.id is not None:  # something was answered and stored
                self.summary.records.append(record)

    def _present(self, number: int, variant: Variant) -> None:
        self.io.show()
        seed = "" if variant.seed is None else f" · seed {variant.seed}"
        screens.present(self.io, variant, f"[{number}/{len(self.items)}] {variant.question.id} · "
                                          f"{variant.question.kind}{seed}")
        prewarm(PREWARM.get(variant.question.kind, ()) + PREWARM_ALWAYS)

    def _typed(self, variant: Variant, record: AnswerRecord) -> None:
        """numeric, symbolic and choice: one typed line per try."""
        from grader.answering import check_answer

        self._tries(variant, record, lambda: self._read("Your answer: ", variant, record),
                    lambda text: check_answer(variant, text))

    def _design(self, variant: Variant, record: AnswerRecord) -> None:
        """Design questions: each field asked in turn, by the name the prompt gives it, as the line
        `name: value` of an answer file would; the checker grades the {field: text} mapping; the
        model answer and the worked solution (its reflective steps) follow once it is done."""
        from grader.answering import check_answer
        from grader.checkers.design import answer_fields

        fields = answer_fields(variant)
        given: dict[str, str] = {}

        def read_fields() -> str | dict[str, str]:
            """Every part in turn (Enter keeps the last try's); a command word ends early."""
            for number, (name, question) in enumerate(fields, 1):
                keep = f" [Enter keeps: {given[name]}]" if name in given else ""
                while True:
                    text = self._read(f"({number}/{len(fields)}) {question}{keep}\n{name}: ", variant, record)
                    if text.strip().lower() in (SKIP, REVEAL):
                        return text
                    if text.strip() or name in given:
                        given[name] = text.strip() or given[name]
                        break
            return dict(given)

        self.io.show(f"Give the {len(fields)} fields one at a time, as `field: value` lines of an answer file.",
                     "dim")
        self._tries(variant, record, read_fields, lambda mapping: check_answer(variant, mapping))
        if record.outcome == "right":
            self.io.show()
            screens.show_answer(self.io, variant, "Model answer")

    def _tries(self, variant: Variant, record: AnswerRecord, read: Callable[[], str | dict[str, str]],
               grade: Callable[[str | dict[str, str]], Outcome]) -> None:
        """Read and grade answers until right, out of tries, skipped or revealed."""
        while True:
            answer = read()
            word = answer.strip().lower() if isinstance(answer, str) else None
            if word == SKIP:
                return self._finish(record, "skipped")
            if word == REVEAL:
                self._reveal(variant)
                return self._finish(record, "revealed")
            if word == "":
                self.io.show(HELP, "dim")
                continue
            outcome = grade(answer)
            result = outcome.result
            if result is None:  # unreadable (or a broken question): said, and no try spent
                self.io.show(outcome.message, "yellow")
                self.io.show("That did not cost a try.", "dim")
                continue
            record.tries += 1
            record.correct, record.score, record.mistake = result.correct, result.score, result.mistake
            self._verdict(result)
            if result.correct:
                return self._finish(record, "right")
            if record.tries >= self.max_tries:
                self.io.show("No tries left.", "dim")
                self._reveal(variant)
                return self._finish(record, "wrong")
            self._save(record)  # this try is kept even if the session dies now
            left = self.max_tries - record.tries
            self.io.show(f"{left} {'try' if left == 1 else 'tries'} left (or: hint, skip, solution).", "dim")

    def _flashcard(self, variant: Variant, record: AnswerRecord) -> None:
        """Recall (typed or in the head), see the model answer, rate the recall."""
        from grader.answering import check_answer
        from grader.checkers import checker_for

        checker = checker_for("flashcard")
        self.io.show("Answer in your head or type it, then press Enter to see the model answer.", "dim")
        if self._read("> ", variant, record).strip().lower() == SKIP:
            return self._finish(record, "skipped")
        self.io.show("Model answer:", "bold")
        self.io.markdown(checker.answer_text(variant))
        while True:
            text = self._read("How well did you recall it? again / hard / good / easy (1-4): ", variant, record)
            if text.strip().lower() == SKIP:
                return self._finish(record, "skipped")
            outcome = check_answer(variant, text)
            result = outcome.result
            if result is None:
                self.io.show(outcome.message, "yellow")
                continue
            record.tries, record.correct, record.score = 1, result.correct, result.score
            return self._finish(record, "rated", result.details["rating"])

    # --- shared steps -------------------------------------------------------------------

    def _read(self, prompt: str, variant: Variant, record: AnswerRecord) -> str:
        """One line from the learner; `hint` and `help` are served here, `quit` ends the session."""
        while True:
            text = self.io.ask(prompt)
            word = text.strip().lower()
            if word == "quit":
                raise QuitSession
            if word == "hint":
                self._hint(variant, record)
            elif word in ("help", "?"):
                self.io.show(HELP, "dim")
            else:
                return text

    def _hint(self, variant: Variant, record: AnswerRecord) -> None:
        hints = variant.question.spec.hints
        if record.hints_used >= len(hints):
            self.io.show("No more hints." if hints else "This question has no hints.", "dim")
            return
        record.hints_used += 1
        self.io.markdown(screens.field(variant, hints[record.hints_used - 1], key=("hints", record.hints_used - 1)), "cyan",
                         lead=f"Hint {record.hints_used}/{len(hints)}: ")

    def _verdict(self, result: Result) -> None:
        screens.show_verdict(self.io, result)

    def _reveal(self, variant: Variant) -> None:
        screens.show_answer(self.io, variant)

    def _finish(self, record: AnswerRecord, outcome: str, rating: str | None = None) -> None:
        """Close the question: its rating, its next review, both committed with the answer."""
        record.outcome = outcome
        record.rating = rating or schedule.rating_for_outcome(outcome, record.tries, record.hints_used)
        if outcome in ("skipped", "revealed"):
            record.correct = False
        now = self.clock()
        try:
            previous = self.store.card(self.learner, record.question_id)
        except StoreError as exc:
            self._stop(exc, record, None)
        state, due = schedule.review(previous.state if previous else None, record.rating, now)
        self._save(record, CardRow(self.learner, record.question_id, state, iso(due)))
        self.io.show(f"Next review: {when(due, now)}", "dim")

    def _save(self, record: AnswerRecord, card: CardRow | None = None) -> None:
        try:
            self.store.save(record, card, self.clock())
        except StoreError as exc:
            self._stop(exc, record, card)

    def _stop(self, exc: StoreError, record: AnswerRecord, card: CardRow | None) -> NoReturn:
        """Say at once that the answer was not committed, where it is kept (or that it could not be), and stop."""
        self.io.show(str(exc), "red", "bold")
        try:
            kept = self.store.keep_unsaved(record, card)
            self.io.show(f"Your answer to {record.question_id} is kept in {kept} and will be added to your "
                         "progress the next time dlquiz can write the database.", "yellow")
        except StoreError as failed:
            self.io.show(f"Your answer to {record.question_id} could not be kept either ({failed}): "
                         "it is lost.", "red")
        self.io.show("The session stops here, so that no more answers are lost.", "yellow")
        raise StoreFailed


def prewarm(modules: tuple[str, ...]) -> None:
    """Import `modules` in a background thread while the learner reads and types, so the verdict is instant.

    The prompt is already on screen, so this costs the start-up nothing; if an import fails, the
    check that needs it fails the same way later and reports it there.
    """
    missing = [m for m in modules if m not in sys.modules]
    if missing:
        threading.Thread(target=_import_quietly, args=(missing,), name="dlquiz-prewarm", daemon=True).start()


def _import_quietly(modules: list[str]) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - reported by the check that needs it
            continue


def when(due: datetime, now: datetime) -> str:
    """'in 10 minutes', 'in 3 days', 'now': a due time relative to `now`."""
    seconds = (due - now).total_seconds()
    if seconds < 30:
        return "now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = round(seconds / size)
            return f"in {n} {unit}{'' if n == 1 else 's'}"
    return "in 1 minute"
