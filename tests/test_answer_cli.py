"""Typed answers through the real `dlquiz check`: answers starting with '-', hostile text, undecodable
bytes; a verdict or one message, exit 0/1/2, never a traceback, always in time."""

import json
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, dlquiz_env

SIG = "activations/sigmoid-derivative"
HOSTILE = [
    # question, answer, exit code, fragment of the output
    ("optim/sgd-update", "-3", 1, "read as: -3"),
    ("optim/sgd-update", "-1.47", 1, "sign is flipped"),
    ("optim/sgd-update", "--1.47", 0, "Correct"),
    ("optim/sgd-update", "-e", 1, "read as: -2.718"),
    ("optim/sgd-update", "(-8)**(1/3)", 2, "not a real number"),
    ("optim/sgd-update", "9" * 320, 2, "320 digits"),
    ("optim/sgd-update", "1/(1+exp(-0.5))", 1, "read as: 0.6225"),
    (SIG, "-" * 500 + "x", 2, "nested more than"),
    (SIG, "-x*(1-x)", 1, "read as: -x·(1 - x)"),  # shown in the learner's notation
    (SIG, "1e999999999", 2, "exponent of this number is too large"),
    (SIG, "(((2^200)^200)^200)^200", 2, "too large to compute"),
    (SIG, "e^(e^(e^(e^x)))", 1, "differs"),
    (SIG, "sigmoid(x)*(1-sigmoid(x)", 2, "never closed"),
    (SIG, "σ(x)(1-σ(x))", 0, "Correct"),
    ("losses/choose-loss", "②", 2, "not an option"),
]


@pytest.mark.parametrize("qid, answer, code, fragment", HOSTILE)
def test_hostile_answers_through_the_command(dlquiz, qid, answer, code, fragment):
    start = time.monotonic()
    run = dlquiz("check", qid, answer)
    assert time.monotonic() - start < 10  # the process; the check itself is bounded at 2 s
    assert run.code == code, run.out + run.err
    assert fragment in run.out + run.err
    assert "Traceback" not in run.out + run.err


def test_an_answer_after_double_dash_and_options_anywhere(dlquiz):
    assert dlquiz("check", "optim/sgd-update", "--", "-3").code == 1
    data = json.loads(dlquiz("check", "optim/sgd-update", "-3", "--json", "--seed", "1").out)
    assert data["seed"] == 1 and data["read_as"] == "-3"


def test_bytes_that_are_not_utf8(tmp_path):
    run = subprocess.run([sys.executable, "-m", "cli", "check", "optim/sgd-update", b"1.4\xff"], capture_output=True,
                         env=dlquiz_env(tmp_path), cwd=REPO, timeout=60)
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2 and "not UTF-8 text" in err and "Traceback" not in err


def test_unreadable_json_says_whose_problem_it_is(dlquiz):
    run = dlquiz("check", SIG, "1/0", "--json")
    assert run.code == 2
    assert json.loads(run.out) == {"id": SIG, "seed": None, "error": json.loads(run.out)["error"], "problem": "answer"}


def test_symbolic_check_imports_no_sympy():
    code = (f"import sys; sys.argv=['dlquiz','check','{SIG}','sigmoid(x)*(1-sigmoid(x))'];"
            "import cli\ntry: cli.app(prog_name='dlquiz')\nexcept SystemExit: pass\n"
            "print('SYMPY' if 'sympy' in sys.modules else 'NOSYMPY')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO).stdout
    assert "NOSYMPY" in out and "Correct" in out


def test_escape_codes_in_an_answer_file_never_reach_the_terminal(dlquiz, tmp_path):
    answer = tmp_path / "design.yaml"
    answer.write_text('"\\e[2J\\e[31mloss": mse\nbatch_size: "64\\e]0;pwned\\a"\n')
    run = dlquiz("check", "design/audio-classifier", f"@{answer}")
    assert run.code == 2 and "\x1b" not in run.out + run.err and "\x07" not in run.out + run.err
    assert "?[2j?[31mloss" in run.out + run.err  # field names are read in lower case
