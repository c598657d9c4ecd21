"""Course banks that stand alone: several banks at once, `dlquiz new` in a fresh folder, a course's
own solvers and design rules, no fall-back to the built-in reference solutions, the shipped guides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader.bank import Bank, course_dir, solutions_dir
from grader.errors import DlquizError

REPO = Path(__file__).resolve().parent.parent
HUBER = """title: Huber loss by a course solver
kind: numeric
prompt: "r = {{ r | fmt }}, delta = {{ delta | fmt }}: the Huber loss?"
parameters:
  r: {canonical: 2.0, uniform: [-3, 3], round: 1, nonzero: true}
  delta: {canonical: 1.0}
answer:
  solver: course_huber
  args: {r: r, delta: delta}
mistakes:
  - solver: course_huber_squared
    feedback: "That is half the square: past delta the loss grows linearly."
"""
SOLVERS = '''import numpy as np


def course_huber(r, delta):
    """The Huber loss of residual r."""
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r**2, delta * (a - 0.5 * delta))


def course_huber_squared(r, delta):
    """Known mistake: the quadratic branch everywhere."""
    return 0.5 * r**2 + 0 * delta


def _helper():
    return 1
'''


def _course(tmp_path: Path, solvers: str | None = SOLVERS) -> Path:
    bank = tmp_path / "course" / "questions"
    (bank / "losses").mkdir(parents=True)
    (bank / "losses" / "huber.yaml").write_text(HUBER)
    if solvers is not None:
        (tmp_path / "course" / "solvers.py").write_text(solvers)
    return bank


@pytest.mark.parametrize("layout, expected", [
    ("course/questions", "course"),        # the recommended layout: questions/ and solutions/ side by side
    ("course", "course"),                  # a repository whose top holds the topic folders
    ("repo-named/questions", "repo-named/questions"),  # `questions` that is itself a repository's top
])
def test_the_course_folder_of_a_bank(tmp_path, layout, expected):
    root = tmp_path / layout
    root.mkdir(parents=True)
    if layout.startswith("repo-named"):
        (root / ".git").mkdir()
    assert course_dir(root) == tmp_path / expected
    assert solutions_dir(root) == tmp_path / expected / "solutions"


def test_two_banks_at_once_by_option_and_by_environment(dlquiz, tmp_path):
    bank = _course(tmp_path)
    for args, env in [(["--bank", "@builtin", "--bank", str(bank)], {}),
                      ([], {"DLQUIZ_BANK": f"@builtin{os.pathsep}{bank}"})]:
        run = dlquiz("list", *args, "--json", env=env)
        assert run.code == 0, run.err
        ids = {q["id"] for q in __import__("json").loads(run.out)}
        assert {"losses/huber", "losses/mse"} <= ids
        assert dlquiz("check", "losses/huber", "1.5", *args, env=env).code == 0
        assert dlquiz("check", "losses/mse", "0.04", *args, env=env).code == 0


def test_an_id_both_banks_define_is_one_clear_error(dlquiz, tmp_path):
    bank = _course(tmp_path)
    (bank / "losses" / "mse.yaml").write_text((REPO / "questions" / "losses" / "mse.yaml").read_text())
    for args in (["list"], ["check", "losses/mse", "0.04"], ["validate", "--seeds", "0"]):
        run = dlquiz(*args, "--bank", "@builtin", "--bank", str(bank))
        assert run.code == 2, run.out
        assert "'losses/mse' is defined by more than one bank" in run.err
        assert str(bank / "losses" / "mse.yaml") in run.err and "Traceback" not in run.err


def test_a_missing_bank_folder_says_how_to_start_one(dlquiz, tmp_path):
    run = dlquiz("list", "--bank", str(tmp_path / "nope"))
    assert run.code == 2 and "does not exist" in run.err and "dlquiz new" in run.err


def test_course_solvers_are_used_and_validated(dlquiz, tmp_path):
    bank = _course(tmp_path)
    assert dlquiz("check", "losses/huber", "1.5", "--bank", str(bank)).code == 0
    wrong = dlquiz("check", "losses/huber", "2", "--bank", str(bank))
    assert wrong.code == 1 and "grows linearly" in wrong.out
    assert dlquiz("validate", str(bank), "--seeds", "5").code == 0
    # the built-in bank never sees a course's solvers
    assert "course_huber" not in dlquiz("solvers").out


@pytest.mark.parametrize("solvers, words", [
    (None, "no solver named 'course_huber'"),
    ("def course_huber(r, delta:\n    pass\n", "solvers.py:1: syntax error"),
    ("import numpy as np\nraise RuntimeError('boom')\n", "solvers.py:2: failed when loaded: RuntimeError: boom"),
    (SOLVERS.replace("def course_huber(r, delta)", "def course_huber(r)"), "has no argument 'delta'"),
    ("import sys\nsys.exit(0)\n", "solvers.py:2: failed when loaded: SystemExit: 0"),  # was a silent exit 0
    (SOLVERS.replace("return", "return 'text' or"), "the reference solver failed: ValueError"),
])
def test_broken_course_solvers_are_located_problems(dlquiz, tmp_path, solvers, words):
    bank = _course(tmp_path, solvers)
    run = dlquiz("validate", str(bank), "--seeds", "0")
    assert run.code == 2 and words in run.err, run.err
    assert "Traceback" not in run.err
    shown = dlquiz("show", "losses/huber", "--seed", "1", "--bank", str(bank))
    assert shown.code == 2 and "Traceback" not in shown.err, shown.err
    assert all(line.startswith("Question configuration error: ") for line in shown.err.splitlines()), shown.err


def test_new_creates_the_bank_and_keeps_solutions_inside_the_course(dlquiz, tmp_path):
    repo = tmp_path / "repo"
    run = dlquiz("new", "code", "basics/double", "--bank", str(repo / "questions"))
    assert run.code == 0, run.err
    assert (repo / "questions" / "basics" / "double.yaml").is_file()
    assert (repo / "questions" / "basics" / "double.py").is_file()
    assert (repo / "solutions" / "basics" / "double.py").is_file()
    # a bank at a repository's top: the solutions go inside it, never to ../solutions
    top = tmp_path / "top"
    run = dlquiz("new", "code", "basics/double", "--bank", str(top))
    assert run.code == 0, run.err
    assert (top / "solutions" / "basics" / "double.py").is_file()
    assert not (tmp_path / "solutions").exists()
    assert dlquiz("validate", str(top), "--seeds", "2").code == 0
    assert dlquiz("list", "--bank", str(top), "--json").out.count('"id"') == 1  # solutions/ holds no questions


def test_new_refuses_the_builtin_bank_and_a_file_as_bank(dlquiz, tmp_path):
    run = dlquiz("new", "numeric", "a/b")
    assert run.code == 2 and "--bank DIR" in run.err
    (tmp_path / "file").write_text("x")
    run = dlquiz("new", "numeric", "a/b", "--bank", str(tmp_path / "file" / "bank"))
    assert run.code == 2 and "Cannot create the bank folder" in run.err and "Traceback" not in run.err


def test_a_course_exercise_without_its_reference_names_the_expected_path(dlquiz, tmp_path):
    bank = tmp_path / "course" / "questions"
    (bank / "code").mkdir(parents=True)
    for suffix in (".yaml", ".py"):  # the built-in exercise and its starter, but no course solutions/
        (bank / "code" / f"mse{suffix}").write_text((REPO / "questions" / "code" / f"mse{suffix}").read_text())
    run = dlquiz("validate", str(bank), "--seeds", "0")
    assert run.code == 2
    assert f"the reference solution {tmp_path / 'course' / 'solutions' / 'code' / 'mse.py'} is missing" in run.err
    assert "site-packages" not in run.err and "_data" not in run.err


DESIGN = """title: Pick a width
kind: design
prompt: "Give `hidden_layers`."
fields:
  - {name: hidden_layers, ask: "Widths", form: widths, example: "64"}
