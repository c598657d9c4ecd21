"""`dlquiz assignment keys | check | answer`, and grading the saved answers: the learner's own
variants from their key, every readable answer saved at once, never the right answer shown."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest

from grader.assignment.answers import read_answers
from grader.assignment.grading import grade_typed
from grader.assignment.keys import learner_key, seed_for
from grader.assignment.spec import check_against, load_assignment
from grader.bank import Bank
from grader.checkers import checker_for
from grader.variants import make_variant

SECRET = "an instructor secret that is long enough"
ASSIGNMENT = """\
id: week-3
title: "Week 3: losses"
tries: 2
questions:
  - {id: losses/mse, points: 2}
  - {id: losses/choose-loss, points: 1}
  - {id: activations/sigmoid-derivative, points: 1}
exercises:
  - {id: code/mse, points: 4}
"""


@pytest.fixture
def repo(tmp_path) -> Path:
    """A learner's repository with the assignment file in it."""
    folder = tmp_path / "ana"
    folder.mkdir()
    (folder / "assignment.yaml").write_text(ASSIGNMENT)
    return folder


def right_answer(key: str, qid: str) -> str:
    """The right answer of the variant `key` gets (what a learner who knows it types)."""
    variant = make_variant(Bank.open(None).load(qid), seed_for(key, qid))
    text = checker_for(variant.question.kind).answer_text(variant)
    return text.split(")")[0] if variant.question.kind == "choice" else text


def test_keys_are_one_per_roster_learner(dlquiz, tmp_path, repo):
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,student_id,name,email\nana,S1,Ana Lima,ana@x\nben,S2,Ben Ode,ben@x\n"
                      "cy,S3,=HYPERLINK(\"http://x\"),cy@x\n")  # a name a learner set in the LMS
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    out = tmp_path / "keys.csv"
    run = dlquiz("assignment", "keys", str(repo / "assignment.yaml"), "--roster", str(roster),
                 "--secret-file", str(secret), "--out", str(out))
    assert run.code == 0, run.err
    rows = list(csv.DictReader(out.open()))
    assert [r["learner"] for r in rows] == ["ana", "ben", "cy"]
    assert rows[2]["name"] == "'=HYPERLINK(\"http://x\")"  # keys.csv is opened in a spreadsheet: no formula
    assert rows[0]["key"] == learner_key(SECRET.encode(), "week-3", "ana") != rows[1]["key"]
    assert rows[1]["name"] == "Ben Ode" and rows[1]["student_id"] == "S2"
    missing = dlquiz("assignment", "keys", str(repo / "assignment.yaml"), "--roster", str(roster))
    assert missing.code == 2 and "DLQUIZ_ASSIGNMENT_SECRET" in missing.err
    listed = dlquiz("assignment", "check", str(repo / "assignment.yaml"))
    assert listed.code == 0 and "3 question(s), 1 exercise(s), 8 points" in listed.out


def test_answering_saves_every_readable_answer_and_never_shows_the_answer(dlquiz, repo):
    key = learner_key(SECRET.encode(), "week-3", "ana")
    mse = right_answer(key, "losses/mse")
    lines = ["12345", "zero", mse,                       # wrong (a try), unreadable (free), right
             right_answer(key, "losses/choose-loss"),   # right at once
             "quit"]
    run = dlquiz("assignment", "answer", str(repo / "assignment.yaml"), "--key", key.upper(),
                 input="\n".join(lines) + "\n")
    assert run.code == 0, run.err
    assert "Not right. Saved (1 try left)." in run.out
    assert "Your answer could not be read" in run.out and "Not saved, and it did not cost a try." in run.out
    assert run.out.count("Right. Saved.") == 2
    assert "Answer:" not in run.out and "Hint" not in run.out  # graded mode: no answer, no hint
    assert "code/mse" in run.out and "exercises/mse.py" in run.out and "git add" in run.out
    saved = read_answers(repo / "answers.yaml")
    assert saved.key == key and saved.answers["losses/mse"].text == mse and saved.answers["losses/mse"].tries == 2
    assert set(saved.answers) == {"losses/mse", "losses/choose-loss"}

    again = dlquiz("assignment", "answer", str(repo / "assignment.yaml"), input="0\n0\n")  # the key is kept
    assert again.code == 0, again.err
    assert "losses/mse: right" in again.out and "losses/choose-loss: right" in again.out
    assert "no tries left: this answer counts" in again.out  # the symbolic one: two wrong tries
    assert read_answers(repo / "answers.yaml").answers["activations/sigmoid-derivative"].tries == 2


