"""The assignment file (YAML): which questions and exercises, how many points each, and how
the learner answers. Every problem is reported with the file and line, and exit 2.

    id: week-3                  # part of every learner's key: keep it once keys are handed out
    title: "Week 3: losses"
    answers: answers.yaml       # the learner's answers file, beside the assignment file
    tries: 3                    # graded answers per question; the last one counts
    feedback: verdict           # verdict (right or wrong, and a matched mistake) | none (only "saved")
    questions:
      - {id: losses/mse, points: 2}
    exercises:
      - {id: code/mse, points: 5}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.assignment.answers import has_aliases
from grader.errors import DlquizError
from grader.yamlfile import YamlSyntaxError, dotted, line_of, read_yaml

MAX_FILE = 256 << 10
MAX_TITLE = 200
TYPED_KINDS = ("numeric", "symbolic", "choice", "design")  # a flashcard is rated by the learner: not gradable
FEEDBACK = ("verdict", "none")
ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
KEYS = {"id", "title", "answers", "tries", "feedback", "questions", "exercises"}


@dataclass(frozen=True)
class Item:
    """One question or exercise of the assignment and what it is worth."""

    id: str
    points: float
    line: int | None = None


@dataclass(frozen=True)
class Assignment:
    """A loaded assignment file."""

    file: Path
    id: str
    title: str
    questions: tuple[Item, ...]
    exercises: tuple[Item, ...]
    answers: str = "answers.yaml"
    tries: int = 3
    feedback: str = "verdict"

    @property
    def items(self) -> tuple[Item, ...]:
        """Questions then exercises."""
        return self.questions + self.exercises

    @property
    def max_points(self) -> float:
        """The points of every item together."""
        return sum(item.points for item in self.items)

    def points_of(self, qid: str) -> float:
        """What item `qid` is worth."""
        return next(item.points for item in self.items if item.id == qid)


class AssignmentError(DlquizError):
    """A problem in an assignment file: `FILE:LINE: message`."""

    def __init__(self, file: Path, line: int | None, message: str):
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"Assignment file error: {where}: {message}")


def load_assignment(path: Path) -> Assignment:
    """Read and check an assignment file (the ids are checked against a bank by `check_against`)."""
    from grader.userfiles import InputFileError, read_text

    if not path.exists():
        raise DlquizError(f"No assignment file '{path}'")
    try:
        text = read_text(path, "the assignment file", MAX_FILE)  # a FIFO or a device is refused
        if has_aliases(text):
            raise AssignmentError(path, None, "YAML anchors and aliases (& and *) are not allowed in an assignment file")
        data, lines, duplicates = read_yaml(text)
    except InputFileError as exc:
        raise AssignmentError(path, None, exc.reason) from None
    except YamlSyntaxError as exc:
        raise AssignmentError(path, exc.line, f"{exc}: fix the YAML syntax") from None

    def fail(key: tuple, message: str):
        raise AssignmentError(path, line_of(lines, key), f"[{dotted(key)}] {message}" if key else message)

    if duplicates:
        key, line = duplicates[0]
        raise AssignmentError(path, line, f"[{dotted(key)}] this key is given twice: keep one")
    if not isinstance(data, dict):
        fail((), "an assignment file is a mapping with id, title, questions and exercises")
    for key in data:
        if key not in KEYS:
            fail((key,), f"unknown key; an assignment has {', '.join(sorted(KEYS))}")
    ident = data.get("id")
    if not isinstance(ident, str) or not ID.match(ident):
        fail(("id",), "give the assignment an id of lower-case letters, digits, '.', '_' or '-' (e.g. week-3)")
    title = data.get("title", ident)
    if not isinstance(title, str) or not title.strip() or not title.isprintable() or len(title) > MAX_TITLE:
        # it heads the learner's answers file: a line break or a control code there would break the file
        fail(("title",), f"the title is one line of printable text (at most {MAX_TITLE} characters)")
    answers = data.get("answers", "answers.yaml")
    if not isinstance(answers, str) or "/" in answers or "\\" in answers or answers.startswith(".") or not answers.strip():
        fail(("answers",), "the answers file is a plain file name beside the assignment file, e.g. answers.yaml")
    tries = data.get("tries", 3)
    if not isinstance(tries, int) or isinstance(tries, bool) or not 1 <= tries <= 100:
        fail(("tries",), "tries is a whole number from 1 to 100")
    feedback = data.get("feedback", "verdict")
    if feedback not in FEEDBACK:
        fail(("feedback",), f"feedback is one of {', '.join(FEEDBACK)}")
    groups = {name: _items(data.get(name, []), name, lines, fail) for name in ("questions", "exercises")}
    seen: dict[str, str] = {}
    for name, items in groups.items():
        for i, item in enumerate(items):
            if item.id in seen:
                fail((name, i, "id"), f"'{item.id}' is already listed under {seen[item.id]}: list it once")
            seen[item.id] = name
    if not seen:
        fail((), "list at least one question or exercise")
    return Assignment(path, ident, title.strip(), tuple(groups["questions"]), tuple(groups["exercises"]),
                      answers, tries, feedback)


def _items(value: Any, name: str, lines: dict, fail) -> list[Item]:
    if not isinstance(value, list):
        fail((name,), f"{name} is a list of {{id: ..., points: ...}} entries")
    items = []
    for i, entry in enumerate(value):
        if isinstance(entry, str):
            entry = {"id": entry}
        if not isinstance(entry, dict) or set(entry) - {"id", "points"}:
            fail((name, i), "each entry is {id: ..., points: ...} (points default to 1)")
        qid, points = entry.get("id"), entry.get("points", 1)
        if not isinstance(qid, str) or not qid.strip() or not qid.isprintable():
            fail((name, i, "id"), "give the question or exercise id, e.g. losses/mse")
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 < points <= 1000:
            fail((name, i, "points"), "points is a number above 0 (at most 1000)")
        items.append(Item(qid.strip(), float(points), line_of(lines, (name, i))))
    return items


def check_against(assignment: Assignment, bank) -> dict[str, Any]:
    """Load every listed question from `bank` and check its kind; return the questions by id."""
    from grader.errors import QuestionConfigError, UnknownQuestionError

    loaded = {}
    for group, wanted in (("questions", TYPED_KINDS), ("exercises", ("code",))):
        for item in getattr(assignment, group):
            try:
                question = bank.load(item.id)
            except UnknownQuestionError as exc:
                raise AssignmentError(assignment.file, item.line, f"[{group}] {exc}") from None
            except QuestionConfigError as exc:
                raise AssignmentError(assignment.file, item.line,
                                      f"[{group}] '{item.id}' cannot be loaded:\n{exc}") from None
            if question.kind not in wanted:
                hint = ("list it under exercises" if question.kind == "code" else
                        "a flashcard is rated by the learner, so it cannot be graded" if question.kind == "flashcard"
                        else "list it under questions")
                raise AssignmentError(assignment.file, item.line,
                                      f"[{group}] '{item.id}' is a {question.kind} question: {hint}")
            loaded[item.id] = question
    return loaded
