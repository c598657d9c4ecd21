"""The end of a session: score, how each question ended, per-topic results, what to review next."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from grader.learner.store import AnswerRecord

REVIEW_LINES = 10  # at most this many "review next" lines
GROUPS = {"right": "right first try", "helped": "right with help", "partly": "partly right", "wrong": "wrong",
          "skipped": "skipped", "unfinished": "unfinished"}
ALWAYS_COUNTED = ("right", "helped", "wrong", "skipped")  # the others are shown when there are some


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
        """How many questions ended each way: right (first try, no hint), helped, partly right (some
        credit, out of tries), wrong, skipped, unfinished."""
        out = {"right": 0, "helped": 0, "partly": 0, "wrong": 0, "skipped": 0, "unfinished": 0}
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
        order = {"wrong": 0, "skipped": 1, "unfinished": 2, "partly": 3, "helped": 4}
        weak = [r for r in self.records if outcome_group(r) in order]
        return sorted(weak, key=lambda r: order[outcome_group(r)])


def outcome_group(record: AnswerRecord) -> str:
    """right, helped, partly, wrong, skipped or unfinished: how a summary counts one answer."""
    if record.outcome is None:
        return "unfinished"
    if record.outcome == "skipped":
        return "skipped"
    if not record.correct:
        return "partly" if record.outcome == "wrong" and record.score > 0 else "wrong"
    return "right" if record.rating in ("good", "easy") else "helped"


def show_summary(summary: Summary, show: Callable[..., None], due_line: str) -> None:
    """Print the summary: score, outcome counts, per-topic results, what to review next, and
    `due_line` (what is due now, when the next review is)."""
    show()
    stopped = f"  (stopped at question {summary.asked} of {summary.planned})" if summary.interrupted else ""
    show(f"Session summary{stopped}", "bold")
    answered = len(summary.records)
    if not answered:
        show("No questions answered.")
    else:
        show(f"Score: {round(summary.score, 2):g} / {answered} ({summary.score / answered:.0%})", "bold")
        c = summary.counts()
        show(" · ".join(f"{GROUPS[group]} {n}" for group, n in c.items() if n or group in ALWAYS_COUNTED))
        show("By topic:")
        for topic, (right, total) in summary.by_topic().items():
            show(f"  {topic or '(top level)':<24} {right}/{total} right")
        weak = summary.to_review()
        if weak:
            show("Review next:")
            for r in weak[:REVIEW_LINES]:
                show(f"  {r.question_id}  ({GROUPS[outcome_group(r)]}) {summary.titles.get(r.question_id, '')}")
            if len(weak) > REVIEW_LINES:
                show(f"  ... and {len(weak) - REVIEW_LINES} more")
    if due_line:
        show(due_line, "dim")
