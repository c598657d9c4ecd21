"""assignment keys / answer / check: an instructor's graded assignment and the learner's answers
(docs/assignments.md)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from grader.bank import Bank
from grader.console import say
from grader.errors import DlquizError

OK, INTERRUPTED = 0, 130


def open_assignment(bank: Path | None, path: Path):
    """The assignment file and its questions, checked against the bank."""
    from grader.assignment.spec import check_against, load_assignment

    assignment = load_assignment(path)
    return assignment, check_against(assignment, Bank.open(bank))


def check(bank: Path | None, path: Path) -> int:
    """Check an assignment file against the bank and print what it holds."""
    assignment, questions = open_assignment(bank, path)
    say(f"{assignment.id}: {assignment.title}", "bold")
    for group, items in (("questions", assignment.questions), ("exercises", assignment.exercises)):
        for item in items:
            say(f"  {item.id:<36} {questions[item.id].kind:<9} {item.points:g} point(s)")
    say(f"{len(assignment.questions)} question(s), {len(assignment.exercises)} exercise(s), "
        f"{assignment.max_points:g} points; answers go to {assignment.answers}; {assignment.tries} tries; "
        f"feedback: {assignment.feedback}", "dim")
    return OK


def keys(bank: Path | None, path: Path, roster_path: Path, secret_file: Path | None, out: Path | None) -> int:
    """Write each roster learner's key (CSV: learner, student_id, name, email, key) to `out` or stdout."""
    from grader.assignment.keys import learner_key, require_secret
    from grader.classroom.roster import read_roster

    assignment, _ = open_assignment(bank, path)
    secret = require_secret(secret_file)
    roster = read_roster(roster_path)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["learner", "student_id", "name", "email", "key"])
    from grader.code.escape import csv_cell

    for student in roster.students.values():  # names come from the LMS, where learners set them: no formulas
        writer.writerow([csv_cell(cell) for cell in (student.learner, student.student_id, student.full_name,
                                                     student.email, learner_key(secret, assignment.id, student.learner))])
    if out is None:
        print(text.getvalue(), end="")
        return OK
    from grader.classroom.files import write_atomically

    write_atomically(out, text.getvalue())
    say(f"wrote {out}: {len(roster.students)} key(s) for {assignment.id}. Send each learner their own key; "
        "keep the secret and this file out of the learners' repositories.")
    return OK


def answer(bank: Path | None, path: Path, key: str | None) -> int:
    """The learner answers the assignment's questions at the terminal; answers saved beside the assignment."""
    from grader.assignment.answers import AnswersFile, read_answers
    from grader.assignment.keys import normal_key
    from grader.assignment.session import AssignmentSession
    from grader.code.files import learner_filename
    from grader.learner.terminal import TerminalIo

    assignment, questions = open_assignment(bank, path)
    answers_path = path.parent / assignment.answers
    saved = read_answers(answers_path)  # a malformed file stops here, untouched
    given = normal_key(key) if key is not None else None
    if saved is not None:
        if saved.assignment != assignment.id:
            raise DlquizError(f"{answers_path} holds answers to '{saved.assignment}', not '{assignment.id}'")
        if given is not None and given != normal_key(saved.key):
            raise DlquizError(f"{answers_path} was started with another key ({saved.key}): answer with that key, "
                              "or ask your instructor")
        answers = AnswersFile(assignment.id, normal_key(saved.key), saved.answers)
    elif given is None:
        raise DlquizError(f"Give your key the first time: `dlquiz assignment answer {path} --key KEY` "
                          "(your instructor sends it); it is then kept in " + assignment.answers)
    else:
        answers = AnswersFile(assignment.id, given)
    terminal = TerminalIo()
    terminal.show(f"{assignment.title}  ({len(assignment.questions)} question(s), {len(assignment.exercises)} "
                  f"exercise(s), {assignment.max_points:g} points)", "bold")
    if not assignment.questions:
        terminal.show("This assignment has no typed questions.")
    session = AssignmentSession(assignment, questions, answers, answers_path, terminal)
    progress = session.run()
    if assignment.exercises:
        terminal.show("Exercises (graded from your files when you push):", "bold")
        for item in assignment.exercises:
            terminal.show(f"  {item.id:<32} exercises/{learner_filename(item.id)}  ({item.points:g} point(s))")
    if progress.saved:
        terminal.show(f"Saved {progress.saved} answer(s) to {answers_path}. Commit and push it: "
                      f"git add {answers_path} && git commit -m answers && git push", "bold")
    return INTERRUPTED if progress.interrupted else OK
