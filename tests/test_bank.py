"""The built-in question bank: required ids, the material's worked values, accepted answers, targeted feedback."""

from __future__ import annotations

import json

import numpy as np
import pytest

from grader.bank import Bank
from grader.checkers import checker_for, numeric
from grader.render import render
from grader.variants import make_variant

BANK = Bank.open()
QUESTIONS = {q.id: q for q in BANK.load_all(lint=False)[0]}
OURS = sorted(qid for qid in QUESTIONS if not qid.startswith("code/"))
COMPUTE = [qid for qid in OURS if QUESTIONS[qid].kind in ("numeric", "symbolic")]
SEEDS = range(25)

REQUIRED = [
    "neurons/relu-neuron", "neurons/layer-dimensions", "neurons/forward-relu", "neurons/linear-collapse",
    "neurons/xor-not-linear", "losses/mse", "losses/choose-loss", "activations/softmax",
    "activations/sigmoid-derivative", "activations/relu-derivative", "backprop/weight-gradient",
    "backprop/gradient-at-point", "optim/sgd-update", "optim/epoch-steps", "regularization/l2-penalty",
    "regularization/weight-decay-tradeoff", "design/audio-classifier",
]

# The value the course material works out, as the material writes it.
MATERIAL_VALUES = [
    ("neurons/forward-relu", "[1, 3]"),                    # C1
    ("losses/mse", "0.04"),                                # C2
    ("activations/softmax", "[0.629, 0.231, 0.140]"),      # C3
    ("optim/sgd-update", "1.47"),                          # C4
    ("regularization/l2-penalty", "0.02625"),              # C5
    ("backprop/gradient-at-point", "[4, 2, 0]"),           # synthesis, backprop 4
    ("neurons/relu-neuron", "0"),                          # module check flashcard 1
    ("backprop/weight-gradient", "0.6"),                   # module check flashcard 3
    ("neurons/linear-collapse", "1"),                      # module check flashcard 6
    ("optim/epoch-steps", "10"),                           # R4
    ("neurons/layer-dimensions", "[1, 4]"),                # synthesis, introduction 2 (corrected)
    ("neurons/hidden-layer-shapes", "[[4, 3], [4, 1]]"),   # synthesis, introduction 2
    ("activations/sigmoid-derivative", "sigmoid(x)*(1 - sigmoid(x))"),
    ("backprop/gradient-expression", "4/3*x, 2*y - 2, 4*z^3 - 4*z^2"),
]

# Slips in the material, each turned into a mistake: (id, seed, the slip as a learner types it, words of its feedback).
SLIPS = [
    ("neurons/layer-dimensions", None, "[4, 1]", "transposed shape"),
    ("activations/sigmoid-derivative", None, "1/(1 + exp(-x))", "sigmoid itself"),
    ("activations/sigmoid-saturation", None, "0.5", "not its derivative"),
    ("optim/adam-bias-correction", None, "0.1", "10x smaller"),
    ("optim/adam-first-step", None, "1.49", "10 times too small"),
    ("optim/epoch-steps", "non-dividing", "floor", "Off by one"),
]


def variant_where(qid: str, wanted) -> object:
    """The canonical variant if `wanted(variant)` holds there, else the first seed where it does."""
    question = QUESTIONS[qid]
    for seed in [None, *range(200)]:
        variant = make_variant(question, seed)
        if wanted(variant):
            return variant
    raise AssertionError(f"{qid}: no variant found")


def grade(variant, text: str):
    """Check `text` with the question's own checker."""
    return checker_for(variant.question.kind).check(variant, text)


@pytest.mark.parametrize("qid", REQUIRED)
def test_required_question_exists_and_renders(qid):
    assert qid in QUESTIONS
    variant = make_variant(QUESTIONS[qid])
    assert render(variant.question.spec.prompt, variant.params)
    answer = checker_for(variant.question.kind).answer_text(variant)
    assert answer and render(variant.question.spec.solution, {**variant.params, "answer": answer})


@pytest.mark.parametrize("qid, value", MATERIAL_VALUES)
def test_canonical_reference_is_the_materials_value_and_is_accepted(qid, value):
    variant = make_variant(QUESTIONS[qid])
    if variant.question.kind == "numeric":
        expected = np.array(json.loads(value if value.startswith("[") else f"[{value}]"), dtype=float)
        assert np.allclose(np.squeeze(numeric.reference(variant)), np.squeeze(expected), atol=6e-4)
    result = grade(variant, value)
    assert result.correct and result.score == 1.0, result.feedback


