"""A class's results: the CSV gradebook, its JSON details file, shard merging and the summary.

Both files are documented in docs/ci.md; `dlquiz stats` reads the details file.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

from grader.code.escape import csv_cell, printable
from grader.code.formats import percent
from grader.code.report import NOT_ATTEMPTED, LearnerReport
from grader.errors import DlquizError

FORMAT = "dlquiz-gradebook"
VERSION = 1


TOTALS = ("total", "passed", "folder", "marks", "max_marks", "notes", "error", "student")


def learner_row(report: LearnerReport, student: Any = None) -> dict[str, Any]:
    """One learner's results: `total` (0..1), marks out of the maximum, folder, passed count, notes,
    their roster line (`student`, if any) and a record per item (exercise or typed question)."""
    return {"learner": report.learner, "folder": report.folder, "total": round(report.score, 4),
            "marks": round(report.marks, 4), "max_marks": report.max_marks,
            "passed": report.passed_count, "notes": list(report.notes), "error": report.error or None,
            "student": student.to_json() if student is not None else None,
            "exercises": {e.qid: {"score": round(e.score, 4), "status": e.status, "first_failure": e.first_failure,
                                  "message": e.message, "mistake": e.mistake, "kind": e.kind, "points": e.weight,
                                  "seconds": round(e.seconds, 3)}
                          for e in report.exercises}}


def details(rows: list[dict[str, Any]], exercises: list[str], isolation: str, shard: str | None,
            assignment: Any = None) -> dict[str, Any]:
    """The details document: `learners` maps learner -> item -> record, `totals` learner -> total;
    with an assignment, its id, title and points."""
    rows = sorted(rows, key=lambda r: r["learner"])
    meta = ({"assignment": assignment.id, "title": assignment.title, "max_points": assignment.max_points}
            if assignment is not None else {"assignment": None, "title": None, "max_points": None})
    return {"format": FORMAT, "version": VERSION, "exercises": exercises, "shard": shard, "isolation": isolation,
            **meta,
            "totals": {r["learner"]: {k: r.get(k) for k in TOTALS} for r in rows},
            "learners": {r["learner"]: r["exercises"] for r in rows}}


def rows_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The learner rows of a details document (the inverse of `details`)."""
    totals = document["totals"]
    return [{"learner": name, **totals[name], "exercises": exercises} for name, exercises in document["learners"].items()]


class _Meta:
    """The assignment fields of a details document, in the shape `details` takes."""

    def __init__(self, document: dict[str, Any]):
        self.id, self.title, self.max_points = document["assignment"], document.get("title"), document.get("max_points")


def csv_text(document: dict[str, Any]) -> str:
    """The gradebook: one row per learner, one column per exercise (score 0..1), then the total.
    Names are written through csv_cell, so none is read as a formula by a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", *(csv_cell(q) for q in document["exercises"]), "total"])
    for row in rows_of(document):
        scores = [f"{row['exercises'][qid]['score']:.4f}" for qid in document["exercises"]]
        writer.writerow([csv_cell(row["learner"]), *scores, f"{row['total']:.4f}"])
    return out.getvalue()


def details_path(csv_path: Path) -> Path:
    """The details file written next to a gradebook: same name, .json."""
    return csv_path.with_suffix(".json")


def write(document: dict[str, Any], csv_path: Path) -> Path:
    """Write the gradebook and its details file; return the details file's path."""
    from grader.classroom.files import write_atomically

    text = csv_text(document)  # both built before either is written
    details = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomically(details_path(csv_path), details)
    write_atomically(csv_path, text)
    return details_path(csv_path)


