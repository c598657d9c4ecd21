"""End to end: the real `dlquiz quiz`, `review` and `progress` in a pseudo-terminal (pexpect), 80 columns."""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
import sys

import pexpect
import pytest

from tests.conftest import REPO, dlquiz_env
from tests.learner.conftest import BANK

PROMPT = r"Your answer: |\n> |\(1-4\): |\n[a-z_]+: "
HEADER = r"\[(\d+)/(\d+)\] (\S+) · \w+(?: · seed (\d+))?\r\n"  # no seed: a question without parameters
ANSI = re.compile(r"\x1b\[")

# one way of answering each test-bank question, whatever order the quiz puts them in
FULL_SESSION = {
    "losses/mse": ["hint", "0.04"],   # right after a hint
    "losses/pick-loss": ["b", "b", "b"],  # wrong three times: out of tries
    "optim/sgd": ["1.47"],            # right first try
    "training/minibatch": ["skip"],   # skipped
    "design/tiny-classifier": ["relu", "mse", "32", "", "cross-entropy", ""],  # part right, then right
}


def spawn(home, *args, colour=False):
    """`python -m cli ARGS` in an 80x24 pseudo-terminal, private home, the test bank, NO_COLOR unless `colour`."""
    env = dlquiz_env(home, DLQUIZ_BANK=str(BANK))
    if colour:
        del env["NO_COLOR"]
    child = pexpect.spawn(sys.executable, ["-m", "cli", *args], cwd=str(REPO), encoding="utf-8", timeout=60,
                          dimensions=(24, 80), env=env)
    child.logfile_read = io.StringIO()
    return child


def transcript(child) -> str:
    """Everything the child printed, with the terminal's CRLF turned back into LF."""
    return child.logfile_read.getvalue().replace("\r\n", "\n")


def answer(child, script: dict[str, list[str]], questions: int) -> dict[str, str | None]:
    """Answer `questions` questions from `script` (by the id in each header); return each question's seed."""
    seeds = {}
    for _ in range(questions):
        child.expect(HEADER)
        qid, seeds[qid] = child.match.group(3), child.match.group(4)
        for line in script[qid]:
            child.expect(PROMPT)
            child.sendline(line)
    return seeds


def finish(child) -> tuple[str, int]:
    """Wait for the child to exit; its transcript and exit status."""
    child.expect(pexpect.EOF)
    child.close()
    return transcript(child), child.exitstatus


