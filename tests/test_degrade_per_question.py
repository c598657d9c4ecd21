"""A bank mixing good and broken questions: every command leaves the broken ones out, says so once
each, and goes on with the rest (quiz and review in a pseudo-terminal, the others as subprocesses)."""

from __future__ import annotations

import io
import sqlite3
import sys

import pexpect
import pytest

from tests.conftest import REPO, dlquiz_env

GOOD = {
    "t/good-card": "title: Good card\nkind: flashcard\nprompt: What is a loss?\nanswer: A number to minimise.\n",
    "t/good-sgd": ("title: Good step\nkind: numeric\nprompt: 'w = {{ w }}, g = {{ g }}, lr 0.1: new w?'\n"
                   "parameters:\n  w: {canonical: 1.5}\n  g: {canonical: 0.3}\n  lr: {canonical: 0.1}\n"
                   "answer: {solver: sgd_step, args: {w: w, grad: g, lr: lr}}\n"),
}
BROKEN = {  # id: (file, the words saying why it is left out)
    "t/unknown-solver": ("title: B\nkind: numeric\nprompt: p\nanswer: {solver: nope, args: {}}\n",
                         "no solver named 'nope'"),
    "t/loops-forever": ("title: B\nkind: flashcard\nprompt: '{% for i in range(10**9) %}x{% endfor %}'\nanswer: x\n",
                        "range() of more than 10000 numbers"),
    "t/string-parameter": ("title: B\nkind: numeric\nprompt: '{{ z }}'\nparameters:\n  z: {canonical: abc}\n"
                           "answer: {solver: mse, args: {y_hat: z, y: z}}\n", "TypeError: unsupported operand"),
    "t/laughs": ("a: &a [x, x]\nb: [*a, *a]\ntitle: B\nkind: flashcard\nprompt: p\nanswer: x\n",
                 "YAML aliases (`*name`) are not allowed"),
    "t/globals-walk": ("title: B\nkind: flashcard\nanswer: x\n"
                       "prompt: \"{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}\"\n",
                       "'cycler' is undefined"),
}


@pytest.fixture
def bank(tmp_path):
    root = tmp_path / "bank"
    (root / "t").mkdir(parents=True)
    for qid, text in GOOD.items():
        (root / f"{qid}.yaml").write_text(text)
    for qid, (text, _) in BROKEN.items():
        (root / f"{qid}.yaml").write_text(text.replace("MARKER", str(tmp_path / "EXECUTED")))
    return root


def spawn(home, bank, *args):
    child = pexpect.spawn(sys.executable, ["-m", "cli", *args], cwd=str(REPO), encoding="utf-8", timeout=90,
                          dimensions=(40, 200), env=dlquiz_env(home, DLQUIZ_BANK=str(bank)))
    child.logfile_read = io.StringIO()
    return child


def answer_everything(child) -> str:
    """Answer whatever is asked (a number, Enter, a rating) until the session ends; the transcript."""
    while True:
        index = child.expect([r"Your answer: ", r"\n> ", r"\(1-4\): ", pexpect.EOF])
        if index == 3:
            break
        child.sendline(["1.47", "", "good"][index])
    child.close()
    return " ".join(child.logfile_read.getvalue().split())


def test_quiz_skips_the_broken_questions_once_each_and_asks_the_rest(tmp_path, bank):
    out = answer_everything(spawn(tmp_path / "home", bank, "quiz", "--learner", "ana", "--count", "10"))
    assert "Traceback" not in out
    for qid, (_, why) in BROKEN.items():
        assert out.count(f"Left out {qid}") + out.count(f"Skipping {qid}") == 1, qid
        assert why in out, (qid, out)
    assert "Good card" in out and "Good step" in out
    assert "Session summary" in out
    assert not (tmp_path / "EXECUTED").exists()


def come_back_tomorrow(home) -> None:
    """Every scheduled question due now (review only asks what is due, not what is due later today)."""
    with sqlite3.connect(home / "progress.db") as conn:
        assert conn.execute("UPDATE cards SET due = '2000-01-01T00:00:00+00:00'").rowcount >= 2


def test_review_skips_a_due_question_that_broke_since(tmp_path, bank, dlquiz):
    home = tmp_path / "home"
    answer_everything(spawn(home, bank, "quiz", "--learner", "ana", "--count", "10"))
    come_back_tomorrow(home)
    (bank / "t" / "good-sgd.yaml").write_text(GOOD["t/good-sgd"].replace("sgd_step", "sgd_stepp"))
    child = spawn(home, bank, "review", "--learner", "ana")
    out = answer_everything(child)
    assert "Traceback" not in out and "sgd_stepp" in out
    assert child.exitstatus == 0


def test_progress_and_export_go_on_without_the_broken_questions(tmp_path, bank, dlquiz):
    env = {"DLQUIZ_BANK": str(bank)}
    run = dlquiz("progress", "--learner", "ana", env=env)
    assert run.code == 0 and "2 problem(s) in the question files" in run.err  # those that do not load
    assert not (tmp_path / "EXECUTED").exists()
    out = tmp_path / "sheet.md"
    run = dlquiz("export", str(out), "--answers", env=env)
    assert run.code == 2 and "Traceback" not in run.err
    assert "2 question(s)" in run.out
    text = out.read_text()
    assert "Good card" in text and "Good step" in text
    for qid, (_, why) in BROKEN.items():
        [line] = [line for line in run.err.splitlines() if qid in line]
        assert line.startswith("Left out of the handout:") and why in line