def read(path: Path) -> dict[str, Any]:
    """A details file (or the gradebook CSV, whose details file sits next to it)."""
    path = details_path(path) if path.suffix == ".csv" else path
    from grader.userfiles import read_text

    text = read_text(path, "the gradebook details", 256 * 1024 * 1024)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise DlquizError(f"Cannot read the gradebook details '{path}': not JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        raise DlquizError(f"'{path}' is not a dlquiz gradebook details file (written by `dlquiz grade --batch`)")
    return document


def merge(parts: list[tuple[Path, dict[str, Any]]], partial: bool = False) -> dict[str, Any]:
    """Join shards: each shard K/N of one N exactly once (`partial`: some may be missing), the same
    items and assignment in each, no learner twice. Problems name the files."""
    check_shards(parts, partial)
    first = parts[0][1]
    exercises = first["exercises"]
    rows: dict[str, dict[str, Any]] = {}
    where: dict[str, Path] = {}
    for path, document in parts:
        if document["exercises"] != exercises or document.get("assignment") != first.get("assignment"):
            raise DlquizError(f"'{path}' was graded on other items than '{parts[0][0]}': grade every shard with "
                              "the same bank and assignment")
        for row in rows_of(document):
            if row["learner"] in rows:
                raise DlquizError(f"learner '{row['learner']}' is in both '{where[row['learner']]}' and '{path}'")
            rows[row["learner"]], where[row["learner"]] = row, path
    isolations = sorted({d.get("isolation", "") for _, d in parts} - {""})
    merged = details(list(rows.values()), exercises, " | ".join(isolations), None,
                     _Meta(first) if first.get("assignment") else None)
    shards = sorted({d.get("shard") for _, d in parts if d.get("shard")})
    if partial and len(shards) < _shard_count(parts):
        merged["partial"] = f"{len(shards)} of {_shard_count(parts)} shards"
    return merged


def _shard_count(parts: list[tuple[Path, dict[str, Any]]]) -> int:
    return max(int(str(d.get("shard")).split("/")[1]) for _, d in parts) if all(d.get("shard") for _, d in parts) else 1


def check_shards(parts: list[tuple[Path, dict[str, Any]]], partial: bool) -> None:
    """Every part a shard K/N of the same N, each K once and (unless `partial`) all of 1..N there."""
    whole = [path for path, d in parts if not d.get("shard")]
    if whole and len(parts) > 1:
        raise DlquizError(f"'{whole[0]}' is a whole class's gradebook, not a shard: merge only `--shard K/N` parts")
    if whole:
        return
    seen: dict[int, Path] = {}
    counts = set()
    for path, document in parts:
        k, n = (int(x) for x in str(document["shard"]).split("/"))
        counts.add(n)
        if k in seen:
            raise DlquizError(f"shard {k}/{n} is given twice: '{seen[k]}' and '{path}'")
        seen[k] = path
    if len(counts) > 1:
        raise DlquizError(f"the parts are shards of different splits ({', '.join(f'/{n}' for n in sorted(counts))}): "
                          "grade every shard with the same --shard K/N")
    n = counts.pop()
    missing = [f"{k}/{n}" for k in range(1, n + 1) if k not in seen]
    if missing and not partial:
        raise DlquizError(f"shard {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing: "
                          "merge every shard, or pass --partial to merge what is there")


def summary(document: dict[str, Any]) -> str:
    """A few lines for people: the class mean and, per exercise, its mean, passes and commonest failure."""
    rows, exercises = rows_of(document), document["exercises"]
    if not rows:
        return "No learners graded."
    mean = sum(r["total"] for r in rows) / len(rows)
    full = sum(r["total"] >= 1 for r in rows)
    what = (f"{printable(document['title'])} ({len(exercises)} item(s), {document['max_points']:g} points)"
            if document.get("assignment") else f"{len(exercises)} exercise(s)")
    lines = [f"Graded {len(rows)} learner(s) on {what}: mean {percent(mean)}, {full} at 100%",
             f"isolation: {printable(document.get('isolation', ''))}"]
    errors = [r for r in rows if r.get("error")]
    if errors:
        lines.append(f"{len(errors)} learner(s) could not be graded (score 0): "
                     + "; ".join(f"{printable(r['learner'], limit=60)}: {printable(r['error'], limit=200)}" for r in errors[:5])
                     + (" ..." if len(errors) > 5 else ""))
    width = max(len(printable(q)) for q in exercises)
    for qid in exercises:
        results = [r["exercises"][qid] for r in rows]
        passed = sum(x["status"] == "passed" for x in results)
        failures = Counter(x["first_failure"] or ("not submitted" if x["status"] == "not submitted" else None)
                           for x in results if x["status"] not in ("passed", NOT_ATTEMPTED))
        failures.pop(None, None)
        top = failures.most_common(1)
        common = f"  most common failure: {printable(top[0][0])} ({top[0][1]})" if top else ""
        untouched = sum(x["status"] == NOT_ATTEMPTED for x in results)
        common += f"  not attempted: {untouched}" if untouched else ""
        mean_q = sum(x["score"] for x in results) / len(results)
        lines.append(f"  {printable(qid):<{width}}  mean {percent(mean_q):>6}  passed {passed}/{len(results)}{common}")
    return "\n".join(lines)