def test_ctrl_c_keeps_the_answers_given_and_exits_130(repo):
    import sys

    import pexpect

    from tests.conftest import REPO, dlquiz_env

    key = learner_key(SECRET.encode(), "week-3", "ana")
    child = pexpect.spawn(sys.executable, ["-m", "cli", "assignment", "answer", str(repo / "assignment.yaml"),
                                           "--key", key], cwd=str(REPO), env=dlquiz_env(repo / "home"),
                          encoding="utf-8", timeout=60, dimensions=(40, 120))
    child.expect("Your answer: ")
    child.sendline(right_answer(key, "losses/mse"))
    child.expect("Right. Saved.")
    child.expect("Your answer: ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and "Traceback" not in child.before
    assert set(read_answers(repo / "answers.yaml").answers) == {"losses/mse"}


@pytest.mark.parametrize("setup, args, words", [
    (None, [], "Give your key the first time"),
    (None, ["--key", "nope"], "is not a learner key"),
    ("assignment: week-3\nkey: abcd-efgh-ijkl-mnop\nanswers: {losses/mse: 0.04}\n", [], "answers.yaml:3:"),
    ("assignment: week-3\nkey: abcd-efgh-ijkl-mnop\n", ["--key", "bbbb-efgh-ijkl-mnop"], "started with another key"),
    ("assignment: week-2\nkey: abcd-efgh-ijkl-mnop\n", [], "holds answers to 'week-2'"),
])
def test_bad_starts_are_messages_and_leave_the_file_alone(dlquiz, repo, setup, args, words):
    answers = repo / "answers.yaml"
    if setup is not None:
        answers.write_text(setup)
    run = dlquiz("assignment", "answer", str(repo / "assignment.yaml"), *args, input="0.04\n")
    assert run.code == 2 and words in run.err and "Traceback" not in run.err
    assert (answers.read_text() if answers.exists() else None) == setup


def test_grading_uses_the_key_made_from_the_learners_identity(repo):
    assignment = load_assignment(repo / "assignment.yaml")
    questions = check_against(assignment, Bank.open(None))
    secret = SECRET.encode()
    ana, ben = (learner_key(secret, "week-3", who) for who in ("ana", "ben"))
    answers = {qid: right_answer(ben, qid) for qid in ("losses/mse", "losses/choose-loss")}
    (repo / "answers.yaml").write_text(textwrap.dedent(f"""\
        assignment: week-3
        key: {ben}
        answers:
          losses/mse: {{answer: "{answers['losses/mse']}", tries: 1}}
          losses/choose-loss: {{answer: "{answers['losses/choose-loss']}", tries: 1}}
    """))
    as_ben = grade_typed(assignment, questions, repo, "ben", secret)
    assert [r.status for r in as_ben.reports] == ["passed", "passed", "not attempted"] and not as_ben.notes
    assert [r.weight for r in as_ben.reports] == [2, 1, 1]
    copied = grade_typed(assignment, questions, repo, "ana", secret)  # ana copied ben's file
    assert copied.notes and "not ana's" in copied.notes[0]
    assert copied.reports[0].status == "failed"  # ben's numbers are not ana's
    assert right_answer(ana, "losses/mse") != answers["losses/mse"]
    practice = grade_typed(assignment, questions, repo, "ana", None)  # no secret: the file's key
    assert practice.reports[0].status == "passed" and "not checked" in practice.notes[0]
    (repo / "answers.yaml").unlink()
    nothing = grade_typed(assignment, questions, repo, "ana", secret)
    assert [r.status for r in nothing.reports] == ["not submitted"] * 3
