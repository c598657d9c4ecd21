"""Formula answers and mistakes, derived parameters, constraints and SymPy-derived answers.

Each broken formula is one located problem at `validate`, never a traceback; the numeric path
(formula answers) never imports SymPy.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.bank import Bank
from grader.checkers import numeric
from grader.variants import make_variant

REPO = Path(__file__).resolve().parent.parent
HEAD = """title: t
kind: numeric
prompt: "n = {{ n }}"
parameters:
  n: {canonical: 3, integer: [1, 5]}
  w: {canonical: [[1, 2], [3, 4]]}
  x: {canonical: [1, 2, 3]}
"""

# (file body after HEAD, the line the problem is on, words of its message)
BROKEN = [
    ('answer: "n + m"\n', 8, "uses the name 'm'"),
    ('answer: "foo(n)"\n', 8, "the function 'foo'"),
    ('answer: "w @ x"\n', 8, "do not fit"),
    ('answer: "1/(n-n)"\n', 8, "divides by zero"),
    ('answer: "exp(1000*n)"\n', 8, "too large"),
    ('answer: "n +"\n', 8, "ends too early"),
    ('constraints: ["n > 10"]\nanswer: "n"\n', 8, "canonical values) do not meet"),
    ('  m: {canonical: 0.5, uniform: [1, 2]}\nconstraints: ["m < 1 or n > 10"]\nanswer: "n"\n', 9,
     "no draw meets `m < 1 or n > 10`"),
    ('derived:\n  n: "1"\nanswer: "n"\n', 9, "already a parameter"),
    ('derived:\n  z: "w @ x"\nanswer: "n"\n', 9, "do not fit"),
    ('answer: "n"\nmistakes:\n  - formula: "n / 0"\n    feedback: f\n', 10, "divides by zero"),
    ('answer: "n"\nmistakes:\n  - solver: mse\n    feedback: f\n', 10, "give the solver's `args`"),
    ('answer:\n  differentiate: "x^2 * q"\n  wrt: [t]\n  at: {t: n}\n', 9, "uses the name 'q'"),
    ('answer:\n  differentiate: "t^2"\n  wrt: [t]\n  at: {t: n, y: 1}\n', 11, "not among the variables"),
    ('answer:\n  differentiate: "n^2"\n  wrt: [n]\n  at: {n: 1}\n', 10, "is a parameter"),
]


def _bank(tmp_path: Path, files: dict[str, str]) -> Path:
    bank = tmp_path / "questions"
    for name, text in files.items():
        path = bank / "t" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return bank


def test_each_broken_formula_is_one_located_problem(dlquiz, tmp_path):
    bank = _bank(tmp_path, {f"q{i}": HEAD + body for i, (body, _, _) in enumerate(BROKEN)})
    run = dlquiz("validate", str(bank), "--seeds", "3", "--json")
    assert run.code == 2 and "Traceback" not in run.err
    problems = json.loads(run.out)["problems"]
    for i, (_, line, words) in enumerate(BROKEN):
        mine = [p for p in problems if p["file"].endswith(f"q{i}.yaml")]
        assert len(mine) == 1, (i, mine)
        assert mine[0]["line"] == line and words in mine[0]["message"], (i, mine[0])


def test_a_formula_failing_on_some_draws_is_redrawn_and_noted(dlquiz, tmp_path):
    bank = _bank(tmp_path, {"some": HEAD.replace("canonical: 3", "canonical: 4") + 'answer: "1/(n-3)"\n'})
    run = dlquiz("validate", str(bank), "--seeds", "12")
    assert run.code == 0, run.err
    assert "redrawn automatically: the formula `1/(n-3)` divides by zero" in run.out
    for seed in range(12):
        variant = make_variant(Bank(bank).load("t/some"), seed)
        assert variant.params["n"] != 3


CONV = (REPO / "examples" / "course" / "questions" / "cnn" / "conv-output-size.yaml")
RELU = (REPO / "examples" / "course" / "questions" / "neurons" / "relu-unit.yaml")


@pytest.mark.parametrize("seed", [None, *range(30)])
def test_formula_answer_and_mistakes_match_hand_computation(seed):
    question = Bank(CONV.parent.parent).load("cnn/conv-output-size")
    v = make_variant(question, seed)
    n, k, p, s = (v.params[name] for name in "nkps")
    assert n + 2 * p >= k  # the constraint
    assert float(numeric.reference(v)) == (n + 2 * p - k) // s + 1
    values = [float(value) for value, _ in numeric.mistake_values(v)]
    assert values == [(n + 2 * p - k) / s + 1, (n + p - k) // s + 1]


def test_derived_values_reach_templates_and_constraints_split_the_variants():
    question = Bank(RELU.parent.parent).load("neurons/relu-unit")
    sides = []
    for seed in range(40):
        v = make_variant(question, seed)
        z = np.dot(v.params["w"], v.params["x"]) + v.params["b"]
        assert v.params["z"] == pytest.approx(z)
        assert (z > 0.05) == (v.params["active"] == 1) and abs(z) > 0.05
        sides.append(v.params["active"])
    assert 10 < sum(sides) < 30  # both sides of zero, about half each


def test_check_through_the_command_and_feedback_shows_derived_values(dlquiz):
    bank = str(RELU.parent.parent)
    right = dlquiz("check", "neurons/relu-unit", "0.5", "--bank", bank)
    assert right.code == 0, right.out + right.err
    wrong = dlquiz("check", "neurons/relu-unit", "0", "--bank", bank)
    assert wrong.code == 1 and "part of z = 0.5" in wrong.out
    solution = dlquiz("solution", "neurons/relu-unit", "--bank", bank)
    assert "z = w · x + b = 0.5" in solution.out


@pytest.mark.parametrize("qid, answer, code", [
    ("backprop/gradient-at-point", "[0, 3]", 0),            # c x^2 y + e^(xy) at (1, 0), c = 2
    ("backprop/gradient-at-point", "[0, 2]", 1),            # the e^(xy) term forgotten
    ("neurons/sigmoid-derivative", "2*sigmoid(2*x)*(1 - sigmoid(2*x))", 0),
    ("neurons/sigmoid-derivative", "sigmoid(2*x)*(1 - sigmoid(2*x))", 1),
])
def test_sympy_derived_answers(dlquiz, qid, answer, code):
    run = dlquiz("check", qid, answer, "--bank", str(RELU.parent.parent))
    assert run.code == code, run.out + run.err


def test_a_formula_answer_check_imports_no_sympy():
    code = ("import sys; from grader.bank import Bank; from grader.checkers import numeric; "
            "from grader.variants import make_variant; "
            f"v = make_variant(Bank({str(CONV.parent.parent)!r}).load('cnn/conv-output-size'), 3); "
            "numeric.check(v, '14'); print('sympy' in sys.modules, 'mpmath' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_function_sympy_cannot_handle_in_time_is_a_located_problem(dlquiz, tmp_path):
    body = 'answer:\n  differentiate: "exp(exp(exp(exp(exp(t*t)))))^50"\n  wrt: [t]\n  at: {t: n}\n'
    bank = _bank(tmp_path, {"costly": HEAD + body})
    run = dlquiz("validate", str(bank), "--seeds", "1", timeout=300)
    assert run.code == 2 and "Traceback" not in run.err
    assert "costly.yaml:9: [answer.differentiate]" in run.err and "simpler function" in run.err


# Formulas from a shared bank that would need huge arrays or minutes: refused before the work is done.
VECTOR = np.ones(10_000)  # the largest drawn parameter
BUILT = np.ones((100, 10_000))  # the largest array a formula may build
HUGE = [
    ("sum([v].T + [v])", {"v": VECTOR}, "would have more than 1000000 elements"),      # 800 MB
    ("sum([v].T @ [v])", {"v": VECTOR}, "would have more than 1000000 elements"),      # outer product
    ("sum(max([v].T, [v]))", {"v": VECTOR}, "would have more than 1000000 elements"),
    ("sum([b, b])", {"b": BUILT}, "would have more than 1000000 elements"),
    ("sum(b.T @ b)", {"b": BUILT}, "would have more than 1000000 elements"),
    ("sum(b @ b.T)", {"b": BUILT}, "computes more than"),                              # 10^9 multiplications
    ("+".join(["sum(exp(b))"] * 30), {"b": BUILT}, "computes more than"),
    ("sum(one_hot(v, 100000))", {"v": VECTOR}, "one_hot would have more than"),
]


@pytest.mark.parametrize("text, names, words", HUGE)
def test_formulas_needing_huge_arrays_or_minutes_are_refused_before_the_work(text, names, words):
    from grader.formulas import FormulaError, value

    with pytest.raises(FormulaError, match=re.escape(words)):
        value(text, names, ("answer",))


def test_a_text_parameter_only_matters_to_the_formulas_that_name_it():
    from grader.formulas import FormulaError, value

    assert float(value("n + 1", {"n": 2, "activation": "relu"}, ("answer",))) == 3
    with pytest.raises(FormulaError, match="'activation' is not a number"):
        value("activation + 1", {"n": 2, "activation": "relu"}, ("answer",))


def test_a_derivative_too_large_is_said_once_not_redrawn_for_minutes(dlquiz, tmp_path):
    """Each draw used to differentiate again in a fresh child (~3 s): 100 redraws of `show --seed`."""
    product = "*".join(f"(t+{i})" for i in range(1, 60))
    body = f'answer:\n  differentiate: "{product}"\n  wrt: [t]\n  at: {{t: n}}\n'
    bank = _bank(tmp_path, {"swell": HEAD + body})
    run = dlquiz("show", "t/swell", "--seed", "3", "--bank", str(bank), timeout=100)
    assert run.code == 2 and "Traceback" not in run.err
    [line] = run.err.splitlines()
    assert "[answer.differentiate] the derivative of (t + 1)*(t + 2)" in line and "is too large to use" in line
    assert len(line) < 400  # the expression is cut, not printed whole


def test_drawing_a_variant_is_bounded_as_a_whole(monkeypatch, tmp_path):
    """Every draw's formulas together: a question whose draws are all too slow is a located problem."""
    from grader import variants
    from grader.errors import QuestionConfigError

    bank = _bank(tmp_path, {"slow": HEAD + 'derived:\n  big: "[' + ", ".join(["x"] * 300) + ']"\n'
                            'answer: "sum(exp(big)) / (n - n)"\n'})
    monkeypatch.setattr(variants, "VARIANT_SECONDS", 0.0)
    with pytest.raises(QuestionConfigError, match=r"\[parameters\] drawing the variant of seed 4 took more than 0 s"):
        make_variant(Bank(bank).load("t/slow"), 4)


