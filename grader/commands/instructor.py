"""validate (deep), new, schema, solvers, show --all-seeds, export and stats: the instructor's commands."""

from __future__ import annotations

import os
from pathlib import Path

from grader.bank import Bank
from grader.console import emit_json, say, warn
from grader.errors import DlquizError

OK, BAD_INPUT = 0, 2


def validate(bank: Path | None, path: Path | None, as_json: bool, seeds: int = 0, jobs: int | None = None,
             timeout: float | None = None) -> int:
    """Every file checked (schema, cross-checks, the canonical variant; with `seeds`, that many more
    variants and code exercises graded), each in a child bounded by `timeout` seconds and memory."""
    from grader.instructor.checking import QUESTION_SECONDS, check_bank

    if seeds < 0:
        raise DlquizError(f"--seeds must be 0 or more, not {seeds}")
    if jobs is not None and jobs < 1:
        raise DlquizError(f"--jobs must be 1 or more, not {jobs}")
    if timeout is not None and not timeout > 0:
        raise DlquizError(f"--timeout must be above 0 seconds, not {timeout:g}")
    target = Bank.open(path or bank)
    checked = check_bank(target, seeds, jobs, timeout or QUESTION_SECONDS)
    failures = [p for p in checked.problems if not getattr(p, "note", False)]
    notes = [p for p in checked.problems if getattr(p, "note", False)]
    count = len(failures)
    if as_json:
        emit_json({"ok": not count, "questions": checked.questions, "seeds": seeds,
                   "problems": [p.to_json() if hasattr(p, "to_json") else p.__dict__ for p in failures],
                   "notes": [p.to_json() for p in notes]})
        return BAD_INPUT if count else OK
    for p in failures:
        warn(f"Question configuration error: {p}")
    for p in notes:
        say(f"note: {p}", "yellow")
    depth = f"the canonical variant and {seeds} seed(s)" if seeds else "the canonical variant"
    say(f"{checked.questions} question(s) checked over {depth}: {count} problem(s) in {target.describe()}",
        "green" if not count else "red")
    return BAD_INPUT if count else OK


def new(kind: str, qid: str, bank: Path | None) -> int:
    """Write a commented question file of `kind` (and its companion files) that passes `dlquiz validate`."""
    import grader
    from grader.instructor.scaffold import scaffolds, write_scaffolds

    from grader.bank import BUILTIN, bank_roots

    files = scaffolds(kind, qid)
    given = [bank] if isinstance(bank, (str, Path)) else list(bank or [])
    if not given and os.environ.get("DLQUIZ_BANK"):
        given = [p for p in os.environ["DLQUIZ_BANK"].split(os.pathsep) if p.strip()]
    chosen = [Path(p) for p in given if str(p) != BUILTIN]
    if chosen and not chosen[0].exists():
        try:
            chosen[0].mkdir(parents=True)  # a new course: its bank folder starts with this question
        except OSError as exc:
            raise DlquizError(f"Cannot create the bank folder '{chosen[0]}': {exc.strerror}") from None
        say(f"created the bank folder {chosen[0]}")
    root = bank_roots([str(chosen[0])])[0] if chosen else bank_roots(None)[0]
    if root.resolve().is_relative_to(Path(grader.__file__).resolve().parent) or root.resolve() == bank_roots([BUILTIN])[0].resolve():
        raise DlquizError("The built-in bank is part of dlquiz itself: pass --bank DIR (or set DLQUIZ_BANK) "
                          "to choose where your course's questions live (the folder is created if needed)")
    for path in write_scaffolds(root, files):
        say(f"wrote {path}")
    say(f"Edit it, preview with `dlquiz show {qid} --all-seeds 3`, then run `dlquiz validate`.", "dim")
    return OK


def docs(name: str) -> int:
    """Print a user guide (docs/NAME.md, shipped in the package)."""
    from grader.guides import guide_text

    print(guide_text(name), end="")
    return OK


def schema() -> int:
    """Print the JSON Schema of a question file (for an editor's YAML language server)."""
    from grader.instructor.schema import question_schema

    emit_json(question_schema())
    return OK


