"""Broken question files: each problem is one line naming file, line, key and the fix."""


import pytest

from grader.bank import Bank
from grader.errors import QuestionConfigError
from grader.loader import check_id, load_question

GOOD = """\
title: MSE
kind: numeric
prompt: "MSE of {{ y_hat }} and {{ y }}"
parameters:
  y_hat: {canonical: [0.8, 0.2]}
  y: {canonical: [1, 0]}
answer:
  solver: mse
  args: {y_hat: y_hat, y: y}
"""

BROKEN = [
    # (file text, line, key, message fragment)
    ("title: x\nkind: numerc\nprompt: p\n", 2, "kind", "Did you mean 'numeric'?"),
    ("title: x\nprompt: p\n", 1, "kind", "missing key 'kind'"),
    (GOOD.replace("title: MSE\n", ""), None, "title", "missing required key 'title'"),
    (GOOD + "tolerence: {rtol: 0.1}\n", 10, "tolerence", "Did you mean 'tolerance'?"),
    (GOOD.replace("y: {canonical: [1, 0]}", "y: {canonical: [1, 0], unifrm: [0, 1]}"), 6, "parameters.y.unifrm", "Did you mean 'uniform'?"),
    (GOOD.replace("y: {canonical: [1, 0]}", "y: {canonical: [1, 0], uniform: [2, 1]}"), 6, "parameters.y", "low 2.0 is above high 1.0"),
    (GOOD + "tolerance: {rtol: -1}\n", 10, "tolerance.rtol", ">= 0"),
    (GOOD + "hints: hint one\n", 10, "hints", "Expected `array`"),
    (GOOD.replace("solver: mse", "solver: mse_sumed"), 8, "answer.solver", "Did you mean 'mse_summed'?"),
    (GOOD.replace("solver: mse", "solver: nonsense"), 8, "answer.solver", "no solver named 'nonsense'"),
    (GOOD.replace("{y_hat: y_hat, y: y}", "{y_hat: yhat, y: y}"), 9, "answer.args.y_hat", "'yhat' is not a parameter. Did you mean 'y_hat'?"),
    (GOOD.replace("{y_hat: y_hat, y: y}", "{y_hat: y_hat, y: y, z: y}"), 9, "answer.args.z", "has no argument 'z'"),
    (GOOD.replace("{y_hat: y_hat, y: y}", "{y_hat: y_hat}"), 9, "answer.args", "needs argument 'y'"),
    (GOOD.replace("{{ y }}", "{{ yy }}"), 3, "prompt", "'yy', which is not a parameter. Did you mean 'y'?"),
    (GOOD.replace("{{ y }}", "{{ y }"), 3, "prompt", "template syntax error"),
    (GOOD + "mistakes:\n  - {expression: x, feedback: f}\n", 11, "mistakes[0].expression", "by `formula` or `solver`"),
    (GOOD + "mistakes:\n  - {feedback: f}\n", 11, "mistakes[0]", "one of `formula` or `solver`"),
    (GOOD + "title: again\n", 10, "title", "given twice"),
    ("title: [unclosed\n", 2, "", "not valid YAML"),
    ("- just a list\n", 1, "", "a question file is a mapping"),
    ("title: x\nkind: symbolic\nprompt: p\nvariables: [x]\nanswer: 'x^2 + y'\n", 5, "answer", "name 'y'"),
    ("title: x\nkind: symbolic\nprompt: p\nvariables: [exp]\nanswer: 'x'\n", 4, "variables[0]", "cannot be a variable"),
    ("title: x\nkind: choice\nprompt: p\noptions:\n  - {text: a}\n  - {text: b}\n", None, "", "mark at least one option"),
    ("title: x\nkind: flashcard\nprompt: p\nanswer: ''\n", 4, "answer", "length >= 1"),
]


@pytest.mark.parametrize("text, line, key, fragment", BROKEN)
def test_each_problem_is_located_and_explained(tmp_path, text, line, key, fragment):
    path = tmp_path / "q.yaml"
    path.write_text(text)
    with pytest.raises(QuestionConfigError) as exc:
        load_question(path, "topic/q")
    problems = exc.value.problems
    match = [p for p in problems if fragment in p.message]
    assert match, [str(p) for p in problems]
    problem = match[0]
    assert problem.file == str(path)
    assert problem.key == key
    if line is not None:
        assert problem.line == line
    assert "\n" not in str(problem)
    assert str(exc.value).startswith("Question configuration error: ")


def test_good_file_loads(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(GOOD)
    question = load_question(path, "losses/q")
    assert (question.id, question.topic, question.kind) == ("losses/q", "losses", "numeric")


@pytest.mark.parametrize("qid, ok", [("losses/mse", True), ("a/b/c-1", True), ("Losses/mse", False), ("losses/m se", False), ("losses/_x", False), ("-x", False)])
def test_ids(qid, ok):
    assert (check_id(qid) is None) is ok


def test_bank_reports_every_broken_file_in_one_run(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "good.yaml").write_text(GOOD)
    (tmp_path / "t" / "bad-kind.yaml").write_text("title: x\nkind: numerc\nprompt: p\n")
    (tmp_path / "t" / "bad-solver.yaml").write_text(GOOD.replace("solver: mse", "solver: nope"))
    (tmp_path / "t" / "Upper.yaml").write_text(GOOD)
    (tmp_path / "t" / "old.yml").write_text(GOOD)
    questions, problems = Bank(tmp_path).load_all()
    assert [q.id for q in questions] == ["t/good"]
    messages = " | ".join(str(p) for p in problems)
    for fragment in ("numerc", "no solver named 'nope'", "lower-case letters", "end in .yaml"):
        assert fragment in messages


def test_code_exercise_needs_its_starter_and_solution(tmp_path):
    (tmp_path / "questions" / "code").mkdir(parents=True)
    (tmp_path / "solutions" / "code").mkdir(parents=True)
    builtin = Bank.open().path_of("code/mse")
    path = tmp_path / "questions" / "code" / "mse.yaml"
    path.write_text(builtin.read_text())
    with pytest.raises(QuestionConfigError) as exc:
        load_question(path, "code/mse")
    text = str(exc.value)
    assert "starter" in text and "reference solution" in text
    path.with_suffix(".py").write_text(builtin.with_suffix(".py").read_text())
    (tmp_path / "solutions" / "code" / "mse.py").write_text("def mse(y_hat, y):\n    return ((y - y_hat) ** 2).mean()\n")
    assert load_question(path, "code/mse").kind == "code"
