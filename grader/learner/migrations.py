"""The progress database's schema, as migrations: `MIGRATIONS[i]` upgrades version i to i+1, in place."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Callable


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run `;`-separated statements inside the caller's transaction (executescript would commit it)."""
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_answers(conn: sqlite3.Connection) -> None:
    """The first schema: settings, learners and one row per question answered."""
    _script(conn, """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE learners (name TEXT PRIMARY KEY, created_at TEXT NOT NULL);
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            learner TEXT NOT NULL,
            question_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            kind TEXT NOT NULL,
            seed INTEGER,
            answered_at TEXT NOT NULL,
            correct INTEGER NOT NULL,
            score REAL NOT NULL,
            tries INTEGER NOT NULL,
            hints_used INTEGER NOT NULL,
            mistake TEXT
        );
        CREATE INDEX answers_by_question ON answers (learner, question_id);
    """)


def _v2_schedule(conn: sqlite3.Connection) -> None:
    """Spaced repetition: outcome and rating per answer, an FSRS card per (learner, question).

    Version-1 answers were all finished; their outcome is inferred and their history is
    replayed through FSRS so upgraded learners keep their schedule.
    """
    from grader.learner import schedule
    from grader.learner.store import iso

    _script(conn, """
        ALTER TABLE answers ADD COLUMN outcome TEXT;
        ALTER TABLE answers ADD COLUMN rating TEXT;
        CREATE TABLE cards (
            learner TEXT NOT NULL,
            question_id TEXT NOT NULL,
            state TEXT NOT NULL,
            due TEXT NOT NULL,
            PRIMARY KEY (learner, question_id)
        );
        CREATE INDEX cards_by_due ON cards (learner, due);
    """)
    rows = conn.execute("SELECT id, learner, question_id, correct, tries, hints_used, answered_at "
                        "FROM answers ORDER BY id").fetchall()
    history: dict[tuple[str, str], list[tuple[str, datetime]]] = {}
    for row_id, learner, qid, correct, tries, hints, answered_at in rows:
        outcome = "right" if correct else "wrong"
        rating = schedule.rating_for_outcome(outcome, tries, hints)
        conn.execute("UPDATE answers SET outcome = ?, rating = ? WHERE id = ?", (outcome, rating, row_id))
        history.setdefault((learner, qid), []).append((rating, datetime.fromisoformat(answered_at)))
    for (learner, qid), reviews in history.items():
        state, due = schedule.replay(reviews)
        conn.execute("INSERT INTO cards VALUES (?, ?, ?, ?)", (learner, qid, state, iso(due)))


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_answers, _v2_schedule]
