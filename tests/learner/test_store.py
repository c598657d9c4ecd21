"""The progress store: round trips, due queries, schema upgrades, bad files, two writers at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from grader.errors import DlquizError
from grader.learner.store import (EXPORT_COLUMNS, SCHEMA_VERSION, AnswerRecord, CardRow, Store, StoreError, home_dir,
                                  iso)

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
STATE = '{"card_id": 1, "state": 1, "step": 0, "stability": null, "difficulty": null, "due": "2025-01-01T00:00:00+00:00", "last_review": null}'  # an FSRS card state as dlquiz writes it


def record(**changes) -> AnswerRecord:
    fields = dict(learner="ana", question_id="losses/mse", topic="losses", kind="numeric", seed=7)
    return AnswerRecord(**{**fields, **changes})


def test_a_new_database_is_current_and_in_wal_mode(store):
    assert store.version == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.answers("ana") == [] and store.cards("ana") == []


def test_home_dir_follows_dlquiz_home(monkeypatch, tmp_path):
    monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path / "elsewhere"))
    assert home_dir() == tmp_path / "elsewhere"
    opened = Store.open()
    assert opened.path == tmp_path / "elsewhere" / "progress.db" and opened.path.is_file()
    opened.close()


SAVES = [
    ("a first try", [dict(tries=1, mistake="summed")], dict(tries=1, mistake="summed", outcome=None)),
    ("tries update the same row", [dict(tries=1), dict(tries=2, correct=True, score=1.0, outcome="right",
                                                       rating="hard")],
     dict(tries=2, correct=True, score=1.0, outcome="right", rating="hard")),
    ("a skip", [dict(outcome="skipped", rating="again")], dict(tries=0, outcome="skipped", rating="again")),
    ("no seed", [dict(seed=None, tries=1)], dict(seed=None)),
]


@pytest.mark.parametrize("name, steps, expected", SAVES, ids=[s[0] for s in SAVES])
def test_save_inserts_once_then_updates(store, name, steps, expected):
    rec = record()
    for step in steps:
        for key, value in step.items():
            setattr(rec, key, value)
        store.save(rec)
    [stored] = store.answers("ana")
    assert stored == rec and stored.answered_at == rec.answered_at != ""
    assert all(getattr(stored, k) == v for k, v in expected.items())
    assert store.attempts("ana", "losses/mse") == 1 and store.attempts("bo", "losses/mse") == 0


def test_answer_and_card_commit_together(store):
    card = CardRow("ana", "losses/mse", STATE, iso(T0))
    store.save(record(outcome="right", rating="good"), card)
    assert store.card("ana", "losses/mse") == card
    store.save(record(outcome="right", rating="good"), CardRow("ana", "losses/mse", STATE, iso(T0 + timedelta(1))))
    assert [c.due for c in store.cards("ana")] == [iso(T0 + timedelta(1))]  # replaced, not added


def test_a_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            conn.execute("INSERT INTO settings VALUES ('x', 'y')")
            raise RuntimeError("interrupted")
    assert store.setting("x") is None


DUE = [  # cards due at T0 + hours; asked by T0 + `by` hours -> due ids, soonest first
    ([("a", 5), ("b", 1), ("c", 30)], 6, ["b", "a"]),
    ([("a", 5), ("b", 1)], 0, []),
    ([("a", 2), ("b", 2)], 2, ["a", "b"]),  # due exactly at `by` counts; ties by id
]


@pytest.mark.parametrize("cards, by, expected", DUE)
def test_due(store, cards, by, expected):
    for qid, hours in cards:
        store.save(record(question_id=qid), CardRow("ana", qid, STATE, iso(T0 + timedelta(hours=hours))))
    store.save(record(learner="bo"), CardRow("bo", "z", STATE, iso(T0)))
    assert [c.question_id for c in store.due("ana", T0 + timedelta(hours=by))] == expected


V1_ROWS = [  # question, answered_at, correct, tries, hints
    ("losses/mse", "2025-02-01T10:00:00+00:00", 0, 3, 0),
    ("losses/mse", "2025-02-02T10:00:00+00:00", 1, 1, 0),
    ("optim/sgd", "2025-02-03T10:00:00+00:00", 1, 2, 1),
]


def test_a_version_1_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "progress.db"
    Store.open(path, upgrade_to=1).close()
    old = sqlite3.connect(path)  # rows as dlquiz with schema 1 wrote them
    old.execute("INSERT INTO learners VALUES ('ana', '2025-02-01T09:00:00+00:00')")
    old.execute("INSERT INTO settings VALUES ('learner', 'ana')")
    for qid, at, correct, tries, hints in V1_ROWS:
        old.execute("INSERT INTO answers (learner, question_id, topic, kind, seed, answered_at, correct, score,"
                    " tries, hints_used, mistake) VALUES ('ana', ?, ?, 'numeric', 1, ?, ?, ?, ?, ?, NULL)",
                    (qid, qid.split("/")[0], at, correct, float(correct), tries, hints))
    old.commit()
    old.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1

    store = Store.open(path)
    assert store.version == SCHEMA_VERSION
    answers = store.answers("ana")
    assert [(a.outcome, a.rating) for a in answers] == [("wrong", "again"), ("right", "good"), ("right", "hard")]
    mse, sgd = store.card("ana", "losses/mse"), store.card("ana", "optim/sgd")
    assert mse.due > "2025-02-02T10:00:00+00:00" and sgd.due > "2025-02-03T10:00:00+00:00"
    assert store.setting("learner") == "ana"
    store.save(record(outcome="right", rating="good"))  # the upgraded file takes new answers
    assert len(store.answers("ana")) == 4


def test_a_newer_schema_is_refused_with_a_message(tmp_path):
    path = tmp_path / "progress.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DlquizError, match="newer dlquiz"):
        Store.open(path)


def _damage_pages(path: Path) -> None:
    """Overwrite the middle of the file (the answers' pages), keeping the header intact."""
    data = bytearray(path.read_bytes())
    data[4096:len(data) - 1] = b"\xff" * (len(data) - 4097)
    path.write_bytes(bytes(data))


def _with_answers(path: Path, n: int = 40) -> None:
    store = Store.open(path)
    for i in range(n):
        store.save(record(question_id=f"q/{i}", mistake="x" * 200))
    store.close()


BAD_FILES = [  # (how the file is spoiled, what the message says)
    ("not a database", lambda p: p.write_text("not a database at all " * 100), "is damaged (file is not a database)"),
    ("0 bytes", lambda p: p.write_bytes(b""), "is empty (0 bytes)"),
    ("damaged pages", lambda p: (_with_answers(p), _damage_pages(p)), "is damaged"),
    ("a folder", lambda p: p.mkdir(), "is not a regular file (a folder, named pipe or device)"),
    ("a named pipe", lambda p: __import__("os").mkfifo(p), "is not a regular file"),  # was "empty", or would block
]


@pytest.mark.parametrize("spoil, fragment", [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_a_spoiled_file_is_one_message_naming_it_and_what_to_do(tmp_path, spoil, fragment):
    path = tmp_path / "progress.db"
    spoil(path)
    with pytest.raises(StoreError) as exc:
        store = Store.open(path)
        store.answers("ana")  # damage may show only when the pages are read
    assert fragment in str(exc.value) and str(path) in str(exc.value)
    assert "DLQUIZ_HOME" in str(exc.value) or "delete it" in str(exc.value)


def test_a_new_database_never_exists_half_made(tmp_path, monkeypatch):
    """Created under a temporary name and linked into place: a crash while creating leaves no progress.db."""
    path = tmp_path / "progress.db"

    def crash(conn):
        raise KeyboardInterrupt

    from grader.learner import dbfile

    with pytest.raises(KeyboardInterrupt):
        dbfile.create(path, crash)
    assert list(tmp_path.iterdir()) == []
    Store.open(path).close()
    assert path.stat().st_size > 0 and [p.name for p in tmp_path.iterdir()] == ["progress.db"]


def test_a_lock_held_elsewhere_is_waited_on_briefly_then_reported(tmp_path, monkeypatch):
    path = tmp_path / "progress.db"
    Store.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr("grader.learner.dbfile.BUSY_TIMEOUT_S", 0.3)
    store = Store.open(path)
    try:
        with pytest.raises(StoreError, match="is locked by another program") as exc:
            store.save(record())
        assert exc.value.reason == "locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.save(record())  # once released, it works again
    assert len(store.answers("ana")) == 1


def test_read_only_opens_for_reports_only(tmp_path, monkeypatch):
    path = tmp_path / "progress.db"
    _with_answers(path, 3)
    monkeypatch.setattr("grader.learner.store.writable", lambda p: False)
    with pytest.raises(StoreError, match="cannot be written") as exc:
        Store.open(path)
    assert exc.value.reason == "readonly"
    store = Store.open_to_read(path)
    assert store.read_only and len(store.answers("ana")) == 3
    store.add_learner("bo")  # bookkeeping is skipped, not an error
    with pytest.raises(StoreError, match="open read-only"):
        store.save(record())
    assert Store.open_to_read(tmp_path / "none.db").answers("ana") == []  # nothing yet: an empty report


def test_an_answer_kept_pending_is_added_once_at_the_next_open(tmp_path):
    path = tmp_path / "progress.db"
    _with_answers(path, 2)
    store = Store.open(path)
    first = store.answers("ana")[0]
    first.tries, first.outcome, first.rating = 3, "wrong", "again"
    store.keep_unsaved(first, CardRow("ana", first.question_id, STATE, iso(T0)))  # a later try of a saved answer
    store.keep_unsaved(record(question_id="q/new", tries=1), None)  # a first try never saved
    store.close()
    (tmp_path / "progress.db-pending.jsonl").open("a").write('{"cut short\n')  # a line the full disk cut
    reopened = Store.open(path)
    assert reopened.merged == 2 and not (tmp_path / "progress.db-pending.jsonl").exists()
    answers = {a.question_id: a for a in reopened.answers("ana")}
    assert len(answers) == 3 and answers["q/0"].tries == 3 and answers["q/new"].tries == 1
    assert reopened.card("ana", "q/0").due == iso(T0)
    assert Store.open(path).merged == 0


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from grader.learner.store import AnswerRecord, CardRow, Store
    STATE = '{"card_id": 1, "state": 1, "step": 0, "stability": null, "difficulty": null, "due": "2025-01-01T00:00:00+00:00", "last_review": null}'
    store = Store.open(Path(sys.argv[1]))
    for i in range(int(sys.argv[3])):
        rec = AnswerRecord(sys.argv[2], f"q/{i}", "q", "numeric", i, tries=1)
        store.save(rec)
        rec.tries, rec.outcome, rec.rating = 2, "wrong", "again"
        store.save(rec, CardRow(sys.argv[2], f"q/{i}", STATE, "2025-01-01T00:00:00+00:00"))
""")


def test_two_sessions_writing_at_once_lose_nothing(tmp_path):
    path, n = tmp_path / "progress.db", 150
    Store.open(path).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(n)], cwd=REPO,
                                stderr=subprocess.PIPE, text=True) for name in ("ana", "bo")]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    store = Store.open(path)
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for name in ("ana", "bo"):
        assert len(store.answers(name)) == n and len(store.cards(name)) == n
        assert {a.tries for a in store.answers(name)} == {2}


def test_export_columns_are_the_documented_ones():
    assert EXPORT_COLUMNS == ("learner", "question_id", "topic", "kind", "seed", "answered_at", "correct", "score",
                              "tries", "hints_used", "mistake", "rating")


def test_an_interrupted_save_leaves_the_record_unsaved(store, monkeypatch):
    rec = record(tries=1)
    real_conn = store.conn
    real_execute = real_conn.execute

    class Interrupting:
        """Pass everything through, but raise Ctrl-C when the transaction is about to commit."""

        def execute(self, sql, *args):
            if sql == "COMMIT":
                raise KeyboardInterrupt
            return real_execute(sql, *args)

        def __getattr__(self, name):
            return getattr(real_conn, name)

    monkeypatch.setattr(store, "conn", Interrupting())
    with pytest.raises(KeyboardInterrupt):
        store.save(rec)
    monkeypatch.undo()
    assert rec.id is None and store.answers("ana") == []


HOSTILE_PENDING = [  # entries no dlquiz wrote: merged, each broke every later report with a traceback
    {"correct": "x"}, {"score": [1]}, {"score": "abc"}, {"score": float("inf")}, {"tries": "x"}, {"tries": -1},
    {"seed": 10 ** 30}, {"answered_at": "garbage"}, {"answered_at": ""}, {"outcome": "pwned"}, {"rating": 5},
    {"question_id": ["q"]},
]


@pytest.mark.parametrize("change", HOSTILE_PENDING, ids=lambda c: f"{next(iter(c))}={c[next(iter(c))]!r}")
def test_a_hostile_pending_entry_is_skipped_and_the_good_ones_merged(tmp_path, change):
    import json

    path = tmp_path / "progress.db"
    Store.open(path).close()
    good = {**record(tries=1).__dict__, "answered_at": iso(T0), "outcome": "right", "score": 1.0, "correct": True}
    lines = [{"key": "bad", "record": {**good, **change}}, {"key": "good", "record": good},
             {"key": "bad-card", "record": good, "card": {"learner": "ana", "question_id": "q", "state": "{", "due": "never"}}]
    (tmp_path / "progress.db-pending.jsonl").write_text("".join(json.dumps(e) + "\n" for e in lines))
    store = Store.open(path)
    assert store.merged == 1 and len(store.answers("ana")) == 1 and store.cards("ana") == []


@pytest.mark.parametrize("column, value, fragment", [
    ("score", "'abc'", "answer 1: score is 'abc', not a number from 0 to 1"),
    ("answered_at", "'yesterday'", "answer 1: answered_at is 'yesterday', not a time"),
    ("tries", "'\x1b[2J'", "answer 1: tries is '\\x1b[2J', not a count"),
])
def test_a_database_row_of_the_wrong_type_is_damage_named_not_a_traceback(tmp_path, column, value, fragment):
    path = tmp_path / "progress.db"
    _with_answers(path, 1)
    conn = sqlite3.connect(path)
    conn.execute(f"UPDATE answers SET {column} = {value}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="is damaged") as caught:
        Store.open(path).answers("ana")
    assert fragment in str(caught.value) and caught.value.reason == "damaged"


def test_a_card_fsrs_cannot_read_is_damage(tmp_path):
    path = tmp_path / "progress.db"
    store = Store.open(path)
    store.save(record(), CardRow("ana", "losses/mse", '{"card_id": 1}', iso(T0)))
    with pytest.raises(StoreError, match=r"the schedule of 'losses/mse': its FSRS state cannot be read"):
        store.cards("ana")


def test_dlquiz_home_that_is_a_file_is_one_message_for_writing_and_for_reports(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.write_text("not a folder")
    monkeypatch.setenv("DLQUIZ_HOME", str(home))
    for opener in (Store.open, Store.open_to_read):  # a report used to show an empty progress, saying nothing
        with pytest.raises(DlquizError, match="it is a file, not a folder"):
            opener()
