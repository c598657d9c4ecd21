"""Hostile submissions: every attack gets zero credit, the grader keeps running, and nothing
outside the sandbox's temporary folder changes (docs/threat-model.md)."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from grader.code import reference_path
from grader.code.files import learner_files
from grader.code.runner import Run
from tests.code.conftest import REPO, corpus, exercises, grade_files, leftover_processes

LISTENER_PORT = 47321  # relu_backward__network.py tries to connect here
OUTSIDE = [Path("/tmp/dlquiz-pwned-write"), Path("/tmp/dlquiz-pwned-pickle"), Path.home() / "dlquiz-pwned-write",
           Path("/etc/dlquiz-pwned"), Path("/root/dlquiz-pwned"), Path("/usr/dlquiz-pwned"), Path("/dlquiz-pwned"),
           REPO / "results.json"]


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def attack(tmp_path_factory):
    """Grade the whole hostile corpus once, watching the machine before and after."""
    for path in OUTSIDE:
        assert not path.exists(), f"{path} exists before the test: remove it"
    before = {name: _fingerprint(REPO / name) for name in ("solutions", "questions", "tests/submissions")}
    listener = socket.socket()
    try:
        listener.bind(("127.0.0.1", LISTENER_PORT))
        listener.listen(5)
        listener.setblocking(False)
    except OSError:
        listener.close()
        listener = None
    reports = grade_files(corpus("hostile"), tmp_path_factory.mktemp("hostile"), timeout=2)
    connections = 0
    if listener is not None:
        try:
            while True:
                listener.accept()[0].close()
                connections += 1
        except BlockingIOError:
            pass
        listener.close()
    after = {name: _fingerprint(REPO / name) for name in before}
    return {"reports": reports, "before": before, "after": after, "connections": connections,
            "listening": listener is not None, "leftovers": leftover_processes()}


@pytest.mark.parametrize("name", [p.name for p in corpus("hostile")])
def test_hostile_submission_scores_zero(attack, name):
    report = attack["reports"][name]
    assert report.score == 0, f"{name}: {[(c.name, c.status) for c in report.checks]}"
    assert not report.passed
    assert report.isolation


def test_nothing_outside_the_sandbox_changed(attack):
    assert attack["after"] == attack["before"]
    assert [p for p in OUTSIDE if p.exists()] == []


def test_no_process_survives_the_sandbox(attack):
    assert attack["leftovers"] == []


def test_the_network_is_out_of_reach(attack):
    if not attack["listening"]:
        pytest.skip(f"port {LISTENER_PORT} is busy on this machine")
    assert attack["connections"] == 0


@pytest.mark.parametrize("name, fragment", [
    ("relu_backward__exit_at_import.py", "does not import: raised SystemExit"),
    ("relu_backward__os_exit.py", "the process running your code ended"),
    ("relu_backward__system_exit.py", "do not call sys.exit()"),
    ("relu_backward__infinite_loop.py", "did not finish within 2 s"),
    ("relu_backward__loop_at_import.py", "did not finish within 2 s while importing your file"),
    ("relu_backward__catch_timeout.py", "did not finish within 2 s"),
    ("relu_backward__hanging_array.py", "returned a Stuck; expected a numpy array"),
    ("relu_backward__eq_subclass.py", "ndarray subclass Agreeable"),
    ("relu_backward__forge_null_modified.py", "broke the grading protocol"),
    ("dense_forward__forge_calls_number.py", "broke the grading protocol"),
    ("mse__forge_defined_number.py", "broke the grading protocol"),
    ("softmax__forge_extra_cases.py", "broke the grading protocol"),
    ("relu_backward__forge_giant_message.py", "broke the grading protocol"),
    ("relu_backward__forge_replies.py", "broke the grading protocol"),
    ("one_hot__inject_report.py", "\\x1b[2K\\x1b[32mPASSED"),
    ("one_hot__inject_function_names.py", "\\x1b[2K\\x1b[32m✓ one_hot passed\\x1b[0m\\x0aScore 100%"),
])
def test_hostile_submission_gets_a_plain_explanation(attack, name, fragment):
    assert fragment in attack["reports"][name].message


def test_a_symbolic_link_to_the_reference_is_not_followed(tmp_path):
    learner = tmp_path / "learner"
    learner.mkdir()
    question = next(q for q in exercises() if q.id == "code/relu-backward")
    (learner / "relu_backward.py").symlink_to(reference_path(question))
    with Run([question]) as run:
        report = run.grade(learner_files(learner, [question.id]), "learner", str(learner)).exercises[0]
    assert report.score == 0
    assert "symbolic link" in report.message


def test_every_report_states_the_isolation_in_force(attack):
    modes = {r.isolation.split(":")[0] for r in attack["reports"].values()}
    assert len(modes) == 1
    assert modes.pop() in ("bubblewrap", "unshare", "resource limits only (no namespaces available)")
