"""`dlquiz grade` for a class through the real command: not attempted apart from failing, the
learner's name, rosters, batch JUnit and Markdown, and an assignment's typed answers with its code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from grader.code import learner_filename, reference_path, starter_path
from tests.code.conftest import exercises

XSD = Path(__file__).resolve().parents[1] / "fixtures" / "junit" / "junit-10.xsd"
ONLY = "code/mse,code/one-hot"


def _question(qid):
    return next(q for q in exercises() if q.id == qid)


@pytest.fixture
def classroom(tmp_path) -> Path:
    """ada: both right; bob: mse untouched (the starter), one-hot right; cyd: nothing."""
    root = tmp_path / "class"
    mse, one_hot = _question("code/mse"), _question("code/one-hot")
    for name, files in (("ada", [(mse, reference_path(mse)), (one_hot, reference_path(one_hot))]),
                        ("bob", [(mse, starter_path(mse)), (one_hot, reference_path(one_hot))]), ("cyd", [])):
        folder = root / name
        folder.mkdir(parents=True)
        for question, source in files:
            shutil.copyfile(source, folder / learner_filename(question.id))
    (root / "bob" / "mse.py").write_text((root / "bob" / "mse.py").read_text().replace("\n", "\r\n") + "\n\n")
    return root


def test_an_untouched_starter_is_not_attempted_not_failing(dlquiz, classroom, tmp_path):
    one = dlquiz("grade", str(classroom / "bob"), "--only", ONLY, "--format", "json")
    statuses = {e["id"]: e["status"] for e in json.loads(one.out)["exercises"]}
    assert statuses == {"code/mse": "not attempted", "code/one-hot": "passed"}
    batch = dlquiz("grade", "--batch", str(classroom), "--only", ONLY, "--out", str(tmp_path / "gb.csv"))
    assert batch.code == 0, batch.err
    assert "not attempted: 1" in batch.out and "returns an ndarray" not in batch.out
    stats = dlquiz("stats", str(tmp_path / "gb.csv"))
    assert "not attempted" in stats.out and "returns an ndarray" not in stats.out


def test_the_learner_is_named_by_option_then_ci_then_folder(dlquiz, classroom):
    folder = str(classroom / "ada" )
    named = dlquiz("grade", folder, "--only", "code/mse", "--learner", "Ada L.", "--format", "json")
    assert json.loads(named.out)["learner"] == "Ada L."
    ci = dlquiz("grade", folder, "--only", "code/mse", "--format", "json",
                env={"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY_OWNER": "course-org", "GITHUB_ACTOR": "ada-l"})
    assert json.loads(ci.out)["learner"] == "ada-l"
    plain = dlquiz("grade", folder, "--only", "code/mse", "--format", "json", env={"GITHUB_ACTIONS": ""})
    assert json.loads(plain.out)["learner"] == "ada"


def test_batch_junit_and_markdown_are_written_beside_the_gradebook(dlquiz, classroom, tmp_path):
    junit = dlquiz("grade", "--batch", str(classroom), "--only", ONLY, "--format", "junit", "--out", str(tmp_path / "gb.csv"))
    assert junit.code == 0, junit.err
    xml = etree.parse(str(tmp_path / "gb.xml"))
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(xml)
    assert [s.get("name") for s in xml.getroot()] == ["ada", "bob", "cyd"]
    markdown = dlquiz("grade", "--batch", str(classroom), "--only", ONLY, "--format", "markdown",
                      "--out", str(tmp_path / "gb2.csv"))
    assert markdown.code == 0
    text = (tmp_path / "gb2.md").read_text()
    assert "| bob | 50% |" in text and "| `code/mse` |" in text


def test_a_roster_refuses_unknown_learners_and_adds_the_absent(dlquiz, classroom, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,student_id\nada,S1\nbob,S2\n")
    unknown = dlquiz("grade", "--batch", str(classroom), "--only", ONLY, "--roster", str(roster),
                     "--out", str(tmp_path / "gb.csv"))
    assert unknown.code == 2 and "'cyd'" in unknown.err and str(roster) in unknown.err
    assert not (tmp_path / "gb.csv").exists()
    roster.write_text("learner,student_id\nada,S1\nbob,S2\ncyd,S3\ndee,S4\n")
    batch = dlquiz("grade", "--batch", str(classroom), "--only", ONLY, "--roster", str(roster),
                   "--out", str(tmp_path / "gb.csv"))
    assert batch.code == 0, batch.err
    details = json.loads((tmp_path / "gb.json").read_text())
    assert details["totals"]["dee"]["total"] == 0 and details["totals"]["ada"]["student"]["student_id"] == "S1"
    assert {r["status"] for r in details["learners"]["dee"].values()} == {"not submitted"}
    one = dlquiz("grade", str(classroom / "ada"), "--only", ONLY, "--roster", str(roster), "--learner", "zed")
    assert one.code == 2 and "'zed'" in one.err


ASSIGNMENT = "id: w\nquestions:\n  - {id: activations/sigmoid-derivative, points: 1}\n  - losses/mse\n"


@pytest.mark.parametrize("name, content", [
    ("hang", "assignment: w\nkey: abcd-efgh-ijkl-mnop\nanswers:\n"
             "  activations/sigmoid-derivative: {answer: '(((2^200)^200)^200)^200'}\n  losses/mse: {answer: '1e999999'}\n"),
    ("bomb", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"),
    ("binary", "\udcff"),
    ("huge", "#" * (300 << 10)),
    ("shape", "assignment: w\nkey: abcd-efgh-ijkl-mnop\nanswers: [1, 2]\n"),
    ("key", "assignment: w\nkey: 1234\nanswers: {}\n"),
])
def test_hostile_answers_files_end_in_a_verdict_for_that_learner(dlquiz, tmp_path, name, content):
    (tmp_path / "a.yaml").write_text(ASSIGNMENT)
    learner = tmp_path / "class" / name
    learner.mkdir(parents=True)
    (learner / "answers.yaml").write_bytes(content.encode("utf-8", "surrogateescape"))
    batch = dlquiz("grade", "--batch", str(tmp_path / "class"), "--assignment", str(tmp_path / "a.yaml"),
                   "--out", str(tmp_path / "gb.csv"), timeout=60)
    assert batch.code == 0, batch.err
    assert "Traceback" not in batch.err
    record = json.loads((tmp_path / "gb.json").read_text())["learners"][name]
    assert all(r["score"] == 0 for r in record.values())
    one = dlquiz("grade", str(learner), "--assignment", str(tmp_path / "a.yaml"), "--format", "json", timeout=60)
    assert one.code in (0, 2) and "Traceback" not in one.err
    if one.code == 2:
        assert "answers.yaml" in one.err


@pytest.mark.parametrize("roster, assignment, words", [
    ("learner,learner\nx,y\n", ASSIGNMENT, "roster.csv:1:"),
    ("learner,student_id\nada,1\nada,2\n", ASSIGNMENT, "roster.csv:3: learner 'ada' is already on line 2"),
    ("learner\nada\nbob\ncyd\n", "id: w\nquestions:\n  - {id: losses/nope}\n", "a.yaml:3:"),
    ("learner\nada\nbob\ncyd\n", "id: w\nquestions: [losses/mse]\ntries: many\n", "a.yaml:3: [tries]"),
])
def test_malformed_class_files_stop_before_anything_is_written(dlquiz, classroom, tmp_path, roster, assignment, words):
    (tmp_path / "roster.csv").write_text(roster)
    (tmp_path / "a.yaml").write_text(assignment)
    run = dlquiz("grade", "--batch", str(classroom), "--roster", str(tmp_path / "roster.csv"),
                 "--assignment", str(tmp_path / "a.yaml"), "--out", str(tmp_path / "gb.csv"))
    assert run.code == 2 and words in run.err and "Traceback" not in run.err
    assert not (tmp_path / "gb.csv").exists() and not (tmp_path / "gb.json").exists()
