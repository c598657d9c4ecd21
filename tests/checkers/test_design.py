"""The design checker: reading each field form, grading by rules with partial credit, bad input, lint."""

from __future__ import annotations

import msgspec
import pytest
import yaml

from grader.bank import Bank
from grader.checkers import design, design_reading
from grader.checkers.design_rules import normalise_word
from grader.errors import AnswerFormatError
from grader.model import DesignRule, Question
from grader.variants import make_variant

QUESTION = Bank.open().load("design/audio-classifier")
VARIANT = make_variant(QUESTION)
MODEL = dict(QUESTION.spec.model_answer)

READERS = [
    # reader, what a learner gives (typed text or a YAML value), what it is read as
    (design_reading.read_widths, "128, 64", [128, 64]),
    (design_reading.read_widths, "128 64", [128, 64]),
    (design_reading.read_widths, [256, 128.0], [256, 128]),
    (design_reading.read_widths, 64, [64]),
    (design_reading.read_widths, "none", []),
    (design_reading.read_shapes, "128x200, 64x128, 5x64", [(128, 200), (64, 128), (5, 64)]),
    (design_reading.read_shapes, "128 × 200; 5 X 128", [(128, 200), (5, 128)]),
    (design_reading.read_shapes, "(128, 200), (5, 128)", [(128, 200), (5, 128)]),
    (design_reading.read_shapes, "W1: 128x200, W2 = 5x128", [(128, 200), (5, 128)]),
    (design_reading.read_shapes, [[128, 200], "5x128"], [(128, 200), (5, 128)]),
    (design_reading.read_word, " Cross_Entropy ", "cross-entropy"),
    (design_reading.read_word, "categorical cross entropy", "cross-entropy"),
    (design_reading.read_word, "ReLU", "relu"),
    (design_reading.read_word, "L2", "weight-decay"),
    (design_reading.read_number, "1e-3", 0.001),
    (design_reading.read_number, "1/1000", 0.001),
    (design_reading.read_number, 64, 64.0),
    (design_reading.read_settings, "dropout 0.3, weight-decay 1e-4", {"dropout": 0.3, "weight-decay": 1e-4}),
    (design_reading.read_settings, "dropout=0.3; L2: 1e-4", {"dropout": 0.3, "weight-decay": 1e-4}),
    (design_reading.read_settings, "dropout: 0.3, early stopping patience 5", {"dropout": 0.3, "early-stopping": 5.0}),
    (design_reading.read_settings, {"Dropout": 0.5, "weight_decay": "1e-5"}, {"dropout": 0.5, "weight-decay": 1e-5}),
    (design_reading.read_settings, ["dropout 0.2", {"patience": 10}], {"dropout": 0.2, "early-stopping": 10.0}),
    (design_reading.read_settings, "none", {}),
]


@pytest.mark.parametrize("reader, raw, expected", READERS)
def test_each_form_reads_what_learners_type(reader, raw, expected):
    assert reader(raw) == expected


UNREADABLE = [
    (design_reading.read_widths, "128, lots", "not a width"),
    (design_reading.read_widths, "128, 0", "at least 1"),
    (design_reading.read_shapes, "128 by 200", "rows x columns"),
    (design_reading.read_shapes, "128x200, 64", "rows x columns"),
    (design_reading.read_word, ["relu", "tanh"], "one name"),
    (design_reading.read_number, "fast", "not a number"),
    (design_reading.read_number, True, "give a number"),
    (design_reading.read_number, "[1, 2]", "single number"),
    (design_reading.read_settings, "dropout, weight decay", "name and a value"),
    (design_reading.read_settings, "dropout 0.3, dropout 0.5", "given twice"),
]


@pytest.mark.parametrize("reader, raw, words", UNREADABLE)
def test_unreadable_field_values_say_why(reader, raw, words):
    with pytest.raises(ValueError, match=words):
        reader(raw)


def changed(**fields: str) -> str:
    """The model answer with some fields replaced, as YAML text."""
    return yaml.safe_dump({**MODEL, **fields}, sort_keys=False)


