"""FSRS scheduling: the outcome -> rating mapping, and what each rating does to the next review."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from grader.learner import schedule
from grader.learner.session import Item, Session
from grader.learner.store import AnswerRecord, CardRow, iso
from tests.learner.conftest import ScriptedIo

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)

OUTCOMES = [
    ("right", 1, 0, "good"),
    ("right", 2, 0, "hard"),
    ("right", 1, 1, "hard"),
    ("right", 3, 2, "hard"),
    ("wrong", 3, 0, "again"),
    ("skipped", 0, 0, "again"),
    ("revealed", 1, 1, "again"),
]


@pytest.mark.parametrize("outcome, tries, hints, rating", OUTCOMES)
def test_rating_for_outcome(outcome, tries, hints, rating):
    assert schedule.rating_for_outcome(outcome, tries, hints) == rating


def _after(history: list[str], last: str) -> datetime:
    """Due time after reviewing a card with `history` (one day apart), then `last` a day later."""
    moments = [NOW + timedelta(days=i) for i in range(len(history) + 1)]
    state = schedule.replay(list(zip(history, moments)))[0] if history else None
    return schedule.review(state, last, moments[-1])[1]


@pytest.mark.parametrize("history", [[], ["good"], ["good", "good"], ["again", "hard", "good"]],
                         ids=["new", "learning", "review", "mixed"])
def test_again_is_due_sooner_than_easy(history):
    again = _after(history, "again")
    assert all(again < _after(history, rating) for rating in ("hard", "good", "easy"))
    assert _after(history, "easy") - again > timedelta(days=1)


def test_replay_equals_reviewing_one_by_one():
    reviews = [("good", NOW), ("again", NOW + timedelta(hours=1)), ("good", NOW + timedelta(days=1))]
    state = None
    for rating, moment in reviews:
        state, due = schedule.review(state, rating, moment)
    assert schedule.replay(reviews) == (state, due)


def test_retrievability_falls_with_time():
    state, due = schedule.replay([("good", NOW), ("good", NOW + timedelta(minutes=10))])
    early, late = (schedule.retrievability(state, due + timedelta(days=d)) for d in (0, 60))
    assert 0 < late < early <= 1


def _review_once(store, bank_questions, answers, clock):
    item = Item(bank_questions["losses/mse"], 3)
    return Session(store, "ana", [item], ScriptedIo(answers), clock=lambda: clock).run()


def test_a_correct_auto_graded_answer_pushes_the_next_review_out(store, bank_questions):
    history = [("good", NOW - timedelta(days=3)), ("good", NOW - timedelta(days=2, hours=23))]
    state, due = schedule.replay(history)
    store.save(_done_record(), CardRow("ana", "losses/mse", state, iso(due)))
    review_time = due + timedelta(hours=1)  # the card is due: it comes up in review

    _review_once(store, bank_questions, ["0.04"], review_time)
    after_right = datetime.fromisoformat(store.card("ana", "losses/mse").due)
    assert after_right > review_time + (due - history[-1][1])  # the interval grew

    _review_once(store, bank_questions, ["1", "2", "3"], after_right)
    after_wrong = datetime.fromisoformat(store.card("ana", "losses/mse").due)
    assert after_wrong - after_right < timedelta(days=1)  # a lapse comes back within the day


def _done_record() -> AnswerRecord:
    return AnswerRecord("ana", "losses/mse", "losses", "numeric", 1, True, 1.0, 1, 0, None, "right", "good")
