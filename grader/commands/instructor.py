"""validate (deep), new, schema, solvers, show --all-seeds, export and stats: the instructor's commands."""

from __future__ import annotations

from pathlib import Path

from grader.bank import Bank
from grader.console import emit_json, say, warn
from grader.errors import DlquizError

OK, BAD_INPUT = 0, 2


def validate(bank: Path | None, path: Path | None, as_json: bool, seeds: int = 0, jobs: int | None = None) -> int:
    """Schema and cross-checks for every file; with `seeds`, every question's variants checked in depth too."""
    if seeds < 0:
        raise DlquizError(f"--seeds must be 0 or more, not {seeds}")
    if jobs is not None and jobs < 1:
        raise DlquizError(f"--jobs must be 1 or more, not {jobs}")
    target = Bank.open(path or bank)
    questions, problems = target.load_all(lint=True)
    deep = []
    if seeds:
        from grader.instructor.deep_validate import deep_validate

        deep = deep_validate(questions, seeds, jobs)
    failures = [p for p in deep if not p.note]
    notes = [p for p in deep if p.note]
    count = len(problems) + len(failures)
    if as_json:
        emit_json({"ok": not count, "questions": len(questions), "seeds": seeds,
                   "problems": [p.__dict__ for p in problems] + [p.to_json() for p in failures],
                   "notes": [p.to_json() for p in notes]})
        return BAD_INPUT if count else OK
    for p in problems + failures:
        warn(f"Question configuration error: {p}")
    for p in notes:
        say(f"note: {p}", "yellow")
    depth = f" over the canonical variant and {seeds} seed(s)" if seeds else " (schema and cross-checks only)"
    say(f"{len(questions)} question(s) checked{depth}: {count} problem(s) in {target.root}",
        "green" if not count else "red")
    return BAD_INPUT if count else OK
