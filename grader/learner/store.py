"""The progress store: one SQLite database holding every learner's answers and review schedule.

Where: `$DLQUIZ_HOME/progress.db`, else `progress.db` in the platform's user data directory
(platformdirs). Durability: WAL journal, `synchronous=FULL`, and one short transaction per
answer, per try and per rating, so Ctrl-C, a closed terminal or `kill -9` loses nothing
already given. Concurrency: two sessions at once wait for each other's write lock (busy
timeout, a few seconds) instead of failing or corrupting the file. Schema: versioned with
`PRAGMA user_version`; `MIGRATIONS[i]` upgrades version i to i+1, in place, on open.
Failures (read-only, full disk, locked, damaged, empty, newer): grader.learner.dbfile; an answer
that cannot be committed is kept in the pending file and added at the next writable open.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from grader.errors import DlquizError
from grader.learner.dbfile import (BUSY_TIMEOUT_S, GuardedConnection, StoreError, connect, create,  # noqa: F401
                                   damaged, explain, keep_pending, pending_path, read_pending,
                                   writable)
from grader.learner.migrations import MIGRATIONS
from grader.learner.rowcheck import card_problem, record_problem

DB_NAME = "progress.db"
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


SCHEMA_VERSION = len(MIGRATIONS)


class Store:
    """An open progress database. Every write method is one committed transaction."""

    def __init__(self, conn: GuardedConnection, path: Path, read_only: bool = False):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.merged = 0  # answers added from the pending file when it was opened

    @classmethod
    def open(cls, path: Path | None = None, upgrade_to: int = SCHEMA_VERSION) -> "Store":
        """Open for writing (creating and upgrading as needed) the database at `path` (default: in home_dir()),
        adding any answers left pending; a StoreError (exit 2) says why it cannot be."""
        path = path or home_dir() / DB_NAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = "it is a file, not a folder" if path.parent.exists() else exc.strerror or exc
            raise DlquizError(f"Cannot create the progress folder '{path.parent}': {why}"
                              " (set DLQUIZ_HOME to use another folder)") from None
        if not writable(path):
            raise explain(path, PermissionError("read-only"))
        if not path.exists():
            create(path, lambda conn: cls(conn, path)._upgrade(upgrade_to))
        conn = connect(path)
        store = cls(conn, path)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            store._upgrade(upgrade_to)
            store.merged = store._merge_pending()
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def open_to_read(cls, path: Path | None = None) -> "Store":
        """Open for reports: for writing when possible (so pending answers are added), else read-only
        (a read-only file or folder); a missing database reads as an empty one."""
        path = path or home_dir() / DB_NAME
        try:
            return cls.open(path)
        except StoreError as exc:
            if exc.reason not in ("readonly", "cantopen"):
                raise
        except DlquizError:  # the folder cannot be created: nothing saved yet, unless something is in its way
            if os.path.lexists(path.parent):
                raise
        if not path.exists():
            store = cls(GuardedConnection(sqlite3.connect(":memory:", isolation_level=None), path), path)
            store._upgrade(SCHEMA_VERSION)
            store.read_only = True
            return store
        store = cls(connect(path, read_only=True), path, read_only=True)
        if store.version < SCHEMA_VERSION:
            raise StoreError(path, f"The progress database '{path}' was written by an older dlquiz and must be "
                                   "upgraded, which needs write access: make it writable once", "readonly")
        store._check_not_newer()
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
        if self.read_only:
            raise StoreError(self.path, f"The progress database '{self.path}' is open read-only (a read-only file "
                                        "or folder): make it writable, or set DLQUIZ_HOME to use another folder",
                             "readonly")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:  # Ctrl-C included: nothing half-written stays behind
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except StoreError:  # the original failure is the one to report
                    pass
            raise

    def _check_not_newer(self) -> None:
        if self.version > SCHEMA_VERSION:
            raise StoreError(self.path, f"The progress database '{self.path}' was written by a newer dlquiz "
                                        f"(schema {self.version}, this one knows {SCHEMA_VERSION}): upgrade dlquiz, "
                                        "or set DLQUIZ_HOME to use another folder", "newer")

    def _upgrade(self, target: int) -> None:
        if self.version >= target:
            self._check_not_newer()
            return
        with self.transaction() as conn:
            current = self.version  # re-read under the lock: another session may have upgraded
            for migrate in MIGRATIONS[current:target]:
                migrate(conn)
            conn.execute(f"PRAGMA user_version = {max(current, target)}")

    # --- answers that could not be committed --------------------------------------------------

    def keep_unsaved(self, record: AnswerRecord, card: CardRow | None) -> Path:
        """Keep an answer the database refused in the pending file (added at the next writable open);
        a StoreError when that cannot be written either."""
        record.answered_at = record.answered_at or iso(utc_now())  # what the merge checks it by
        return keep_pending(self.path, {"key": uuid.uuid4().hex, "record": asdict(record),
                                        "card": asdict(card) if card else None})

    def _merge_pending(self) -> int:
        """Add the answers of the pending file, once each (their keys are remembered), then remove it."""
        entries = read_pending(self.path)
        if not entries or self.version < 2:
            return 0
        added = 0
        with self.transaction() as conn:
            for entry in entries:
                done = f"pending:{entry['key']}"
                if conn.execute("SELECT 1 FROM settings WHERE key = ?", (done,)).fetchone():
                    continue
                try:
                    record = AnswerRecord(**entry["record"])
                    card = CardRow(**entry["card"]) if entry.get("card") else None
                except (TypeError, ValueError):
                    continue  # not an entry this dlquiz wrote
                if record_problem(record) or (card is not None and card_problem(card)):
                    continue  # nor is this: merged, it would break every report that reads it
                if record.id is not None and not conn.execute("SELECT 1 FROM answers WHERE id = ?",
                                                              (record.id,)).fetchone():
                    record.id = None
                self._write(conn, record, card)
                conn.execute("INSERT INTO settings VALUES (?, ?)", (done, iso(utc_now())))
                added += 1
        pending_path(self.path).unlink(missing_ok=True)
        return added

    # --- learners -------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        """A stored setting, or None."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (nothing, when the database is open read-only: settings are conveniences)."""
        if self.read_only:
            return
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    def add_learner(self, name: str) -> None:
        """Record a learner (idempotent; nothing when the database is open read-only)."""
        if self.read_only:
            return
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
        with self.transaction() as conn:
            new_id = self._write(conn, record, card)
        record.id = new_id  # only once committed: an interrupted save leaves the record unsaved

    @staticmethod
    def _write(conn: GuardedConnection, record: AnswerRecord, card: CardRow | None) -> int | None:
        """The statements of `save`, inside the caller's transaction; the record's row id."""
        values = (record.learner, record.question_id, record.topic, record.kind, record.seed, record.answered_at,
                  int(record.correct), record.score, record.tries, record.hints_used, record.mistake,
                  record.outcome, record.rating)
        new_id = record.id
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
        return new_id

    def answers(self, learner: str) -> list[AnswerRecord]:
        """Every answer of `learner`, oldest first."""
        rows = self.conn.execute(
            "SELECT learner, question_id, topic, kind, seed, correct, score, tries, hints_used, mistake, outcome,"
            " rating, answered_at, id FROM answers WHERE learner = ? ORDER BY id", (learner,)).fetchall()
        return [self._checked(AnswerRecord(r[0], r[1], r[2], r[3], r[4], bool(r[5]), *r[6:]), record_problem)
                for r in rows]

    def _checked(self, row, problem):
        """`row` as read, or the database is damaged (StoreError) where `problem(row)` names a bad value."""
        found = problem(row)
        if found:
            what = f"answer {row.id}" if isinstance(row, AnswerRecord) else f"the schedule of {row.question_id!r}"
            raise damaged(self.path, f"{what}: {found}")
        return row

    # --- schedule -------------------------------------------------------------------------

    def card(self, learner: str, question_id: str) -> CardRow | None:
        """The schedule of one question for `learner`, or None if never scheduled."""
        row = self.conn.execute("SELECT * FROM cards WHERE learner = ? AND question_id = ?",
                                (learner, question_id)).fetchone()
        return self._checked(CardRow(*row), card_problem) if row else None

    def cards(self, learner: str) -> list[CardRow]:
        """Every scheduled question of `learner`, soonest due first."""
        rows = self.conn.execute("SELECT * FROM cards WHERE learner = ? ORDER BY due, question_id", (learner,))
        return [self._checked(CardRow(*row), card_problem) for row in rows]

    def due(self, learner: str, by: datetime) -> list[CardRow]:
        """The questions of `learner` due at or before `by`, most overdue first."""
        rows = self.conn.execute("SELECT * FROM cards WHERE learner = ? AND due <= ? ORDER BY due, question_id",
                                 (learner, iso(by)))
        return [self._checked(CardRow(*row), card_problem) for row in rows]
