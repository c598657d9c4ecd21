"""Every core command through the real `dlquiz` process: output, --json and exit codes."""

import json
import textwrap

import pytest

CHECKS = [
    # args, exit code, fragment of stdout+stderr
    (["check", "losses/mse", "0.04"], 0, "Correct"),
    (["check", "losses/mse", "1/25"], 0, "read as: 0.04"),
    (["check", "losses/mse", "0.08"], 1, "sum of the squared errors"),
    (["check", "losses/mse", "zero"], 2, "Your answer could not be read"),
    (["check", "activations/softmax", "0.5"], 2, "expects a vector of 3 numbers"),
    (["check", "activations/sigmoid-derivative", "sigmoid(x)*(1-sigmoid(x))"], 0, "Correct"),
    (["check", "activations/sigmoid-derivative", "__import__('os').system('echo PWNED')"], 2, "__import__"),
    (["check", "losses/choose-loss", "Mean squared error: the target is a continuous value, and MSE penalises "
      "the squared distance to it."], 0, "Correct"),
    (["check", "training/minibatch-generalisation", "good"], 0, "Model answer"),
    (["check", "losses/nope", "1"], 2, "No question with id 'losses/nope'. Did you mean 'losses/mse'?"),
    (["check", "../etc/passwd", "1"], 2, "No question with id"),
]


@pytest.mark.parametrize("args, code, fragment", CHECKS)
def test_check(dlquiz, args, code, fragment):
    run = dlquiz(*args)
    assert run.code == code, run.err
    assert fragment in run.out + run.err
    assert "Traceback" not in run.err
    assert "PWNED" not in run.out


def test_check_json_is_stable(dlquiz):
    data = json.loads(dlquiz("check", "losses/mse", "0.08", "--json").out)
    assert set(data) == {"id", "seed", "correct", "score", "read_as", "feedback", "mistake", "details"}
    assert data["correct"] is False and data["mistake"]
    bad = dlquiz("check", "losses/mse", "x", "--json")
    assert bad.code == 2 and "error" in json.loads(bad.out)


def test_check_reads_answer_from_file(dlquiz, tmp_path):
    (tmp_path / "answer.txt").write_text("0.04\n")
    assert dlquiz("check", "losses/mse", f"@{tmp_path / 'answer.txt'}").code == 0
    missing = dlquiz("check", "losses/mse", f"@{tmp_path / 'none.txt'}")
    assert missing.code == 2 and "Cannot read the answer file" in missing.err


def test_seed_gives_other_numbers(dlquiz):
    canonical = json.loads(dlquiz("show", "losses/mse", "--json").out)
    seeded = json.loads(dlquiz("show", "losses/mse", "--seed", "5", "--json").out)
    assert canonical["parameters"] != seeded["parameters"]
    answer = json.loads(dlquiz("solution", "losses/mse", "--seed", "5", "--json").out)["answer"]
    assert dlquiz("check", "losses/mse", answer, "--seed", "5").code == 0


def test_show_renders_math_for_the_terminal(dlquiz):
    run = dlquiz("show", "regularization/l2-penalty")
    assert run.code == 0
    assert "λ" in run.out and "$" not in run.out and "\\frac" not in run.out


def test_solution(dlquiz):
    run = dlquiz("solution", "regularization/l2-penalty")
    assert run.code == 0 and "0.02625" in run.out
    data = json.loads(dlquiz("solution", "optim/sgd-update", "--json").out)
    assert data["answer"] == "1.47" and data["solution"]


def test_list_filters_and_json(dlquiz):
    data = json.loads(dlquiz("list", "--json").out)
    ids = {q["id"] for q in data}
    assert {"losses/mse", "activations/softmax", "activations/sigmoid-derivative"} <= ids
    only = json.loads(dlquiz("list", "--topic", "losses", "--kind", "numeric", "--json").out)
    assert only and all(q["topic"] == "losses" and q["kind"] == "numeric" for q in only)
    assert "losses/mse" in dlquiz("list").out


def test_validate_builtin_bank_passes(dlquiz):
    run = dlquiz("validate")
    assert run.code == 0, run.err


@pytest.fixture
def broken_bank(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.yaml").write_text("title: x\nkind: numerc\nprompt: p\n")
    (tmp_path / "t" / "b.yaml").write_text(textwrap.dedent("""\
        title: x
        kind: numeric
        prompt: "{{ z }}"
        parameters: {z: {canonical: 1}}
        answer: {solver: softmx, args: {z: z}}
    """))
    return tmp_path


def test_validate_reports_all_problems_with_exit_2(dlquiz, broken_bank):
    run = dlquiz("validate", str(broken_bank))
    assert run.code == 2
    assert "a.yaml:2: [kind]" in run.err and "Did you mean 'numeric'?" in run.err
    assert "b.yaml:5: [answer.solver]" in run.err and "Did you mean 'softmax'?" in run.err
    assert "Traceback" not in run.err
    data = json.loads(dlquiz("validate", str(broken_bank), "--json").out)
    assert data["ok"] is False and len(data["problems"]) == 2


def test_bank_option_and_environment(dlquiz, broken_bank):
    assert dlquiz("list", "--bank", str(broken_bank)).code == 2
    assert dlquiz("list", env={"DLQUIZ_BANK": str(broken_bank)}).code == 2
    missing = dlquiz("list", "--bank", "/nonexistent")
    assert missing.code == 2 and "does not exist" in missing.err


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["show", "--help"], ["list", "--help"], ["solution", "--help"], ["validate", "--help"]])
def test_help_everywhere(dlquiz, args):
    run = dlquiz(*args)
    assert run.code == 0 and "Usage" in run.out


def test_numeric_check_does_not_import_sympy():
    import subprocess
    import sys

    code = ("import sys; sys.argv=['dlquiz','check','losses/mse','0.04'];"
            "import cli\ntry: cli.app(prog_name='dlquiz')\nexcept SystemExit: pass\n"
            "print('SYMPY' if 'sympy' in sys.modules else 'NOSYMPY')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "NOSYMPY" in out and "Correct" in out
