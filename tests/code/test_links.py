"""Paths without links: a learner's folder, its `exercises/` subfolder, its files and every
folder above them are opened without following a symbolic link, so no link (to the reference
solutions, or to another learner's work) earns credit; in a batch the others are still graded."""

from __future__ import annotations

import csv
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from grader.code import grade_submission, learner_filename, reference_path
from grader.code.files import UnsafePath, learner_files, read_learner_file
from tests.code.conftest import exercises

ONLY = "code/mse,code/softmax"


def _question(qid):
    return next(q for q in exercises() if q.id == qid)


def _honest(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for qid in ONLY.split(","):
        shutil.copyfile(reference_path(_question(qid)), folder / learner_filename(qid))
    return folder


def _scores(dlquiz, folder: Path) -> dict:
    run = dlquiz("grade", str(folder), "--only", ONLY, "--format", "json")
    assert run.code == 0, run.err
    return {e["id"]: (e["score"], e["message"]) for e in json.loads(run.out)["exercises"]}


def test_an_exercises_folder_linked_to_the_solutions_scores_zero(dlquiz, tmp_path):
    """Issue 11, attack 2: `exercises -> solutions/code` once gave 100% on mse and softmax."""
    learner = tmp_path / "mallory"
    learner.mkdir()
    (learner / "exercises").symlink_to(reference_path(_question("code/mse")).parent)
    for qid, (score, message) in _scores(dlquiz, learner).items():
        assert score == 0, qid
        assert "'exercises' is a symbolic link" in message


def test_a_file_linked_to_another_learners_file_scores_zero(dlquiz, tmp_path):
    _honest(tmp_path / "alice")
    mallory = tmp_path / "mallory"
    mallory.mkdir()
    (mallory / "mse.py").symlink_to(tmp_path / "alice" / "mse.py")
    (mallory / "softmax.py").symlink_to("../alice/softmax.py")
    scores = _scores(dlquiz, mallory)
    assert {qid: s for qid, (s, _) in scores.items()} == {"code/mse": 0, "code/softmax": 0}
    assert all("it is a symbolic link" in message for _, message in scores.values())


def test_a_link_above_the_learners_folder_is_refused(dlquiz, tmp_path):
    _honest(tmp_path / "real" / "alice")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    run = dlquiz("grade", str(tmp_path / "linked" / "alice"), "--only", ONLY)
    assert run.code == 2 and "'" in run.err and "linked' is a symbolic link" in run.err
    assert "Traceback" not in run.err
    relative = dlquiz("grade", "linked/alice", "--only", ONLY, cwd=tmp_path)
    assert relative.code == 2 and "'linked' is a symbolic link" in relative.err
    assert dlquiz("grade", "real/alice", "--only", ONLY, cwd=tmp_path).code == 0


def test_exercise_test_refuses_a_link_in_the_files_path(dlquiz, tmp_path):
    _honest(tmp_path / "real")
    (tmp_path / "via").symlink_to(tmp_path / "real")
    run = dlquiz("exercise", "test", "code/mse", str(tmp_path / "via" / "mse.py"))
    assert run.code == 1 and "is a symbolic link" in " ".join(run.out.split()) and "Score 0%" in run.out
    direct = dlquiz("exercise", "test", "code/mse", str(tmp_path / "real" / "mse.py"))
    assert direct.code == 0, direct.out


def test_links_between_learners_in_a_batch(dlquiz, tmp_path):
    """`mallory/exercises -> ../alice/exercises`, `trudy -> alice` and `eve/mse.py -> ../alice/...`
    get 0 with the reason; alice and bob keep their marks and the gradebook is written."""
    root = tmp_path / "class"
    _honest(root / "alice" / "exercises")
    _honest(root / "bob")
    (root / "mallory").mkdir()
    (root / "mallory" / "exercises").symlink_to("../alice/exercises")
    (root / "trudy").symlink_to("alice")
    (root / "eve").mkdir()
    (root / "eve" / "mse.py").symlink_to("../alice/exercises/mse.py")
    (root / "notes.txt").write_text("not a learner")
    out = tmp_path / "gradebook.csv"
    run = dlquiz("grade", "--batch", str(root), "--only", ONLY, "--out", str(out))
    assert run.code == 0, run.err
    with open(out, newline="") as f:
        totals = {r["learner"]: float(r["total"]) for r in csv.DictReader(f)}
    assert totals == {"alice": 1.0, "bob": 1.0, "eve": 0.0, "mallory": 0.0, "trudy": 0.0}
    details = json.loads(out.with_suffix(".json").read_text())
    assert "symbolic link" in details["totals"]["trudy"]["error"]
    assert "symbolic link" in details["learners"]["mallory"]["code/mse"]["message"]
    assert "symbolic link" in details["learners"]["eve"]["code/mse"]["message"]
    assert "trudy could not be graded" in run.err


def test_a_fifo_or_a_folder_in_place_of_a_file_is_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "mse.py")
    (tmp_path / "softmax.py").mkdir()
    files = learner_files(tmp_path, ["code/mse", "code/softmax"])
    assert files["code/mse"].problem == "it is not a regular file"
    assert files["code/softmax"].problem == "it is not a regular file"
    report = grade_submission(_question("code/mse"), tmp_path / "mse.py")
    assert report.score == 0 and "not a regular file" in report.message


def test_a_file_swapped_for_a_link_after_listing_is_still_refused(tmp_path):
    """The check and the read are one open() with O_NOFOLLOW: no window to swap the file."""
    (tmp_path / "mse.py").write_text("x = 1\n")
    swapped = threading.Event()

    def swap():
        (tmp_path / "mse.py").unlink()
        (tmp_path / "mse.py").symlink_to(reference_path(_question("code/mse")))
        swapped.set()

    threading.Thread(target=swap).start()
    swapped.wait()
    with pytest.raises(UnsafePath, match="symbolic link"):
        read_learner_file(tmp_path, "mse.py")


def test_an_oversized_file_is_not_read(tmp_path):
    (tmp_path / "mse.py").write_bytes(b"#" * ((1 << 20) + 1))
    assert "larger than 1024 KiB" in learner_files(tmp_path, ["code/mse"])["code/mse"].problem
