"""Collecting a class's repositories with git (local bare repositories), and the Canvas and
Moodle gradebook files checked against their published column layouts."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from grader.classroom.lms import CANVAS_COLUMNS, MOODLE_COLUMNS

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}


def git(*args, cwd=None, env=None):
    import os

    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV, **(env or {})})


def make_repo(root: Path, learner: str, files: dict[str, str], date: str = "2025-01-01T10:00:00") -> Path:
    """A bare repository `root/<learner>.git` with one commit holding `files`."""
    work = root / "work" / learner
    work.mkdir(parents=True)
    git("init", "-q", "-b", "main", str(work))
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "work", cwd=work, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
    bare = root / f"{learner}.git"
    git("clone", "-q", "--bare", str(work), str(bare))
    return work


def test_collect_clones_updates_and_reports_failures(dlquiz, tmp_path):
    remotes = tmp_path / "remotes"
    ana = make_repo(remotes, "ana", {"exercises/mse.py": "# v1\n"})
    make_repo(remotes, "ben", {"answers.yaml": "x: 1\n", "evil": "x"})
    roster = tmp_path / "roster.csv"
    roster.write_text("learner\nana\nben\ncleo\n")
    into = tmp_path / "submissions"
    url = f"file://{remotes}/{{learner}}.git"
    first = dlquiz("collect", "--roster", str(roster), "--url", url, "--into", str(into))
    assert first.code == 1 and "cleo" in first.err  # cleo has no repository
    assert (into / "ana" / "exercises" / "mse.py").read_text() == "# v1\n"
    record = list(csv.DictReader((into / "collected.csv").open()))
    assert [(r["learner"], r["status"]) for r in record] == [("ana", "cloned"), ("ben", "cloned"), ("cleo", "failed")]
    (ana / "exercises" / "mse.py").write_text("# v2\n")
    git("commit", "-qam", "late", cwd=ana, env={"GIT_AUTHOR_DATE": "2025-03-05T10:00:00",
                                                 "GIT_COMMITTER_DATE": "2025-03-05T10:00:00"})
    git("push", "-q", str(remotes / "ana.git"), "main", cwd=ana)
    again = dlquiz("collect", "--roster", str(roster), "--url", url, "--into", str(into))
    assert "updated" in again.out and (into / "ana" / "exercises" / "mse.py").read_text() == "# v2\n"
    deadline = tmp_path / "at-deadline"
    cut = dlquiz("collect", "--roster", str(roster), "--url", url, "--into", str(deadline), "--before", "2025-03-01")
    assert (deadline / "ana" / "exercises" / "mse.py").read_text() == "# v1\n"  # the late commit is left out
    assert cut.code == 1
    bad = dlquiz("collect", "--roster", str(roster), "--url", "https://example.invalid/repo.git")
    assert bad.code == 2 and "{learner}" in bad.err


def _details(tmp_path: Path) -> Path:
    document = {"format": "dlquiz-gradebook", "version": 1, "exercises": ["losses/mse", "code/mse"], "shard": None,
                "isolation": "", "assignment": "week-3", "title": "Week 3: losses", "max_points": 20.0,
                "totals": {"ana": {"total": 0.875, "passed": 1}, "ben": {"total": 0.0, "passed": 0},
                           "=cmd": {"total": 1.0, "passed": 2}},
                "learners": {"ana": {}, "ben": {}, "=cmd": {}}}
    path = tmp_path / "gradebook.json"
    path.write_text(json.dumps(document))
    return path


@pytest.fixture
def roster(tmp_path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("learner,student_id,name,email,section,canvas_id\n"
                    "ana,S1,Ana Lima,ana@uni.example,A,101\nben,S2,Ben,ben@uni.example,,\n"
                    "=cmd,S3,=HYPERLINK(\"x\"),evil@uni.example,,\ndee,S4,Dee Dee,dee@uni.example,B,\n")
    return path


def test_canvas_layout(dlquiz, tmp_path, roster):
    out = tmp_path / "canvas.csv"
    run = dlquiz("grade", "export", str(_details(tmp_path)), "--lms", "canvas", "--roster", str(roster), "--out", str(out))
    assert run.code == 0, run.err
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == CANVAS_COLUMNS + ["Week 3: losses"]
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5] == "20"
    assert rows[2] == ["Lima, Ana", "101", "S1", "ana", "A", "17.5"]
    assert rows[3][2:4] == ["S2", "ben"] and rows[3][5] == "0"
    assert rows[4][0].startswith("'") and rows[4][3] == "'=cmd"  # no formula reaches a spreadsheet
    assert rows[5][2] == "S4" and rows[5][5] == ""  # dee is not in the gradebook: left blank
    assert "dee" in run.err


def test_moodle_layout_and_scaling(dlquiz, tmp_path, roster):
    out = tmp_path / "moodle.csv"
    run = dlquiz("grade", "export", str(_details(tmp_path)), "--lms", "moodle", "--roster", str(roster),
                 "--points", "10", "--out", str(out))
    assert run.code == 0, run.err
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == MOODLE_COLUMNS + ["Week 3: losses"]
    assert rows[0][:6] == ["First name", "Last name", "ID number", "Institution", "Department", "Email address"]
    assert rows[1] == ["Ana", "Lima", "S1", "", "", "ana@uni.example", "8.75"]


@pytest.mark.parametrize("args, words", [
    (["--lms", "blackboard"], "--lms blackboard: use one of canvas, moodle"),
    (["--lms", "canvas"], "--roster FILE is needed"),
])
def test_export_mistakes_are_messages(dlquiz, tmp_path, args, words):
    run = dlquiz("grade", "export", str(_details(tmp_path)), *args)
    assert run.code == 2 and words in run.err


def test_a_gradebook_learner_missing_from_the_roster_is_refused(dlquiz, tmp_path):
    small = tmp_path / "small.csv"
    small.write_text("learner\nana\n")
    run = dlquiz("grade", "export", str(_details(tmp_path)), "--lms", "canvas", "--roster", str(small),
                 "--out", str(tmp_path / "c.csv"))
    assert run.code == 2 and "not on the roster" in run.err and not (tmp_path / "c.csv").exists()
