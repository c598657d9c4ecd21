"""grade: one learner's folder, a class folder (--batch, --shard), merging shards and exporting a
gradebook for an LMS (docs/ci.md). With --assignment, typed answers are graded with the code."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from grader.code.escape import printable
from grader.console import say, style, warn
from grader.errors import DlquizError

OK, BELOW, BAD_INPUT = 0, 1, 2
MERGE, EXPORT = "merge", "export"


@dataclass(frozen=True)
class Options:
    """The grade command's options, as typed on the command line."""

    format: str = "text"
    out: Path | None = None
    summary: Path | None = None
    min_score: float | None = None
    timeout: float | None = None
    workers: int = 1
    shard: str | None = None
    only: str | None = None
    learner: str | None = None
    roster: Path | None = None
    assignment: Path | None = None
    secret_file: Path | None = None
    partial: bool = False
    lms: str | None = None
    points: float | None = None


@dataclass(frozen=True)
class Plan:
    """What is graded: the bank, the exercise ids, and the assignment with its questions (if any)."""

    bank: object
    ids: list[str]
    assignment: object = None
    questions: dict | None = None
    secret: bytes | None = None

    def items(self) -> list[str]:
        """Every graded item, questions first (the gradebook's columns)."""
        if self.assignment is None:
            return self.ids
        return [item.id for item in self.assignment.items]


def grade(bank: Path | None, paths: list[Path], batch: Path | None, options: Options) -> int:
    """`grade PATH`, `grade --batch DIR`, `grade merge PART...` or `grade export GRADEBOOK`:
    check the options, then dispatch."""
    from grader.code.formats import FORMATS

    if options.format not in FORMATS:
        raise DlquizError(f"--format {options.format}: use one of {', '.join(FORMATS)}")
    if options.min_score is not None and not 0 <= options.min_score <= 1:
        raise DlquizError(f"--min-score {options.min_score:g}: give a score between 0 and 1 (0.8 = 80%)")
    if options.timeout is not None and options.timeout <= 0:
        raise DlquizError("--timeout must be a positive number of seconds")
    if options.workers < 1:
        raise DlquizError("--workers must be at least 1")
    if options.points is not None and options.points <= 0:
        raise DlquizError("--points must be above 0")
    if paths and paths[0] == Path(MERGE) and not paths[0].exists():
        from grader.commands.gradebooks import merge

        return merge(paths[1:], options)
    if paths and paths[0] == Path(EXPORT) and not paths[0].exists():
        from grader.commands.gradebooks import export

        return export(paths[1:], options)
    if options.lms:
        raise DlquizError("--lms goes with `dlquiz grade export GRADEBOOK`")
    if batch is not None:
        if paths:
            raise DlquizError("give either a learner's folder or --batch DIR, not both")
        return grade_batch(bank, batch, options)
    if len(paths) != 1:
        raise DlquizError("give one learner's folder (or --batch DIR for a class, or `merge PART...`)")
    if options.shard:
        raise DlquizError("--shard goes with --batch")
    return grade_learner(bank, paths[0], options)


def _plan(bank: Path | None, options: Options) -> Plan:
    """The exercises (ids only: parsed later, while a sandbox boots) and the assignment's questions."""
    from grader.commands.exercise import code_question_ids, open_bank

    opened = open_bank(bank)
    if options.assignment is not None:
        from grader.assignment.keys import read_secret
        from grader.assignment.spec import check_against, load_assignment

        if options.only:
            raise DlquizError("--only and --assignment do not go together: the assignment lists what is graded")
        assignment = load_assignment(options.assignment)
        questions = check_against(assignment, opened)
        return Plan(opened, sorted(item.id for item in assignment.exercises), assignment, questions,
                    read_secret(options.secret_file))
    if options.secret_file is not None:
        raise DlquizError("--secret-file goes with --assignment")
    only = [q.strip() for q in options.only.split(",") if q.strip()] if options.only else None
    ids = code_question_ids(opened, only)
    if not ids:
        raise DlquizError("The bank has no coding exercises to grade")
    return Plan(opened, ids)


def _code_loader(bank):
    """Load an exercise by id, refusing other kinds."""
    from grader.commands.exercise import code_question

    return lambda qid: code_question(bank, qid)


def _run(plan: Plan, options: Options):
    from grader.code.runner import Run

    return Run(ids=plan.ids, load=_code_loader(plan.bank), timeout=options.timeout, not_attempted=True)


def _with_answers(plan: Plan, report, folder: Path, strict: bool):
    """The learner's report with their typed answers added and every item weighted by its points.
    `strict`: a malformed answers file is an error (one learner), else that learner's 0 (a class)."""
    if plan.assignment is None:
        return report
    from grader.assignment.answers import AnswersFileError
    from grader.assignment.grading import grade_typed, unreadable

    try:
        typed = grade_typed(plan.assignment, plan.questions, folder, report.learner, plan.secret)
    except AnswersFileError as exc:
        if strict:
            raise
        typed = unreadable(plan.assignment, plan.questions, exc)
    code = tuple(replace(e, weight=plan.assignment.points_of(e.qid)) for e in report.exercises)
    return replace(report, exercises=typed.reports + code, notes=report.notes + typed.notes)


def _empty_report(plan: Plan, learner: str, folder: str):
    """A learner with no code graded (an assignment of questions only, or no folder at all)."""
    from grader.code.files import learner_filename
    from grader.code.report import ExerciseReport, LearnerReport

    exercises = tuple(ExerciseReport(qid, learner_filename(qid), (), "", submitted=False) for qid in plan.ids)
    return LearnerReport(learner, folder, exercises, "no code graded" if not plan.ids else "")


