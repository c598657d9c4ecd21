"""The numeric checker on real bank questions: right forms, named mistakes, near misses, bad input."""

import numpy as np
import pytest

from grader.checkers.numeric import allowed_error, within
from grader.errors import AnswerFormatError
from grader.model import Tolerance
from tests.conftest import grade

VERDICTS = [
    # question, answer, correct, feedback fragment
    ("losses/mse", "0.04", True, "Correct"),
    ("losses/mse", "1/25", True, "Correct"),
    ("losses/mse", "4e-2", True, "Correct"),
    ("losses/mse", "0.0405", True, "Correct"),
    ("losses/mse", "0.08", False, "sum of the squared errors"),
    ("losses/mse", "0.02", False, "halved the mean"),
    ("losses/mse", "0.2", False, "mean absolute error"),
    ("losses/mse", "-0.04", False, "sign is flipped"),
    ("losses/mse", "0.044", False, "Close"),
    ("activations/softmax", "[0.629, 0.231, 0.140]", True, "Correct"),
    ("activations/softmax", "0.629, 0.231, 0.14", True, "Correct"),
    ("activations/softmax", "[0.63, 0.23, 0.14]", False, "Close"),
    ("activations/softmax", "[7.389, 2.718, 1.649]", False, "exponentials"),
    ("activations/softmax", "[0.571, 0.286, 0.143]", False, "divided each logit"),
    ("activations/softmax", "[0.140, 0.231, 0.629]", False, "wrong order"),
    ("optim/sgd-update", "1.47", True, "Correct"),
    ("optim/sgd-update", "1.53", False, "added the step"),
    ("optim/sgd-update", "1.2", False, "whole gradient"),
    ("regularization/l2-penalty", "0.02625", True, "Correct"),
    ("regularization/l2-penalty", "0.0525", False, "halve it"),
]


@pytest.mark.parametrize("qid, answer, correct, fragment", VERDICTS)
def test_verdicts(qid, answer, correct, fragment):
    result = grade(qid, answer)
    assert result.correct is correct
    assert result.score == (1.0 if correct else 0.0)
    assert fragment in result.feedback


def test_matched_mistake_is_reported_separately():
    result = grade("losses/mse", "0.08")
    assert result.mistake == result.feedback
    assert grade("losses/mse", "0.3").mistake is None


def test_read_as_shows_the_value():
    assert grade("losses/mse", "1/25").read_as == "0.04"


@pytest.mark.parametrize("qid, answer, fragment", [
    ("activations/softmax", "0.5", "expects a vector of 3 numbers"),
    ("activations/softmax", "[0.5, 0.5]", "it is a vector of 2 numbers"),
    ("losses/mse", "[0.04, 0.04]", "expects a single number"),
    ("losses/mse", "zero point zero four", "'zero', which is not known here"),
    ("losses/mse", "0,04", "For a decimal write a point"),
    ("activations/softmax", "[[0.6], [0.2], [0.1], [0.1]]", "expects a vector of 3 numbers"),
    ("losses/mse", "nan", "NaN"),
])
def test_unreadable_answers_raise_with_the_expected_shape(qid, answer, fragment):
    with pytest.raises(AnswerFormatError) as exc:
        grade(qid, answer)
    assert fragment in str(exc.value)


def test_seeded_variant_accepts_its_own_reference_and_not_the_canonical():
    from grader.checkers.numeric import reference
    from tests.conftest import variant_of

    variant = variant_of("losses/mse", seed=7)
    expected = float(reference(variant))
    assert grade("losses/mse", repr(expected), seed=7).correct
    canonical = variant_of("losses/mse")
    assert variant.params != canonical.params


TOLERANCES = [
    (Tolerance(), 1.0, 1.0014, True),
    (Tolerance(), 1.0, 1.0016, False),
    (Tolerance(), 0.629, 0.6285, True),
    (Tolerance(), 0.629, 0.631, False),
    (Tolerance(rtol=0, atol=0), 3.0, 3.0, True),
    (Tolerance(rtol=0, atol=0), 3.0, 3.0000001, False),
    (Tolerance(sigfigs=3), 0.02625, 0.0262, True),
    (Tolerance(sigfigs=3), 0.02625, 0.0260, False),
    (Tolerance(sigfigs=2), 1234.0, 1200.0, True),
    (Tolerance(sigfigs=2), 1234.0, 1300.0, False),
    (Tolerance(rtol=0.05, atol=0), 1.0, 1.05, True),  # exactly on the bound: inside despite binary rounding
    (Tolerance(rtol=0.05, atol=0), 1.0, 0.95, True),
    (Tolerance(rtol=0.05, atol=0), 1.0, 1.0500001, False),
    (Tolerance(rtol=0, atol=0.01), 100.0, 100.01, True),
    (Tolerance(rtol=0, atol=0.01), 100.0, 99.99, True),
    (Tolerance(rtol=0, atol=0.01), 100.0, 100.0100001, False),
    (Tolerance(rtol=0, atol=0.5e-3), 1e6, 1e6 + 0.5e-3, True),
    (Tolerance(), float("inf"), float("inf"), False),  # a non-finite reference is never compared
    (Tolerance(), float("nan"), float("nan"), False),
]


