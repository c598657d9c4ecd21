"""exercise start / test / list: a learner's coding exercises at the terminal."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from grader.bank import Bank
from grader.console import emit_json, say, say_lines, say_wrapped, style, warn, width
from grader.errors import DlquizError
from grader.model import Question

OK, FAILING = 0, 1
DEFAULT_FOLDER = Path("exercises")
_CODE_KIND = re.compile(r"^kind:\s*['\"]?code['\"]?\s*(#.*)?$", re.M)


def open_bank(bank: Bank | Path | None) -> Bank:
    """A Bank from a Bank, a --bank folder or None (the default bank)."""
    return bank if isinstance(bank, Bank) else Bank.open(bank)


def code_question(bank: Bank | Path | None, qid: str) -> Question:
    """Load `qid` and make sure it is a coding exercise."""
    question = open_bank(bank).load(qid)
    if question.kind != "code":
        raise DlquizError(f"'{qid}' is a {question.kind} question, not a coding exercise "
                          "(`dlquiz exercise list` shows the exercises)")
    return question


def code_questions(bank: Bank | Path | None, only: list[str] | None = None) -> list[Question]:
    """Every coding exercise in the bank (or those in `only`), by id."""
    bank = open_bank(bank)
    return [code_question(bank, qid) for qid in code_question_ids(bank, only)]


def code_question_ids(bank: Bank | Path | None, only: list[str] | None = None) -> list[str]:
    """The ids of the coding exercises without parsing any file: those whose `kind:` line says
    code (or `only`, checked when they are loaded)."""
    bank = open_bank(bank)
    if only:
        return sorted(set(only))
    chosen = []
    for qid in bank.ids():
        try:
            text = bank.path_of(qid).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if _CODE_KIND.search(text):
            chosen.append(qid)
    return chosen


def start(bank: Path | None, qid: str, folder: Path | None, force: bool, notebook: bool = False) -> int:
    """Copy the exercise's starter into the learner's folder (default ./exercises/), or with
    `notebook` write a Jupyter notebook holding it; never overwrite an existing file without `force`."""
    from grader.code.files import learner_filename, notebook_name
    from grader.markdown_text import render

    question = code_question(bank, qid)
    name = learner_filename(qid)
    target = (folder or DEFAULT_FOLDER) / (notebook_name(name) if notebook else name)
    if target.exists() and not force:
        raise DlquizError(f"{target} already exists (your work so far?): not overwritten. "
                          "Use --force to replace it with a fresh starter")
    write_starter(question, target)
    say(style(question.spec.title, "bold"))
    say_lines(render(question.spec.prompt.strip(), width()))
    say()
    where = "in the cell tagged grade (only tagged cells are graded)" if notebook else "there"
    say_wrapped(f"Wrote {target}. Implement {question.spec.function} {where}, then run:")
    say(f"  dlquiz exercise test {qid}" + ("" if folder in (None, DEFAULT_FOLDER) else f" {target}"), "bold")
    return OK


def write_starter(question: Question, target: Path) -> None:
    """Copy the exercise's starter file to `target`, making its folder as needed; a `target`
    ending in .ipynb gets a Jupyter notebook holding the starter."""
    from grader.code.files import NOTEBOOK_SUFFIX, starter_path

    starter = starter_path(question)
    if not starter.is_file():
        raise DlquizError(f"The exercise '{question.id}' has no starter file ({starter}): tell your instructor")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == NOTEBOOK_SUFFIX:
            from grader.code.notebook import starter_notebook

            target.write_text(starter_notebook(question.id, question.spec.title, question.spec.prompt,
                                               starter.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(starter, target)
    except OSError as exc:
        raise DlquizError(f"Cannot write {target}: {exc.strerror}") from None


def test_exercise(bank: Bank | Path | None, qid: str, file: Path | None, as_json: bool) -> int:
    """Run the exercise's public checks on the learner's file (default ./exercises/<name>.py, else
    <name>.ipynb, a notebook) and print every check with its message; 0 when all pass, 1 otherwise,
    2 on bad input.

    This is the function `dlquiz exercise watch` calls on every save.
    """
    from grader.code import grade_submission
    from grader.code.files import submission_path
    from grader.code.formats import exercise_text
    from grader.code.isolation import weak_warning

    question = code_question(bank, qid)
    path = file or submission_path(DEFAULT_FOLDER, qid)
    if not os.path.lexists(path):  # a link, FIFO or folder there is reported by the grader, saying what it is
        raise DlquizError(f"No file {path}: create it with `dlquiz exercise start {qid}`"
                          + ("" if file is None else " or check the path"))
    report = grade_submission(question, path, public_only=True)
    warning = weak_warning(report.isolation)
    if warning:
        warn(warning)
    if as_json:
        emit_json(report.to_json())
    else:
        from grader.markdown_text import plain

        say(exercise_text(report, style, plain))  # a report: paths and quoted output kept whole
    return OK if report.passed else FAILING


def list_exercises(bank: Path | None, folder: Path | None, as_json: bool) -> int:
    """The coding exercises: id, the file to write (a notebook when only that exists), whether it
    exists yet, and the title."""
    from grader.code.files import submission_path

    folder = folder or DEFAULT_FOLDER
    rows = []
    for q in code_questions(bank):
        path = submission_path(folder, q.id)
        rows.append({"id": q.id, "file": path.name, "started": path.is_file(), "title": q.spec.title})
    if as_json:
        emit_json(rows)
        return OK
    from grader.commands.questions import table_lines

    table = table_lines([(row["id"], "started" if row["started"] else "new", row["file"], row["title"])
                         for row in rows])
    for lines in table:
        say_lines(lines)
    say_wrapped(f"{len(rows)} exercise(s); files live in {folder}/", "dim")
    return OK
