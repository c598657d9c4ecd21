"""The progress database failing under the real `dlquiz quiz` and `progress` (pexpect): a lock held by
another program, a read-only file or folder, a full disk, damaged pages, a newer schema, a 0-byte file.
Each ends in one message naming the file and what to do, exit 2, no traceback; older answers stay.

The read-only and full-disk cases need a private mount namespace (root and `unshare`, as in CI):
a read-only bind mount, and a 1 MiB tmpfs filled up while the question is on screen.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from grader.learner.store import SCHEMA_VERSION, AnswerRecord, Store
from tests.conftest import REPO, dlquiz_env
from tests.learner.conftest import BANK

OLDER = 5  # answers in the database before each test
QUIZ = ["quiz", "--topic", "optim", "--count", "1"]
NAMESPACES = os.geteuid() == 0 and shutil.which("unshare") is not None and subprocess.run(
    ["unshare", "-m", "true"], capture_output=True).returncode == 0
needs_namespaces = pytest.mark.skipif(not NAMESPACES, reason="needs root and unshare (a private mount namespace)")


def seed(home: Path) -> Path:
    """A database with OLDER answers of ana, who is the stored learner (so the quiz writes only when she answers)."""
    home.mkdir(parents=True, exist_ok=True)
    store = Store.open(home / "progress.db")
    store.set_setting("learner", "ana")
    store.add_learner("ana")
    for i in range(OLDER):
        store.save(AnswerRecord("ana", f"old/{i}", "old", "numeric", i, tries=1, correct=True, score=1.0,
                                outcome="right", rating="good"))
    store.close()
    return home / "progress.db"


def spawn(home: Path, args: list[str], wrapper: str | None = None) -> pexpect.spawn:
    """`python -m cli ARGS` in a pseudo-terminal; with `wrapper`, run inside `unshare -m sh -c WRAPPER`,
    where `$DLQUIZ` is the command."""
    env = dlquiz_env(home, DLQUIZ_BANK=str(BANK))
    command = " ".join([sys.executable, "-m", "cli", *args])
    if wrapper is None:
        child = pexpect.spawn(sys.executable, ["-m", "cli", *args], cwd=str(REPO), env=env, encoding="utf-8",
                              timeout=60, dimensions=(24, 100))
    else:
        child = pexpect.spawn("unshare", ["-m", "--propagation", "private", "sh", "-c", wrapper], cwd=str(REPO),
                              env={**env, "DLQUIZ": command}, encoding="utf-8", timeout=60, dimensions=(24, 100))
    child.logfile_read = io.StringIO()
    return child


def finish(child: pexpect.spawn) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    child.close()
    return " ".join(child.logfile_read.getvalue().split()), child.exitstatus


def said(out: str, text: str) -> bool:
    """Whether `text` was printed (the terminal wraps long lines, even inside a path)."""
    return "".join(text.split()) in "".join(out.split())


def older_answers_intact(db: Path) -> None:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT question_id FROM answers WHERE question_id LIKE 'old/%' ORDER BY id").fetchall()
        assert [r[0] for r in rows] == [f"old/{i}" for i in range(OLDER)]
    finally:
        conn.close()


def progress_json(home: Path, wrapper: str | None = None) -> dict:
    args = ["progress", "--json", "--learner", "ana"]
    if wrapper is None:
        run = subprocess.run([sys.executable, "-m", "cli", *args], cwd=REPO, capture_output=True, text=True,
                             env=dlquiz_env(home, DLQUIZ_BANK=str(BANK)), timeout=60)
    else:
        env = {**dlquiz_env(home, DLQUIZ_BANK=str(BANK)), "DLQUIZ": " ".join([sys.executable, "-m", "cli", *args])}
        run = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", wrapper], cwd=REPO,
                             capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_a_lock_held_during_an_answer_keeps_it_pending_and_stops(tmp_path):
    db = seed(tmp_path / "home")
    holder = sqlite3.connect(db, isolation_level=None)
    child = spawn(tmp_path / "home", QUIZ)
    child.expect("Your answer: ")
    holder.execute("BEGIN IMMEDIATE")  # another program takes the write lock while the question is on screen
    try:
        child.sendline("1.47")
        out, status = finish(child)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 2 and "Traceback" not in out
    assert said(out, f"The progress database '{db}' is locked by another program") and said(out, "after 5 s")
    assert said(out, f"Your answer to optim/sgd is kept in {db}-pending.jsonl")
    assert "The session stops here" in out
    older_answers_intact(db)
    before = [r for r in sqlite3.connect(db).execute("SELECT question_id FROM answers")]
    assert ("optim/sgd",) not in before
    progress_json(tmp_path / "home")  # the next open adds it
    after = [r[0] for r in sqlite3.connect(db).execute("SELECT question_id FROM answers")]
    assert after.count("optim/sgd") == 1 and len(after) == OLDER + 1
    assert not (tmp_path / "home" / "progress.db-pending.jsonl").exists()


def test_a_lock_held_when_the_quiz_starts_is_reported_before_asking(tmp_path):
    db = seed(tmp_path / "home")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        out, status = finish(spawn(tmp_path / "home", QUIZ + ["--learner", "bo"]))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 2 and "Traceback" not in out and "Your answer" not in out
    assert "is locked by another program" in out
    older_answers_intact(db)


def _spoil_pages(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[4096:-1] = b"\xff" * (len(data) - 4097)
    db.write_bytes(bytes(data))


def _newer(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


SPOILED = [  # (how, message fragment); the quiz stops before asking anything
    ("damaged pages", _spoil_pages, "is damaged"),
    ("newer schema", _newer, "was written by a newer dlquiz"),
    ("0 bytes", lambda db: db.write_bytes(b""), "is empty (0 bytes)"),
    ("not a database", lambda db: db.write_bytes(b"PK\x03\x04" + b"\0" * 5000), "is damaged (file is not a database)"),
]


@pytest.mark.parametrize("spoil, fragment", [s[1:] for s in SPOILED], ids=[s[0] for s in SPOILED])
def test_a_spoiled_database_is_one_message_and_is_left_as_it_was(tmp_path, spoil, fragment):
    db = seed(tmp_path / "home")
    spoil(db)
    before = db.read_bytes()
    out, status = finish(spawn(tmp_path / "home", QUIZ))
    assert status == 2 and "Traceback" not in out and "Your answer" not in out
    assert said(out, f"'{db}' {fragment}")
    assert "DLQUIZ_HOME" in out or "delete it" in out
    assert db.read_bytes() == before


READ_ONLY = {  # what is mounted read-only: the folder, or only the file
    "folder": 'mount --bind "$DLQUIZ_HOME" "$DLQUIZ_HOME" && mount -o remount,bind,ro "$DLQUIZ_HOME" && $DLQUIZ',
    "file": 'F="$DLQUIZ_HOME/progress.db"; mount --bind "$F" "$F" && mount -o remount,bind,ro "$F" && $DLQUIZ',
}


@needs_namespaces
@pytest.mark.parametrize("what", list(READ_ONLY))
def test_a_read_only_database_stops_the_quiz_before_asking_and_progress_still_reads(tmp_path, what):
    db = seed(tmp_path / "home")
    out, status = finish(spawn(tmp_path / "home", QUIZ, READ_ONLY[what]))
    assert status == 2 and "Traceback" not in out and "Your answer" not in out
    assert said(out, f"The progress database '{db}' cannot be written (a read-only file or folder)")
    assert "DLQUIZ_HOME" in out
    report = progress_json(tmp_path / "home", READ_ONLY[what])
    assert report["answers"] == OLDER
    older_answers_intact(db)


FULL_DISK = (
    'mkdir -p "$OUT" && cp "$DLQUIZ_HOME/progress.db" "$OUT/seed.db" && '
    'mount -t tmpfs -o size=1m tmpfs "$DLQUIZ_HOME" && cp "$OUT/seed.db" "$DLQUIZ_HOME/progress.db" && '
    '$DLQUIZ; code=$?; cp "$DLQUIZ_HOME"/progress.db* "$OUT/"; exit $code'
)


@needs_namespaces
def test_a_full_disk_during_an_answer_says_so_at_once_and_stops(tmp_path):
    home, out_dir = tmp_path / "home", tmp_path / "out"
    seed(home)
    child = spawn(home, QUIZ, FULL_DISK.replace("$OUT", str(out_dir)))
    child.expect("Your answer: ")
    filler = Path(f"/proc/{child.pid}/root") / str(home).lstrip("/") / "filler"
    with open(filler, "wb", buffering=0) as handle:  # fill the 1 MiB disk while the question is on screen
        try:
            while handle.write(b"\0" * 4096):
                pass
        except OSError:
            pass
    child.sendline("1.47")
    out, status = finish(child)
    assert status == 2 and "Traceback" not in out
    assert said(out, f"The progress database '{home / 'progress.db'}' cannot be written: the disk is full")
    assert "Your answer to optim/sgd could not be kept either" in out and "The session stops here" in out
    older_answers_intact(out_dir / "progress.db")