@pytest.mark.parametrize("tol, expected, given, ok", TOLERANCES)
def test_tolerance_modes(tol, expected, given, ok):
    assert within(np.array(given), np.array(expected), tol) is ok


def test_within_ignores_singleton_axes_but_not_real_shape_differences():
    tol = Tolerance()
    assert within(np.array([[1.0], [3.0]]), np.array([1.0, 3.0]), tol)
    assert not within(np.array([[1.0, 3.0], [2.0, 4.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]), tol)
    assert allowed_error(np.array(2.0), tol) == pytest.approx(0.0025)


FEEDBACK = [
    # given, expected, fragment of the feedback
    (0.08, 0.04, "twice the expected value"),
    (0.02, 0.04, "half the expected value"),
    (0.12, 0.04, "3 times the expected value"),
    (0.01, 0.04, "1/4 of the expected value"),
    (2.302585 * 0.5, 0.5, "ln 10"),
    (0.5 / 2.302585, 0.5, "1/ln 10"),
    (4.0, 0.04, "100 times"),
    (-0.04, 0.04, "sign is flipped"),
    (0.0406, 0.04, "rounded too early"),
    (0.777, 0.04, "Not quite."),
    ([[1.0, 3.0], [2.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]], "transposed"),
    ([0.1, 0.2, 0.7], [0.7, 0.2, 0.1], "wrong order"),
    ([0.3, 0.6, 0.9], [0.1, 0.2, 0.3], "3 times"),
]


@pytest.mark.parametrize("given, expected, fragment", FEEDBACK)
def test_near_miss_feedback_is_computed_from_the_values(given, expected, fragment):
    from grader.checkers.numeric_compare import near_miss

    assert fragment in near_miss(np.array(given), np.array(expected), Tolerance())


def test_elements_that_are_off_are_named_without_giving_an_accepted_value():
    from grader.checkers.numeric_compare import element_report

    report = element_report(np.array([0.629, 0.5, 0.14]), np.array([0.629, 0.231, 0.1402]), Tolerance())
    assert report == " 2 of 3 right; off: element 2 is 0.5, expected about 0.23."
    close = element_report(np.array([0.629, 0.231, 0.15]), np.array([0.629, 0.231, 0.1402]), Tolerance())
    assert "element 3 is 0.15, too large" in close  # 'about 0.14' would itself be accepted
    matrix = element_report(np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]), Tolerance())
    assert "row 2, column 2 is 5" in matrix


def test_vector_answers_name_the_elements_that_are_off():
    result = grade("activations/softmax", "[0.629, 0.5, 0.14]")
    assert not result.correct and result.score == 0.0
    assert "element 2 is 0.5" in result.feedback


def test_partial_credit_is_an_opt_in_per_question(tmp_path):
    from grader.bank import Bank

    folder = tmp_path / "activations"
    folder.mkdir()
    source = Bank.open().load("activations/softmax").file.read_text()
    (folder / "softmax.yaml").write_text(source + "\npartial_credit: true\n")
    result = grade("activations/softmax", "[0.629, 0.5, 0.14]", bank=tmp_path)
    assert (result.correct, result.score) == (False, 0.667)
    assert grade("activations/softmax", "[0.629, 0.231, 0.14]", bank=tmp_path).score == 1.0


def test_a_non_finite_reference_is_a_question_error_not_a_verdict(monkeypatch):
    from grader.checkers import numeric
    from grader.errors import QuestionConfigError
    from tests.conftest import variant_of

    monkeypatch.setattr(numeric, "reference", lambda variant: np.array(float("inf")))
    with pytest.raises(QuestionConfigError, match="not a finite number"):
        numeric.check(variant_of("losses/mse"), "1e308")


def test_relu_neuron_is_positive_on_about_half_the_variants():
    from grader.checkers.numeric import reference
    from tests.conftest import variant_of

    answers = [float(reference(variant_of("neurons/relu-neuron", seed))) for seed in range(100)]
    assert 0.3 <= sum(a > 0 for a in answers) / len(answers) <= 0.7  # typing 0 no longer always passes
    positive = next(seed for seed, a in enumerate(answers) if a > 0)
    assert grade("neurons/relu-neuron", "0", seed=positive).correct is False


def test_a_mistake_that_may_coincide_keeps_its_variants_and_its_feedback_elsewhere():
    from grader.checkers.numeric import well_posed
    from tests.conftest import variant_of

    negative = next(s for s in range(100) if grade("neurons/relu-neuron", "0", seed=s).correct)
    variant = variant_of("neurons/relu-neuron", negative)
    z = float(np.dot(variant.params["w"], variant.params["x"]) + variant.params["b"])
    assert "pre-activation" in grade("neurons/relu-neuron", repr(z), seed=negative).feedback
    positive = next(s for s in range(100) if not grade("neurons/relu-neuron", "0", seed=s).correct)
    assert well_posed(variant_of("neurons/relu-neuron", positive))


@pytest.mark.parametrize("qid, answer", [("regularization/l2-penalty", "0.0263"), ("regularization/l2-penalty", "0.0262"),
                                         ("regularization/l1-penalty", "0.035")])
def test_penalties_accept_three_significant_figures_as_their_prompts_say(qid, answer):
    from tests.conftest import variant_of

    assert "3 significant figures" in variant_of(qid).question.spec.prompt
    assert grade(qid, answer).correct