rules:
  - rule: course_even_widths
    title: Even widths
    args: {multiple: 2}
model_answer: {hidden_layers: "64, 32"}
"""
RULES = '''def course_even_widths(args, answer):
    """Every width a multiple of args['multiple']."""
    good = all(w % args["multiple"] == 0 for w in answer["hidden_layers"])
    return (1.0 if good else 0.0), ("all even" if good else "use multiples of %d" % args["multiple"])
'''


def test_course_design_rules(dlquiz, tmp_path):
    bank = tmp_path / "course" / "questions"
    (bank / "design").mkdir(parents=True)
    (bank / "design" / "widths.yaml").write_text(DESIGN)
    (tmp_path / "course" / "design_rules.py").write_text(RULES)
    assert dlquiz("validate", str(bank), "--seeds", "0").code == 0
    run = dlquiz("check", "design/widths", "hidden_layers: 63", "--bank", str(bank))
    assert run.code == 1 and "use multiples of 2" in run.out
    (tmp_path / "course" / "design_rules.py").write_text(RULES.replace("return (1.0", "return (7.0"))
    run = dlquiz("validate", str(bank), "--seeds", "0")
    assert run.code == 2 and "must lie in [0, 1]" in run.err and "Traceback" not in run.err


def test_the_guides_ship_with_the_command(dlquiz):
    run = dlquiz("docs", "authoring")
    assert run.code == 0 and run.out.startswith("# Writing questions")
    bad = dlquiz("docs", "autoring")
    assert bad.code == 2 and "Did you mean 'authoring'?" in bad.err


def test_bank_object_keeps_one_folder_api(tmp_path):
    bank = Bank(_course(tmp_path))
    assert bank.root == tmp_path / "course" / "questions" and bank.ids() == ["losses/huber"]
    with pytest.raises(DlquizError):
        Bank.open([str(tmp_path / "missing")])


def test_every_checks_key_of_a_code_exercise_is_documented():
    import msgspec

    from grader.code import spec

    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = guide.split("### The `checks:` keys of a code exercise")[1].split("\n## ")[0]
    structs = [c for c in vars(spec).values()
               if isinstance(c, type) and issubclass(c, msgspec.Struct) and c is not spec.Spec]
    keys = {f for c in structs for f in c.__struct_fields__}
    assert keys and not [k for k in sorted(keys) if f"`{k}`" not in section]
