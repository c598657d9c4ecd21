"""grade merge and grade export: a class's gradebooks joined from shards and written for an LMS,
and the class's reports written beside a gradebook (docs/ci.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from grader.console import emit_json, say, warn
from grader.errors import DlquizError

if TYPE_CHECKING:
    from grader.commands.grade import Options

OK = 0


def merge(parts: list[Path], options: Options) -> int:
    """Join shard gradebooks (their .json details files, or the .csv next to them) into one; every
    shard K/N must be there once (`--partial` lets some be missing)."""
    from grader.code import gradebook

    if not parts:
        raise DlquizError("`dlquiz grade merge PART...` needs the shards' gradebooks (.csv or .json)")
    document = gradebook.merge([(p, gradebook.read(p)) for p in parts], options.partial)
    out = options.out or Path("gradebook.csv")
    written = gradebook.write(document, out)
    report_batch(document, out, written, options)
    return OK


def export(parts: list[Path], options: Options) -> int:
    """Write a gradebook as the grade-import CSV of an LMS (--lms canvas|moodle), with the roster's ids."""
    from grader.classroom import lms
    from grader.classroom.files import write_atomically
    from grader.classroom.roster import read_roster
    from grader.code import gradebook

    if len(parts) != 1:
        raise DlquizError("`dlquiz grade export GRADEBOOK --lms canvas|moodle --roster FILE` takes one gradebook")
    if options.lms not in lms.LMS:
        raise DlquizError(f"--lms {options.lms or '(missing)'}: use one of {', '.join(lms.LMS)}")
    if options.roster is None:
        raise DlquizError("--roster FILE is needed: an LMS finds each student by the ids the roster gives")
    document = gradebook.read(parts[0])
    roster = read_roster(options.roster)
    maximum = options.points or document.get("max_points") or 100.0
    title = document.get("title") or "dlquiz"
    rows, missing = lms.graded_students(document, roster, maximum)
    text = lms.canvas_csv(rows, title, maximum) if options.lms == "canvas" else lms.moodle_csv(rows, title)
    out = options.out or Path(f"{options.lms}-grades.csv")
    write_atomically(out, text)
    if missing:
        warn(f"{len(missing)} roster learner(s) are not in the gradebook (left blank, the LMS keeps what it has): "
             + ", ".join(missing[:10]))
    say(f"wrote {out}: {len(rows)} student(s), '{title}' out of {lms.points_text(maximum)} points, for {options.lms}")
    return OK


def report_batch(document: dict, csv_path: Path, details_path: Path, options: Options) -> None:
    """Say what a batch run wrote (or print its JSON), and write the JUnit or Markdown report and the
    summary it asked for."""
    from grader.classroom.reports import class_junit, class_markdown
    from grader.code import gradebook

    if options.format == "json":
        emit_json(document)
    else:
        say(gradebook.summary(document))
    written = [csv_path, details_path]
    if options.format in ("junit", "markdown"):
        report = csv_path.with_suffix(".xml" if options.format == "junit" else ".md")
        write_text(report, class_junit(document) if options.format == "junit" else class_markdown(document))
        written.append(report)
    if options.format != "json":
        say(f"Wrote {', '.join(map(str, written))}", "dim")
    if options.summary is not None:
        write_text(options.summary, class_markdown(document), append=True)



def write_text(path: Path, text: str, append: bool = False) -> None:
    """Write (or append) a report; a failure is one message."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise DlquizError(f"Cannot write '{path}': {exc.strerror}") from None
