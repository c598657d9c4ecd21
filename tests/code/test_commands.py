"""`dlquiz exercise` and `dlquiz grade` through the real command: output, formats, exit codes."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader.code import learner_filename, reference_path, starter_path
from tests.code.conftest import SUBMISSIONS, exercises

ONLY = "code/relu-backward,code/one-hot,code/mse"


def _learner(root: Path, name: str, files: dict[str, Path]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for target, source in files.items():
        shutil.copyfile(source, folder / target)
    return folder


def _question(qid):
    return next(q for q in exercises() if q.id == qid)


@pytest.fixture
def classroom(tmp_path) -> Path:
    """Three learners: all right, one bug and a missing file, nothing submitted."""
    root = tmp_path / "class"
    relu, one_hot, mse = (_question(q) for q in ONLY.split(","))
    _learner(root, "ada", {learner_filename(q.id): reference_path(q) for q in (relu, one_hot, mse)})
    _learner(root, "bob", {"relu_backward.py": SUBMISSIONS / "buggy" / "relu_backward__inclusive_zero.py",
                           "one_hot.py": reference_path(one_hot)})
    (root / "cyd").mkdir()
    (root / ".git").mkdir()  # hidden folders are not learners
    return root


def test_exercise_start_writes_the_starter_and_never_overwrites(dlquiz, tmp_path):
    run = dlquiz("exercise", "start", "code/relu-backward", cwd=tmp_path)
    assert run.code == 0, run.err
    written = tmp_path / "exercises" / "relu_backward.py"
    assert written.read_text() == starter_path(_question("code/relu-backward")).read_text()
    assert "dlquiz exercise test code/relu-backward" in run.out
    written.write_text("# my work\n")
    again = dlquiz("exercise", "start", "code/relu-backward", cwd=tmp_path)
    assert again.code == 2 and "--force" in again.err and written.read_text() == "# my work\n"
    forced = dlquiz("exercise", "start", "code/relu-backward", "--force", "--dir", str(tmp_path / "exercises"))
    assert forced.code == 0 and "TODO" in written.read_text()


def test_exercise_test_runs_the_public_checks(dlquiz, tmp_path):
    assert dlquiz("exercise", "start", "code/mse", cwd=tmp_path).code == 0
    failing = dlquiz("exercise", "test", "code/mse", cwd=tmp_path)
    assert failing.code == 1
    assert "✗ returns an ndarray of the right shape and dtype" in failing.out
    assert "NotImplementedError" in failing.out and "skipped" in failing.out and "Score 0%" in failing.out
    assert "hidden" not in failing.out  # public checks only
    shutil.copyfile(reference_path(_question("code/mse")), tmp_path / "exercises" / "mse.py")
    passing = dlquiz("exercise", "test", "code/mse", "--json", cwd=tmp_path)
    assert passing.code == 0, passing.out
    report = json.loads(passing.out)
    assert report["status"] == "passed" and report["score"] == 1.0 and report["isolation"]


@pytest.mark.parametrize("args, fragment", [
    (["exercise", "test", "code/mse", "nowhere.py"], "No file nowhere.py"),
    (["exercise", "test", "losses/mse"], "not a coding exercise"),
    (["exercise", "start", "code/relu"], "No question with id 'code/relu'"),
    (["grade", "missing-folder"], "is not a folder"),
    (["grade", ".", "--format", "pdf"], "--format pdf"),
    (["grade", ".", "--min-score", "80"], "between 0 and 1"),
    (["grade", "--batch", ".", "--shard", "3/2"], "--shard 3/2"),
    (["grade", "merge"], "needs the shards' gradebooks"),
    (["grade", "merge", "nothing.csv"], "Cannot read the gradebook details"),
])
def test_bad_input_is_a_message_and_exit_2(dlquiz, tmp_path, args, fragment):
    run = dlquiz(*args, cwd=tmp_path)
    assert run.code == 2
    assert fragment in run.err
    assert "Traceback" not in run.err


def test_exercise_list_names_each_file(dlquiz, tmp_path):
    run = dlquiz("exercise", "list", "--json", cwd=tmp_path)
    rows = json.loads(run.out)
    assert {r["id"]: r["file"] for r in rows} == {q.id: learner_filename(q.id) for q in exercises()}
    assert not any(r["started"] for r in rows)


def test_grade_formats_and_exit_codes(dlquiz, classroom, tmp_path):
    bob = classroom / "bob"
    text = dlquiz("grade", str(bob), "--only", ONLY)
    assert text.code == 0
    assert "bob: 38.1%" in text.out and "not submitted" in text.out and "isolation: " in text.out
    assert "use `z > 0`" in text.out
    below = dlquiz("grade", str(bob), "--only", ONLY, "--min-score", "0.5", "--format", "json")
    assert below.code == 1
    report = json.loads(below.out)
    statuses = {e["id"]: e["status"] for e in report["exercises"]}
    assert statuses == {"code/mse": "not submitted", "code/one-hot": "passed", "code/relu-backward": "partial"}
    junit_file, summary = tmp_path / "report.xml", tmp_path / "summary.md"
    summary.write_text("# earlier steps\n")
    junit = dlquiz("grade", str(bob), "--only", ONLY, "--format", "junit", "--out", str(junit_file),
                   "--summary", str(summary))
    assert junit.code == 0 and "bob: 38.1%" in junit.out
    suites = ET.parse(junit_file).getroot()
    assert suites.tag == "testsuites" and int(suites.get("failures")) >= 2
    relu = next(s for s in suites if s.get("name") == "code/relu-backward")
    failure = next(c for c in relu if c.find("failure") is not None)
    assert failure.get("name") == "exact zeros and signs"
    assert any(c.find("skipped") is not None for c in relu)
    markdown = summary.read_text()
    assert markdown.startswith("# earlier steps\n## dlquiz: bob: 38.1%")
    assert "| `code/one-hot` | `one_hot.py` | ✅ passed | 100% |" in markdown and "<details>" in markdown


def test_grade_finds_an_exercises_subfolder(dlquiz, tmp_path):
    repo = tmp_path / "repo"
    _learner(repo / "exercises", "", {"mse.py": reference_path(_question("code/mse"))})
    run = dlquiz("grade", str(repo), "--only", "code/mse", "--format", "json")
    assert json.loads(run.out)["score"] == 1.0


def test_batch_gradebook_shards_and_merge(dlquiz, classroom, tmp_path):
    full = dlquiz("grade", "--batch", str(classroom), "--only", ONLY, "--workers", "2", "--out", str(tmp_path / "all.csv"))
    assert full.code == 0, full.err
    assert "Graded 3 learner(s) on 3 exercise(s)" in full.out
    with open(tmp_path / "all.csv", newline="") as f:
        rows = {r["learner"]: r for r in csv.DictReader(f)}
    assert list(rows) == ["ada", "bob", "cyd"]
    assert list(rows["ada"]) == ["learner", "code/mse", "code/one-hot", "code/relu-backward", "total"]
    assert rows["ada"]["total"] == "1.0000" and rows["cyd"]["total"] == "0.0000"
    assert rows["bob"]["code/one-hot"] == "1.0000"
    details = json.loads((tmp_path / "all.json").read_text())
    bob = details["learners"]["bob"]["code/relu-backward"]
    assert bob["status"] == "partial" and bob["first_failure"] == "exact zeros and signs" and "z > 0" in bob["mistake"]
    assert details["learners"]["cyd"]["code/mse"]["status"] == "not submitted"
    parts = []
    for k in (1, 2):
        out = tmp_path / f"part{k}.csv"
        shard = dlquiz("grade", "--batch", str(classroom), "--only", ONLY, "--shard", f"{k}/2", "--out", str(out))
        assert shard.code == 0, shard.err
        parts.append(str(out))
    merged = dlquiz("grade", "merge", *parts, "--out", str(tmp_path / "merged.csv"))
    assert merged.code == 0, merged.err
    assert (tmp_path / "merged.csv").read_text() == (tmp_path / "all.csv").read_text()
    twice = dlquiz("grade", "merge", parts[0], parts[0], "--out", str(tmp_path / "bad.csv"))
    assert twice.code == 2 and f"shard 1/2 is given twice: '{parts[0]}' and '{parts[0]}'" in twice.err
    missing = dlquiz("grade", "merge", parts[1], "--out", str(tmp_path / "bad.csv"))
    assert missing.code == 2 and "shard 1/2 is missing" in missing.err and "--partial" in missing.err
    assert not (tmp_path / "bad.csv").exists() and not (tmp_path / "bad.json").exists()  # nothing half-written
    partial = dlquiz("grade", "merge", parts[1], "--partial", "--out", str(tmp_path / "part.csv"))
    assert partial.code == 0 and json.loads((tmp_path / "part.json").read_text())["partial"] == "1 of 2 shards"
    mixed = dlquiz("grade", "merge", parts[0], str(tmp_path / "all.csv"), "--out", str(tmp_path / "bad.csv"))
    assert mixed.code == 2 and "is a whole class's gradebook, not a shard" in mixed.err
    below = dlquiz("grade", "--batch", str(classroom), "--only", ONLY, "--min-score", "0.5", "--out", str(tmp_path / "x.csv"))
    assert below.code == 1


def test_check_grades_a_file_or_its_text(dlquiz):
    reference = reference_path(_question("code/relu-backward"))
    assert dlquiz("check", "code/relu-backward", str(reference)).code == 0
    starter = starter_path(_question("code/relu-backward"))
    run = dlquiz("check", "code/relu-backward", f"@{starter}")
    assert run.code == 1 and "NotImplementedError" in run.out
