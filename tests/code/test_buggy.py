"""Realistic buggy submissions: each fails the right check, with a message that says what to fix."""

from __future__ import annotations

import pytest

from grader.code.report import FAILED, PASSED, SKIPPED

XOR = "trains from the seed's weights to XOR (outputs within 0.2 for 2 of 3 seeds)"
# file -> (first failing check, fragments of its message, score)
EXPECTED = {
    "relu_backward__inclusive_zero.py": ("exact zeros and signs", ["case 1", "expected [[0, 0, 3]]", "got      [[0, -2, 3]]",
                                                                   "worst element at [0, 1]", "use `z > 0`, not `z >= 0`"], None),
    "relu_backward__in_place.py": ("does not modify its inputs", ["changed its input `dz`", "dz.copy()"], 6 / 7),
    "relu_backward__element_loop.py": ("vectorised (a large input within the time budget)",
                                       ["on a large input (dz (1000, 1000), z (1000, 1000))", "Python loops"], 6 / 7),
    "relu_backward__loop_in_child.py": ("vectorised (a large input within the time budget)",
                                        ["on a large input (dz (1000, 1000), z (1000, 1000))", "Python loops"], 6 / 7),
    "relu_backward__in_place_patched_check.py": ("does not modify its inputs", ["changed its input `dz`", "read-only"],
                                                 6 / 7),
    "relu_backward__one_argument.py": ("defines relu_backward(dz, z)", ["takes (z) but is called with 2 argument(s)"], 0),
    "relu_backward__misnamed.py": ("defines relu_backward(dz, z)", ["defines no function `relu_backward`", "relu_grad"], 0),
    "relu_backward__syntax_error.py": ("imports", ["does not import", "SyntaxError", "line 4"], 0),
    "relu_backward__no_return.py": ("returns an ndarray of the right shape and dtype", ["returned None", "`return`"], 0),
    "relu_backward__small_inputs_only.py": ("hidden cases", ["hidden case(s) fail", "wrong values on a hidden case"], None),
    "one_hot__int_dtype.py": ("returns an ndarray of the right shape and dtype", ["dtype int64", "floating-point"], 0),
    "one_hot__transposed.py": ("returns an ndarray of the right shape and dtype", ["shape (3, 4), expected (4, 3): transposed?"], 0),
    "one_hot__whole_columns.py": ("labels as a list, including a single class", ["`Y[np.arange(len(y)), y] = 1`"], 0),
    "one_hot__arrays_only.py": ("returns an ndarray of the right shape and dtype",
                                ["(a list)", "AttributeError", "'list' object has no attribute 'shape'", "line 6"], 0),
    "one_hot__returns_list.py": ("returns an ndarray of the right shape and dtype", ["returned a Python list"], 0),
    "softmax__naive.py": ("finite on extreme inputs", ["[1000, 1001, 1002]", "nan", "subtract each row's maximum"], 6 / 7),
    "softmax__columns.py": ("rows of a matrix", ["Each row must sum to 1"], None),
    "mse__mean_axis0.py": ("matrices", ["shape (2,), expected ()", "reduce over all elements"], None),
    "mse__sum.py": ("vectors, including the worked example", ["got 0.08, expected 0.04", "use the mean"], 0),
    "backprop_order__delta1_for_dw2.py": ("returns an ndarray of the right shape and dtype",
                                          ["`dW2` with shape (2, 2), expected (1, 2)", "`dW2 = delta2.T @ a1`"], 0),
    "backprop_order__no_relu_mask.py": ("a small network by hand", ["in `dW1`", "`(z1 > 0)`"], 0),
    "adam_bias_correction__only_v.py": ("the first step (m = v = 0, t = 1)", ["in `w_new`", "10 times too small"], 0),
    "adam_bias_correction__in_place.py": ("does not modify its inputs", ["changed its input `w`"], 4 / 5),
    "xor_mlp__untrained.py": (XOR, ["only 0 of 3 cases pass (2 needed)", "Hint:"], 0),
    "xor_mlp__unseeded.py": (XOR, ["different parameters when called twice", "np.random.default_rng(seed)"], 0),
    "sigmoid_backward__z_form.py": ("known values", ["s * (1 - s)"], 0),
    "cross_entropy__naive_log.py": ("finite on extreme inputs", ["non-finite", "log-sum-exp"], 6 / 7),
    "dense_forward__no_transpose.py": ("the worked example and small layers", ["expected [[1, 3]]", "got      [[1, 2]]", "`X @ W.T`"], 0),
    "dense_forward__no_bias.py": ("the worked example and small layers", ["The bias is missing"], 0),
}


def test_every_buggy_submission_is_in_the_table(buggy_reports):
    assert set(buggy_reports) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_buggy_submission_fails_the_right_check_with_the_right_message(buggy_reports, name):
    check, fragments, score = EXPECTED[name]
    report = buggy_reports[name]
    assert not report.passed
    assert report.first_failure == check, report.message
    for fragment in fragments:
        assert fragment in report.message, f"{fragment!r} not in:\n{report.message}"
    if score is not None:
        assert report.score == pytest.approx(score)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_checks_after_a_failed_gate_are_skipped_with_the_reason(buggy_reports, name):
    report = buggy_reports[name]
    statuses = [c.status for c in report.checks]
    gates = [c for c in report.checks if c.stage in ("imports", "function", "returns")]
    failed_gate = next((c for c in gates if c.status == FAILED), None)
    if failed_gate is not None:
        after = report.checks[report.checks.index(failed_gate) + 1:]
        assert after and all(c.status == SKIPPED and failed_gate.name in c.message for c in after)
        assert report.score == 0
    elif any(c.stage == "values" and c.status == FAILED for c in report.checks):
        assert all(c.status == SKIPPED for c in report.checks if c.stage == "properties")
    assert statuses[0] in (PASSED, FAILED)


def test_hidden_cases_do_not_reveal_their_data(buggy_reports):
    report = buggy_reports["relu_backward__small_inputs_only.py"]
    hidden = next(c for c in report.checks if c.hidden)
    assert hidden.status == FAILED
    assert "[" not in hidden.message and "expected" not in hidden.message and "got" not in hidden.message
