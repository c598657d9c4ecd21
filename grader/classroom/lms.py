"""Gradebooks an LMS imports as they are: Canvas's and Moodle's grade-import CSV layouts, one
column for the assignment, its points scaled to the assignment's maximum.

Canvas (Grades > Import): the columns `Student, ID, SIS User ID, SIS Login ID, Section`, then
one column per assignment, and a second row `Points Possible` giving each assignment's maximum.
Canvas finds the student by `ID` (its own user id), else `SIS User ID`, else `SIS Login ID`; a
column it does not know becomes a new assignment.

Moodle (Grade administration > Import > CSV file): the layout of its own plain-text export,
`First name, Last name, ID number, Institution, Department, Email address`, then one column per
grade item; at import the teacher maps `Email address` (or `ID number`) to the user and the
assignment's column to its grade item (or a new one).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from grader.classroom.roster import Roster, RosterError, Student
from grader.code.escape import csv_cell

LMS = ("canvas", "moodle")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["First name", "Last name", "ID number", "Institution", "Department", "Email address"]


@dataclass(frozen=True)
class Graded:
    """One roster student and their points (None: not in the gradebook, the LMS keeps what it has)."""

    student: Student
    points: float | None


def graded_students(document: dict[str, Any], roster: Roster, maximum: float) -> tuple[list[Graded], list[str]]:
    """Every roster student with their points (the gradebook's score 0..1 times `maximum`), and
    the roster learners missing from the gradebook. A learner not on the roster is an error."""
    totals = document["totals"]
    unknown = sorted(name for name in totals if roster.find(name) is None)
    if unknown:
        raise RosterError(roster.file, None, f"{len(unknown)} learner(s) in the gradebook are not on the roster: "
                                             + ", ".join(f"'{n}'" for n in unknown[:10]))
    by_key = {name.lower(): record for name, record in totals.items()}
    rows, missing = [], []
    for key, student in roster.students.items():
        record = by_key.get(key)
        if record is None:
            missing.append(student.learner)
        rows.append(Graded(student, None if record is None else round(record["total"] * maximum, 2)))
    return rows, missing


def points_text(points: float | None) -> str:
    """`17.5`, `20`, or '' for no grade."""
    return "" if points is None else f"{points:.2f}".rstrip("0").rstrip(".")


def canvas_csv(rows: list[Graded], title: str, maximum: float) -> str:
    """The Canvas grade-import file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CANVAS_COLUMNS + [csv_cell(title)])
    writer.writerow(["    Points Possible", "", "", "", "", points_text(maximum)])
    for row in rows:
        s = row.student
        first, last = s.split_name
        name = f"{last}, {first}" if last and first else s.full_name  # Canvas's sortable form
        writer.writerow([csv_cell(name), csv_cell(s.canvas_id), csv_cell(s.student_id),
                         csv_cell(s.sis_login_id or s.learner), csv_cell(s.section), points_text(row.points)])
    return out.getvalue()


def moodle_csv(rows: list[Graded], title: str) -> str:
    """The Moodle grade-import file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MOODLE_COLUMNS + [csv_cell(title)])
    for row in rows:
        s = row.student
        first, last = s.split_name
        writer.writerow([csv_cell(first), csv_cell(last), csv_cell(s.student_id), "", "", csv_cell(s.email),
                         points_text(row.points)])
    return out.getvalue()
