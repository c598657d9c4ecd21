"""A code question's check specification is validated like every other question: schema errors
and cross-check problems name the file, the line and the key."""

from __future__ import annotations

import pytest

GOOD = """\
title: Double it
kind: code
function: double
prompt: Return 2 * x.
checks:
  signature: [x]
  values:
    - name: small
      cases:
        - {x: [1.0, 2.0]}
"""

BROKEN = [
    # (replacement of the `values:` block, fragment of the error)
    ("  vaules:\n    - name: small\n      cases: [{x: [1.0]}]\n", "unknown key 'vaules'. Did you mean 'values'?"),
    ("  values:\n    - name: small\n      cases: [{y: [1.0]}]\n", "missing ['x'], unknown ['y']"),
    ("  values:\n    - name: small\n      random: {args: {x: {shape: [n], uniform: [0, 1]}}}\n",
     "dim 'n' is not defined under `dims`"),
    ("  values:\n    - name: small\n      random: {args: {x: {shape: [2]}}}\n", "give exactly one of uniform/integer/dim"),
    ("  values:\n    - name: small\n      cases: [{x: [1.0]}]\n  properties:\n    gradient:\n"
     "      objective: f\n      wrt: {x: nothing}\n      cases: [{x: [1.0]}]\n", "'nothing' is not an output"),
    ("  values:\n    - name: small\n      cases: [{x: [1.0]}]\n      min_passing: 3\n", "more than the number of cases"),
    ("  values:\n    - name: small\n      cases: [{x: [1.0]}]\n  properties:\n    budget:\n      seconds: 1\n"
     "      random: {count: 2, args: {x: {shape: [9], uniform: [0, 1]}}}\n", "exactly one (large) case"),
]


def _bank(tmp_path, text):
    """A bank with one exercise, its starter and its reference (solutions/ beside questions/)."""
    (tmp_path / "questions" / "code").mkdir(parents=True)
    (tmp_path / "solutions" / "code").mkdir(parents=True)
    (tmp_path / "questions" / "code" / "double.yaml").write_text(text)
    (tmp_path / "questions" / "code" / "double.py").write_text("def double(x):\n    raise NotImplementedError  # TODO\n")
    (tmp_path / "solutions" / "code" / "double.py").write_text("def double(x):\n    return 2 * x\n")
    return tmp_path / "questions"


def test_a_valid_specification_passes(dlquiz, tmp_path):
    run = dlquiz("validate", str(_bank(tmp_path, GOOD)), "--seeds", "0")
    assert run.code == 0, run.out + run.err


@pytest.mark.parametrize("values, fragment", BROKEN)
def test_problems_are_located(dlquiz, tmp_path, values, fragment):
    text = GOOD.split("  values:\n")[0] + values
    run = dlquiz("validate", str(_bank(tmp_path, text)), "--seeds", "0")
    assert run.code == 2
    assert fragment in run.out + run.err
    assert "double.yaml:" in run.out + run.err
    assert "Traceback" not in run.err
