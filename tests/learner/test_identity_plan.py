"""Who is studying and their seeds; which questions a quiz or a review puts."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from grader.bank import Bank
from grader.errors import DlquizError
from grader.learner import identity, plan
from grader.learner.store import AnswerRecord, CardRow, iso
from tests.conftest import REPO
from tests.learner.conftest import BANK

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
STATE = '{"card_id": 1, "state": 1, "step": 0, "stability": null, "difficulty": null, "due": "2025-01-01T00:00:00+00:00", "last_review": null}'  # an FSRS card state as dlquiz writes it


def test_seeds_are_deterministic_and_personal():
    seed = identity.seed_for("ana", "losses/mse", 0)
    assert seed == identity.seed_for("ana", "losses/mse", 0) and 0 <= seed < 2**31
    others = {identity.seed_for("bo", "losses/mse", 0), identity.seed_for("ana", "losses/mse", 1),
              identity.seed_for("ana", "optim/sgd", 0)}
    assert seed not in others and len(others) == 3


NAMES = [("ana", "ana"), ("  Ana Li ", "Ana Li"), ("s1234567", "s1234567")]
BAD_NAMES = ["", "   ", "a" * 41, "ana,bo", "tab\there"]


@pytest.mark.parametrize("given, kept", NAMES)
def test_valid_names(given, kept):
    assert identity.valid_name(given) == kept


@pytest.mark.parametrize("given", BAD_NAMES)
def test_bad_names_are_explained(given):
    with pytest.raises(DlquizError, match="A learner name is"):
        identity.valid_name(given)


def test_name_asked_once_then_remembered(store):
    asked = []
    assert identity.resolve_learner(store, None, lambda prompt: asked.append(prompt) or " ana ") == "ana"
    assert identity.resolve_learner(store, None, lambda prompt: pytest.fail("asked twice")) == "ana"
    assert identity.resolve_learner(store, None, None) == "ana" and len(asked) == 1


def test_a_bad_name_is_asked_again(store):
    replies = iter(["", "ana"])
    assert identity.resolve_learner(store, None, lambda prompt: next(replies)) == "ana"


def test_explicit_learner_wins_without_replacing_the_default(store):
    assert identity.resolve_learner(store, "ana", None) == "ana"  # the first name becomes the default
    assert identity.resolve_learner(store, "bo", None) == "bo"
    assert identity.resolve_learner(store, None, None) == "ana"


def test_no_terminal_and_no_name_is_a_clear_error(store):
    with pytest.raises(DlquizError, match="--learner NAME or set DLQUIZ_LEARNER"):
        identity.resolve_learner(store, None, None)


FILTER_ERRORS = [
    (None, "numerik", 1, "Unknown kind 'numerik'. Did you mean 'numeric'?"),
    (None, "code", 1, "dlquiz exercise"),
    ("loses", None, 1, "No topic 'loses'. Did you mean 'losses'?"),
    ("optim", "choice", 1, "No choice questions in topic 'optim'"),
    (None, None, 0, "--count must be at least 1"),
]


@pytest.mark.parametrize("topic, kind, count, message", FILTER_ERRORS)
def test_quiz_explains_an_empty_filter(store, topic, kind, count, message):
    with pytest.raises(DlquizError, match=re.escape(message)):
        plan.quiz_items(store, "ana", Bank(BANK), topic, kind, count)


FILTERS = [(None, None, 5), ("losses", None, 2), (None, "numeric", 2), ("losses", "choice", 1), ("design", None, 1)]


@pytest.mark.parametrize("topic, kind, n", FILTERS)
def test_quiz_filters(store, topic, kind, n):
    items = plan.quiz_items(store, "ana", Bank(BANK), topic, kind, 10)
    assert len(items) == n and all(topic in (None, i.question.topic) and kind in (None, i.question.kind)
                                   for i in items)


def test_quiz_leaves_out_broken_files_with_a_warning(store, tmp_path, capsys):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "broken.yaml").write_text("title: [unclosed\n")
    (tmp_path / "t" / "fine.yaml").write_text((BANK / "optim" / "sgd.yaml").read_text())
    items = plan.quiz_items(store, "ana", Bank(tmp_path), None, None, 10)
    assert [i.question.id for i in items] == ["t/fine"]
    assert "Left out t/broken" in capsys.readouterr().err


def _answered(store, qid, correct):
    store.save(AnswerRecord("ana", qid, qid.split("/")[0], "numeric", 1, correct, float(correct), 1, 0, None,
                            "right" if correct else "wrong", "good" if correct else "again"))


def test_quiz_puts_new_questions_first_then_missed_ones(store):
    _answered(store, "losses/mse", True)
    _answered(store, "optim/sgd", False)
    items = plan.quiz_items(store, "ana", Bank(BANK), None, None, 5)
    ids = [i.question.id for i in items]
    assert set(ids[:3]) == {"design/tiny-classifier", "losses/pick-loss", "training/minibatch"}
    assert ids[3:] == ["optim/sgd", "losses/mse"]
    assert items[4].seed == identity.seed_for("ana", "losses/mse", 1)  # a new attempt, new numbers
    assert len(plan.quiz_items(store, "ana", Bank(BANK), None, None, 1)) == 1


def test_review_takes_what_is_due_now_and_counts_later_today_apart(store):
    end = plan.end_of_today(NOW)
    dues = {"losses/mse": NOW - timedelta(days=2), "design/tiny-classifier": NOW,
            "optim/sgd": NOW + timedelta(minutes=10),  # a learning step: later today, not now
            "losses/pick-loss": end + timedelta(minutes=1), "gone/question": NOW - timedelta(days=9)}
    for qid, due in dues.items():
        _answered(store, qid, True)
        store.save(AnswerRecord("ana", qid, "t", "numeric", 1), CardRow("ana", qid, STATE, iso(due)))
    items = plan.review_items(store, "ana", Bank(BANK), NOW)
    assert [i.question.id for i in items] == ["losses/mse", "design/tiny-classifier"]  # most overdue first; gone left out
    assert items[0].seed == identity.seed_for("ana", "losses/mse", 2)
    assert len(plan.review_items(store, "ana", Bank(BANK), NOW, count=1)) == 1
    status = plan.due_status(store, "ana", set(Bank(BANK).ids()), NOW)
    later_today = int(NOW + timedelta(minutes=10) < end) + int(end + timedelta(minutes=1) <= end)
    assert (status.now, status.later_today, status.next_due) == (2, later_today, NOW + timedelta(minutes=10))
    assert status.line(NOW).startswith("Reviews due now: 2 (`dlquiz review`)")
    with pytest.raises(DlquizError, match="--count must be at least 1"):
        plan.review_items(store, "ana", Bank(BANK), NOW, count=0)


DUE_LINES = [
    (0, 0, None, "Nothing scheduled for review yet"),
    (0, 1, timedelta(minutes=9), "Nothing due for review now; the next review is in 9 minutes (at "),
    (3, 0, timedelta(days=2), "Reviews due now: 3 (`dlquiz review`)."),
    (3, 2, timedelta(minutes=1), "Reviews due now: 3 (`dlquiz review`), 2 later today."),
]


@pytest.mark.parametrize("now, later, after, line", DUE_LINES)
def test_due_line_says_when_the_next_review_is(now, later, after, line):
    status = plan.DueStatus(now, later, None if after is None else NOW + after)
    assert status.line(NOW).startswith(line)


def test_end_of_today_is_local_midnight():
    end = plan.end_of_today(NOW)
    assert end > NOW and end - NOW <= timedelta(days=1)
    assert (end.hour, end.minute, end.second) == (0, 0, 0)


def test_a_question_without_parameters_has_one_variant(store, bank_questions):
    assert plan.item_for(store, "ana", bank_questions["losses/pick-loss"]).seed is None
    assert plan.item_for(store, "ana", bank_questions["optim/sgd"]).seed == identity.seed_for("ana", "optim/sgd", 0)


PUT_SYMBOLIC = """
import sys
from pathlib import Path
from grader.bank import Bank
from grader.learner.plan import item_for
from grader.learner.session import Session
from grader.learner.store import Store
from tests.learner.conftest import ScriptedIo
store = Store.open(Path(sys.argv[1]))
io = ScriptedIo(["quit"])
shown, at_prompt = io.show, []


def show(text="", *styles):
    if text.startswith("Answer with an expression"):  # the question's last line: it is all on screen
        at_prompt.append("sympy" in sys.modules)  # (SymPy may then load in the background)
    shown(text, *styles)


io.show = show
Session(store, "ana", [item_for(store, "ana", Bank.open().load("activations/sigmoid-derivative"))], io).run()
assert "Derivative of the sigmoid" in io.text, io.text
print(at_prompt)
"""


def test_a_symbolic_question_is_shown_without_importing_sympy(tmp_path):
    run = subprocess.run([sys.executable, "-c", PUT_SYMBOLIC, str(tmp_path / "p.db")], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[False]"
