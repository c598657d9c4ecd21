"""The progress database as a file that can fail: every SQLite or OS error becomes one message naming
the file and what to do (a `StoreError`, exit 2), and answers that cannot be committed are kept in a
pending file beside it, added the next time the database can be written.

Failures covered: a read-only file or folder, a full disk, a lock held by another program (waited on
for `BUSY_TIMEOUT_S`), damaged pages or a file that is not a database, a 0-byte file (a truncated
database is not silently replaced by an empty one), a newer schema (grader.learner.store).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

from grader.errors import DlquizError

BUSY_TIMEOUT_S = 5.0  # another session's write takes milliseconds; anything longer is a program holding it
PENDING_SUFFIX = "-pending.jsonl"
MAX_PENDING_BYTES = 16 * 1024 * 1024


class StoreError(DlquizError):
    """The progress database (or its pending file) could not be read or written; `reason` is the kind."""

    def __init__(self, path: Path, message: str, reason: str = "other"):
        self.path, self.reason = path, reason
        super().__init__(message)


def explain(path: Path, exc: BaseException) -> StoreError:
    """A StoreError saying what went wrong with the database at `path` and what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    where = f"The progress database '{path}'"
    elsewhere = "or set DLQUIZ_HOME to use another folder"
    if isinstance(exc, PermissionError) or "READONLY" in name or "readonly" in text or "Read-only" in text:
        return StoreError(path, f"{where} cannot be written (a read-only file or folder): make it writable, "
                                f"{elsewhere}", "readonly")
    if "FULL" in name or "disk is full" in text or getattr(exc, "errno", None) == 28:
        return StoreError(path, f"{where} cannot be written: the disk is full. Free some space and start "
                                "again (the answers already saved are safe)", "full")
    if "BUSY" in name or "LOCKED" in name or "locked" in text:
        return StoreError(path, f"{where} is locked by another program (another dlquiz, or a tool that has "
                                f"it open) and was still locked after {BUSY_TIMEOUT_S:g} s: close that "
                                "program and start again", "locked")
    if "CORRUPT" in name or "NOTADB" in name or "malformed" in text or "not a database" in text:
        return damaged(path, text)
    if "CANTOPEN" in name or "unable to open" in text:
        return StoreError(path, f"{where} cannot be opened ({text}): check that its folder exists and that you "
                                f"may write there, {elsewhere}", "cantopen")
    if isinstance(exc, OSError) or "IOERR" in name:
        return StoreError(path, f"{where} could not be read or written ({text}): check the disk, {elsewhere}",
                          "io")
    return StoreError(path, f"{where} failed: {text}. {elsewhere[0].upper()}{elsewhere[1:]}")


def damaged(path: Path, detail: str) -> StoreError:
    """The StoreError for a damaged database at `path`; `detail` says what was found."""
    return StoreError(path, f"The progress database '{path}' is damaged ({detail}): move it aside and dlquiz starts "
                            f"a new one (`sqlite3 {path.name} .recover` can often rescue its answers), or set "
                            "DLQUIZ_HOME to use another folder", "damaged")


class GuardedCursor:
    """A cursor whose reads turn SQLite errors into StoreError."""

    def __init__(self, cursor: sqlite3.Cursor, path: Path):
        self._cursor, self._path = cursor, path

    def fetchone(self) -> Any:
        """One row, or None."""
        try:
            return self._cursor.fetchone()
        except sqlite3.Error as exc:
            raise explain(self._path, exc) from None

    def fetchall(self) -> list[Any]:
        """Every row."""
        try:
            return self._cursor.fetchall()
        except sqlite3.Error as exc:
            raise explain(self._path, exc) from None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    @property
    def lastrowid(self) -> int | None:
        """The id of the row just inserted."""
        return self._cursor.lastrowid


class GuardedConnection:
    """A connection whose statements turn SQLite and OS errors into StoreError."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.raw, self._path = conn, path

    def execute(self, sql: str, params: Any = ()) -> GuardedCursor:
        """Run one statement."""
        try:
            return GuardedCursor(self.raw.execute(sql, params), self._path)
        except (sqlite3.Error, OSError) as exc:
            raise explain(self._path, exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def connect(path: Path, read_only: bool = False) -> GuardedConnection:
    """Open the database file at `path` (which must not be a 0-byte file); `read_only` opens it without
    taking locks or needing write access to its folder (what it shows is the last committed state)."""
    try:
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block, a folder never opens
            raise StoreError(path, f"The progress database '{path}' is not a regular file (a folder, named pipe or "
                                   "device): move it aside and dlquiz starts a new one, or set DLQUIZ_HOME to use "
                                   "another folder", "notfile")
        if path.exists() and path.stat().st_size == 0:
            raise StoreError(path, f"The progress database '{path}' is empty (0 bytes), so its answers are gone: "
                                   "restore it from a backup if you have one, else delete it and dlquiz starts a "
                                   "new one (or set DLQUIZ_HOME to use another folder)", "empty")
        if read_only:
            raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
        else:
            raw = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn = GuardedConnection(raw, path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the header: "not a database" here
        return conn
    except (sqlite3.Error, OSError) as exc:
        raise explain(path, exc) from None


def create(path: Path, initialise: Callable[[GuardedConnection], None]) -> None:
    """A new database at `path`, made complete (WAL mode, `initialise`d) under a temporary name and then
    linked into place, so `path` is never a half-made or 0-byte file; if another session made one first,
    theirs stays."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.new")
    try:
        conn = connect(temporary)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            initialise(conn)
        finally:
            conn.close()  # the last connection checkpoints and removes the WAL files
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.rename(temporary, path)
    except OSError as exc:
        raise explain(path, exc) from None
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + "-wal"),
                         temporary.with_name(temporary.name + "-shm")):
            leftover.unlink(missing_ok=True)


def writable(path: Path) -> bool:
    """Whether `path` (or, before it exists, its folder) can be written, as far as the OS says in advance."""
    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK) and os.access(path.parent, os.W_OK)


# --- answers that could not be committed ---------------------------------------------------------

def pending_path(db: Path) -> Path:
    """Where answers wait that could not be committed to the database at `db`."""
    return db.with_name(db.name + PENDING_SUFFIX)


def keep_pending(db: Path, entry: dict[str, Any]) -> Path:
    """Append `entry` (one answer and its schedule, as JSON data) to the pending file, flushed to disk."""
    path = pending_path(db)
    line = (json.dumps(entry, sort_keys=True) + "\n").encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise explain(path, exc) from None
    return path


def read_pending(db: Path) -> list[dict[str, Any]]:
    """The entries of the pending file (none when there is none); damaged lines are skipped."""
    from grader.userfiles import InputFileError, read_text

    path = pending_path(db)
    if not path.exists():
        return []
    try:
        text = read_text(path, "the pending answers file", MAX_PENDING_BYTES)
    except InputFileError as exc:
        raise StoreError(path, f"{exc}. It holds answers that could not be saved earlier: move it aside (or "
                               "delete it) and start again", "pending") from None
    entries = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short when the disk filled up
        if isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("record"), dict):
            entries.append(entry)
    return entries
