"""The answer boundary: every input named in issue 9 ends in exactly one outcome, quickly, with a reason."""

import time

import pytest

from grader.answering import RIGHT, UNREADABLE, WRONG, check_answer
from tests.conftest import variant_of

SIG = "activations/sigmoid-derivative"
SGD = "optim/sgd-update"
CHOICE = "losses/choose-loss"
DESIGN = "design/audio-classifier"
LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

ISSUE_INPUTS = [
    # question, answer, outcome, fragment of the message or feedback
    (SIG, "sigmoid(x)*(1-sigmoid(x)", UNREADABLE, "never closed"),
    (SIG, "sigmoid(x))", UNREADABLE, "no matching '('"),
    (SIG, "(", UNREADABLE, "never closed"),
    (SIG, "1/0", UNREADABLE, "divides by zero"),
    (SIG, "x/(x-x)", UNREADABLE, "no value at any point"),
    (SIG, "log(0)", UNREADABLE, "log of 0"),
    (SIG, "σ(1-σ)", UNREADABLE, "needs its argument in parentheses"),
    (SIG, "sigmoid^2", UNREADABLE, "needs its argument in parentheses"),
    (SIG, "relu+1", UNREADABLE, "needs its argument in parentheses"),
    (SIG, "1e999999", UNREADABLE, "exponent of this number is too large"),
    (SIG, "1e999999999", UNREADABLE, "exponent of this number is too large"),
    (SIG, "(((2^200)^200)^200)^200", UNREADABLE, "too large to compute"),
    (SIG, "e^(e^(e^(e^x)))", WRONG, "differs"),
    (SIG, "R1(R3+1)", UNREADABLE, "not known here"),
    (SIG, "x(1-x)", UNREADABLE, "is a variable, not a function"),
    (SIG, "pi(3)", UNREADABLE, "is a constant, not a function"),
    (SIG, "σ(x)(1 − σ(x))", RIGHT, "Correct"),
    (SIG, "sigmoid(x)(1-sigmoid(x))", RIGHT, "Correct"),
    (SIG, "exp(-x)/(1+exp(-x))²", RIGHT, "Correct"),
    (SIG, "-" * 500 + "x", UNREADABLE, "nested more than"),
    (SIG, "__import__('os').system('id')", UNREADABLE, "not known here"),
    (SGD, "(-8)**(1/3)", UNREADABLE, "not a real number"),
    (SGD, "9" * 310, UNREADABLE, "310 digits"),
    (SGD, "9" * 320, UNREADABLE, "320 digits"),
    (SGD, "1e309", UNREADABLE, "too large"),
    (SGD, "nan", UNREADABLE, "NaN"),
    (SGD, "\udcff", UNREADABLE, "not UTF-8"),
    (SGD, "-3", WRONG, "Not quite"),
    (SGD, "1.47", RIGHT, "Correct"),
    (SGD, "147/100", RIGHT, "Correct"),
    (SGD, "1/(1+exp(-0.5))", WRONG, "Not quite"),
    (SGD, "sqrt(2)/2", WRONG, "Not quite"),
    (SGD, "log(3)", WRONG, "Not quite"),
    (CHOICE, "²", UNREADABLE, "not an option"),
    (CHOICE, "①", UNREADABLE, "not an option"),
    (CHOICE, "9" * 5000, UNREADABLE, "not an option"),
    (CHOICE, "\x00", UNREADABLE, "not an option"),
    (DESIGN, "batch_size: 9" + "9" * 5000, UNREADABLE, "cannot be read"),
    (DESIGN, "batch_size: .inf", UNREADABLE, "not a finite number"),
    (DESIGN, LAUGHS, UNREADABLE, "anchor or alias"),
    (DESIGN, "x" * 30_000, UNREADABLE, "characters"),
]


@pytest.mark.parametrize("qid, answer, status, fragment", ISSUE_INPUTS)
def test_every_input_named_in_the_issue(qid, answer, status, fragment):
    variant = variant_of(qid)
    start = time.monotonic()
    outcome = check_answer(variant, answer)
    assert time.monotonic() - start < 2.0
    assert outcome.status == status
    text = outcome.message if outcome.result is None else outcome.result.feedback
    assert fragment in text
    if status == UNREADABLE:
        assert outcome.problem == "answer" and outcome.message.startswith("Your answer could not be read")
        assert outcome.exit_code == 2 and not outcome.graded
        outcome.message.encode("utf-8")  # printable, even for undecodable input


