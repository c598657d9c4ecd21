"""Limits for the whole sandbox, measured from outside, one face for both modes, fail closed
(issue 11, items 4-7). Each attack returns the right values only if it worked, and otherwise
raises with what it measured, so the assertions read the measurement."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from grader.code import cgroups
from grader.code.isolation import Limits
from tests.code.conftest import SUBMISSIONS, grade_files

HOSTILE = SUBMISSIONS / "hostile"
LIMITS = Limits()
WHOLE_SANDBOX = cgroups.support().version is not None


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    names = ["relu_backward__fork_memory.py", "relu_backward__disk_fill.py", "relu_backward__inode_flood.py",
             "relu_backward__thread_bomb.py", "relu_backward__proc_leak.py", "relu_backward__ctypes_write_inputs.py"]
    return grade_files([HOSTILE / n for n in names], tmp_path_factory.mktemp("limits"), timeout=30)


def _measure(report, label: str) -> int:
    assert report.score == 0, report.message
    found = re.search(rf"{label}: (\d+)", report.message)
    assert found, report.message
    return int(found.group(1))


@pytest.mark.skipif(not WHOLE_SANDBOX, reason=f"no control group here: {cgroups.support().reason}")
def test_memory_is_limited_for_all_processes_together(measured):
    """Issue 11, attack 4: eight children once held 400 MiB each under a "1 GiB" limit."""
    held = _measure(measured["relu_backward__fork_memory.py"], "held together")
    assert held * 400 <= LIMITS.memory_bytes >> 20


@pytest.mark.skipif(not WHOLE_SANDBOX, reason=f"no control group here: {cgroups.support().reason}")
def test_tasks_are_limited_for_all_processes_together(measured):
    assert _measure(measured["relu_backward__thread_bomb.py"], "tasks started") <= LIMITS.processes


def test_disk_is_limited_across_all_files(measured):
    """Issue 11, attack 4: 16 files of 64 MiB once put about 1 GiB on the disk per learner."""
    written = _measure(measured["relu_backward__disk_fill.py"], "bytes written")
    assert written <= 2 * LIMITS.file_bytes + LIMITS.scratch_bytes


def test_the_scratch_folder_caps_the_number_of_files(measured):
    """Issue 11, attack 4: 300,000 files once fitted in the 16 MiB /tmp."""
    report = measured["relu_backward__inode_flood.py"]
    if "files" not in report.isolation.split("/tmp")[1][:40]:
        pytest.skip("no file-count cap without root")
    assert _measure(report, "files created") <= LIMITS.scratch_files


def test_no_host_path_is_visible_inside(measured):
    """Issue 11, attack 5: /proc once showed the harness's and the package's host paths."""
    assert "host paths seen: none" in measured["relu_backward__proc_leak.py"].message


def test_inputs_cannot_be_written_even_through_their_memory(measured):
    """Inputs are read-only memory maps: writing through a raw pointer is stopped by the kernel."""
    report = measured["relu_backward__ctypes_write_inputs.py"]
    assert report.score == 0
    assert "killed by signal 11" in report.message or "the process running your code ended" in report.message


def test_reports_state_the_limits_in_force(measured):
    isolation = measured["relu_backward__proc_leak.py"].isolation
    assert isolation.startswith("bubblewrap:")
    assert f"memory {LIMITS.memory_bytes >> 20} MiB" in isolation and "2 output files" in isolation
    assert (f"for the whole sandbox (cgroup v{cgroups.support().version})" if WHOLE_SANDBOX
            else "no limit for the whole sandbox") in isolation


def _probe(dlquiz, tmp_path, mode: str) -> dict:
    folder = tmp_path / mode
    folder.mkdir()
    shutil.copyfile(HOSTILE / "relu_backward__detect_mode.py", folder / "relu_backward.py")
    if mode == "test":
        run = dlquiz("exercise", "test", "code/relu-backward", str(folder / "relu_backward.py"), "--json")
        output = json.loads(run.out)["output"]
    else:
        run = dlquiz("grade", str(folder), "--only", "code/relu-backward", "--format", "json")
        output = json.loads(run.out)["exercises"][0]["output"]
    seen = json.loads(output.split("OBSERVED ", 1)[1].splitlines()[0])
    seen["folders"].pop("/box")  # the listing of the learner's own box: the same names, checked below
    return seen


def test_grade_and_exercise_test_look_the_same_from_inside(dlquiz, tmp_path):
    """Issue 11, attack 5: the hidden cases once told grading from `exercise test`."""
    test, grade = _probe(dlquiz, tmp_path, "test"), _probe(dlquiz, tmp_path, "grade")
    assert test == grade
    assert all(re.fullmatch(r"c\d+", key) for key in grade["cases"])  # case names say nothing


def test_grade_refuses_weaker_isolation_without_the_flag(dlquiz, tmp_path):
    """Issue 11, attack 8: without bubblewrap the grader once fell back silently."""
    folder = tmp_path / "learner"
    folder.mkdir()
    shutil.copyfile(SUBMISSIONS / "correct" / "mse__python_float.py", folder / "mse.py")
    refused = dlquiz("grade", str(folder), "--only", "code/mse", env={"DLQUIZ_SANDBOX": "rlimits"})
    assert refused.code == 2 and "--allow-weak-sandbox" in refused.err and "Traceback" not in refused.err
    batch = dlquiz("grade", "--batch", str(tmp_path), "--only", "code/mse", "--out", str(tmp_path / "g.csv"),
                   env={"DLQUIZ_SANDBOX": "unshare"})
    assert batch.code == 2 and "--allow-weak-sandbox" in batch.err and not (tmp_path / "g.csv").exists()
    allowed = dlquiz("grade", str(folder), "--only", "code/mse", "--allow-weak-sandbox", "--format", "json",
                     env={"DLQUIZ_SANDBOX": "rlimits"})
    assert allowed.code == 0, allowed.err
    assert json.loads(allowed.out)["isolation"].startswith("resource limits only (weaker than bubblewrap")


def test_exercise_test_falls_back_with_a_warning(dlquiz, tmp_path):
    shutil.copyfile(SUBMISSIONS / "correct" / "mse__python_float.py", tmp_path / "mse.py")
    run = dlquiz("exercise", "test", "code/mse", str(tmp_path / "mse.py"), env={"DLQUIZ_SANDBOX": "rlimits"})
    assert run.code == 0, run.out + run.err
    assert "warning: bubblewrap is not available" in run.err and "weaker isolation" in run.err
    quiet = dlquiz("exercise", "test", "code/mse", str(tmp_path / "mse.py"))
    assert "warning" not in quiet.err