def solvers(as_markdown: bool, as_json: bool) -> int:
    """Print the catalog of reference and mistake solvers, from their docstrings."""
    from grader.instructor.schema import solver_markdown, solver_rows, solver_text
    from grader.console import width

    if as_json:
        emit_json(solver_rows())
    else:
        say(solver_markdown() if as_markdown else solver_text(width()))
    return OK


def show_all_seeds(bank: Path | None, qid: str, first_seed: int | None, count: int, as_json: bool = False) -> int:
    """Print `count` variants of question `qid` side by side (stacked in a narrow window)."""
    import shutil

    from grader.instructor.deep_validate import is_random, seed_text
    from grader.instructor.preview import preview_seeds, side_by_side, variant_text
    from grader.model import has_variants
    from grader.variants import make_variant

    if count < 1:
        raise DlquizError(f"--all-seeds must be 1 or more, not {count}")
    if as_json:
        raise DlquizError("--all-seeds prints text for authors; for JSON use --seed N --json per variant")
    question = Bank.open(bank).load(qid)
    say(f"{qid}  ({question.kind}): {question.spec.title}", "bold")
    if not is_random(question) and not has_variants(question.spec):
        say("(nothing is drawn at random: every seed shows these same numbers)", "dim")
        count = 1
    seeds = preview_seeds(first_seed, count)
    texts = [variant_text(make_variant(question, seed)) for seed in seeds]
    titles = [seed_text(seed) for seed in seeds]
    say(side_by_side(titles, texts, shutil.get_terminal_size((80, 24)).columns))
    return OK


def export(bank: Path | None, out: Path, fmt: str | None, topic: str | None, seed: int | None, answers: bool) -> int:
    """Write a worksheet (or, with `answers`, an answer key with worked solutions) to `out` ('-': stdout)."""
    from grader.instructor.export import choose, heading, item_of, to_markdown

    fmt = fmt or ("html" if out.suffix.lower() in (".html", ".htm") else "markdown")
    if fmt not in ("markdown", "html"):
        raise DlquizError(f"--format must be markdown or html, not '{fmt}'")
    questions, problems = choose(Bank.open(bank), topic)
    items = []
    for question in questions:
        try:
            items.append(item_of(question, seed))
        except DlquizError as exc:  # a question that does not render: left out, the rest are written
            problems += getattr(exc, "problems", []) or [str(exc)]
    for problem in problems:
        warn(f"Left out of the handout: {problem}")
    title = heading(topic, seed, answers)
    if fmt == "html":
        from grader.instructor.handout import to_html

        text = to_html(items, title, answers)
    else:
        text = to_markdown(items, title, answers)
    left_out = BAD_INPUT if problems else OK
    if str(out) == "-":
        print(text, end="")
        return left_out
    from grader.userfiles import write_text

    write_text(out, text, "the handout", make_folder=True)
    say(f"wrote {out}: {title}, {len(items)} question(s), {fmt}")
    return left_out


def stats(files: list[Path], fmt: str, out: Path | None) -> int:
    """Item analysis over gradebooks and progress exports, as a table, JSON or an HTML page."""
    from grader.instructor.responses import read_results
    from grader.instructor.stats import MIN_LEARNERS, analyse, class_size_warning, table

    if fmt not in ("table", "json", "html"):
        raise DlquizError(f"--format must be table, json or html, not '{fmt}'")
    responses = read_results(files)
    results = analyse(responses)
    learners = len(responses.learners())
    if fmt != "table" and class_size_warning(learners):
        warn(f"Warning: {class_size_warning(learners)}")
    if fmt == "json":
        import json

        text = json.dumps({"learners": learners, "min_learners": MIN_LEARNERS, "warning": class_size_warning(learners),
                           "items": [s.to_json() for s in results]}, indent=2, ensure_ascii=False)
    elif fmt == "html":
        from grader.instructor.stats_html import to_html

        text = to_html(results, learners, [str(f) for f in files])
    else:
        import shutil

        text = table(results, learners, shutil.get_terminal_size((100, 24)).columns)
    if out is None:
        print(text)
        return OK
    from grader.userfiles import write_text

    write_text(out, text + "\n", "the report")
    say(f"wrote {out}: {len(results)} item(s), {learners} learner(s), {fmt}")
    return OK
