"""The class roster: a CSV file mapping each learner (their folder, i.e. their account) to their
student id, name and email. Every problem is reported with the file and line, exit 2.

    learner,student_id,name,email,section
    ana-l,S1001,Ana Lima,ana@uni.example,A

`learner` is required and unique (case-blind); `student_id` is unique when given; `name` (or
`first_name` and `last_name`), `email`, `section`, `canvas_id` and `sis_login_id` are optional;
other columns are ignored, so an LMS export with a `learner` column added works as it is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from grader.errors import DlquizError

MAX_FILE = 8 << 20
COLUMNS = ("learner", "student_id", "name", "first_name", "last_name", "email", "section", "canvas_id", "sis_login_id")
MAX_FIELD = 200


@dataclass(frozen=True)
class Student:
    """One roster line."""

    learner: str
    student_id: str = ""
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    section: str = ""
    canvas_id: str = ""
    sis_login_id: str = ""
    line: int = 0

    @property
    def full_name(self) -> str:
        """The name as written, else first and last name, else the learner."""
        return self.name or " ".join(p for p in (self.first_name, self.last_name) if p) or self.learner

    @property
    def split_name(self) -> tuple[str, str]:
        """(first name, last name): as given, else the name split before its last word."""
        if self.first_name or self.last_name:
            return self.first_name, self.last_name
        first, _, last = self.full_name.rpartition(" ")
        return (first, last) if first else (last, "")

    def to_json(self) -> dict[str, str]:
        """The roster fields kept in a gradebook's details file."""
        return {k: getattr(self, k) for k in COLUMNS[1:]}


class RosterError(DlquizError):
    """A problem in the roster: `FILE:LINE: message`."""

    def __init__(self, file: Path, line: int | None, message: str):
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"Roster error: {where}: {message}")


@dataclass(frozen=True)
class Roster:
    """The students by learner (lower-cased), in file order."""

    file: Path
    students: dict[str, Student]

    def find(self, learner: str) -> Student | None:
        """The student whose `learner` is `learner` (case-blind)."""
        return self.students.get(learner.strip().lower())

    def require(self, learners: list[str], where: str) -> None:
        """Refuse learners not on the roster, naming them and the file (before anything is graded)."""
        unknown = sorted(name for name in learners if self.find(name) is None)
        if unknown:
            shown = ", ".join(f"'{n}'" for n in unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
            raise RosterError(self.file, None, f"{len(unknown)} learner(s) in {where} not on the roster: {shown}. "
                                               "Add them to the roster (column `learner`) or remove their folders")


def read_roster(path: Path) -> Roster:
    """Read and check a roster CSV file."""
    from grader.userfiles import InputFileError, read_bytes

    if not path.exists():
        raise DlquizError(f"No roster file '{path}'")
    try:
        text = read_bytes(path, "the roster", MAX_FILE).decode("utf-8-sig")  # a FIFO or a device is refused
    except InputFileError as exc:
        raise RosterError(path, None, exc.reason) from None
    except UnicodeDecodeError as exc:
        raise RosterError(path, None, f"cannot read it as UTF-8 text: {exc}") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise RosterError(path, 1, "the file is empty: the first line names the columns (learner, student_id, ...)")
        header = [h.strip().lower().replace(" ", "_") for h in header]
        if "learner" not in header:
            raise RosterError(path, 1, f"no `learner` column (the learner's folder or account); the columns are: "
                                       f"{', '.join(header) or 'none'}")
        dupes = {h for h in header if header.count(h) > 1 and h in COLUMNS}
        if dupes:
            raise RosterError(path, 1, f"the column {', '.join(sorted(dupes))} is given twice")
        students: dict[str, Student] = {}
        ids: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise RosterError(path, line, f"{len(row)} field(s), but the header has {len(header)}")
            values = {h: cell.strip() for h, cell in zip(header, row) if h in COLUMNS}
            for column, value in values.items():
                if len(value) > MAX_FIELD or not value.isprintable():
                    raise RosterError(path, line, f"the {column} is not a short line of printable text")
            learner = values["learner"]
            if not learner:
                raise RosterError(path, line, "the learner is empty")
            if learner.startswith((".", "_")) or "/" in learner or "\\" in learner:
                raise RosterError(path, line, f"learner '{learner}' cannot be a folder name (no /, \\, leading . or _)")
            key = learner.lower()
            if key in students:
                raise RosterError(path, line, f"learner '{learner}' is already on line {students[key].line}")
            sid = values.get("student_id", "")
            if sid:
                if sid in ids:
                    raise RosterError(path, line, f"student id '{sid}' is already on line {ids[sid]}")
                ids[sid] = line
            students[key] = Student(**values, line=line)
    except csv.Error as exc:
        raise RosterError(path, reader.line_num, f"not valid CSV: {exc}") from None
    if not students:
        raise RosterError(path, None, "no learners in the roster")
    return Roster(path, students)