@pytest.mark.parametrize("qid", OURS)
def test_every_question_renders_on_canonical_and_random_numbers(qid):
    question = QUESTIONS[qid]
    checker = checker_for(question.kind)
    for seed in [None, *SEEDS]:
        variant = make_variant(question, seed)
        answer = checker.answer_text(variant)
        texts = [question.spec.prompt, *question.spec.hints]
        texts += [o.text for o in getattr(question.spec, "options", [])]
        assert all(render(t, variant.params) for t in texts)
        render(question.spec.solution, {**variant.params, "answer": answer})
        if question.kind in ("numeric", "symbolic"):
            assert grade(variant, answer).correct, (seed, answer)


@pytest.mark.parametrize("qid", COMPUTE)
def test_compute_questions_list_mistakes_and_numeric_ones_vary(qid):
    spec = QUESTIONS[qid].spec
    assert spec.mistakes, "every compute or symbolic question names at least one mistake"
    if spec.kind == "numeric":
        assert any(p.uniform or p.integer or p.choice for p in spec.parameters.values())


NUMERIC_MISTAKES = [(qid, i) for qid in COMPUTE if QUESTIONS[qid].kind == "numeric"
                    for i in range(len(QUESTIONS[qid].spec.mistakes))]
SYMBOLIC_MISTAKES = [(qid, i) for qid in COMPUTE if QUESTIONS[qid].kind == "symbolic"
                     for i in range(len(QUESTIONS[qid].spec.mistakes))]


@pytest.mark.parametrize("qid, index", NUMERIC_MISTAKES)
def test_each_numeric_mistake_triggers_its_own_feedback(qid, index):
    spec = QUESTIONS[qid].spec

    def distinct(variant):
        truth, value = numeric.reference(variant), numeric.mistake_values(variant)[index][0]
        return not numeric.within(value, truth, spec.tolerance, factor=2.0)

    variant = variant_where(qid, distinct)
    value = numeric.mistake_values(variant)[index][0]
    result = grade(variant, json.dumps(np.asarray(value).tolist()))
    assert not result.correct
    assert result.mistake == render(spec.mistakes[index].feedback, variant.params)


@pytest.mark.parametrize("qid, index", SYMBOLIC_MISTAKES)
def test_each_symbolic_mistake_triggers_its_own_feedback(qid, index):
    spec = QUESTIONS[qid].spec
    variant = make_variant(QUESTIONS[qid])
    expression = spec.mistakes[index].expression
    result = grade(variant, expression if isinstance(expression, str) else ", ".join(expression))
    assert not result.correct and result.mistake == render(spec.mistakes[index].feedback, variant.params)


@pytest.mark.parametrize("qid, seed, text, words", SLIPS)
def test_slips_in_the_material_get_their_own_feedback(qid, seed, text, words):
    if seed == "non-dividing":
        variant = variant_where(qid, lambda v: v.params["n_samples"] % v.params["batch_size"] != 0)
        text = str(variant.params["n_samples"] // variant.params["batch_size"])
    else:
        variant = make_variant(QUESTIONS[qid], seed)
    result = grade(variant, text)
    assert not result.correct and words in result.feedback


def test_bank_is_clean_under_lint():
    questions, problems = BANK.load_all(lint=True)
    assert not problems, "\n".join(map(str, problems))
    assert {q.topic for q in questions} >= {"neurons", "activations", "losses", "backprop", "optim",
                                             "regularization", "training", "summary", "design"}


def test_list_shows_the_bank_by_topic(dlquiz):
    run = dlquiz("list")
    assert run.code == 0, run.err
    topics = [line for line in run.out.splitlines() if line and not line.startswith(" ")]
    assert {"neurons", "backprop", "summary", "design"} <= set(topics)
    assert all(qid in run.out for qid in REQUIRED)


def test_design_answer_from_a_file_through_the_command(dlquiz, tmp_path):
    model = json.loads(dlquiz("solution", "design/audio-classifier", "--json").out)["answer"]
    (tmp_path / "answer.yaml").write_text(model)
    right = dlquiz("check", "design/audio-classifier", f"@{tmp_path / 'answer.yaml'}")
    assert right.code == 0 and "11 of 11 points" in right.out
    (tmp_path / "worse.yaml").write_text(model.replace("5x64", "64x5").replace("softmax", "sigmoid"))
    worse = dlquiz("check", "design/audio-classifier", f"@{tmp_path / 'worse.yaml'}", "--json")
    data = json.loads(worse.out)
    assert worse.code == 1 and 0 < data["score"] < 1 and "transposed shape" in data["feedback"]