def test_decimals_in_symbolic_answers_are_exact(tmp_path):
    (tmp_path / "optim").mkdir()
    (tmp_path / "optim" / "step.yaml").write_text(
        "title: SGD step\nkind: symbolic\nprompt: Give the new weight after one step with learning rate 0.1.\n"
        "variables: [w, g]\nanswer: w - 0.1*g\n")
    variant = variant_of("optim/step", bank=tmp_path)
    for text, status in [("w - g/10", RIGHT), ("w - 0.1g", RIGHT), ("-g/10 + w", RIGHT), ("w - 0.10000000001*g", WRONG),
                         ("w - 0.1*g + 0*w", RIGHT), ("w + 0.1*g", WRONG)]:
        assert check_answer(variant, text).status == status, text


def test_a_question_error_is_not_the_learners(monkeypatch):
    from grader.checkers import numeric

    monkeypatch.setattr(numeric, "reference", lambda variant: 1 / 0)
    outcome = check_answer(variant_of("losses/mse"), "0.04")
    assert (outcome.status, outcome.problem) == (UNREADABLE, "question")
    assert "Question configuration error" in outcome.message and "ZeroDivisionError" in outcome.message


def test_a_bug_is_logged_and_costs_no_try(monkeypatch, tmp_path):
    from grader.checkers import numeric

    monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path))
    monkeypatch.setattr(numeric, "parse_numeric", lambda text: {}["boom"])
    outcome = check_answer(variant_of("losses/mse"), "0.04")
    assert (outcome.status, outcome.problem, outcome.exit_code) == (UNREADABLE, "internal", 2)
    assert "bug in dlquiz" in outcome.message
    assert "KeyError" in (tmp_path / "errors.log").read_text()


def test_the_whole_check_is_bounded(monkeypatch):
    from grader.symbolic import equivalence

    def slow(*args):
        while True:
            equivalence.bounded.check()

    monkeypatch.setattr(equivalence, "_by_sampling", slow)
    start = time.monotonic()
    outcome = check_answer(variant_of(SIG), "sigmoid(x)", seconds=0.3)
    assert time.monotonic() - start < 0.6
    assert outcome.status == UNREADABLE and "within 0.3 s" in outcome.message


def test_design_answers_given_field_by_field():
    variant = variant_of(DESIGN)
    model = dict(variant.question.spec.model_answer)
    assert check_answer(variant, {k: str(v) for k, v in model.items()}).status == RIGHT
    broken = {**{k: str(v) for k, v in model.items()}, "batch_size": "\udcff"}
    assert check_answer(variant, broken).status == UNREADABLE


def test_json_form_of_each_outcome():
    right = check_answer(variant_of(SGD), "1.47").to_json()
    assert right["correct"] is True and right["read_as"] == "1.47"
    unreadable = check_answer(variant_of(SGD), "1/0").to_json()
    assert set(unreadable) == {"error", "problem"} and unreadable["problem"] == "answer"


@pytest.mark.parametrize("qid, answer", [
    (CHOICE, "b\x1b[2J\x1b]0;title\x07"),                                # the option text is echoed
    (DESIGN, '"\\e[31mfield": 1'),                                       # an unknown field's name is echoed
    (SGD, "1.47\u202e"),                                                 # a bidi override
])
def test_terminal_controls_in_an_answer_never_come_back_raw(qid, answer):
    outcome = check_answer(variant_of(qid), answer)
    shown = outcome.message if outcome.result is None else outcome.result.feedback + outcome.result.read_as
    assert not any(ch in shown for ch in "\x1b\x07\u202e") and "?" in shown, shown


def test_controls_in_a_design_value_are_shown_as_question_marks():
    variant = variant_of(DESIGN)
    model = {k: str(v) for k, v in variant.question.spec.model_answer.items()}
    outcome = check_answer(variant, {**model, "batch_size": "64\x1b[31m"})
    assert outcome.status == UNREADABLE and "'64?[31m'" in outcome.message
