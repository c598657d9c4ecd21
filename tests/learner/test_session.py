"""The quiz loop, driven by a scripted terminal: what each way of answering records and schedules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from grader.learner.session import Item, Session, when
from grader.learner.store import Store
from grader.model import DesignQuestion, Question
from tests.learner.conftest import ScriptedIo

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
MSE_RIGHT, MSE_SUMMED = "0.04", "0.08"  # tests/learner/bank/losses/mse.yaml: summed is a listed mistake


def run(store, questions, answers, max_tries=3):
    """A session over `questions` (test-bank ids or Question objects) answered by the script."""
    items = [Item(questions[q] if isinstance(q, str) else q, 7) for q in questions["_order"]]
    io = ScriptedIo(answers)
    summary = Session(store, "ana", items, io, max_tries=max_tries, clock=lambda: NOW).run()
    return summary, io


def one(bank_questions, qid):
    return {**bank_questions, "_order": [qid]}


TYPED = [
    # name, answers, outcome, correct, tries, hints, rating, mistake?
    ("right first try", [MSE_RIGHT], "right", True, 1, 0, "good", False),
    ("wrong then right", [MSE_SUMMED, MSE_RIGHT], "right", True, 2, 0, "hard", False),
    ("hint then right", ["hint", MSE_RIGHT], "right", True, 1, 1, "hard", False),
    ("two hints, more asked", ["hint", "hint", "hint", MSE_RIGHT], "right", True, 1, 2, "hard", False),
    ("out of tries on a listed mistake", [MSE_SUMMED] * 3, "wrong", False, 3, 0, "again", True),
    ("out of tries, unlisted", ["1", "2", "3"], "wrong", False, 3, 0, "again", False),
    ("skip", ["skip"], "skipped", False, 0, 0, "again", False),
    ("solution after a try", [MSE_SUMMED, "solution"], "revealed", False, 1, 0, "again", True),
    ("unreadable answer costs no try", ["[1, 2", "abc", MSE_RIGHT], "right", True, 1, 0, "good", False),
    ("hostile answers cost no try", ["1/0", "9" * 320, "\udcff", "1e999999", "(-8)^(1/3)", MSE_RIGHT], "right", True,
     1, 0, "good", False),
    ("empty line and help cost no try", ["", "help", MSE_RIGHT], "right", True, 1, 0, "good", False),
    ("commands in any case", ["  HINT ", MSE_RIGHT], "right", True, 1, 1, "hard", False),
]


@pytest.mark.parametrize("name, answers, outcome, correct, tries, hints, rating, has_mistake", TYPED,
                         ids=[t[0] for t in TYPED])
def test_typed_answer_is_recorded_and_scheduled(store, bank_questions, name, answers, outcome, correct, tries,
                                                hints, rating, has_mistake):
    summary, _io = run(store, one(bank_questions, "losses/mse"), answers)
    [stored] = store.answers("ana")
    assert (stored.outcome, stored.correct, stored.tries, stored.hints_used, stored.rating) == (
        outcome, correct, tries, hints, rating)
    assert (stored.mistake is not None) == has_mistake
    assert stored.seed == 7 and stored.topic == "losses" and stored.kind == "numeric"
    assert summary.records[0].id == stored.id and not summary.interrupted
    assert store.card("ana", "losses/mse") is not None


def test_feedback_read_as_and_solution_are_shown(store, bank_questions):
    _summary, io = run(store, one(bank_questions, "losses/mse"), [MSE_SUMMED, "solution"])
    assert "Incorrect" in io.text and "read as: 0.08" in io.text
    assert "That is the sum of the squared errors: divide by n." in io.text
    assert "Answer: 0.04" in io.text and "The mean of the squared errors" in io.text
    assert "y\u0302 = [0.8, 0.2]" in io.text and "$" not in io.text  # LaTeX shown as Unicode


def test_out_of_tries_reveals_the_solution(store, bank_questions):
    _summary, io = run(store, one(bank_questions, "losses/mse"), ["1"], max_tries=1)
    assert "No tries left." in io.text and "Answer: 0.04" in io.text


def test_unreadable_answer_says_why_and_that_it_was_free(store, bank_questions):
    _summary, io = run(store, one(bank_questions, "losses/mse"), ["abc", MSE_RIGHT])
    assert "could not be read" in io.text and "did not cost a try" in io.text


def test_a_bug_while_checking_does_not_end_the_session(store, bank_questions, monkeypatch, tmp_path):
    from grader.checkers import numeric

    monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path))
    real = numeric.parse_numeric
    calls = []
    monkeypatch.setattr(numeric, "parse_numeric", lambda text: calls.append(text) or (real(text) if len(calls) > 1
                                                                                       else {}["boom"]))
    summary, io = run(store, one(bank_questions, "losses/mse"), [MSE_RIGHT, MSE_RIGHT])
    assert "bug in dlquiz" in io.text and "did not cost a try" in io.text
    [stored] = store.answers("ana")
    assert (stored.outcome, stored.tries) == ("right", 1) and not summary.interrupted


ENDINGS = [("quit", "quit"), ("Ctrl-C", KeyboardInterrupt)]


@pytest.mark.parametrize("name, ending", ENDINGS + [("end of input", None)], ids=["quit", "ctrl-c", "eof"])
def test_ending_mid_question_keeps_the_tries_already_given(store, bank_questions, tmp_path, name, ending):
    answers = [MSE_SUMMED] + ([ending] if ending else [])
    summary, _io = run(store, {**bank_questions, "_order": ["losses/mse", "optim/sgd"]}, answers)
    assert summary.interrupted and summary.asked == 1 and summary.counts()["unfinished"] == 1
    assert summary.ctrl_c == (ending is KeyboardInterrupt)
    reopened = Store.open(store.path)  # what another process sees: committed already
    [stored] = reopened.answers("ana")
    assert (stored.outcome, stored.tries, stored.rating) == (None, 1, None)
    assert reopened.card("ana", "losses/mse") is None  # not scheduled until finished


def test_nothing_answered_records_nothing(store, bank_questions):
    summary, _io = run(store, one(bank_questions, "losses/mse"), ["hint", "quit"])
    assert summary.records == [] and store.answers("ana") == []


FLASHCARD = [
    ("recalled", ["", "good"], "rated", True, 1.0, "good"),
    ("typed recall, rated by number", ["noise helps", "4"], "rated", True, 1.0, "easy"),
    ("hard", ["", "hard"], "rated", True, 0.5, "hard"),
    ("forgotten", ["", "again"], "rated", False, 0.0, "again"),
    ("bad rating asked again", ["", "meh", "good"], "rated", True, 1.0, "good"),
    ("skipped before the answer", ["skip"], "skipped", False, 0.0, "again"),
]


@pytest.mark.parametrize("name, answers, outcome, correct, score, rating", FLASHCARD, ids=[f[0] for f in FLASHCARD])
def test_flashcard_self_rating(store, bank_questions, name, answers, outcome, correct, score, rating):
    _summary, io = run(store, one(bank_questions, "training/minibatch"), answers)
    [stored] = store.answers("ana")
    assert (stored.outcome, stored.correct, stored.score, stored.rating) == (outcome, correct, score, rating)
    if outcome == "rated":
        assert "Model answer:" in io.text and "flat minima" in io.text


def test_choice_option_feedback_then_right(store, bank_questions):
    _summary, io = run(store, one(bank_questions, "losses/pick-loss"), ["b", "a"])
    assert "a) Mean squared error" in io.text and "a price is not a class" in io.text
    [stored] = store.answers("ana")
    assert (stored.outcome, stored.tries, stored.rating) == ("right", 2, "hard")


def test_design_fields_asked_in_turn_and_kept_on_retry(store, bank_questions):
    answers = ["relu", "mse", "32",           # first try: the loss is wrong
               "", "cross-entropy", ""]       # second try: Enter keeps the other two parts
    summary, io = run(store, one(bank_questions, "design/tiny-classifier"), answers)
    assert io.prompts[:3] == [  # by the field names the prompt gives, as lines of an answer file
        "(1/3) Activation of the hidden layer (e.g. tanh)\nhidden_activation: ",
        "(2/3) Loss function (e.g. mse or cross-entropy)\nloss: ", "(3/3) Mini-batch size (e.g. 32)\nbatch_size: "]
    assert "[Enter keeps: relu]" in io.prompts[3] and "[Enter keeps: mse]" in io.prompts[4]
    assert "classes call for cross-entropy" in io.text and "2 of 3 points" in io.text
    assert "Partly right  (score 0.667)" in io.text and "Incorrect" not in io.text
    assert [(r.outcome, r.tries, r.score, r.rating) for r in summary.records] == [("right", 2, 1.0, "hard")]
    after = io.text[io.text.index("Correct  (score 1)"):]  # the model answer and the worked solution follow
    assert "Model answer:" in after and "  hidden_activation: relu" in after and "ReLU hidden units" in after


def test_design_partial_credit_is_the_score(store, bank_questions):
    summary, io = run(store, one(bank_questions, "design/tiny-classifier"), ["relu", "mse", "32"], max_tries=1)
    [record] = summary.records
    assert (record.outcome, record.correct, round(record.score, 3)) == ("wrong", False, 0.667)
    assert summary.counts()["partly"] == 1 and "Partly right" in io.text and "Answer:" in io.text


def test_design_skip_from_any_field(store, bank_questions):
    summary, _io = run(store, one(bank_questions, "design/tiny-classifier"), ["relu", "skip"])
    assert [r.outcome for r in summary.records] == ["skipped"]


def test_summary_counts_score_and_topics(store, bank_questions):
    order = ["losses/mse", "losses/pick-loss", "optim/sgd", "training/minibatch"]
    answers = [MSE_RIGHT,        # right first try
               "hint", "a",      # right with help
               "skip",           # skipped
               "", "again"]      # flashcard forgotten: wrong
    summary, _io = run(store, {**bank_questions, "_order": order}, answers)
    assert summary.counts() == {"right": 1, "helped": 1, "partly": 0, "wrong": 1, "skipped": 1, "unfinished": 0}
    assert summary.score == 2
    assert summary.by_topic() == {"losses": (2, 2), "optim": (0, 1), "training": (0, 1)}
    assert [r.question_id for r in summary.to_review()] == ["training/minibatch", "optim/sgd", "losses/pick-loss"]


def test_a_broken_question_is_skipped_with_a_message(store, bank_questions, tmp_path):
    broken = Question("losses/broken", tmp_path / "broken.yaml",
                      DesignQuestion(title="Broken", prompt="{{ undefined_name }}"))
    summary, io = run(store, {**bank_questions, "_order": [broken, "optim/sgd"]}, ["1.47"])
    assert "Skipping losses/broken" in io.text
    assert [r.question_id for r in summary.records] == ["optim/sgd"]


WHEN = [(0, "now"), (20, "now"), (60, "in 1 minute"), (600, "in 10 minutes"), (3 * 3600, "in 3 hours"),
        (9 * 86400, "in 9 days")]


@pytest.mark.parametrize("seconds, text", WHEN)
def test_when(seconds, text):
    assert when(NOW + timedelta(seconds=seconds), NOW) == text


def test_summary_lists_at_most_ten_to_review():
    from grader.learner.store import AnswerRecord
    from grader.learner.summary import Summary, show_summary

    records = [AnswerRecord("ana", f"t/q{i}", "t", "numeric", 1, outcome="skipped", rating="again") for i in range(12)]
    lines: list[str] = []
    show_summary(Summary(records=records, asked=12, planned=12), lambda text="", *styles: lines.append(text),
                 "Reviews due now: 12 (`dlquiz review`).")
    assert "Score: 0 / 12 (0%)" in lines and "skipped 12" in lines[3] and "partly" not in lines[3]
    assert lines.count("  ... and 2 more") == 1 and sum(line.startswith("  t/q") for line in lines) == 10
    assert lines[-1] == "Reviews due now: 12 (`dlquiz review`)."


def test_prewarm_imports_in_the_background_and_ignores_failures():
    import sys
    import threading

    from grader.learner.session import prewarm

    sys.modules.pop("colorsys", None)
    prewarm(("no_such_module_anywhere", "colorsys"))
    for thread in threading.enumerate():
        if thread.name == "dlquiz-prewarm":
            thread.join()
    assert "colorsys" in sys.modules and "no_such_module_anywhere" not in sys.modules
