"""Which questions a session puts: a quiz's pick from the bank, a review's due items."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from grader.errors import DlquizError, did_you_mean
from grader.learner.identity import seed_for
from grader.learner.session import Item
from grader.learner.store import Store
from grader.model import KINDS, Question

QUIZ_KINDS = ("numeric", "symbolic", "choice", "flashcard", "design")  # code: `dlquiz exercise`


def choose(questions: list[Question], topic: str | None, kind: str | None) -> list[Question]:
    """The quiz-able questions of `topic` and `kind`; a clear error when the filter matches none."""
    if kind is not None and kind not in KINDS:
        raise DlquizError(f"Unknown kind '{kind}'.{did_you_mean(kind, KINDS)} Kinds: {', '.join(QUIZ_KINDS)}")
    if kind == "code":
        raise DlquizError("Code exercises are not quiz questions: use `dlquiz exercise start ID` "
                          "and `dlquiz exercise watch ID`")
    topics = {q.topic for q in questions}
    if topic is not None and topic not in topics:
        raise DlquizError(f"No topic '{topic}'.{did_you_mean(topic, topics)} Topics: {', '.join(sorted(topics))}")
    chosen = [q for q in questions if q.kind in QUIZ_KINDS and topic in (None, q.topic) and kind in (None, q.kind)]
    if not chosen:
        raise DlquizError(f"No {kind or 'quiz'} questions in topic '{topic}'" if topic
                          else f"No {kind or 'quiz'} questions in the bank")
    return chosen


def item_for(store: Store, learner: str, question: Question) -> Item:
    """The learner's next variant of `question`: a seed of their own, new at every attempt."""
    return Item(question, seed_for(learner, question.id, store.attempts(learner, question.id)))


def quiz_items(store: Store, learner: str, questions: list[Question], count: int) -> list[Item]:
    """Up to `count` questions: never answered first, then last answered wrong, then the rest.

    Within each group the order is shuffled, reproducibly for a given learner and history.
    """
    if count < 1:
        raise DlquizError(f"--count must be at least 1, not {count}")
    answers = store.answers(learner)
    last_correct = {a.question_id: a.correct for a in answers if a.outcome is not None}
    shuffled = list(questions)
    random.Random(f"{learner}\x00{len(answers)}").shuffle(shuffled)
    ranked = sorted(shuffled, key=lambda q: (q.id in last_correct, last_correct.get(q.id, False)))
    return [item_for(store, learner, q) for q in ranked[:count]]


def review_items(store: Store, learner: str, questions: list[Question], now: datetime,
                 count: int | None = None) -> list[Item]:
    """The learner's questions due by the end of today (local time), most overdue first.

    Scheduled questions no longer in the bank are left out.
    """
    by_id = {q.id: q for q in questions}
    due = [c for c in store.due(learner, end_of_today(now)) if c.question_id in by_id]
    return [item_for(store, learner, by_id[c.question_id]) for c in due[:count]]


def end_of_today(now: datetime) -> datetime:
    """Midnight at the end of `now`'s local day, as an aware datetime."""
    local = now.astimezone()
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
