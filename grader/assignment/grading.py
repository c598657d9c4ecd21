"""Grading a learner's typed answers to an assignment: one report per question, in the same form
as a coding exercise's (so every report format, the gradebook and the LMS exports carry both)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from grader.assignment.answers import AnswersFile, AnswersFileError, read_answers
from grader.assignment.keys import learner_key, normal_key, seed_for
from grader.assignment.spec import Assignment
from grader.code.report import FAILED, PASSED, CheckResult, ExerciseReport
from grader.errors import DlquizError
from grader.model import Question

TYPED = "typed answer (no code run)"


@dataclass(frozen=True)
class TypedGrades:
    """The reports of an assignment's questions for one learner, and notes about their key."""

    reports: tuple[ExerciseReport, ...]
    notes: tuple[str, ...] = ()


def grade_typed(assignment: Assignment, questions: dict[str, Question], folder: Path, learner: str,
                secret: bytes | None) -> TypedGrades:
    """Grade the answers file in `folder` (its repository root). With the instructor's `secret`
    the learner's key is made again from `learner`; without it the key in the file is used
    (practice feedback: said in the notes). AnswersFileError for a malformed file."""
    path = folder / assignment.answers
    saved = read_answers(path)
    if saved is None:
        return TypedGrades(tuple(_missing(assignment, item.id, questions, f"not submitted: no file {assignment.answers}",
                                          submitted=False) for item in assignment.questions))
    if saved.assignment != assignment.id:
        raise AnswersFileError(path, 2, f"these answers are for assignment '{saved.assignment}', not "
                                        f"'{assignment.id}': answer `{assignment.id}` into its own file")
    key, notes = _key(assignment, saved, path, learner, secret)
    reports = []
    for item in assignment.questions:
        answer = saved.answers.get(item.id)
        if answer is None:
            reports.append(_missing(assignment, item.id, questions, f"not attempted: no answer in {assignment.answers}"))
            continue
        reports.append(_graded(assignment, questions[item.id], seed_for(key, item.id), answer.text))
        if answer.tries > assignment.tries:
            notes.append(f"{item.id}: {answer.tries} tries recorded, more than the {assignment.tries} allowed")
    return TypedGrades(tuple(reports), tuple(notes))


def unreadable(assignment: Assignment, questions: dict[str, Question], error: AnswersFileError) -> TypedGrades:
    """Every question failed with the file's problem (a class is graded on, this learner scores 0 here)."""
    reports = tuple(ExerciseReport(item.id, assignment.answers,
                                   (CheckResult("answer", "answer", FAILED, str(error), 1.0),),
                                   TYPED, kind=questions[item.id].kind, weight=item.points)
                    for item in assignment.questions)
    return TypedGrades(reports, (str(error),))


def _key(assignment: Assignment, saved: AnswersFile, path: Path, learner: str,
         secret: bytes | None) -> tuple[str, list[str]]:
    try:
        given = normal_key(saved.key)
    except DlquizError:
        given = None
    if secret is None:
        if given is None:
            raise AnswersFileError(path, 3, f"'{saved.key}' is not a learner key")
        return given, [f"the key in {assignment.answers} was not checked (no instructor secret here): "
                       "these are practice verdicts, the instructor's grading decides"]
    own = learner_key(secret, assignment.id, learner)
    if given != own:
        return own, [f"{assignment.answers} was answered with a key that is not {learner}'s: "
                     f"graded on {learner}'s own variants"]
    return own, []


def _graded(assignment: Assignment, question: Question, seed: int, answer: str | dict[str, str]) -> ExerciseReport:
    """One answer through the same check as at the terminal; never raises."""
    from grader.assignment.checking import check_typed
    from grader.variants import make_variant

    started = time.perf_counter()
    try:
        result = check_typed(make_variant(question, seed), answer)
        status = PASSED if result.correct else FAILED
        message = "" if result.correct else _wrong(result)
        check = CheckResult("answer", "answer", status, message, 1.0, mistake=result.mistake, credit=result.score)
    except DlquizError as exc:  # unreadable answer, or a question that cannot make this variant
        check = CheckResult("answer", "answer", FAILED, str(exc), 1.0, credit=0.0)
    except Exception as exc:  # noqa: BLE001 - one answer must never stop a class's grading
        check = CheckResult("answer", "answer", FAILED, f"the answer could not be graded ({type(exc).__name__}); "
                            "tell the instructor", 1.0, credit=0.0)
    return ExerciseReport(question.id, assignment.answers, (check,), TYPED,
                          seconds=time.perf_counter() - started, kind=question.kind,
                          weight=assignment.points_of(question.id))


def _wrong(result) -> str:
    """What a learner is told about a wrong answer: how it was read and the feedback, never the answer."""
    parts = [f"read as {result.read_as}: not right" + (f" (partly: {result.score:g})" if result.score else "")]
    if result.mistake:
        parts.append(result.mistake)
    elif result.feedback and result.feedback not in ("Not quite.", "Incorrect."):
        parts.append(result.feedback)
    return "\n".join(parts)


def _missing(assignment: Assignment, qid: str, questions: dict[str, Question], message: str,
             submitted: bool = True) -> ExerciseReport:
    check = CheckResult("answer", "answer", FAILED, message, 1.0, credit=0.0)
    return ExerciseReport(qid, assignment.answers, (check,) if submitted else (), TYPED, submitted=submitted,
                          attempted=False, kind=questions[qid].kind, weight=assignment.points_of(qid))
