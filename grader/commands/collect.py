"""collect: a class's repositories cloned (or updated) into one folder, ready for `grade --batch`."""

from __future__ import annotations

from pathlib import Path

from grader.console import say, warn
from grader.errors import DlquizError

OK, SOME_FAILED = 0, 1


def collect(roster_path: Path, url: str, into: Path, before: str | None, jobs: int) -> int:
    """Clone every roster learner's repository into `into/<learner>`: exit 1 when some could not be."""
    from grader.classroom.collect import RECORD, check_template, collect as collect_
    from grader.classroom.roster import read_roster

    if jobs < 1:
        raise DlquizError("--jobs must be at least 1")
    check_template(url)
    roster = read_roster(roster_path)
    results = collect_(roster, url, into, before, jobs)
    failed = [r for r in results if r.status == "failed"]
    for r in results:
        if r.status != "failed":
            say(f"  {r.learner:<24} {r.status:<8} {r.commit[:12]}")
    for r in failed:
        warn(f"  {r.learner}: {r.url}: {r.message}")
    say(f"{len(results) - len(failed)} of {len(results)} repositories in {into} (record: {into / RECORD})",
        "green" if not failed else "yellow")
    return SOME_FAILED if failed else OK