GRADES = [
    # fields changed from the model answer, score, words in the feedback
    ({}, 1.0, "11 of 11 points"),
    ({"weight_shapes": "200x128, 128x64, 64x5"}, 9 / 11, "transposed shape"),
    ({"weight_shapes": "128x200, 64x100, 5x64"}, 10.333 / 11, "W^(2) should be 64x128"),
    ({"weight_shapes": "128x200, 5x64, 64x128"}, 8.667 / 11, "the last W needs 5 rows"),
    ({"weight_shapes": "128x200, 5x128"}, 9.667 / 11, "need 3 weight matrices"),
    ({"weight_shapes": "128x100, 64x128, 5x64"}, 10 / 11, "W^(1) needs 200 columns"),
    ({"weight_shapes": "128x200, 64x128, 10x64"}, 10 / 11, "the last W needs 5 rows"),
    ({"hidden_activation": "sigmoid"}, 10.5 / 11, "slope is at most 0.25"),
    ({"hidden_activation": "linear"}, 10 / 11, "collapse into one linear map"),
    ({"output_activation": "sigmoid"}, 10 / 11, "exactly one of 5 categories"),
    ({"loss": "mse"}, 10 / 11, "MSE suits continuous targets"),
    ({"loss": "hinge"}, 10 / 11, "use cross-entropy"),
    ({"output_activation": "CE"}, 10 / 11, "softmax"),
    ({"batch_size": "4096"}, 10 / 11, "too large"),
    ({"batch_size": "32.5"}, 10 / 11, "whole number"),
    ({"learning_rate": "0.5"}, 10 / 11, "too large"),
    ({"learning_rate": "1e-7"}, 10 / 11, "too small"),
    ({"regularizers": "dropout 0.9, weight-decay 1e-4"}, 10 / 11, "outside the sane range"),
    ({"regularizers": "dropout 0.3"}, 10 / 11, "asks for 2 regularizers"),
    ({"regularizers": "dropout 0.3, data augmentation 2"}, 10 / 11, "not one of the regularizers"),
    ({"regularizers": "none"}, 9 / 11, "you gave 0"),
    ({"regularizers": "dropout 0.3, patience 5, l2 1e-4"}, 1.0, "early-stopping 5"),
    ({"hidden_layers": "none", "weight_shapes": "5x200"}, 1.0, "5x200"),
]


@pytest.mark.parametrize("fields, score, words", GRADES)
def test_rules_give_partial_credit_and_feedback(fields, score, words):
    result = design.check(VARIANT, changed(**fields))
    assert result.score == pytest.approx(score, abs=1e-3)
    assert result.correct == (score == 1.0)
    assert words in result.feedback
    assert sum(r["earned"] for r in result.details["rules"]) == pytest.approx(score * 11, abs=0.01)


BAD_ANSWERS = [
    ("", "mapping"),
    ("just some words", "mapping"),
    ("[1, 2, 3]", "mapping"),
    ("loss: [unclosed", "not a YAML or JSON mapping"),
    ("loss: cross-entropy", "does not give hidden_layers"),
    (changed(losss="ce"), "no field 'losss'. Did you mean 'loss'?"),
    (changed(batch_size="lots"), "batch_size: 'lots' is not a number"),
    (changed(weight_shapes="big"), "weight_shapes"),
    (changed(loss=None), "does not give loss"),
    ("x" * 30000, "longer than"),
    ("[" * 5000, "nesting depth"),
    ("a: &x [1, 2]\nb: *x", "anchor or alias"),
    ("batch_size: 9" + "9" * 5000, "cannot be read"),
    ("batch_size: .inf", "batch_size: inf is not a finite number"),
    ("batch_size: .nan", "not a finite number"),
    ("batch_size: 2020-01-01", "a date is not read"),
    ("hidden_layers: " + "[" * 12 + "1" + "]" * 12, "nested more than"),
    ("loss: !!python/object/apply:os.system ['id']", "not a YAML or JSON mapping"),
    ("loss: !!python/object/apply:os.system [echo PWNED]", "not a YAML or JSON mapping"),
    (changed(hidden_layers=[[1, [2]]]), "hidden_layers"),
    (changed(regularizers=0.3), "not a name and a value"),
]


