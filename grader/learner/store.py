"""The progress store: one SQLite database holding every learner's answers and review schedule.

Where: `$DLQUIZ_HOME/progress.db`, else `progress.db` in the platform's user data directory
(platformdirs). Durability: WAL journal, `synchronous=FULL`, and one short transaction per
answer, per try and per rating, so Ctrl-C, a closed terminal or `kill -9` loses nothing
already given. Concurrency: two sessions at once wait for each other's write lock (busy
timeout) instead of failing or corrupting the file. Schema: versioned with
`PRAGMA user_version`; `MIGRATIONS[i]` upgrades version i to i+1, in place, on open.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from grader.errors import DlquizError

DB_NAME = "progress.db"
BUSY_TIMEOUT_S = 15.0
EXPORT_COLUMNS = ("learner", "question_id", "topic", "kind", "seed", "answered_at", "correct", "score",
                  "tries", "hints_used", "mistake", "rating")


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (what FSRS and the database use)."""
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """A UTC ISO-8601 timestamp to the second, e.g. 2025-03-01T09:30:00+00:00 (sorts as text)."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def home_dir() -> Path:
    """$DLQUIZ_HOME, else the user data directory for dlquiz."""
    if os.environ.get("DLQUIZ_HOME"):
        return Path(os.environ["DLQUIZ_HOME"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("dlquiz", appauthor=False))


@dataclass
class AnswerRecord:
    """One question put to a learner: created at their first answer, updated at each try.

    `outcome` is None while the question is open (tries left), then one of right, wrong
    (out of tries), skipped, revealed (asked for the solution) or rated (a flashcard).
    `rating` is the FSRS rating it was scheduled with (again/hard/good/easy).
    """

    learner: str
    question_id: str
    topic: str
    kind: str
    seed: int | None
    correct: bool = False
    score: float = 0.0
    tries: int = 0
    hints_used: int = 0
    mistake: str | None = None
    outcome: str | None = None
    rating: str | None = None
    answered_at: str = ""
    id: int | None = None


@dataclass(frozen=True)
class CardRow:
    """A learner's review schedule for one question: FSRS card state (JSON) and when it is due."""

    learner: str
    question_id: str
    state: str
    due: str

    @property
    def due_time(self) -> datetime:
        """`due` as an aware datetime."""
        return datetime.fromisoformat(self.due)


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
SCHEMA_VERSION = len(MIGRATIONS)


class Store:
    """An open progress database. Every write method is one committed transaction."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None, upgrade_to: int = SCHEMA_VERSION) -> "Store":
        """Open (creating and upgrading as needed) the database at `path` (default: in home_dir())."""
        path = path or home_dir() / DB_NAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            store = cls(conn, path)
            store._upgrade(upgrade_to)
        except sqlite3.DatabaseError as exc:
            raise DlquizError(f"Cannot open the progress database '{path}': {exc}"
                              " (set DLQUIZ_HOME to use another folder)") from None
        except OSError as exc:
            raise DlquizError(f"Cannot create the progress folder '{path.parent}': {exc}") from None
        return store

    def close(self) -> None:
        """Close the connection (everything is already committed)."""
        self.conn.close()

    @property
    def version(self) -> int:
        """The schema version of the open database."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE (take the write lock up front, waiting for other sessions) ... COMMIT."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:  # Ctrl-C included: nothing half-written stays behind
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _upgrade(self, target: int) -> None:
        if self.version >= target:
            if self.version > SCHEMA_VERSION:
                raise DlquizError(f"The progress database '{self.path}' was written by a newer dlquiz "
                                  f"(schema {self.version}, this one knows {SCHEMA_VERSION}): upgrade dlquiz")
            return
        with self.transaction() as conn:
            current = self.version  # re-read under the lock: another session may have upgraded
            for migrate in MIGRATIONS[current:target]:
                migrate(conn)
            conn.execute(f"PRAGMA user_version = {max(current, target)}")

    # --- learners -------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        """A stored setting, or None."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    def add_learner(self, name: str) -> None:
        """Record a learner (idempotent)."""
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO learners VALUES (?, ?)", (name, iso(utc_now())))

    # --- answers --------------------------------------------------------------------------

    def attempts(self, learner: str, question_id: str) -> int:
        """How many times `learner` has answered `question_id` (the next attempt's number)."""
        return self.conn.execute("SELECT COUNT(*) FROM answers WHERE learner = ? AND question_id = ?",
                                 (learner, question_id)).fetchone()[0]

    def save(self, record: AnswerRecord, card: CardRow | None = None, now: datetime | None = None) -> None:
        """Insert or update `record` (stamping answered_at `now`, default the current time) and, with
        `card`, its schedule: one transaction."""
        record.answered_at = iso(now or utc_now())
        values = (record.learner, record.question_id, record.topic, record.kind, record.seed, record.answered_at,
                  int(record.correct), record.score, record.tries, record.hints_used, record.mistake,
                  record.outcome, record.rating)
        new_id = record.id
        with self.transaction() as conn:
            if record.id is None:
                new_id = conn.execute(
                    "INSERT INTO answers (learner, question_id, topic, kind, seed, answered_at, correct, score,"
                    " tries, hints_used, mistake, outcome, rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values).lastrowid
            else:
                conn.execute(
                    "UPDATE answers SET learner = ?, question_id = ?, topic = ?, kind = ?, seed = ?, answered_at = ?,"
                    " correct = ?, score = ?, tries = ?, hints_used = ?, mistake = ?, outcome = ?, rating = ?"
                    " WHERE id = ?", (*values, record.id))
            if card is not None:
                conn.execute("INSERT OR REPLACE INTO cards VALUES (?, ?, ?, ?)",
                             (card.learner, card.question_id, card.state, card.due))
        record.id = new_id  # only once committed: an interrupted save leaves the record unsaved

    def answers(self, learner: str) -> list[AnswerRecord]:
        """Every answer of `learner`, oldest first."""
        rows = self.conn.execute(
            "SELECT learner, question_id, topic, kind, seed, correct, score, tries, hints_used, mistake, outcome,"
            " rating, answered_at, id FROM answers WHERE learner = ? ORDER BY id", (learner,)).fetchall()
        return [AnswerRecord(r[0], r[1], r[2], r[3], r[4], bool(r[5]), *r[6:]) for r in rows]

    # --- schedule -------------------------------------------------------------------------

    def card(self, learner: str, question_id: str) -> CardRow | None:
        """The schedule of one question for `learner`, or None if never scheduled."""
        row = self.conn.execute("SELECT * FROM cards WHERE learner = ? AND question_id = ?",
                                (learner, question_id)).fetchone()
        return CardRow(*row) if row else None

    def cards(self, learner: str) -> list[CardRow]:
        """Every scheduled question of `learner`, soonest due first."""
        rows = self.conn.execute("SELECT * FROM cards WHERE learner = ? ORDER BY due, question_id", (learner,))
        return [CardRow(*row) for row in rows]

    def due(self, learner: str, by: datetime) -> list[CardRow]:
        """The questions of `learner` due at or before `by`, most overdue first."""
        rows = self.conn.execute("SELECT * FROM cards WHERE learner = ? AND due <= ? ORDER BY due, question_id",
                                 (learner, iso(by)))
        return [CardRow(*row) for row in rows]
