"""A simulated week of study with a fixed clock: mastery follows the results, reviews end.

Every session runs through the real Session, plan and store, on the test bank; the clock is a
list the test moves on (and each prompt moves it 30 seconds, as a learner takes time to answer).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from grader.bank import Bank
from grader.learner import mastery, plan
from grader.learner.session import Session
from tests.learner.conftest import BANK, ScriptedIo

MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
RIGHT = {"losses/mse": ["0.04"], "losses/pick-loss": ["a"], "optim/sgd": ["1.47"],
         "training/minibatch": ["", "good"], "design/tiny-classifier": ["relu", "cross-entropy", "32"]}
WRONG = {"losses/mse": ["0.08", "0.08", "0.08"], "losses/pick-loss": ["b", "b", "b"], "optim/sgd": ["9", "9", "9"],
         "training/minibatch": ["", "again"], "design/tiny-classifier": ["relu", "mse", "32"] * 3}
SKIP = {qid: ["skip"] for qid in RIGHT}


class Clock:
    """A fixed clock the test moves; `tick` moves it as a learner takes time to answer."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 30) -> None:
        self.now += timedelta(seconds=seconds)


class Learner(ScriptedIo):
    """Answers each question by its id from a plan ({id: answers}); each prompt takes 30 s."""

    def __init__(self, clock: Clock, plans: dict[str, list[dict[str, list[str]]]]):
        super().__init__([])
        self.clock, self.plans, self.asked = clock, plans, []

    def show(self, text: str = "", *styles: str) -> None:
        if text.startswith("[") and "] " in text and " · " in text:  # a question's header: load its answers
            qid = text.split("] ", 1)[1].split(" · ")[0]
            self.asked.append(qid)
            self.answers = list(self.plans[qid].pop(0)[qid]) if self.plans.get(qid) else ["skip"]
        super().show(text, *styles)

    def ask(self, prompt: str) -> str:
        self.clock.tick()
        return super().ask(prompt)


def session(store, clock, plans, review: bool):
    """One quiz (every test-bank question) or one review at the clock's time; the learner's log."""
    bank = Bank.open(BANK)
    learner = Learner(clock, plans)
    if review:
        items = plan.review_items(store, "ana", bank, clock())
        more = lambda: plan.review_items(store, "ana", bank, clock())  # noqa: E731
    else:
        items, more = plan.quiz_items(store, "ana", bank, None, None, 5), None
    summary = Session(store, "ana", items, learner, clock=clock, more=more).run()
    assert not summary.interrupted
    return learner, summary


def masteries(store) -> dict[str, float]:
    return mastery.mastery_by_question(store.answers("ana"))


def test_a_week_of_answers(store):
    clock = Clock(MONDAY)
    bank_ids = set(Bank.open(BANK).ids())
    # Monday 09:00: a quiz of the 5 questions: two right, one wrong, one skipped, one flashcard forgotten
    day_one = {"losses/mse": [RIGHT], "design/tiny-classifier": [RIGHT], "losses/pick-loss": [WRONG],
               "optim/sgd": [SKIP], "training/minibatch": [WRONG]}
    learner, _ = session(store, clock, day_one, review=False)
    assert sorted(learner.asked) == sorted(bank_ids)
    assert masteries(store) == {"losses/mse": 1.0, "design/tiny-classifier": 1.0, "losses/pick-loss": 0.0,
                                "optim/sgd": 0.0, "training/minibatch": 0.0}
    # every question is in a learning step of minutes: due now (the early ones) or later today
    status = plan.due_status(store, "ana", bank_ids, clock())
    assert status.now + status.later_today == 5 and status.next_due < clock() + timedelta(minutes=11)

    # 20 minutes later the learning steps are due: a review that ends when nothing is due now
    clock.tick(20 * 60)
    plans = {qid: [RIGHT, RIGHT] for qid in bank_ids}
    plans["losses/pick-loss"] = [WRONG, WRONG, WRONG]  # this one keeps failing
    learner, summary = session(store, clock, plans, review=True)
    assert set(learner.asked) == bank_ids and len(learner.asked) <= 10  # failed ones may come back once they fall due
    assert plan.review_items(store, "ana", Bank.open(BANK), clock()) == []  # it ended with nothing due now
    assert masteries(store)["losses/pick-loss"] == 0.0

    # the rest of the week: a review each morning; every answer's effect on mastery is checked
    for day in range(1, 7):
        clock.now = MONDAY + timedelta(days=day)
        before = masteries(store)
        plans = {qid: [SKIP if day % 3 == 0 and qid == "optim/sgd" else RIGHT] * 3 for qid in bank_ids}
        plans["losses/pick-loss"] = [WRONG] * 3
        learner, summary = session(store, clock, plans, review=True)
        after = masteries(store)
        for record in summary.records:
            qid = record.question_id
            if mastery.credit(record) == 0:  # wrong or skipped: never a rise
                assert after[qid] <= before.get(qid, 0.0), (day, qid)
            elif record.outcome == "right" and record.tries == 1 and not record.hints_used:
                assert after[qid] >= before.get(qid, 0.0), (day, qid)
            before[qid] = after[qid]
        assert plan.review_items(store, "ana", Bank.open(BANK), clock()) == []
        status = plan.due_status(store, "ana", bank_ids, clock())
        assert status.now == 0 and status.next_due is not None and status.next_due > clock()
    final = masteries(store)
    assert final["losses/pick-loss"] == 0.0  # wrong all week: no mastery, whatever FSRS's recall says
    assert final["losses/mse"] == 1.0 and final["design/tiny-classifier"] == 1.0
    assert 0 < final["optim/sgd"] < 1  # right most days, skipped on two of them
    reviews_per_day = {}
    for a in store.answers("ana"):
        reviews_per_day[a.answered_at[:10]] = reviews_per_day.get(a.answered_at[:10], 0) + 1
    assert len(reviews_per_day) >= 3  # the questions came back on later days, spread out by FSRS


MONOTONE = [  # credits of a question's answers, oldest first: a 0 never raises mastery, a 1 never lowers it
    [1, 1, 1, 1, 1, 0], [0, 1, 1, 1, 1, 0], [1, 0, 1, 0, 1, 0, 0], [0.5, 1, 0, 0.5, 1, 1, 0], [1] * 7 + [0],
]


def _record(credit_value: float):
    from grader.learner.store import AnswerRecord

    if credit_value == 0:
        return AnswerRecord("ana", "q/a", "q", "numeric", 1, outcome="skipped", rating="again")
    if credit_value == 0.5:
        return AnswerRecord("ana", "q/a", "q", "numeric", 1, True, 1.0, 2, 0, outcome="right", rating="hard")
    return AnswerRecord("ana", "q/a", "q", "numeric", 1, True, 1.0, 1, 0, outcome="right", rating="good")


def test_mastery_never_rises_on_a_wrong_answer_or_a_skip():
    import pytest

    for credits in MONOTONE:
        records = [_record(c) for c in credits]
        for n in range(1, len(records)):
            before, after = mastery.question_mastery(records[:n]), mastery.question_mastery(records[:n + 1])
            if credits[n] == 0:
                assert after <= before, (credits, n)
            if credits[n] == 1:
                assert after >= before, (credits, n)
    assert mastery.question_mastery([_record(1), _record(0)]) == pytest.approx(1 / 3)  # the latest weighs most
    assert mastery.question_mastery([]) is None
    assert mastery.topic_mastery(["q/a", "q/b"], {"q/a": 1.0}) == 0.5 and mastery.topic_mastery([], {}) is None
