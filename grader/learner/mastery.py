"""Mastery: how well a learner knows a question, from their own results, not from the schedule.

A finished answer earns credit: its score at the first try without a hint (1 for right, the
partial credit of a design answer, a flashcard's self-rating: again 0, hard 0.5, good or easy 1),
half of that when it took a hint or a second try, and 0 when it ended wrong, skipped or with the
solution asked for. A question's mastery is the mean credit of its last WINDOW answers,
the latest weighing most (each older one half the weight of the next): one slip after a run
of right answers shows, and an old failure fades as right answers follow it.

It never rises on a wrong answer or a skip (0 credit): the new answer takes the largest
weight and every older one loses half of its weight, so the weighted mean can only fall or
stay at 0. A question never answered counts 0 in its topic's mean. FSRS's recall probability
(grader.learner.schedule) is a different measure, memory strength: it is near 1 right after
any review, even a failed one, so it is reported apart (`recall` in `dlquiz progress --json`).
"""

from __future__ import annotations

from grader.learner.store import AnswerRecord

WINDOW = 5
HELPED = 0.5  # a right answer after a hint or a wrong try is worth half of one at the first try


def credit(record: AnswerRecord) -> float:
    """What one finished answer shows of the learner's mastery, 0..1 (see the module docstring)."""
    if record.outcome in (None, "skipped", "revealed"):
        return 0.0
    if record.outcome == "rated":  # a flashcard: the learner's own rating
        return record.score
    first_try = record.tries <= 1 and record.hints_used == 0
    return record.score * (1.0 if first_try else HELPED)


def question_mastery(answers: list[AnswerRecord]) -> float | None:
    """Mastery of one question from its answers, oldest first (unfinished ones are ignored);
    None when it has no finished answer."""
    finished = [a for a in answers if a.outcome is not None][-WINDOW:]
    if not finished:
        return None
    weights = [0.5 ** age for age in range(len(finished) - 1, -1, -1)]
    return sum(w * credit(a) for w, a in zip(weights, finished)) / sum(weights)


def mastery_by_question(answers: list[AnswerRecord]) -> dict[str, float]:
    """question id -> mastery, for every question with a finished answer."""
    by_question: dict[str, list[AnswerRecord]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    scores = {qid: question_mastery(records) for qid, records in by_question.items()}
    return {qid: score for qid, score in scores.items() if score is not None}


def topic_mastery(question_ids: list[str], by_question: dict[str, float]) -> float | None:
    """The mean mastery of a topic's questions (0 for one never answered); None for no questions."""
    if not question_ids:
        return None
    return sum(by_question.get(qid, 0.0) for qid in question_ids) / len(question_ids)