def grade_learner(bank: Path | None, folder: Path, options: Options) -> int:
    """Grade one learner's folder (their repository); print or write the report in `format`."""
    from grader.classroom.names import learner_name
    from grader.code import formats
    from grader.code.files import UnsafePath, learner_files
    from grader.commands.gradebooks import write_text

    if not folder.is_dir():
        raise DlquizError(f"'{folder}' is not a folder: give the folder holding the learner's files")
    plan = _plan(bank, options)
    name, source = learner_name(options.learner, folder)
    if options.roster is not None:
        from grader.classroom.roster import read_roster

        read_roster(options.roster).require([name], f"this run (named from {source})")
    if plan.ids:
        try:
            files = learner_files(folder, plan.ids)
        except UnsafePath as exc:
            raise DlquizError(f"Cannot grade '{printable(folder)}': {exc.strerror}") from None
        with _run(plan, options) as run:
            report = run.grade(files, name, str(folder))
    else:
        report = _empty_report(plan, name, str(folder))
    report = _with_answers(plan, report, folder, strict=True)
    rendered = {"text": lambda: formats.learner_text(report, style), "json": lambda: formats.learner_json(report),
                "junit": lambda: formats.junit_xml(report), "markdown": lambda: formats.markdown(report)}
    if options.out is not None:
        plain = {**rendered, "text": lambda: formats.learner_text(report)}
        write_text(options.out, plain[options.format]())
        say(formats.learner_text(report, style))
    else:
        say(rendered[options.format]().rstrip("\n"))
    if options.summary is not None:
        write_text(options.summary, formats.markdown(report), append=True)
    return BELOW if options.min_score is not None and report.score < options.min_score else OK


def grade_batch(bank: Path | None, root: Path, options: Options) -> int:
    """Grade every learner folder in `root` (or one shard of them) into a CSV gradebook and its
    JSON details file; with a roster, every roster learner gets a row (no folder: not submitted)."""
    from grader.code import gradebook
    from grader.commands.gradebooks import report_batch

    if not root.is_dir():
        raise DlquizError(f"--batch '{root}' is not a folder: give the folder holding one folder per learner")
    folders = {p.name: p for p in learner_folders(root)}
    roster = None
    if options.roster is not None:
        from grader.classroom.roster import read_roster

        roster = read_roster(options.roster)
        roster.require(sorted(folders), f"'{root}'")
        known = {name.lower() for name in folders}
        folders.update({s.learner: None for s in roster.students.values() if s.learner.lower() not in known})
    names = sorted(folders)
    shard = parse_shard(options.shard)
    if shard:
        names = [n for i, n in enumerate(names) if i % shard[1] == shard[0] - 1]
    plan = _plan(bank, options)
    out = options.out or Path(f"gradebook-{shard[0]}-of-{shard[1]}.csv" if shard else "gradebook.csv")
    present = [folders[n] for n in names if folders[n] is not None]
    reports = {n: _empty_report(plan, n, "") for n in names if folders[n] is None}
    isolation, total, progress = "", len(present), sys.stderr.isatty()  # a counter on a terminal only
    if present and plan.ids:
        with _run(plan, options) as run:
            for n, report in enumerate(run.grade_many(present, options.workers), 1):
                reports[report.learner] = report
                isolation = report.isolation or isolation
                if progress:
                    print(f"\r{n}/{total} graded", end="", file=sys.stderr, flush=True)
        if progress and total:
            print(file=sys.stderr)
    else:
        reports.update({f.name: _empty_report(plan, f.name, str(f)) for f in present})
    rows, failed = [], []
    for name in names:
        report = _with_answers(plan, reports[name], folders[name], strict=False) if folders[name] else reports[name]
        student = roster.find(name) if roster else None
        rows.append(gradebook.learner_row(report, student))
        if report.error:
            failed.append(report)
    document = gradebook.details(rows, plan.items(), isolation, options.shard, plan.assignment)
    written = gradebook.write(document, out)
    report_batch(document, out, written, options)
    for report in failed:
        warn(f"{printable(report.learner, limit=80)} could not be graded (0 in the gradebook): {printable(report.error)}")
    below = options.min_score is not None and any(r["total"] < options.min_score for r in rows)
    return BELOW if below else OK


def learner_folders(root: Path) -> list[Path]:
    """One entry per learner in `root`, by name: its folders and also its symbolic links (never
    followed: grading one says it is a link, so that learner gets a row with the reason).
    Hidden entries and those starting with `_` are not learners; files are ignored."""
    from grader.code.files import UnsafePath, open_folder

    try:
        fd = open_folder(root)
    except UnsafePath as exc:
        raise DlquizError(f"Cannot grade --batch '{printable(root)}': {exc.strerror}") from None
    try:
        entries = [e.name for e in os.scandir(fd) if not e.name.startswith((".", "_"))
                   and (e.is_symlink() or e.is_dir(follow_symlinks=False))]
    finally:
        os.close(fd)
    return [root / name for name in sorted(entries)]


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """'K/N' -> (K, N) with 1 <= K <= N."""
    if not text:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise DlquizError(f"--shard {text}: write K/N with 1 <= K <= N, e.g. --shard 2/4")
    return int(match.group(1)), int(match.group(2))
