"""quiz, review, progress and exercise watch: the learner's commands (see grader.learner)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from grader.bank import Bank
from grader.console import emit_json, say, warn
from grader.errors import DlquizError
from grader.learner.store import Store, utc_now
from grader.model import Question

if TYPE_CHECKING:
    from grader.learner.session import Item
    from grader.learner.terminal import TerminalIo

OK, BAD_INPUT, INTERRUPTED = 0, 2, 130


def quiz(bank: Path | None, learner: str | None, topic: str | None, kind: str | None,
         count: int, tries: int) -> int:
    """An interactive quiz of up to `count` questions, filtered by topic and kind; it opens with
    what is due for review."""
    from grader.learner import plan

    opened = Bank.open(bank)
    if count < 1:
        raise DlquizError(f"--count must be at least 1, not {count}")
    plan.check_filters(opened.ids(), topic, kind)
    store, name, io = _start(learner, tries)
    items = plan.quiz_items(store, name, opened, topic, kind, count)
    io.show(plan.due_status(store, name, set(opened.ids()), utc_now()).line(utc_now()), "dim")
    return _run(store, name, io, opened, items, tries)


def review(bank: Path | None, learner: str | None, count: int | None, tries: int) -> int:
    """The learner's questions due now (FSRS), each with fresh numbers; questions that fall due
    during the session (a learning step of a few minutes) join it; it ends when nothing is due."""
    from grader.learner import plan

    opened = Bank.open(bank)
    if count is not None and count < 1:
        raise DlquizError(f"--count must be at least 1, not {count}")
    store, name, io = _start(learner, tries)
    now = utc_now()
    items = plan.review_items(store, name, opened, now, count)
    if not items:
        io.show(plan.due_status(store, name, set(opened.ids()), now).line(now))
        io.show("`dlquiz quiz` puts new questions.", "dim")
        return OK
    io.show(f"{len(items)} question(s) due for review now.", "bold")
    return _run(store, name, io, opened, items, tries,
                more=lambda: plan.review_items(store, name, opened, utc_now()), limit=count)


def progress(bank: Path | None, learner: str | None, as_json: bool, export: Path | None) -> int:
    """Per-topic mastery and accuracy, items due, streak and a chart; or the CSV export."""
    from grader.learner import progress as report_
    from grader.learner.identity import resolve_learner

    store = Store.open_to_read()
    name = resolve_learner(store, learner, _asker(input))
    if export is not None:
        rows = report_.export_csv(store, name, export)
        say(f"Wrote {rows} answer(s) of {name} to {export}")
        return OK
    report = report_.build_report(store, name, _questions(bank), utc_now())
    if as_json:
        emit_json(report)
    else:
        from grader.learner.terminal import TerminalIo

        from grader.console import full_width

        report_.render(report, TerminalIo().show, utc_now(), full_width())
    return OK


def watch(bank: Path | None, qid: str | None, folder: Path | None, interval: float) -> int:
    """Re-run the public checks of exercise `qid` on each save; without `qid`, work through every
    exercise in order, moving on to the next unfinished one after a pass. Ctrl-C stops."""
    from grader.code.files import submission_path
    from grader.commands.exercise import DEFAULT_FOLDER, code_question, code_questions
    from grader.learner.terminal import TerminalIo
    from grader.learner.watch import Exercise, Watcher

    if interval <= 0:
        raise DlquizError(f"--interval must be above 0 seconds, not {interval:g}")
    exercises = [code_question(bank, qid)] if qid is not None else code_questions(bank)
    if not exercises:
        raise DlquizError("The bank has no coding exercises to watch")
    folder = folder or DEFAULT_FOLDER
    questions = {q.id: q for q in exercises}
    io = TerminalIo()
    watcher = Watcher([Exercise(q.id, submission_path(folder, q.id)) for q in exercises],  # .py, or a notebook
                      lambda i, path: _exercise_passes(bank, i, path), io.show, interval, clear=io.clear,
                      course=qid is None, probe=lambda i, path: _exercise_passes(bank, i, path, quiet=True),
                      begin=lambda exercise: _begin(questions[exercise.qid], exercise.path, io))
    try:
        watcher.watch()
    except KeyboardInterrupt:
        io.show()
        watcher.show_progress()
    return OK


def _begin(question: Question, path: Path, io: TerminalIo) -> None:
    """Make `question` the current exercise: write its starter where there is no file yet, show its task."""
    from grader.commands.exercise import write_starter

    if not path.exists():
        try:
            write_starter(question, path)
            io.show(f"Wrote the starter {path}.", "dim")
        except DlquizError as exc:
            warn(str(exc))
    io.show(question.spec.title, "bold")
    io.markdown(question.spec.prompt.strip())
    io.show(f"Implement {question.spec.function} in {path} and save it: its checks run at each save.", "dim")


def _exercise_passes(bank: Path | None, qid: str, path: Path, quiet: bool = False) -> bool:
    """Run `dlquiz exercise test` on one file (`quiet`: without printing); a problem with the file
    is shown, not raised."""
    from grader.commands.exercise import test_exercise

    try:
        if quiet:
            from grader.code import grade_submission
            from grader.commands.exercise import code_question

            return grade_submission(code_question(bank, qid), path, public_only=True).passed
        return test_exercise(bank, qid, path, False) == OK
    except DlquizError as exc:
        if not quiet:
            warn(str(exc))
        return False


def _start(learner: str | None, tries: int) -> tuple[Store, str, TerminalIo]:
    """Check the options, open the store, know the learner: what every session starts with."""
    from grader.learner.identity import resolve_learner
    from grader.learner.terminal import TerminalIo

    if tries < 1:
        raise DlquizError(f"--tries must be at least 1, not {tries}")
    store = Store.open()
    io = TerminalIo()
    if store.merged:
        io.show(f"Added {store.merged} answer(s) kept in the pending file while the progress database could not "
                "be written.", "dim")
    name = resolve_learner(store, learner, _asker(io.ask))
    return store, name, io


def _run(store: Store, name: str, io: TerminalIo, bank: Bank, items: list[Item], tries: int,
         more: Callable[[], list[Item]] | None = None, limit: int | None = None) -> int:
    """Put the items, then show the summary and when the next review is; 130 when the learner pressed Ctrl-C."""
    from grader.learner.plan import due_status
    from grader.learner.session import Session
    from grader.learner.summary import show_summary

    session = Session(store, name, items, io, max_tries=tries, more=more, limit=limit)
    summary = session.run()
    now = utc_now()
    due_line = "" if session.store_failed else due_status(store, name, set(bank.ids()), now).line(now)
    show_summary(summary, io.show, due_line)
    if session.store_failed:
        return BAD_INPUT
    return INTERRUPTED if summary.ctrl_c else OK


def _questions(bank: Path | None) -> list[Question]:
    """Every question that loads; broken files are counted in one warning."""
    questions, problems = Bank.open(bank).load_all(lint=False)
    if problems:
        warn(f"{len(problems)} problem(s) in the question files; those questions are left out "
             "(`dlquiz validate` lists them)")
    return questions


def _asker(ask: Callable[[str], str]) -> Callable[[str], str] | None:
    """`ask`, the way to ask the learner's name, or None when there is no terminal to ask at."""
    return ask if sys.stdin.isatty() else None