def progress(home, *args) -> dict:
    """`dlquiz progress --json` for ana, read back."""
    run = subprocess.run([sys.executable, "-m", "cli", "progress", "--json", "--learner", "ana", *args],
                         cwd=REPO, env=dlquiz_env(home, DLQUIZ_BANK=str(BANK)), capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_full_session_and_its_summary(tmp_path):
    child = spawn(tmp_path, "quiz", "--learner", "ana")
    answer(child, FULL_SESSION, 5)
    out, status = finish(child)
    assert status == 0
    summary = out[out.index("Session summary"):]
    assert "Score: 3 / 5 (60%)" in summary
    assert "right first try 1 · right with help 2 · wrong 1 · skipped 1" in summary
    assert re.search(r"losses\s+1/2 right", summary) and re.search(r"optim\s+1/1 right", summary)
    assert re.search(r"training\s+0/1 right", summary) and re.search(r"design\s+1/1 right", summary)
    review_next = summary[summary.index("Review next:"):]
    assert review_next.index("losses/pick-loss") < review_next.index("training/minibatch") < review_next.index(
        "losses/mse")
    assert "Hint 1/2: Square each difference." in out and "That is the sum" not in out
    assert "a price is not a class" in out and "No tries left." in out
    assert "Traceback" not in out and not ANSI.search(out)
    assert max(len(line) for line in out.splitlines()) <= 80
    report = progress(tmp_path)
    assert (report["answers"], report["correct"], report["unfinished"]) == (5, 3, 0)


@pytest.mark.parametrize("ending", ["kill -9", "terminal closed"])
def test_kill_9_mid_session_loses_nothing_answered(tmp_path, ending):
    right, wrong = {"losses/mse": "0.04", "losses/pick-loss": "a"}, {"losses/mse": "0.08", "losses/pick-loss": "b"}
    child = spawn(tmp_path, "quiz", "--learner", "ana", "--topic", "losses")
    seen = []
    for answers in (right, wrong):  # the first question answered right, the second one wrong try
        child.expect(HEADER)
        seen.append(child.match.group(3))
        child.expect(PROMPT)
        child.sendline(answers[seen[-1]])
        child.expect(r"Next review|2 tries left")
    if ending == "kill -9":
        child.kill(signal.SIGKILL)
    child.close(force=True)  # closing the pseudo-terminal hangs up on the session (SIGHUP)
    assert child.signalstatus == (signal.SIGKILL if ending == "kill -9" else signal.SIGHUP)

    report = progress(tmp_path)
    assert (report["answers"], report["correct"], report["unfinished"]) == (1, 1, 1)
    export = tmp_path / "ana.csv"
    run = subprocess.run([sys.executable, "-m", "cli", "progress", "--learner", "ana", "--export", str(export)],
                         cwd=REPO, env=dlquiz_env(tmp_path, DLQUIZ_BANK=str(BANK)), capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0 and "Wrote 2 answer(s)" in run.stdout
    rows = [line.split(",") for line in export.read_text().splitlines()[1:]]
    assert [(r[1], r[6], r[8], r[11]) for r in rows] == [(seen[0], "1", "1", "good"), (seen[1], "0", "1", "")]


def test_ctrl_c_ends_with_the_summary(tmp_path):
    child = spawn(tmp_path, "quiz", "--learner", "ana")
    answer(child, FULL_SESSION, 1)
    child.expect(HEADER)
    child.expect(PROMPT)
    child.sendintr()
    out, status = finish(child)
    assert "Session summary  (stopped at question 2 of 5)" in out and "Score: " in out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out and status == 130  # docs/cli.md: interrupted


def _time_passes(home, days: float) -> None:
    """Move every scheduled review `days` earlier, as if that much time had passed."""
    import sqlite3
    from datetime import datetime, timedelta

    with sqlite3.connect(home / "progress.db") as db:
        for qid, due in db.execute("SELECT question_id, due FROM cards").fetchall():
            moved = (datetime.fromisoformat(due) - timedelta(days=days)).isoformat(timespec="seconds")
            db.execute("UPDATE cards SET due = ? WHERE question_id = ?", (moved, qid))


def test_review_brings_due_questions_back_with_fresh_numbers(tmp_path):
    child = spawn(tmp_path, "quiz", "--learner", "ana")
    quiz_seeds = answer(child, FULL_SESSION, 5)
    out, _ = finish(child)
    assert out.startswith("Nothing scheduled for review yet")  # the quiz opens with what is due
    assert re.search(r"Nothing due for review now; the next review is in \d+ minutes? \(at \d\d:\d\d\)", out)
    report = progress(tmp_path)
    assert (report["due_now"], report["due_today"]) == (0, 5)  # learning steps: minutes from now, not now

    out, status = finish(spawn(tmp_path, "review", "--learner", "ana"))
    assert status == 0 and "Nothing due for review now; the next review is in " in out
    _time_passes(tmp_path, 1)
    child = spawn(tmp_path, "quiz", "--learner", "ana", "--count", "1")
    child.expect(r"Reviews due now: 5 \(`dlquiz review`\)")
    child.sendintr()
    finish(child)
    child = spawn(tmp_path, "review", "--learner", "ana")
    child.expect("5 question\\(s\\) due for review now")
    right = {"losses/mse": ["0.04"], "losses/pick-loss": ["a"], "optim/sgd": ["1.47"],
             "training/minibatch": ["", "easy"], "design/tiny-classifier": ["tanh", "cross-entropy", "64"]}
    review_seeds = answer(child, right, 5)
    out, status = finish(child)
    assert status == 0 and "Score: 5 / 5 (100%)" in out
    assert {q for q, seed in quiz_seeds.items() if seed} == {"losses/mse", "optim/sgd"}  # the ones with parameters
    assert all(review_seeds[q] != quiz_seeds[q] for q in ("losses/mse", "optim/sgd"))
    assert progress(tmp_path)["correct"] == 8


def test_review_with_nothing_due(tmp_path):
    out, status = finish(spawn(tmp_path, "review", "--learner", "ana"))
    assert status == 0 and "Nothing scheduled for review yet" in out and "`dlquiz quiz` puts new questions" in out


def test_name_is_asked_once_at_a_terminal(tmp_path):
    child = spawn(tmp_path, "quiz", "--count", "1")
    child.expect("Your name")
    child.sendline("ana")
    child.expect(PROMPT)
    child.sendline("quit")
    finish(child)
    child = spawn(tmp_path, "progress")
    out, status = finish(child)
    assert status == 0 and "Progress of ana" in out and "Your name" not in out


def test_colour_only_on_a_terminal_without_no_color(tmp_path):
    child = spawn(tmp_path, "quiz", "--learner", "ana", "--count", "1", colour=True)
    child.expect(r"answer: |> ")  # the prompt itself is styled: no newline right before it
    child.sendline("quit")
    coloured, _ = finish(child)
    assert ANSI.search(coloured)

    env = dlquiz_env(tmp_path, DLQUIZ_BANK=str(BANK))
    del env["NO_COLOR"]
    piped = subprocess.run([sys.executable, "-m", "cli", "quiz", "--learner", "ana", "--count", "1"], input="skip\n",
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0 and not ANSI.search(piped.stdout)
    assert "skip" in piped.stdout and "skipped 1" in piped.stdout  # piped answers are echoed into the transcript


@pytest.mark.parametrize("args, message", [
    (["quiz", "--topic", "loses"], "No topic 'loses'. Did you mean 'losses'?"),
    (["quiz", "--kind", "code"], "dlquiz exercise"),
    (["quiz", "--count", "0"], "--count must be at least 1"),
    (["quiz", "--tries", "0"], "--tries must be at least 1"),
    (["progress", "--learner", ""], "A learner name is"),
])
def test_bad_input_is_a_message(dlquiz, args, message):
    run = dlquiz(*args, *([] if "--learner" in args else ["--learner", "ana"]), env={"DLQUIZ_BANK": str(BANK)})
    assert run.code == 2 and message in run.err and "Traceback" not in run.err


RELU_RIGHT = "def relu_backward(dz, z):\n    return dz * (z > 0)\n"
RELU_AT_ZERO = "def relu_backward(dz, z):\n    return dz * (z >= 0)\n"  # passes the gradient at z == 0


def test_exercise_watch_reruns_on_every_save(tmp_path):
    folder = tmp_path / "exercises"
    env = dlquiz_env(tmp_path)  # the built-in bank and its coding exercises
    start = subprocess.run([sys.executable, "-m", "cli", "exercise", "start", "code/relu-backward", "--dir", str(folder)],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert start.returncode == 0, start.stderr
    child = pexpect.spawn(sys.executable, ["-m", "cli", "exercise", "watch", "code/relu-backward", "--dir", str(folder),
                                           "--interval", "0.1"], cwd=str(REPO), env=env, encoding="utf-8",
                          timeout=120, dimensions=(24, 80))
    child.logfile_read = io.StringIO()
    child.expect(r"Score 0%")  # the starter, checked at once
    child.expect("Watching for saves")
    (folder / "relu_backward.py").write_text(RELU_AT_ZERO)
    child.expect(r"── relu_backward\.py")
    child.expect(r"Score ([\d.]+)%")
    buggy = float(child.match.group(1))
    (folder / "relu_backward.py").write_text(RELU_RIGHT)
    child.expect(r"── relu_backward\.py")
    child.expect(r"Score ([\d.]+)%")
    # 100% on a quiet machine; the exercise's own vectorisation time budget may fail under heavy load
    assert float(child.match.group(1)) > buggy
    child.sendintr()
    out, status = finish(child)
    assert status == 0 and "Traceback" not in out
    assert out.count("── relu_backward.py") == 3  # the first look and two saves, nothing more


def test_exercise_watch_all_shows_progress_through_the_exercises(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "relu_backward.py").write_text(RELU_RIGHT)
    child = pexpect.spawn(sys.executable, ["-m", "cli", "exercise", "watch", "--dir", str(folder)], cwd=str(REPO),
                          env=dlquiz_env(tmp_path), encoding="utf-8", timeout=120, dimensions=(24, 80))
    child.logfile_read = io.StringIO()
    child.expect(r"Exercises passing: [01]/(\d+)\r\n")  # 1 unless its time budget fails under load
    total = int(child.match.group(1))
    child.expect("Waiting for ")
    # "✓\u00a0code/relu-backward  ·\u00a0code/mse  ...", wrapped lines rejoined
    marks = [m.strip() for m in child.before.replace("\r\n", "  ").split("  ") if m.strip()]
    child.expect("Watching for saves")
    child.sendintr()
    out, status = finish(child)
    assert status == 0 and total >= 10 and len(marks) == total
    assert [m for m in marks if not m.startswith("·")] in (["✓\u00a0code/relu-backward"], ["✗\u00a0code/relu-backward"])
    assert out.rstrip().endswith("\u00a0code/xor-mlp")  # Ctrl-C shows the progress line once more


def test_exercise_watch_bad_input_is_a_message(dlquiz):
    run = dlquiz("exercise", "watch", "losses/mse")
    assert run.code == 2 and "not a coding exercise" in run.err and "Traceback" not in run.err
    run = dlquiz("exercise", "watch", "code/relu-backward", "--interval", "0")
    assert run.code == 2 and "--interval must be above 0" in run.err


def test_dlquiz_stats_reads_the_progress_export(tmp_path, dlquiz):
    """The export is a contract with the instructor's `dlquiz stats`: two learners' records, one analysis."""
    exports = []
    for name, script in (("ana", {"losses/mse": ["0.04"], "losses/pick-loss": ["a"]}),
                         ("bo", {"losses/mse": ["0.08", "0.08", "0.08"], "losses/pick-loss": ["a"]})):
        child = spawn(tmp_path / name, "quiz", "--learner", name, "--topic", "losses")
        answer(child, script, 2)
        finish(child)
        exports.append(tmp_path / f"{name}.csv")
        run = subprocess.run([sys.executable, "-m", "cli", "progress", "--learner", name, "--export", str(exports[-1])],
                             cwd=REPO, env=dlquiz_env(tmp_path / name), capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
    stats = dlquiz("stats", *map(str, exports), "--format", "json")
    assert stats.code == 0, stats.err
    items = {i["item"]: i for i in json.loads(stats.out)["items"]}
    assert json.loads(stats.out)["learners"] == 2
    assert items["losses/mse"]["share_right"] == 0.5 and items["losses/pick-loss"]["share_right"] == 1.0
    assert items["losses/mse"]["top_failure"] == "That is the sum of the squared errors: divide by n."
