"""The learner's answers file: plain YAML in their repository, written by `dlquiz assignment
answer` after every answer (to a temporary file, flushed, then renamed over the old one, so a
crash never leaves half a file) and read, bounded and checked, by `dlquiz grade`.

    # dlquiz answers for week-3: commit and push this file.
    assignment: week-3
    key: abcd-efgh-ijkl-mnop
    answers:
      losses/mse: {answer: "0.04", tries: 1}
      design/audio-classifier: {answer: {layers: "128, 64", ...}, tries: 2}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.errors import DlquizError
from grader.userfiles import replace_file
from grader.yamlfile import YamlSyntaxError, anchor_line, dotted, line_of, read_yaml

MAX_FILE = 256 << 10
MAX_ANSWER = 4000  # characters of one typed answer (or of one design field)
MAX_FIELDS = 50
KEYS = {"assignment", "key", "answers"}


@dataclass(frozen=True)
class Answer:
    """One saved answer: the text (a mapping of field texts for design questions) and the graded tries."""

    text: str | dict[str, str]
    tries: int = 1


@dataclass
class AnswersFile:
    """The learner's answers to one assignment."""

    assignment: str
    key: str
    answers: dict[str, Answer] = field(default_factory=dict)


class AnswersFileError(DlquizError):
    """A problem in a learner's answers file: `FILE:LINE: message`."""

    def __init__(self, file: Path, line: int | None, message: str):
        self.file, self.line, self.detail = file, line, message
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"Answers file error: {where}: {message}")


def read_answers(path: Path) -> AnswersFile | None:
    """The answers in `path`, None when there is no such file; AnswersFileError for a bad one."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnswersFileError(path, None, f"cannot read it: {exc.strerror}") from None
    if not path.is_file() or path.is_symlink():
        raise AnswersFileError(path, None, "it is not a regular file (a link or a folder): commit the file itself")
    if info.st_size > MAX_FILE:
        raise AnswersFileError(path, None, f"it is larger than {MAX_FILE >> 10} KiB")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersFileError(path, None, f"cannot read it as UTF-8 text: {exc}") from None
    if has_aliases(text):
        raise AnswersFileError(path, None, "YAML anchors and aliases (& and *) are not allowed in an answers file")
    try:
        data, lines, duplicates = read_yaml(text)
    except YamlSyntaxError as exc:
        raise AnswersFileError(path, exc.line, f"{exc}: fix the YAML syntax (or delete the file to start again)") from None

    def fail(key: tuple, message: str):
        raise AnswersFileError(path, line_of(lines, key), f"[{dotted(key)}] {message}" if key else message)

    if duplicates:
        key, line = duplicates[0]
        raise AnswersFileError(path, line, f"[{dotted(key)}] this key is given twice: keep one")
    if not isinstance(data, dict) or set(data) - KEYS:
        fail((), "an answers file has the keys assignment, key and answers (it is written by `dlquiz assignment answer`)")
    assignment, key, given = data.get("assignment"), data.get("key"), data.get("answers") or {}
    if not isinstance(assignment, str):
        fail(("assignment",), "the assignment id is missing")
    if not isinstance(key, str):
        fail(("key",), "the learner key is missing")
    if not isinstance(given, dict):
        fail(("answers",), "answers is a mapping of question id to {answer, tries}")
    answers = {}
    for qid, entry in given.items():
        where = ("answers", qid)
        if not isinstance(qid, str):
            fail(where, "a question id is text")
        if not isinstance(entry, dict) or "answer" not in entry or set(entry) - {"answer", "tries"}:
            fail(where, "each answer is {answer: ..., tries: N}")
        tries = entry.get("tries", 1)
        if isinstance(tries, bool) or not isinstance(tries, int) or not 0 <= tries <= 10_000:
            fail(where + ("tries",), "tries is a whole number")
        answers[qid] = Answer(_answer_text(entry["answer"], where + ("answer",), fail), tries)
    return AnswersFile(assignment, key, answers)


def _answer_text(value: Any, where: tuple, fail) -> str | dict[str, str]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        if len(value) > MAX_ANSWER:
            fail(where, f"the answer is longer than {MAX_ANSWER} characters")
        return value
    if isinstance(value, dict) and len(value) <= MAX_FIELDS:
        fields = {}
        for name, text in value.items():
            if not isinstance(name, str) or not isinstance(text, (str, int, float)) or isinstance(text, bool):
                fail(where, "a design answer maps each field name to its text")
            if len(str(text)) > MAX_ANSWER:
                fail(where + (name,), f"the answer is longer than {MAX_ANSWER} characters")
            fields[name] = str(text)
        return fields
    fail(where, "an answer is a line of text (or, for a design question, a mapping of field texts)")


def has_aliases(text: str) -> bool:
    """Whether the YAML uses anchors and aliases (expanding them can make a small file huge)."""
    return "&" in text and "*" in text and anchor_line(text) is not None


def write_answers(path: Path, answers: AnswersFile, title: str) -> None:
    """Save every answer at once: a temporary file beside `path`, flushed to disk, renamed over it."""
    document = {"assignment": answers.assignment, "key": answers.key,
                "answers": {qid: {"answer": a.text, "tries": a.tries} for qid, a in sorted(answers.answers.items())}}
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    text = f"# dlquiz answers for {title}: commit and push this file (`git add {path.name}`).\n{body}"
    try:
        replace_file(path, text)
    except OSError as exc:
        raise DlquizError(f"Your answer could not be saved to '{path}': {exc.strerror}. Nothing was lost from the "
                          "file; fix the problem and answer again") from None
