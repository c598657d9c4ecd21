"""Each isolation level available on this machine stops the attacks it claims to stop
(docs/threat-model.md), grades every reference solution full marks, and says which level was
in force."""

from __future__ import annotations

import shutil

import pytest

from grader.code import learner_filename, reference_path
from grader.code.files import learner_files
from grader.code.isolation import MODES, available_mode, choose_isolation
from grader.code.runner import Run
from grader.errors import DlquizError
from tests.code.conftest import SUBMISSIONS, exercises, grade_files, leftover_processes

# Defended at every level: endless loops, exits, memory and process limits, daemons.
EVERY_LEVEL = ["relu_backward__infinite_loop.py", "relu_backward__catch_timeout.py", "relu_backward__os_exit.py",
               "relu_backward__memory_bomb.py", "relu_backward__fork_bomb.py", "relu_backward__daemon.py",
               "relu_backward__forge_replies.py", "relu_backward__pickle_bundle.py"]
DESCRIPTION = {"bubblewrap": "bubblewrap:", "unshare": "unshare:", "rlimits": "resource limits only"}


def _works(mode: str) -> bool:
    try:
        return available_mode(mode) == mode
    except DlquizError:
        return False


@pytest.mark.parametrize("mode", MODES)
def test_attacks_score_zero_at_every_isolation_level(mode, monkeypatch, tmp_path):
    if not _works(mode):
        pytest.skip(f"{mode} is not available on this machine")
    monkeypatch.setenv("DLQUIZ_SANDBOX", mode)
    reports = grade_files([SUBMISSIONS / "hostile" / name for name in EVERY_LEVEL], tmp_path, timeout=2)
    for name, report in reports.items():
        assert report.score == 0, name
        assert report.isolation.startswith(DESCRIPTION[mode]), report.isolation
    assert leftover_processes() == []
    references = tmp_path / "references"
    references.mkdir()
    for question in exercises():
        shutil.copyfile(reference_path(question), references / learner_filename(question.id))
    with Run(exercises()) as run:
        report = run.grade(learner_files(references, run.ids), "references", str(references))
    assert {e.qid: e.first_failure for e in report.exercises if not e.passed} == {}


def test_an_unknown_level_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("DLQUIZ_SANDBOX", "chroot")
    with pytest.raises(DlquizError, match="use one of auto, bubblewrap, unshare, rlimits"):
        choose_isolation()
