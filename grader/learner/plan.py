"""Which questions a session puts: a quiz's pick from the bank, a review's due items.

Question files are loaded only as far as needed (a quiz of 10 reads about 10 files, not the
whole bank), which keeps the time to the first prompt flat as the bank grows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice

from grader.bank import Bank
from grader.console import warn
from grader.errors import DlquizError, QuestionConfigError, UnknownQuestionError, did_you_mean
from grader.learner.identity import seed_for
from grader.learner.session import Item
from grader.learner.store import Store
from grader.model import KINDS, Question, has_variants, topic_of

QUIZ_KINDS = ("numeric", "symbolic", "choice", "flashcard", "design")  # code: `dlquiz exercise`


def check_filters(ids: list[str], topic: str | None, kind: str | None) -> None:
    """A clear error for an unknown topic or kind, or for asking a quiz of code exercises."""
    if kind is not None and kind not in KINDS:
        raise DlquizError(f"Unknown kind '{kind}'.{did_you_mean(kind, KINDS)} Kinds: {', '.join(QUIZ_KINDS)}")
    if kind == "code":
        raise DlquizError("Code exercises are not quiz questions: use `dlquiz exercise start ID` "
                          "and `dlquiz exercise watch ID`")
    topics = {topic_of(i) for i in ids}
    if topic is not None and topic not in topics:
        raise DlquizError(f"No topic '{topic}'.{did_you_mean(topic, topics)} Topics: {', '.join(sorted(topics))}")


def item_for(store: Store, learner: str, question: Question) -> Item:
    """The learner's next variant of `question`: a seed of their own, new at every attempt.

    A question with a single variant (no parameters, no options in a drawn order) has the seed
    None (nothing to vary, and no per-seed well-posedness check, which for a symbolic question would import SymPy before
    the prompt is even shown).
    """
    if not has_variants(question.spec):
        return Item(question, None)
    return Item(question, seed_for(learner, question.id, store.attempts(learner, question.id)))


def quiz_items(store: Store, learner: str, bank: Bank, topic: str | None, kind: str | None,
               count: int) -> list[Item]:
    """Up to `count` questions of `topic` and `kind`: never answered first, then last answered wrong, then the rest.

    Within each group the order is shuffled, reproducibly for a given learner and history.
    """
    if count < 1:
        raise DlquizError(f"--count must be at least 1, not {count}")
    ids = bank.ids()
    check_filters(ids, topic, kind)
    answers = store.answers(learner)
    last_correct = {a.question_id: a.correct for a in answers if a.outcome is not None}
    ranked = [i for i in ids if topic in (None, topic_of(i))]
    random.Random(f"{learner}\x00{len(answers)}").shuffle(ranked)
    ranked.sort(key=lambda i: (i in last_correct, last_correct.get(i, False)))
    items = []
    for question in _loaded(bank, ranked):
        if question.kind in QUIZ_KINDS and kind in (None, question.kind):
            items.append(item_for(store, learner, question))
            if len(items) == count:
                break
    if not items:
        where = f" in topic '{topic}'" if topic else " in the bank"
        raise DlquizError(f"No {kind or 'quiz'} questions{where}")
    return items


def review_items(store: Store, learner: str, bank: Bank, now: datetime, count: int | None = None) -> list[Item]:
    """The learner's questions due now, most overdue first (those due later today, in a learning
    step of a few minutes, wait for their time).

    Scheduled questions no longer in the bank (or broken) are left out.
    """
    if count is not None and count < 1:
        raise DlquizError(f"--count must be at least 1, not {count}")
    due = [c.question_id for c in store.due(learner, now)]
    return [item_for(store, learner, q) for q in islice(_loaded(bank, due), count)]


@dataclass(frozen=True)
class DueStatus:
    """How many of the learner's questions are due now and later today, and when the next one is."""

    now: int
    later_today: int
    next_due: datetime | None  # the soonest due time after now (None: nothing scheduled later)

    def line(self, now: datetime) -> str:
        """One line for the learner: what is due now, and when the next review is."""
        from grader.learner.session import when

        later = f", {self.later_today} later today" if self.later_today else ""
        if self.now:
            return f"Reviews due now: {self.now} (`dlquiz review`){later}."
        if self.next_due is None:
            return "Nothing scheduled for review yet: questions you answer come back here when due."
        return (f"Nothing due for review now; the next review is {when(self.next_due, now)} "
                f"({_clock(self.next_due, now)}){later}.")


def due_status(store: Store, learner: str, ids: set[str], now: datetime) -> DueStatus:
    """The learner's reviews: due now, later today (local time), and the next due time after now.
    Only questions of `ids` (those still in the bank) count."""
    cards = [c for c in store.cards(learner) if c.question_id in ids]
    midnight = end_of_today(now)
    later = [c.due_time for c in cards if c.due_time > now]
    return DueStatus(sum(c.due_time <= now for c in cards), sum(t <= midnight for t in later), min(later, default=None))


def _clock(moment: datetime, now: datetime) -> str:
    """`at 14:05` today, `tomorrow at 09:00`, or the date, in local time."""
    local, today = moment.astimezone(), now.astimezone().date()
    if local.date() == today:
        return f"at {local:%H:%M}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow at {local:%H:%M}"
    return f"on {local:%a %d %b}"


def _loaded(bank: Bank, ids: list[str]):
    """The questions of `ids` that load, in order; broken files are reported once each and skipped."""
    for qid in ids:
        try:
            yield bank.load(qid)
        except UnknownQuestionError:
            continue
        except QuestionConfigError as exc:
            warn(f"Left out {qid}, which has a problem (`dlquiz validate` explains): {exc.problems[0].message}")


def end_of_today(now: datetime) -> datetime:
    """Midnight at the end of `now`'s local day, as an aware datetime."""
    local = now.astimezone()
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
