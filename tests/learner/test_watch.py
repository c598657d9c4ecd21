"""The exercise watcher, in-process: which saves run the checks, and the progress line.

The checks are a stand-in here (a file "passes" when it contains `return`); the real
`dlquiz exercise watch` is driven end to end in test_terminal_e2e.py. Sleeping is replaced
by a script of file edits, so nothing depends on timing.
"""

from __future__ import annotations

import os

from grader.learner.watch import Exercise, Watcher, stamp


class Script:
    """A `sleep` that performs the next scripted edit instead of waiting."""

    def __init__(self, *edits):
        self.edits = list(edits)

    def __call__(self, seconds: float) -> None:
        if self.edits:
            self.edits.pop(0)()


def make(tmp_path, *edits, names=("relu_backward", "one_hot")):
    ran: list[str] = []
    lines: list[str] = []

    def run_checks(qid, path):
        ran.append(qid)
        return "return" in path.read_text()

    exercises = [Exercise(f"code/{n}", tmp_path / f"{n}.py") for n in names]
    watcher = Watcher(exercises, run_checks, lambda text="", *styles: lines.append(text), 0.3, Script(*edits))
    return watcher, ran, lines


def write(path, text):
    return lambda: path.write_text(text)


def test_first_look_runs_what_exists_and_waits_for_the_rest(tmp_path):
    (tmp_path / "relu_backward.py").write_text("def relu_backward(dz, z):\n    pass\n")
    watcher, ran, lines = make(tmp_path)
    watcher.watch(rounds=0)
    assert ran == ["code/relu_backward"]
    assert "Waiting for one_hot.py" in "\n".join(lines)
    assert "Exercises passing: 0/2" in lines and "✗\u00a0code/relu_backward  ·\u00a0code/one_hot" in lines


def test_each_save_runs_once_and_nothing_runs_without_one(tmp_path):
    relu = tmp_path / "relu_backward.py"
    relu.write_text("pass\n")
    watcher, ran, lines = make(tmp_path, write(relu, "    return dz * (z > 0)\n"))
    watcher.watch(rounds=3)  # the first sleep saves the file; the later polls see no change
    assert ran == ["code/relu_backward", "code/relu_backward"]
    assert "Exercises passing: 1/2" in lines


def test_a_save_in_several_writes_runs_once_when_still(tmp_path):
    relu = tmp_path / "relu_backward.py"
    relu.write_text("pass\n")
    watcher, ran, _lines = make(tmp_path, write(relu, "half a save, then return"))
    watcher.exercises[0].seen = stamp(relu)
    relu.write_text("half a")  # the first write of a save ...
    assert watcher.poll_once() == 0  # ... and the second one lands while the watcher waits for stillness
    assert watcher.poll_once() == 1 and ran == ["code/relu_backward"]
    assert watcher.exercises[0].passed is True


def test_a_save_by_rename_is_seen(tmp_path):
    relu = tmp_path / "relu_backward.py"
    relu.write_text("pass\n")
    temp = tmp_path / ".relu_backward.py.swp"

    def save_by_rename():
        temp.write_text("pass\n")  # same size, new inode: what editors that rename do
        os.replace(temp, relu)

    watcher, ran, _lines = make(tmp_path, save_by_rename)
    watcher.watch(rounds=2)
    assert ran == ["code/relu_backward", "code/relu_backward"]


def test_a_new_file_is_picked_up_and_progress_counts_it(tmp_path):
    one_hot = tmp_path / "one_hot.py"
    watcher, ran, lines = make(tmp_path, write(one_hot, "return np.eye(n)[y]\n"))
    watcher.watch(rounds=2)
    assert ran == ["code/one_hot"] and "Exercises passing: 1/2" in lines
    assert "·\u00a0code/relu_backward  ✓\u00a0code/one_hot" in lines and "✓ code/one_hot passes." in lines


def test_one_exercise_shows_no_progress_line(tmp_path):
    (tmp_path / "relu_backward.py").write_text("return 1\n")
    watcher, ran, lines = make(tmp_path, names=("relu_backward",))
    watcher.watch(rounds=0)
    assert ran == ["code/relu_backward"] and not any("Exercises passing" in line for line in lines)


def make_course(tmp_path, *edits, names=("relu_backward", "one_hot", "mse")):
    """A watcher in course mode over `names`; `begin` writes a starter that does not pass."""
    ran: list[str] = []
    lines: list[str] = []
    begun: list[str] = []

    def run_checks(qid, path):
        ran.append(qid)
        return "return" in path.read_text()

    def begin(exercise):
        begun.append(exercise.qid)
        if not exercise.path.exists():
            exercise.path.write_text("pass  # starter\n")

    exercises = [Exercise(f"code/{n}", tmp_path / f"{n}.py") for n in names]
    watcher = Watcher(exercises, run_checks, lambda text="", *styles: lines.append(text), 0.3, Script(*edits),
                      clear=lambda: lines.append("<clear>"), course=True, probe=lambda qid, path: "return" in path.read_text(),
                      begin=begin)
    return watcher, ran, lines, begun


def test_every_run_clears_the_screen_first(tmp_path):
    relu = tmp_path / "relu_backward.py"
    relu.write_text("pass\n")
    watcher, ran, lines = make(tmp_path, write(relu, "still pass, saved again\n"))
    watcher.clear = lambda: lines.append("<clear>")
    watcher.watch(rounds=2)
    assert ran == ["code/relu_backward"] * 2
    assert [i for i, line in enumerate(lines) if line == "<clear>"] == [
        i - 1 for i, line in enumerate(lines) if line.startswith("── relu_backward.py")]


def test_course_opens_on_the_first_unfinished_exercise(tmp_path):
    (tmp_path / "relu_backward.py").write_text("return dz * (z > 0)\n")  # passes already
    (tmp_path / "one_hot.py").write_text("pass\n")
    watcher, ran, lines, begun = make_course(tmp_path)
    watcher.watch(rounds=0)
    assert watcher.current.qid == "code/one_hot" and ran == ["code/one_hot"]  # the first look is quiet
    assert begun == [] and lines[lines.index("<clear>") + 1].startswith("── one_hot.py")


def test_course_moves_on_after_a_pass_and_starts_the_next_exercise(tmp_path):
    relu, one_hot = tmp_path / "relu_backward.py", tmp_path / "one_hot.py"
    relu.write_text("pass\n")
    watcher, ran, lines, begun = make_course(tmp_path, write(relu, "return dz * (z > 0)\n"),
                                             lambda: None, write(one_hot, "return np.eye(n)[y]\n"))
    watcher.watch(rounds=4)
    assert ran == ["code/relu_backward", "code/relu_backward", "code/one_hot"]
    text = "\n".join(lines)
    assert text.index("✓ code/relu_backward passes.") < text.index("Next: code/one_hot") < text.index(
        "── one_hot.py")
    assert begun == ["code/one_hot", "code/mse"] and (tmp_path / "mse.py").read_text() == "pass  # starter\n"
    assert watcher.current.qid == "code/mse"  # the starter written for it is not taken for a save


def test_course_says_when_everything_passes(tmp_path):
    for name in ("relu_backward", "one_hot", "mse"):
        (tmp_path / f"{name}.py").write_text("return 1\n")
    watcher, ran, lines, begun = make_course(tmp_path)
    watcher.watch(rounds=0)
    assert watcher.current is None and begun == [] and ran == []
    assert "All 3 exercises pass. Well done!" in lines and "Exercises passing: 3/3" in lines
