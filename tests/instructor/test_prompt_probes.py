"""What prompts promise: the examples they show, and whether they state a precision."""

import pytest

from grader.instructor.prompt_probes import example_findings, precision_findings, prompt_examples
from tests.conftest import variant_of


@pytest.mark.parametrize("prompt, examples", [
    ("Answer as a list, e.g. `[1, 3]`.", ["[1, 3]"]),
    ("Give 3 significant figures (e.g. 9.54e-7).", ["9.54e-7"]),
    ("Write it such as 0.25; then stop.", ["0.25"]),
    ("You may use `sigmoid(x)`, `exp`, `^`.", ["sigmoid(x)", "exp", "^"]),
    ("No example here.", []),
])
def test_examples_are_found(prompt, examples):
    assert prompt_examples(prompt) == examples


@pytest.mark.parametrize("qid", ["neurons/forward-relu", "activations/vanishing-gradient-factor",
                                 "activations/softmax", "activations/sigmoid-derivative"])
def test_the_bank_shows_no_example_that_is_an_answer(qid):
    for seed in (None, 0, 1, 2, 3):
        assert example_findings(variant_of(qid, seed)) == []


@pytest.mark.parametrize("qid", ["regularization/l1-penalty", "regularization/l2-penalty", "losses/mse"])
def test_the_bank_states_a_precision_where_three_decimals_would_fail(qid):
    for seed in (None, 0, 1, 2, 3):
        assert precision_findings(variant_of(qid, seed)) == []
