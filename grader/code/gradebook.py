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
from grader.code.report import LearnerReport
from grader.errors import DlquizError

FORMAT = "dlquiz-gradebook"
VERSION = 1


def learner_row(report: LearnerReport) -> dict[str, Any]:
    """One learner's results: `total` (and folder, passed count) and a record per exercise."""
    return {"learner": report.learner, "folder": report.folder, "total": round(report.score, 4),
            "passed": report.passed_count, "error": report.error or None,
            "exercises": {e.qid: {"score": round(e.score, 4), "status": e.status, "first_failure": e.first_failure,
                                  "message": e.message, "mistake": e.mistake}
                          for e in report.exercises}}


def details(rows: list[dict[str, Any]], exercises: list[str], isolation: str, shard: str | None) -> dict[str, Any]:
    """The details document: `learners` maps learner -> exercise -> record, `totals` learner -> total."""
    rows = sorted(rows, key=lambda r: r["learner"])
    return {"format": FORMAT, "version": VERSION, "exercises": exercises, "shard": shard, "isolation": isolation,
            "totals": {r["learner"]: {"total": r["total"], "passed": r["passed"], "folder": r["folder"],
                                      "error": r.get("error")} for r in rows},
            "learners": {r["learner"]: r["exercises"] for r in rows}}


def rows_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The learner rows of a details document (the inverse of `details`)."""
    totals = document["totals"]
    return [{"learner": name, **totals[name], "exercises": exercises} for name, exercises in document["learners"].items()]


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
    try:
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        csv_path.write_text(csv_text(document), encoding="utf-8")
        details_path(csv_path).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise DlquizError(f"Cannot write the gradebook '{csv_path}': {exc.strerror}") from None
    return details_path(csv_path)


def read(path: Path) -> dict[str, Any]:
    """A details file (or the gradebook CSV, whose details file sits next to it)."""
    path = details_path(path) if path.suffix == ".csv" else path
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DlquizError(f"Cannot read the gradebook details '{path}': {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        raise DlquizError(f"'{path}' is not a dlquiz gradebook details file (written by `dlquiz grade --batch`)")
    return document


def merge(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Join shards: the same exercises in each, no learner twice."""
    exercises = documents[0]["exercises"]
    rows: dict[str, dict[str, Any]] = {}
    for document in documents:
        if document["exercises"] != exercises:
            raise DlquizError("the shards were graded on different exercises: grade every shard with the same bank")
        for row in rows_of(document):
            if row["learner"] in rows:
                raise DlquizError(f"learner '{row['learner']}' appears in two shards")
            rows[row["learner"]] = row
    isolations = sorted({d.get("isolation", "") for d in documents})
    return details(list(rows.values()), exercises, " | ".join(isolations), None)


def summary(document: dict[str, Any]) -> str:
    """A few lines for people: the class mean and, per exercise, its mean, passes and commonest failure."""
    rows, exercises = rows_of(document), document["exercises"]
    if not rows:
        return "No learners graded."
    mean = sum(r["total"] for r in rows) / len(rows)
    full = sum(r["total"] >= 1 for r in rows)
    lines = [f"Graded {len(rows)} learner(s) on {len(exercises)} exercise(s): mean {percent(mean)}, {full} at 100%",
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
                           for x in results if x["status"] != "passed")
        failures.pop(None, None)
        top = failures.most_common(1)
        common = f"  most common failure: {printable(top[0][0])} ({top[0][1]})" if top else ""
        mean_q = sum(x["score"] for x in results) / len(results)
        lines.append(f"  {printable(qid):<{width}}  mean {percent(mean_q):>6}  passed {passed}/{len(results)}{common}")
    return "\n".join(lines)
