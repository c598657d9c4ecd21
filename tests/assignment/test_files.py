"""Assignment files, learner keys and answers files: what they hold, and one clear message
(file, line) for every malformed one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from grader.assignment.answers import Answer, AnswersFile, AnswersFileError, read_answers, write_answers
from grader.assignment.keys import learner_key, normal_key, read_secret, seed_for
from grader.assignment.spec import AssignmentError, check_against, load_assignment
from grader.bank import Bank
from grader.errors import DlquizError

GOOD = """\
id: week-3
title: "Week 3: losses"
tries: 2
questions:
  - {id: losses/mse, points: 2}
  - losses/choose-loss
exercises:
  - {id: code/mse, points: 5}
"""


def _write(tmp_path: Path, text: str, name: str = "assignment.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_a_good_assignment(tmp_path):
    assignment = load_assignment(_write(tmp_path, GOOD))
    assert assignment.id == "week-3" and assignment.tries == 2 and assignment.feedback == "verdict"
    assert [i.id for i in assignment.items] == ["losses/mse", "losses/choose-loss", "code/mse"]
    assert assignment.max_points == 8 and assignment.points_of("losses/choose-loss") == 1
    questions = check_against(assignment, Bank.open(None))
    assert questions["code/mse"].kind == "code"


@pytest.mark.parametrize("text, line, words", [
    ("id: week-3\nquestions: [losses/mse]\nbogus: 1\n", 3, "[bogus] unknown key"),
    ("id: Week 3\nquestions: [losses/mse]\n", 1, "[id] give the assignment an id"),
    ("id: w\nquestions:\n  - {id: losses/mse, points: -1}\n", 3, "points is a number above 0"),
    ("id: w\nquestions:\n  - {id: losses/mse}\n  - {id: losses/mse}\n", 4, "already listed under questions"),
    ("id: w\nquestions: [losses/mse]\nexercises: [losses/mse]\n", 3, "already listed"),
    ("id: w\nquestions: [losses/mse]\ntries: 0\n", 3, "tries is a whole number"),
    ("id: w\nquestions: [losses/mse]\nfeedback: all\n", 3, "feedback is one of"),
    ("id: w\nanswers: ../x.yaml\nquestions: [losses/mse]\n", 2, "plain file name"),
    ("id: w\n", None, "list at least one question"),
    ("id: w\nquestions: [losses/mse\n", 3, "not valid YAML"),
    ("id: w\nid: v\nquestions: [a]\n", 2, "given twice"),
    ("- just a list\n", 1, "an assignment file is a mapping"),
])
def test_malformed_assignment_files(tmp_path, text, line, words):
    path = _write(tmp_path, text)
    with pytest.raises(AssignmentError) as caught:
        load_assignment(path)
    message = str(caught.value)
    assert message.startswith(f"Assignment file error: {path}{':' + str(line) if line else ''}:"), message
    assert words in message


@pytest.mark.parametrize("entry, words", [
    ("questions: [losses/nope]", "No question with id 'losses/nope'"),
    ("questions: [code/mse]", "is a code question: list it under exercises"),
    ("exercises: [losses/mse]", "is a numeric question: list it under questions"),
    ("questions: [training/minibatch-generalisation]", "a flashcard is rated by the learner"),
])
def test_items_are_checked_against_the_bank(tmp_path, entry, words):
    path = _write(tmp_path, f"id: w\n{entry}\n")
    with pytest.raises(AssignmentError, match=words) as caught:
        check_against(load_assignment(path), Bank.open(None))
    assert f"{path}:2:" in str(caught.value)


def test_keys_need_the_secret_and_differ_per_learner_and_assignment():
    secret = b"a long instructor secret, 32+ chars"
    ana, ben = learner_key(secret, "week-3", "ana"), learner_key(secret, "week-3", "ben")
    assert ana != ben and ana == learner_key(secret, "week-3", " ANA ")
    assert ana != learner_key(secret, "week-4", "ana") and ana != learner_key(b"another secret of some length", "week-3", "ana")
    assert normal_key(ana.upper().replace("-", " ")) == ana
    assert seed_for(ana, "losses/mse") != seed_for(ben, "losses/mse")
    assert 0 <= seed_for(ana, "losses/mse") < 2 ** 31


@pytest.mark.parametrize("text", ["abcd", "abcd-efgh-ijkl-mno1", "abcd-efgh-ijkl-mnop-qrst", ""])
def test_a_mistyped_key_is_refused(text):
    with pytest.raises(DlquizError, match="is not a learner key"):
        normal_key(text)


def test_the_secret_comes_from_a_file_or_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DLQUIZ_ASSIGNMENT_SECRET", raising=False)
    assert read_secret(None) is None
    short = tmp_path / "short"
    short.write_text("abc\n")
    with pytest.raises(DlquizError, match="shorter than 16"):
        read_secret(short)
    monkeypatch.setenv("DLQUIZ_ASSIGNMENT_SECRET", "x" * 20)
    assert read_secret(None) == b"x" * 20
    with pytest.raises(DlquizError, match="Cannot read the secret file"):
        read_secret(tmp_path / "missing")


def test_answers_round_trip_and_are_written_whole(tmp_path):
    path = tmp_path / "answers.yaml"
    assert read_answers(path) is None
    answers = AnswersFile("week-3", "abcd-efgh-ijkl-mnop",
                          {"losses/mse": Answer("0.04", 1), "design/x": Answer({"layers": "128, 64"}, 2),
                           "q/tricky": Answer("=cmd|' /C calc'!A0\n# not: a key", 3)})
    write_answers(path, answers, "Week 3")
    assert path.read_text().startswith("# dlquiz answers for Week 3")
    assert read_answers(path) == answers
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]  # no temporary file left behind


def test_a_failed_save_is_said_at_once_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "answers.yaml"
    write_answers(path, AnswersFile("w", "abcd-efgh-ijkl-mnop", {"a": Answer("1")}), "W")
    before = path.read_text()

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("grader.userfiles.os.replace", disk_full)
    with pytest.raises(DlquizError, match="could not be saved.*No space left on device"):
        write_answers(path, AnswersFile("w", "abcd-efgh-ijkl-mnop", {"a": Answer("2")}), "W")
    assert path.read_text() == before and [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


@pytest.mark.parametrize("text, line, words", [
    ("assignment: w\nkey: k\nanswers:\n  a: 0.04\n", 4, "each answer is {answer: ..., tries: N}"),
    ("assignment: w\nkey: k\nanswers:\n  a: {answer: [1, 2]}\n", 4, "an answer is a line of text"),
    ("assignment: w\nkey: k\nanswers:\n  a: {answer: x, tries: -1}\n", 4, "tries is a whole number"),
    ("assignment: w\nkey: k\nanswers: {a: {answer: x}\n", 4, "not valid YAML"),
    ("assignment: w\nanswers: {}\n", None, "the learner key is missing"),
    ("assignment: w\nkey: k\nkey: j\n", 3, "given twice"),
    ("a: &x [1]\nb: *x\n", None, "anchors and aliases"),
    ("assignment: w\nkey: k\nanswers:\n  a: {answer: '" + "9" * 5000 + "'}\n", 4, "longer than 4000"),
])
def test_malformed_answers_files(tmp_path, text, line, words):
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    with pytest.raises(AnswersFileError) as caught:
        read_answers(path)
    message = str(caught.value)
    assert message.startswith(f"Answers file error: {path}{':' + str(line) if line else ''}:"), message
    assert words in message


def test_an_answers_file_that_is_a_link_or_huge_is_refused(tmp_path):
    target = tmp_path / "elsewhere.yaml"
    target.write_text("assignment: w\nkey: k\n")
    (tmp_path / "answers.yaml").symlink_to(target)
    with pytest.raises(AnswersFileError, match="not a regular file"):
        read_answers(tmp_path / "answers.yaml")
    huge = tmp_path / "huge.yaml"
    huge.write_text("#" * (300 << 10))
    with pytest.raises(AnswersFileError, match="larger than 256 KiB"):
        read_answers(huge)


@pytest.mark.parametrize("answer", ["(((2^200)^200)^200)^200", "1e999999", "9" * 3000, "x" * 3999])
def test_a_hostile_answer_ends_in_a_verdict_within_the_bound(answer):
    import time

    from grader.assignment.checking import UnreadableAnswer, check_typed
    from tests.conftest import variant_of

    started = time.monotonic()
    try:
        result = check_typed(variant_of("activations/sigmoid-derivative"), answer, seconds=2.0)
        assert not result.correct
    except UnreadableAnswer as exc:
        assert exc.problem == "answer"
    assert time.monotonic() - started < 6


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    path = _write(tmp_path, "id: w\nquestions: [losses/mse]\n" + bomb)
    with pytest.raises(AssignmentError, match="anchors and aliases"):
        load_assignment(path)
    (tmp_path / "answers.yaml").write_text(bomb)
    with pytest.raises(AnswersFileError, match="anchors and aliases"):
        read_answers(tmp_path / "answers.yaml")
