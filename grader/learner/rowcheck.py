"""Answers and schedules read back from the progress database or its pending file, checked before use.

Both files are on the learner's disk, and either may have been edited, damaged or written by
something other than dlquiz: a score that is text, a time that is not a time, a card state that is
not FSRS's. Such a value, used as it is, ends in a traceback deep inside a report (or, merged from
the pending file, is stored for good). So every row is checked once where it is read: a bad
pending entry is skipped like a line cut short, a bad database row makes the database "damaged"
(grader.learner.dbfile), one message naming the row.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.learner.store import AnswerRecord, CardRow

INT64 = 1 << 63  # what SQLite stores as an INTEGER
OUTCOMES = (None, "right", "wrong", "skipped", "revealed", "rated")
_TEXT = ("learner", "question_id", "topic", "kind")


def record_problem(record: "AnswerRecord") -> str | None:
    """What is wrong with an answer row (`score is 'abc', not a number`), or None when it can be used."""
    from grader.learner.schedule import RATINGS

    for name in _TEXT:
        if not isinstance(getattr(record, name), str):
            return f"{name} is not text"
    for name in ("seed", "id"):
        if getattr(record, name) is not None and not _whole(getattr(record, name)):
            return f"{name} is {_shown(getattr(record, name))}, not a whole number"
    for name in ("tries", "hints_used"):
        if not _whole(getattr(record, name)) or getattr(record, name) < 0:
            return f"{name} is {_shown(getattr(record, name))}, not a count"
    if not isinstance(record.correct, bool):
        return f"correct is {_shown(record.correct)}, not true or false"
    score = record.score
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
        return f"score is {_shown(score)}, not a number from 0 to 1"
    if record.mistake is not None and not isinstance(record.mistake, str):
        return "mistake is not text"
    if record.outcome not in OUTCOMES:
        return f"outcome is {_shown(record.outcome)}"
    if record.rating is not None and record.rating not in RATINGS:
        return f"rating is {_shown(record.rating)}"
    return _time_problem("answered_at", record.answered_at)


def card_problem(card: "CardRow") -> str | None:
    """What is wrong with a schedule row, or None when FSRS can use it."""
    if not isinstance(card.learner, str) or not isinstance(card.question_id, str):
        return "its learner or question is not text"
    problem = _time_problem("due", card.due)
    if problem:
        return problem
    if not isinstance(card.state, str):
        return "its FSRS state is not text"
    from grader.learner.schedule import retrievability

    try:
        recall = retrievability(card.state, datetime.fromisoformat(card.due))
    except Exception:  # noqa: BLE001 - whatever FSRS makes of a state it did not write
        return "its FSRS state cannot be read"
    return None if 0 <= recall <= 1 else "its FSRS state cannot be read"


def _time_problem(name: str, value: Any) -> str | None:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        return f"{name} is {_shown(value)}, not a time such as 2025-03-01T09:30:00+00:00"
    return None


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -INT64 <= value < INT64


def _shown(value: Any) -> str:
    text = repr(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 40 else text[:39] + "…"

