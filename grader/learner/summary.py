"""The end of a session: score, how each question ended, per-topic results, what to review next."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from grader.learner.store import AnswerRecord

REVIEW_LINES = 10  # at most this many "review next" lines


@dataclass
class Summary:
    """What a session did: one record per question answered (finished or not)."""

    records: list[AnswerRecord] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    asked: int = 0
    planned: int = 0
    interrupted: bool = False  # ended before the last question: quit, end of input or Ctrl-C
    ctrl_c: bool = False

    @property
    def score(self) -> float:
        """The sum of the answers' scores (a flashcard rated hard scores 0.5)."""
        return sum(r.score for r in self.records)

    def counts(self) -> dict[str, int]:
        """How many questions ended each way: right (first try, no hint), helped, wrong, skipped, unfinished."""
        out = {"right": 0, "helped": 0, "wrong": 0, "skipped": 0, "unfinished": 0}
        for r in self.records:
            out[outcome_group(r)] += 1
        return out

    def by_topic(self) -> dict[str, tuple[int, int]]:
        """topic -> (correct, answered), topics in the order first met."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.records:
            right, total = out.get(r.topic, (0, 0))
            out[r.topic] = (right + r.correct, total + 1)
        return out

    def to_review(self) -> list[AnswerRecord]:
        """The answers worth another look soon: wrong, skipped, unfinished, then helped ones."""
        order = {"wrong": 0, "skipped": 1, "unfinished": 2, "helped": 3}
        weak = [r for r in self.records if outcome_group(r) in order]
        return sorted(weak, key=lambda r: order[outcome_group(r)])


def outcome_group(record: AnswerRecord) -> str:
    """right, helped, wrong, skipped or unfinished: how a summary counts one answer."""
    if record.outcome is None:
        return "unfinished"
    if record.outcome == "skipped":
        return "skipped"
    if not record.correct:
        return "wrong"
    return "right" if record.rating in ("good", "easy") else "helped"


def show_summary(summary: Summary, show: Callable[..., None], due_today: int, next_due: str | None) -> None:
    """Print the summary: score, outcome counts, per-topic results, what to review next and when."""
    show()
    stopped = f"  (stopped at question {summary.asked} of {summary.planned})" if summary.interrupted else ""
    show(f"Session summary{stopped}", "bold")
    answered = len(summary.records)
    if not answered:
        show("No questions answered.")
    else:
        show(f"Score: {round(summary.score, 2):g} / {answered} ({summary.score / answered:.0%})", "bold")
        c = summary.counts()
        parts = [f"right first try {c['right']}", f"right with help {c['helped']}", f"wrong {c['wrong']}",
                 f"skipped {c['skipped']}"] + ([f"unfinished {c['unfinished']}"] if c["unfinished"] else [])
        show(" · ".join(parts))
        show("By topic:")
        for topic, (right, total) in summary.by_topic().items():
            show(f"  {topic or '(top level)':<24} {right}/{total} right")
        weak = summary.to_review()
        if weak:
            show("Review next:")
            for r in weak[:REVIEW_LINES]:
                show(f"  {r.question_id}  ({outcome_group(r)}) {summary.titles.get(r.question_id, '')}")
            if len(weak) > REVIEW_LINES:
                show(f"  ... and {len(weak) - REVIEW_LINES} more")
    if next_due is not None:
        show(f"Reviews due today: {due_today}; the next {next_due}. Run `dlquiz review`.", "dim")