@pytest.mark.parametrize("text, words", BAD_ANSWERS)
def test_unreadable_answers_are_format_errors_not_tracebacks(text, words):
    with pytest.raises(AnswerFormatError, match=words.replace("(", r"\(").replace("?", r"\?")):
        design.check(VARIANT, text)


def test_fields_for_the_interactive_quiz_cover_the_model_answer():
    fields = design.answer_fields(VARIANT)
    assert [name for name, _ in fields] == list(MODEL)
    assert all("(e.g. " in question for _, question in fields)


def test_typed_field_texts_and_yaml_typed_values_grade_alike():
    typed = design.check_fields(VARIANT, {name: str(text) for name, text in MODEL.items()})
    as_yaml = design.check_fields(VARIANT, {name: yaml.safe_load(str(text)) for name, text in MODEL.items()})
    assert typed.correct and as_yaml.correct


def test_model_answer_text_round_trips_through_check():
    text = design.answer_text(VARIANT)
    assert design.check(VARIANT, text).score == 1.0
    assert design.reference(VARIANT)["weight_shapes"] == [(128, 200), (64, 128), (5, 64)]


def with_spec(**changes) -> list[tuple[tuple, str]]:
    """Lint findings of the capstone question with some spec fields replaced."""
    return design.spec_problems(msgspec.structs.replace(QUESTION.spec, **changes))


def replaced_rule(index: int, **changes) -> list[DesignRule]:
    rules = list(QUESTION.spec.rules)
    rules[index] = msgspec.structs.replace(rules[index], **changes)
    return rules


LINT = [
    ({}, None),
    ({"rules": []}, "needs `rules`"),
    ({"rules": replaced_rule(0, rule="width")}, "no design rule named 'width'. Did you mean 'widths'?"),
    ({"rules": replaced_rule(0, args={"input": 200})}, "missing required field `output`"),
    ({"rules": replaced_rule(4, args={"field": "batch", "low": 1, "high": 2})}, "field 'batch'"),
    ({"rules": replaced_rule(4, args={"field": "loss", "low": 1, "high": 2})}, "form number, not word"),
    ({"rules": replaced_rule(2, args={"fields": {"hidden_activation": {"accept": ["ReLU"]}}})}, "use 'relu'"),
    ({"model_answer": {**MODEL, "loss": "mse"}}, "does not earn full marks on: Softmax output"),
    ({"model_answer": {**MODEL, "batch_size": "many"}}, "cannot be read"),
    ({"prompt": "Design a network."}, "does not mention the field 'hidden_layers'"),
]


@pytest.mark.parametrize("changes, words", LINT)
def test_lint_explains_what_is_wrong_with_a_design_question(changes, words):
    messages = " | ".join(message for _, message in with_spec(**changes))
    if words is None:
        assert messages == ""
    else:
        assert words in messages


@pytest.mark.parametrize("word, canonical", [("Leaky_ReLU", "leaky-relu"), ("NLL", "cross-entropy"),
                                             ("early stopping", "early-stopping"), ("softmax.", "softmax")])
def test_words_are_normalised(word, canonical):
    assert normalise_word(word) == canonical


def test_a_design_question_without_rules_is_reported_by_the_loader(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("title: t\nkind: design\nprompt: p\n")
    from grader.errors import QuestionConfigError
    from grader.loader import load_question

    with pytest.raises(QuestionConfigError, match="needs `fields`"):
        load_question(path, "design/d")
    assert isinstance(QUESTION, Question)


@pytest.mark.parametrize("raw", ["a" + " " * 990 + "x", "dropout" + " " * 990, ": " * 495, "a" + "\t" * 990 + ":"])
def test_settings_are_read_in_linear_time(raw):
    import time

    start = time.monotonic()
    with pytest.raises(ValueError, match="is not a name and a value"):
        design_reading.read_settings(raw)
    assert time.monotonic() - start < 0.5  # one backtracking regular expression took 70 s on the first


def test_a_field_answer_with_a_thousand_spaces_is_decided_in_time():
    import time

    from grader.answering import UNREADABLE, check_answer

    answer = {k: str(v) for k, v in MODEL.items()}
    answer["regularizers"] = "a" + " " * 990 + "x"
    start = time.monotonic()
    assert check_answer(VARIANT, answer).status == UNREADABLE
    assert time.monotonic() - start < 2.0
