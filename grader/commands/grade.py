"""grade: one learner's folder, a class folder (--batch, --shard) and merging shards (docs/ci.md)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from grader.code.escape import printable
from grader.console import emit_json, say, style, warn
from grader.errors import DlquizError

OK, BELOW, BAD_INPUT = 0, 1, 2
MERGE = "merge"


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


def grade(bank: Path | None, paths: list[Path], batch: Path | None, options: Options) -> int:
    """`grade PATH`, `grade --batch DIR` or `grade merge PART...`: check the options, then dispatch."""
    from grader.code.formats import FORMATS

    if options.format not in FORMATS:
        raise DlquizError(f"--format {options.format}: use one of {', '.join(FORMATS)}")
    if options.min_score is not None and not 0 <= options.min_score <= 1:
        raise DlquizError(f"--min-score {options.min_score:g}: give a score between 0 and 1 (0.8 = 80%)")
    if options.timeout is not None and options.timeout <= 0:
        raise DlquizError("--timeout must be a positive number of seconds")
    if options.workers < 1:
        raise DlquizError("--workers must be at least 1")
    if paths and paths[0] == Path(MERGE) and not paths[0].exists():
        return merge(paths[1:], options)
    if batch is not None:
        if paths:
            raise DlquizError("give either a learner's folder or --batch DIR, not both")
        return grade_batch(bank, batch, options)
    if len(paths) != 1:
        raise DlquizError("give one learner's folder (or --batch DIR for a class, or `merge PART...`)")
    if options.shard:
        raise DlquizError("--shard goes with --batch")
    return grade_learner(bank, paths[0], options)


def _exercises(bank: Path | None, options: Options):
    """The bank and the ids of the exercises to grade (parsed later, while a sandbox boots)."""
    from grader.commands.exercise import code_question_ids, open_bank

    bank = open_bank(bank)
    only = [q.strip() for q in options.only.split(",") if q.strip()] if options.only else None
    ids = code_question_ids(bank, only)
    if not ids:
        raise DlquizError("The bank has no coding exercises to grade")
    return bank, ids


def _code_loader(bank):
    """Load an exercise by id, refusing other kinds."""
    from grader.commands.exercise import code_question

    return lambda qid: code_question(bank, qid)


def grade_learner(bank: Path | None, folder: Path, options: Options) -> int:
    """Grade every exercise in one learner's folder; print or write the report in `format`."""
    from grader.code import formats
    from grader.code.files import find_files
    from grader.code.runner import Run

    if not folder.is_dir():
        raise DlquizError(f"'{folder}' is not a folder: give the folder holding the learner's files")
    bank, ids = _exercises(bank, options)
    with Run(ids=ids, load=_code_loader(bank), timeout=options.timeout) as run:
        report = run.grade(find_files(folder, ids), folder.resolve().name, str(folder))
    rendered = {"text": lambda: formats.learner_text(report, style), "json": lambda: formats.learner_json(report),
                "junit": lambda: formats.junit_xml(report), "markdown": lambda: formats.markdown(report)}
    if options.out is not None:
        plain = {**rendered, "text": lambda: formats.learner_text(report)}
        _write(options.out, plain[options.format]())
        say(formats.learner_text(report, style))
    else:
        say(rendered[options.format]().rstrip("\n"))
    if options.summary is not None:
        _write(options.summary, formats.markdown(report), append=True)
    return BELOW if options.min_score is not None and report.score < options.min_score else OK


def grade_batch(bank: Path | None, root: Path, options: Options) -> int:
    """Grade every learner folder in `root` (or one shard of them) into a CSV gradebook and its
    JSON details file; print the summary."""
    from grader.code import gradebook
    from grader.code.runner import Run

    if not root.is_dir():
        raise DlquizError(f"--batch '{root}' is not a folder: give the folder holding one folder per learner")
    folders = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))),
                     key=lambda p: p.name)
    shard = parse_shard(options.shard)
    if shard:
        folders = [f for i, f in enumerate(folders) if i % shard[1] == shard[0] - 1]
    bank, ids = _exercises(bank, options)
    out = options.out or Path(f"gradebook-{shard[0]}-of-{shard[1]}.csv" if shard else "gradebook.csv")
    rows, failed, isolation, total = [], [], "", len(folders)
    progress = sys.stderr.isatty()  # a counter on a terminal; nothing in CI logs
    with Run(ids=ids, load=_code_loader(bank), timeout=options.timeout) as run:
        for n, report in enumerate(run.grade_many(folders, options.workers), 1):
            rows.append(gradebook.learner_row(report))
            isolation = report.isolation or isolation
            if report.error:
                failed.append(report)
            if progress:
                print(f"\r{n}/{total} graded", end="", file=sys.stderr, flush=True)
    if progress and total:
        print(file=sys.stderr)
    document = gradebook.details(rows, ids, isolation, options.shard)
    written = gradebook.write(document, out)
    _report_batch(document, out, written, options)
    for report in failed:
        warn(f"{printable(report.learner, limit=80)} could not be graded (0 in the gradebook): {printable(report.error)}")
    below = options.min_score is not None and any(r["total"] < options.min_score for r in rows)
    return BELOW if below else OK


def merge(parts: list[Path], options: Options) -> int:
    """Join shard gradebooks (their .json details files, or the .csv next to them) into one."""
    from grader.code import gradebook

    if not parts:
        raise DlquizError("`dlquiz grade merge PART...` needs the shards' gradebooks (.csv or .json)")
    document = gradebook.merge([gradebook.read(p) for p in parts])
    out = options.out or Path("gradebook.csv")
    written = gradebook.write(document, out)
    _report_batch(document, out, written, options)
    return OK


def _report_batch(document: dict, csv_path: Path, details_path: Path, options: Options) -> None:
    from grader.code import gradebook

    if options.format == "json":
        emit_json(document)
    else:
        say(gradebook.summary(document))
        say(f"Wrote {csv_path} and {details_path}", "dim")
    if options.summary is not None:
        _write(options.summary, "## dlquiz gradebook\n\n```text\n" + gradebook.summary(document) + "\n```\n", append=True)


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """'K/N' -> (K, N) with 1 <= K <= N."""
    if not text:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise DlquizError(f"--shard {text}: write K/N with 1 <= K <= N, e.g. --shard 2/4")
    return int(match.group(1)), int(match.group(2))


def _write(path: Path, text: str, append: bool = False) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise DlquizError(f"Cannot write '{path}': {exc.strerror}") from None
