"""A learner's progress: per-topic mastery and accuracy, items due, streak, a terminal chart, the CSV export.

Mastery comes from the learner's results (grader.learner.mastery: recent first-try success,
the latest answers weighing most); accuracy is the share of finished answers that were
correct. FSRS's predicted recall (memory strength) is reported apart as `recall`, over the
questions seen.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

from grader.learner import schedule
from grader.learner.mastery import mastery_by_question, topic_mastery
from grader.learner.plan import QUIZ_KINDS, due_status
from grader.learner.store import EXPORT_COLUMNS, AnswerRecord, Store
from grader.userfiles import spreadsheet_safe
from grader.model import Question

HISTORY_DAYS = 14
BAR_WIDTH = 24
SPARKS = "▁▂▃▄▅▆▇█"


def build_report(store: Store, learner: str, questions: list[Question], now: datetime) -> dict:
    """Everything `dlquiz progress` shows, as JSON-ready data (documented in docs/cli.md)."""
    answers = store.answers(learner)
    finished = [a for a in answers if a.outcome is not None]
    cards = {c.question_id: c for c in store.cards(learner)}
    bank = [q for q in questions if q.kind in QUIZ_KINDS]
    topics = sorted({q.topic for q in bank} | {a.topic for a in answers})
    mastery = mastery_by_question(answers)
    rows = []
    for topic in topics:
        ids = [q.id for q in bank if q.topic == topic]
        done = [a for a in finished if a.topic == topic]
        right = sum(a.correct for a in done)
        seen = sorted({a.question_id for a in answers if a.topic == topic})
        recall = [schedule.retrievability(cards[i].state, now) for i in seen if i in cards]
        topic_score = topic_mastery(ids, mastery)
        rows.append({"topic": topic, "questions": len(ids), "seen": len(seen),
                     "answers": len(done), "correct": right,
                     "accuracy": _ratio(right, len(done)),
                     "mastery": None if topic_score is None else round(topic_score, 3),
                     "recall": round(sum(recall) / len(recall), 3) if recall else None,
                     "due_now": sum(cards[i].due_time <= now for i in ids if i in cards)})
    today = now.astimezone().date()
    due = due_status(store, learner, {q.id for q in questions}, now)
    return {
        "learner": learner,
        "answers": len(finished),
        "correct": sum(a.correct for a in finished),
        "unfinished": len(answers) - len(finished),
        "due_now": due.now,
        "due_today": due.now + due.later_today,
        "due_later_today": due.later_today,
        "next_due": None if due.next_due is None else due.next_due.isoformat(timespec="seconds"),
        "streak_days": streak_days({local_day(a) for a in answers}, today),
        "topics": rows,
        "history": history(finished, today),
    }


def local_day(record: AnswerRecord) -> date:
    """The learner's local calendar day of an answer."""
    return datetime.fromisoformat(record.answered_at).astimezone().date()


def streak_days(days: set[date], today: date) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday, if today has none yet)."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def history(finished: list[AnswerRecord], today: date, days: int = HISTORY_DAYS) -> list[dict]:
    """Answers and correct answers per local day, for the last `days` days (oldest first)."""
    counts = {today - timedelta(days=back): [0, 0] for back in range(days - 1, -1, -1)}
    for a in finished:  # each answer's local day is worked out once
        tally = counts.get(local_day(a))
        if tally is not None:
            tally[0] += 1
            tally[1] += a.correct
    return [{"date": day.isoformat(), "answers": n, "correct": right} for day, (n, right) in counts.items()]


def render(report: dict, show: Callable[..., None], now: datetime, columns: int = 80) -> None:
    """Draw the report for a terminal of `columns` (40 and up): totals, what is due, a mastery bar
    per topic, a daily chart."""
    from grader.learner.plan import DueStatus

    right, total = report["correct"], report["answers"]
    accuracy = f"{right}/{total} right ({right / total:.0%})" if total else "no finished answers yet"
    if report["unfinished"]:
        accuracy += f", {report['unfinished']} unfinished"
    show(f"Progress of {report['learner']}: {accuracy}", "bold")
    next_due = datetime.fromisoformat(report["next_due"]) if report["next_due"] else None
    show(f"Streak: {report['streak_days']} day(s). "
         + DueStatus(report["due_now"], report["due_later_today"], next_due).line(now))
    show()
    wide = columns >= 60  # room for the seen and due columns
    name = 16 if wide else 12
    bar_width = max(8, min(BAR_WIDTH, columns - name - (31 if wide else 19)))
    extra = f" {'seen':>6} {'due':>4}" if wide else ""
    show(f"{'topic':<{name}} {'mastery':<{bar_width + 5}} {'right':>7}{extra}", "dim")
    for row in report["topics"]:
        mastery = row["mastery"] or 0.0
        filled = round(mastery * bar_width)
        bar = "█" * filled + "░" * (bar_width - filled)
        right_text = f"{row['correct']}/{row['answers']}"
        extra = f" {row['seen']}/{row['questions']:<3}".rjust(7)[:7] + f" {row['due_now'] or '':>4}" if wide else ""
        show(f"{row['topic'][:name]:<{name}} {bar} {mastery:>4.0%} {right_text:>7}{extra}")
    show("Mastery: your recent answers to each question, first-try successes counting most.", "dim")
    counts = [day["answers"] for day in report["history"]]
    show()
    show(f"Answers per day, last {len(counts)} days: {sparkline(counts)}  (max {max(counts, default=0)})")


def sparkline(values: list[int]) -> str:
    """One character per value, taller for larger values; a blank for zero."""
    top = max(values, default=0)
    if top == 0:
        return "·" * len(values)
    return "".join("·" if v == 0 else SPARKS[min(len(SPARKS) - 1, (v * len(SPARKS) - 1) // top)] for v in values)


def export_csv(store: Store, learner: str, path: Path) -> int:
    """Write every answer of `learner` to `path` (columns EXPORT_COLUMNS); return the number of rows."""
    import io

    from grader.userfiles import write_text

    answers = store.answers(learner)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(EXPORT_COLUMNS)
    for a in answers:
        writer.writerow([spreadsheet_safe(a.learner), spreadsheet_safe(a.question_id), spreadsheet_safe(a.topic),
                         a.kind, "" if a.seed is None else a.seed, a.answered_at, int(a.correct), f"{a.score:g}",
                         a.tries, a.hints_used, spreadsheet_safe(a.mistake or ""), a.rating or ""])
    write_text(path, text.getvalue(), "the progress export")
    return len(answers)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
