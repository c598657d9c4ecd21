"""examples/course, an instructor's course repository, used as a pip user would: dlquiz installed
from its wheel (not editable) and every command run from outside the project.

It validates; its formula, derived, SymPy, course-solver and code questions grade; its release
holds no answer, mistake, solution, hidden case or reference code, and still works for learners.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "examples" / "course"


@pytest.fixture(scope="module")
def course(installed_wheel, tmp_path_factory):
    """(run, course folder): a copy of the course and a runner of the installed `dlquiz` in its parent."""
    _, env_dir = installed_wheel
    where = tmp_path_factory.mktemp("instructor")
    shutil.copytree(COURSE, where / "course")

    def run(*args: str, cwd: Path = where) -> subprocess.CompletedProcess:
        return subprocess.run([str(env_dir / "bin" / "dlquiz"), *args], capture_output=True, text=True, cwd=cwd,
                              env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(where),
                                   "DLQUIZ_HOME": str(where / "home"), "COLUMNS": "100"}, timeout=600)
    return run, where / "course"


def test_the_course_validates(course):
    run, folder = course
    done = run("validate", "course/questions", "--seeds", "10")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "8 question(s) checked" in done.stdout


@pytest.mark.parametrize("qid, answer, code, words", [
    ("cnn/conv-output-size", "14", 0, ""),
    ("cnn/conv-output-size", "14.5", 1, "round"),
    ("cnn/conv-output-size", "13", 1, "both sides"),
    ("losses/kl-divergence", "0.2238", 0, ""),
    ("losses/kl-divergence", "0.1938", 1, "not symmetric"),
    ("losses/kl-divergence", "1.253", 1, "cross-entropy"),
    ("losses/huber", "0.875", 0, ""),
    ("losses/huber", "2.625", 1, "the mean"),
    ("neurons/relu-unit", "0.5", 0, ""),
    ("backprop/gradient-at-point", "[0, 3]", 0, ""),
    ("cnn/conv2d-valid", "[[0, -1], [-1, 0]]", 0, ""),
    ("cnn/conv2d-valid", "[[0, 1], [1, 0]]", 1, "flipped"),
])
def test_course_questions_grade(course, qid, answer, code, words):
    run, _ = course
    done = run("check", qid, answer, "--bank", "course/questions")
    assert done.returncode == code, done.stdout + done.stderr
    assert words in done.stdout


def test_the_code_exercise_grades_the_reference(course, tmp_path):
    run, folder = course
    shutil.copyfile(folder / "solutions" / "code" / "leaky-relu.py", tmp_path / "leaky_relu.py")
    done = run("grade", str(tmp_path), "--bank", "course/questions")
    assert done.returncode == 0, done.stdout + done.stderr


def test_release_withholds_every_answer_and_still_serves_learners(course, tmp_path):
    run, folder = course
    out = tmp_path / "release"
    done = run("release", "course/questions", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    texts = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}
    yaml_texts = {k: v for k, v in texts.items() if k.endswith(".yaml")}
    assert len(yaml_texts) == 8 and "solvers.py" not in " ".join(texts)
    for name, text in yaml_texts.items():
        for key in ("mistakes:", "solution:", "formula:", "differentiate:", "solver:", "model_answer:",
                    "correct:", "feedback:", "hidden:", "hidden matrices", "seed: 2"):
            assert key not in text, (name, key)
        answers = re.findall(r"^answer:\s*(.*)$", text, re.M)
        assert answers in ([], ["withheld"]), (name, answers)
    # a derived value neither the prompt nor a constraint uses is withheld; the others are kept
    assert "derived" not in yaml_texts["questions/losses/huber.yaml"]
    assert "z: w @ x + b" in yaml_texts["questions/neurons/relu-unit.yaml"]  # its constraints need it
    assert "p: a / sum(a)" in yaml_texts["questions/losses/kl-divergence.yaml"]
    # the code exercise: the starter and recorded public outputs, never the reference's code
    recorded = texts["solutions/code/leaky-relu.py"]
    assert "np.where" not in recorded and "mistake_plain_relu" not in recorded and "replay(" in recorded
    reference = (folder / "solutions" / "code" / "leaky-relu.py").read_text()
    assert texts["questions/code/leaky-relu.py"] == (folder / "questions" / "code" / "leaky-relu.py").read_text()
    assert reference not in recorded
    # learners use it: questions show, answers are refused, public checks run, the copy validates
    bank = str(out / "questions")
    assert run("show", "losses/huber", "--bank", bank).returncode == 0
    refused = run("check", "losses/huber", "0.875", "--bank", bank)
    assert refused.returncode == 2 and "withholds its answer" in refused.stderr
    mine = tmp_path / "learner"
    mine.mkdir()
    shutil.copyfile(folder / "solutions" / "code" / "leaky-relu.py", mine / "leaky_relu.py")
    tested = run("exercise", "test", "code/leaky-relu", str(mine / "leaky_relu.py"), "--bank", bank)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "hidden" not in tested.stdout
    shutil.copyfile(folder / "questions" / "code" / "leaky-relu.py", mine / "leaky_relu.py")
    assert run("exercise", "test", "code/leaky-relu", str(mine / "leaky_relu.py"), "--bank", bank).returncode == 1
    checked = run("validate", bank, "--seeds", "3")
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("target, words", [
    ("course/questions/out", "into or around the private course"),
    ("course", "into or around the private course"),
    ("course/solutions/release", "into or around the private course"),
    ("course/release", "into or around the private course"),
])
def test_release_refuses_to_write_over_the_private_course(course, target, words):
    run, _ = course
    done = run("release", "course/questions", target)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_release_refuses_a_non_empty_folder(course, tmp_path):
    run, _ = course
    (tmp_path / "keep.txt").write_text("x")
    done = run("release", "course/questions", str(tmp_path))
    assert done.returncode == 2 and "not an empty folder" in done.stderr
