"""Collect a class's repositories into one folder, one sub-folder per learner, with `git`.

`url` is a template with `{learner}` (the roster's `learner` column), e.g.
`https://github.com/my-course/week3-{learner}.git` (a GitHub Classroom organisation) or
`/srv/git/{learner}.git`. An existing clone is updated instead. Nothing a repository holds is
run: git runs no hooks on clone, symbolic links are checked out as plain files, submodules are
not fetched, and git never asks for a password (a private repository needs credentials set up
beforehand, e.g. `gh auth setup-git`). A record of what was collected (learner, commit, status)
is written to `collected.csv` in the folder.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from grader.classroom.files import write_atomically
from grader.classroom.roster import Roster
from grader.errors import DlquizError

GIT_TIMEOUT = 300.0
RECORD = "collected.csv"
SAFE_GIT = ["-c", "core.symlinks=false", "-c", "core.hooksPath=/dev/null", "-c", "submodule.recurse=false"]


@dataclass(frozen=True)
class Collected:
    """What happened to one learner's repository."""

    learner: str
    url: str
    status: str  # cloned, updated, failed
    commit: str = ""
    message: str = ""


def repository_url(template: str, learner: str) -> str:
    """The learner's repository: `template` with `{learner}` replaced."""
    return template.replace("{learner}", learner)


def check_template(template: str) -> None:
    """A template must name the learner, or every learner would get the same repository."""
    if "{learner}" not in template:
        raise DlquizError(f"--url '{template}' has no {{learner}}: write where each learner's repository is, "
                          "e.g. https://github.com/my-course/week3-{learner}.git")


def collect(roster: Roster, template: str, into: Path, before: str | None = None, jobs: int = 4) -> list[Collected]:
    """Clone (or update) every roster learner's repository into `into/<learner>`; never raises for
    one repository (its failure is in the result)."""
    check_template(template)
    into.mkdir(parents=True, exist_ok=True)
    students = list(roster.students.values())
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(lambda s: _one(s.learner, repository_url(template, s.learner), into, before), students))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "url", "status", "commit", "message"])
    for r in results:
        writer.writerow([r.learner, r.url, r.status, r.commit, r.message])
    write_atomically(into / RECORD, out.getvalue())
    return results


def _one(learner: str, url: str, into: Path, before: str | None) -> Collected:
    target = into / learner
    try:
        if (target / ".git").is_dir():
            _git(["-C", str(target), "fetch", "--quiet", "origin"])
            _git(["-C", str(target), "reset", "--quiet", "--hard", "FETCH_HEAD"])
            status = "updated"
        elif target.exists():
            return Collected(learner, url, "failed", message=f"{target} exists and is not a git clone: move it away")
        else:
            depth = [] if before else ["--depth", "1"]
            _git(["clone", "--quiet", "--no-recurse-submodules", *depth, "--", url, str(target)])
            status = "cloned"
        if before:
            commit = _git(["-C", str(target), "rev-list", "-1", f"--before={before}", "HEAD"]).strip()
            if not commit:
                return Collected(learner, url, "failed", message=f"no commit before {before}")
            _git(["-C", str(target), "checkout", "--quiet", "--detach", commit])
        commit = _git(["-C", str(target), "rev-parse", "HEAD"]).strip()
        return Collected(learner, url, status, commit)
    except DlquizError as exc:
        return Collected(learner, url, "failed", message=str(exc))


def _git(args: list[str]) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "SSH_ASKPASS": "true",
           "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")}
    try:
        done = subprocess.run(["git", *SAFE_GIT, *args], capture_output=True, text=True, timeout=GIT_TIMEOUT,
                              env=env, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise DlquizError("git is not installed: install it to collect repositories") from None
    except subprocess.TimeoutExpired:
        raise DlquizError(f"git {args[0]} took longer than {GIT_TIMEOUT:g} s") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise DlquizError(lines[-1] if lines else f"git exited with {done.returncode}")
    return done.stdout
