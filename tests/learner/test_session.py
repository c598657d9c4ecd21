"""The quiz loop, driven by a scripted terminal: what each way of answering records and schedules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import yaml

from grader.checkers import design
from grader.learner.session import Item, Session, when, yaml_mapping
from grader.learner.store import Store
from grader.model import DesignQuestion, Question, Result
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


@pytest.fixture
def design_question(monkeypatch, tmp_path):
    """A design question with a stand-in field list and grader (the design checker is another issue's)."""
    spec = DesignQuestion(title="Audio classifier", prompt="Design a classifier for 1 s audio clips.",
                          hints=["Think of the input as an image."], solution="Spectrogram in, cross-entropy out.")
    question = Question("design/audio", tmp_path / "audio.yaml", spec)
    want = {"input": "spectrogram", "loss": "cross-entropy", "layers": 3}
    seen: list[str] = []

    def check(variant, text):
        seen.append(text)
        given = yaml.safe_load(text)
        right = sum(given.get(k) == v for k, v in want.items())
        return Result(right == len(want), right / len(want), str(given), f"{right} of {len(want)} parts right")

    monkeypatch.setattr(design, "answer_fields", lambda variant: [
        ("input", "What goes in?"), ("loss", "Which loss?"), ("layers", "How many layers?")], raising=False)
    monkeypatch.setattr(design, "check", check)
    return question, seen


def test_design_fields_asked_in_turn_and_kept_on_retry(store, design_question):
    question, seen = design_question
    answers = ["waveform", "cross-entropy", "3",  # first try: one part wrong
               "spectrogram", "", ""]           # second try: Enter keeps the other two
    summary, io = run(store, {"_order": [question]}, answers)
    assert yaml.safe_load(seen[0]) == {"input": "waveform", "loss": "cross-entropy", "layers": 3}
    assert yaml.safe_load(seen[1]) == {"input": "spectrogram", "loss": "cross-entropy", "layers": 3}
    assert "2 of 3 parts right" in io.text and any("How many layers?" in p for p in io.prompts)
    assert [(r.outcome, r.tries, r.score) for r in summary.records] == [("right", 2, 1.0)]


def test_design_skip_from_any_field(store, design_question):
    question, _seen = design_question
    summary, _io = run(store, {"_order": [question]}, ["spectrogram", "skip"])
    assert [r.outcome for r in summary.records] == ["skipped"]


def test_summary_counts_score_and_topics(store, bank_questions):
    order = ["losses/mse", "losses/pick-loss", "optim/sgd", "training/minibatch"]
    answers = [MSE_RIGHT,        # right first try
               "hint", "a",      # right with help
               "skip",           # skipped
               "", "again"]      # flashcard forgotten: wrong
    summary, _io = run(store, {**bank_questions, "_order": order}, answers)
    assert summary.counts() == {"right": 1, "helped": 1, "wrong": 1, "skipped": 1, "unfinished": 0}
    assert summary.score == 2
    assert summary.by_topic() == {"losses": (2, 2), "optim": (0, 1), "training": (0, 1)}
    assert [r.question_id for r in summary.to_review()] == ["training/minibatch", "optim/sgd", "losses/pick-loss"]


def test_a_broken_question_is_skipped_with_a_message(store, bank_questions, tmp_path):
    broken = Question("losses/broken", tmp_path / "broken.yaml",
                      DesignQuestion(title="Broken", prompt="{{ undefined_name }}"))
    summary, io = run(store, {**bank_questions, "_order": [broken, "optim/sgd"]}, ["1.47"])
    assert "Skipping losses/broken" in io.text
    assert [r.question_id for r in summary.records] == ["optim/sgd"]


YAML_FIELDS = [
    ({"n": "3"}, {"n": 3}),
    ({"lr": "1e-3"}, {"lr": "1e-3"}),  # YAML 1.1 reads 1e-3 as text; the checker decides what it accepts
    ({"layers": "[conv, pool]"}, {"layers": ["conv", "pool"]}),
    ({"note": "loss: cross-entropy # why"}, {"note": "loss: cross-entropy # why"}),  # not a scalar: kept as text
    ({"a": "yes"}, {"a": True}),
]


@pytest.mark.parametrize("typed, parsed", YAML_FIELDS)
def test_yaml_mapping_round_trips(typed, parsed):
    assert yaml.safe_load(yaml_mapping(typed)) == parsed


WHEN = [(0, "now"), (20, "now"), (60, "in 1 minute"), (600, "in 10 minutes"), (3 * 3600, "in 3 hours"),
        (9 * 86400, "in 9 days")]


@pytest.mark.parametrize("seconds, text", WHEN)
def test_when(seconds, text):
    assert when(NOW + timedelta(seconds=seconds), NOW) == text