def test_linting_the_formulas_is_bounded_as_a_whole(monkeypatch, tmp_path):
    """`release` and `validate` look for a draw meeting the constraints: 100 draws of costly formulas."""
    from grader import formula_lint

    monkeypatch.setattr(formula_lint, "LINT_SECONDS", 0.0)
    bank = _bank(tmp_path, {"slow": HEAD + 'derived:\n  z: "n * 2"\nconstraints: ["z > 0"]\nanswer: "z"\n'})
    question = Bank(bank).load("t/slow")
    [(key, message)] = formula_lint.formula_problems(question.spec, None)
    assert key == ("derived",) and "computing the formulas took more than 0 s" in message


def test_a_derived_value_failing_on_some_draws_is_redrawn_and_noted(dlquiz, tmp_path):
    """Like an answer formula: those seeds used to be broken for their learners."""
    body = 'derived:\n  r: "1/(n-3)"\nanswer: "r"\n'
    bank = _bank(tmp_path, {"some": HEAD.replace("canonical: 3", "canonical: 4") + body})
    run = dlquiz("validate", str(bank), "--seeds", "12")
    assert run.code == 0, run.err
    assert "[derived.r] redrawn automatically: the formula `1/(n-3)` divides by zero" in run.out
    for seed in range(12):
        assert make_variant(Bank(bank).load("t/some"), seed).params["n"] != 3
    never = _bank(tmp_path / "never", {"q": HEAD + 'derived:\n  r: "1/(n-n)"\nanswer: "n"\n'})
    shown = dlquiz("show", "t/q", "--seed", "1", "--bank", str(never))
    assert shown.code == 2 and "[derived.r] the formula `1/(n-n)` divides by zero" in shown.err
