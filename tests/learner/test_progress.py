"""The progress report: numbers per topic, streak, the chart, the CSV export."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone

import pytest

from grader.console import wrap
from grader.learner import progress
from grader.learner.session import Item, Session
from grader.learner.store import EXPORT_COLUMNS
from tests.learner.conftest import ScriptedIo

TODAY = date(2025, 3, 10)

STREAKS = [
    (set(), 0),
    ({TODAY}, 1),
    ({TODAY, TODAY - timedelta(1), TODAY - timedelta(2)}, 3),
    ({TODAY - timedelta(1), TODAY - timedelta(2)}, 2),  # today not yet studied: the streak still stands
    ({TODAY - timedelta(2)}, 0),
    ({TODAY, TODAY - timedelta(2)}, 1),
]


@pytest.mark.parametrize("days, streak", STREAKS)
def test_streak(days, streak):
    assert progress.streak_days(days, TODAY) == streak


SPARKS = [([0, 0, 0], "···"), ([1, 0, 8], "▁·█"), ([4, 8], "▄█"), ([], "")]


@pytest.mark.parametrize("values, line", SPARKS)
def test_sparkline(values, line):
    assert progress.sparkline(values) == line


@pytest.fixture
def studied(store, bank_questions):
    """ana answered: mse right, pick-loss right after a hint, sgd wrong (3 tries), then stopped mid-flashcard."""
    items = [Item(bank_questions[q], 1) for q in ("losses/mse", "losses/pick-loss", "optim/sgd")]
    Session(store, "ana", items, ScriptedIo(["0.04", "hint", "a", "1", "2", "3"])).run()
    return store


def test_report_numbers(studied, bank_questions):
    now = datetime.now(timezone.utc)
    report = progress.build_report(studied, "ana", list(bank_questions.values()), now)
    assert (report["answers"], report["correct"], report["unfinished"], report["streak_days"]) == (3, 2, 0, 1)
    assert report["due_today"] == 3 and report["due_now"] == 0  # learning steps: minutes from now
    assert report["due_later_today"] == 3 and datetime.fromisoformat(report["next_due"]) > now
    topics = {row["topic"]: row for row in report["topics"]}
    assert set(topics) == {"design", "losses", "optim", "training"}
    assert (topics["losses"]["correct"], topics["losses"]["answers"], topics["losses"]["accuracy"]) == (2, 2, 1.0)
    assert topics["optim"]["accuracy"] == 0.0 and topics["training"]["accuracy"] is None
    assert topics["training"]["mastery"] == 0.0 and topics["training"]["recall"] is None
    assert topics["losses"]["mastery"] == 0.75  # right at the first try (1) and after a hint (0.5)
    assert topics["optim"]["mastery"] == 0.0 and 0 < topics["optim"]["recall"] <= 1  # memory strength, apart
    assert report["history"][-1] == {"date": now.astimezone().date().isoformat(), "answers": 3, "correct": 2}
    assert len(report["history"]) == progress.HISTORY_DAYS


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_render_fits_the_terminal(studied, bank_questions, columns):
    lines: list[str] = []
    now = datetime.now(timezone.utc)
    report = progress.build_report(studied, "ana", list(bank_questions.values()), now)
    progress.render(report, lambda text="", *styles: lines.extend(wrap(text, columns)), now, columns)  # as TerminalIo
    assert "Progress of ana: 2/3 right (67%)" in lines[0]
    assert "Nothing due for review now; the next review is in " in " ".join(lines[1:4])
    assert any(line.startswith("losses ") and "█" in line and "2/2" in line and " 75%" in line for line in lines)
    assert max(len(line) for line in lines) <= columns


def test_export_csv(studied, tmp_path):
    path = tmp_path / "ana.csv"
    assert progress.export_csv(studied, "ana", path) == 3
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert [(r["question_id"], r["correct"], r["tries"], r["hints_used"], r["rating"]) for r in rows] == [
        ("losses/mse", "1", "1", "0", "good"), ("losses/pick-loss", "1", "1", "1", "hard"),
        ("optim/sgd", "0", "3", "0", "again")]
    assert rows[0]["learner"] == "ana" and rows[0]["seed"] == "1" and rows[0]["topic"] == "losses"
    assert datetime.fromisoformat(rows[0]["answered_at"]).tzinfo is not None


def test_export_to_an_unwritable_place_is_a_message(studied, tmp_path):
    from grader.errors import DlquizError

    with pytest.raises(DlquizError, match="Cannot write"):
        progress.export_csv(studied, "ana", tmp_path / "no" / "such" / "dir.csv")
