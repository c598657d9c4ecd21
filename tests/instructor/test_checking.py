"""validate's driver: a file whose check runs too long, eats memory or dies is one problem, and the rest go on."""

from __future__ import annotations

import time

import pytest

from grader.bank import Bank
from grader.errors import Problem
from grader.instructor import checking
from grader.instructor.checking import Task, check_bank, check_bounded


def _sleeps(*args):
    time.sleep(60)


def _eats_memory(*args):
    hog = []
    while True:
        hog.append(bytearray(64 * 1024 * 1024))


def _dies(*args):
    import os

    os._exit(3)


@pytest.mark.parametrize("fn, seconds, words", [(_sleeps, 1, "took more than 1 s and was stopped"),
                                                (_eats_memory, 30, "needed more than 256 MB and was stopped"),
                                                (_dies, 30, "checking this question failed")],
                         ids=["time", "memory", "crash"])
def test_a_check_beyond_its_bounds_is_one_problem(monkeypatch, fn, seconds, words):
    monkeypatch.setattr(checking, "check_file", fn)
    monkeypatch.setattr(checking, "QUESTION_MEMORY_MB", 256)
    start = time.monotonic()
    loaded, problems = check_bounded(Task("t/q", "/bank/t/q.yaml", "/bank", 0, seconds))
    assert time.monotonic() - start < seconds + 10
    assert not loaded
    [problem] = problems
    assert isinstance(problem, Problem) and problem.file == "/bank/t/q.yaml"
    assert words in problem.message and "The other questions were checked" in problem.message


def test_every_file_is_checked_and_counted(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "good.yaml").write_text("title: G\nkind: flashcard\nprompt: '{{ 1 + 1 }}'\nanswer: x\n")
    (tmp_path / "t" / "bad.yaml").write_text("title: B\nkind: flashcard\nprompt: '{{ (2 ** 4000) ** 4000 }}'\nanswer: x\n")
    (tmp_path / "t" / "odd.yml").write_text("title: O\n")
    checked = check_bank(Bank(tmp_path), seeds=0)
    assert checked.questions == 2  # bad.yaml loads; its canonical variant does not render
    messages = sorted(str(p) for p in checked.problems)
    assert len(messages) == 2
    assert "bad.yaml" in messages[0] and "more than 4096 bits" in messages[0]
    assert "odd.yml" in messages[1] and "end in .yaml" in messages[1]
