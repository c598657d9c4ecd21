"""Every exercise through the learner's path (`dlquiz grade`): the reference solutions score 100%,
the starters 0; and correct but unusual implementations get full marks."""

from __future__ import annotations

import json
import shutil

import pytest

from grader.code import learner_filename, reference_path, starter_path

from tests.code.conftest import corpus, exercises, grade_files


def _folder(tmp_path, name, path_of):
    folder = tmp_path / name
    folder.mkdir()
    for question in exercises():
        shutil.copyfile(path_of(question), folder / learner_filename(question.id))
    return folder


def test_every_exercise_has_a_reference_a_starter_and_hints():
    found = exercises()
    assert len(found) >= 10
    for question in found:
        assert reference_path(question).is_file(), question.id
        assert starter_path(question).is_file(), question.id
        assert question.spec.hints, f"{question.id} has no hints"
        assert "TODO" in starter_path(question).read_text(), f"{question.id}'s starter has no TODO"


def test_reference_solutions_score_full_marks(dlquiz, tmp_path):
    run = dlquiz("grade", str(_folder(tmp_path, "references", reference_path)), "--format", "json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    failing = {e["id"]: f"{e['first_failure']}: {e['message']}" for e in report["exercises"] if e["status"] != "passed"}
    assert failing == {}
    assert report["score"] == 1.0
    assert report["exercises_total"] == len(exercises())


def test_starters_score_zero(dlquiz, tmp_path):
    """Unchanged, a starter is "not attempted"; begun (here: one line added), it fails its checks."""
    untouched = _folder(tmp_path, "starters", starter_path)
    run = dlquiz("grade", str(untouched), "--format", "json", "--min-score", "0.5")
    assert run.code == 1, run.err  # below --min-score
    report = json.loads(run.out)
    assert {e["id"]: (e["status"], e["score"]) for e in report["exercises"]} == \
        {q.id: ("not attempted", 0.0) for q in exercises()}
    for file in untouched.iterdir():
        file.write_text(file.read_text() + "\nSTARTED = True\n")
    begun = json.loads(dlquiz("grade", str(untouched), "--format", "json").out)
    assert {e["id"]: (e["status"], e["score"]) for e in begun["exercises"]} == \
        {q.id: ("failed", 0.0) for q in exercises()}


@pytest.fixture(scope="module")
def unusual_reports(tmp_path_factory):
    return grade_files(corpus("correct"), tmp_path_factory.mktemp("correct"))


@pytest.mark.parametrize("name", [p.name for p in corpus("correct")])
def test_correct_but_unusual_implementations_get_full_marks(unusual_reports, name):
    report = unusual_reports[name]
    assert report.passed, f"{report.first_failure}: {report.message}"
    assert report.score == 1.0
