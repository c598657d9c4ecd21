"""A class's reports from its gradebook details: JUnit XML with one test suite per learner (one
test case per question or exercise), and a Markdown page for a CI job summary.

Both are built from the details document (grader/code/gradebook.py), so a merged gradebook
gives the same reports as grading the whole class at once. The JUnit file follows the schema CI
tools read (Jenkins' junit-10.xsd, which Surefire's output also follows): `errors` on every
suite, `time` on every case, no attributes the schema does not allow.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from grader.code.escape import xml_text
from grader.code.formats import md_cell, md_code, percent
from grader.code.report import NOT_ATTEMPTED, NOT_SUBMITTED, PASSED

ICONS = {PASSED: "✅", "partial": "🟡", "failed": "❌", NOT_SUBMITTED: "⬜", NOT_ATTEMPTED: "⬜"}


def class_junit(document: dict[str, Any]) -> str:
    """JUnit XML: a suite per learner, a case per item; a failed or partial item is a failure, a
    not attempted one skipped (a missing file fails, as in a learner's own report)."""
    items = document["exercises"]
    suites = ET.Element("testsuites", name=xml_text(f"dlquiz {document.get('title') or 'gradebook'}"))
    totals = Counter()
    for learner, record in sorted(document["totals"].items()):
        results = document["learners"][learner]
        suite = ET.SubElement(suites, "testsuite", name=xml_text(learner))
        props = ET.SubElement(suite, "properties")
        for name, value in (("score", f"{record['total']:.4f}"), ("marks", _number(record.get("marks"))),
                            ("max_marks", _number(record.get("max_marks"))),
                            ("student_id", (record.get("student") or {}).get("student_id", ""))):
            ET.SubElement(props, "property", name=name, value=xml_text(value))
        counts = Counter(tests=len(items))
        time = 0.0
        for qid in items:
            result = results[qid]
            seconds = float(result.get("seconds") or 0.0)
            time += seconds
            case = ET.SubElement(suite, "testcase", classname=xml_text(learner), name=xml_text(qid),
                                 time=f"{seconds:.3f}")
            status = result["status"]
            if status == NOT_ATTEMPTED:
                ET.SubElement(case, "skipped", message=xml_text(result.get("message") or NOT_ATTEMPTED))
                counts["skipped"] += 1
            elif status != PASSED:
                message = result.get("message") or status
                first = result.get("first_failure") or (message.splitlines() or [status])[0]
                ET.SubElement(case, "failure", message=xml_text(f"{status}: {first}"), type=status).text = xml_text(message)
                counts["failures"] += 1
        for key in ("tests", "failures", "errors", "skipped"):
            suite.set(key, str(counts[key]))
            totals[key] += counts[key]
        suite.set("time", f"{time:.3f}")
        totals["time"] += time
    for key in ("tests", "failures", "errors"):
        suites.set(key, str(totals[key]))
    suites.set("time", f"{totals['time']:.3f}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def class_markdown(document: dict[str, Any]) -> str:
    """A Markdown page: the class at a glance, one row per learner, then one row per item."""
    items, totals = document["exercises"], document["totals"]
    learners = sorted(totals)
    mean = sum(totals[name]["total"] for name in learners) / len(learners) if learners else 0.0
    title = md_cell(document.get("title") or "gradebook")
    lines = [f"## dlquiz: {title}: {len(learners)} learner(s), mean {percent(mean)}", ""]
    if document.get("shard"):
        lines += [f"Shard {md_cell(document['shard'])} of the class.", ""]
    points = document.get("max_points")
    lines += ["| Learner | Score | " + ("Points | " if points else "") + "Passed | Not attempted | First problem |",
              "|---|---|" + ("---|" if points else "") + "---|---|---|"]
    for name in learners:
        record, results = totals[name], document["learners"][name]
        problem = next(((qid, r) for qid, r in results.items() if r["status"] not in (PASSED, NOT_ATTEMPTED)), None)
        first = f"`{md_cell(problem[0])}`: {md_cell(problem[1].get('first_failure') or problem[1]['status'])}" if problem else ""
        untouched = sum(r["status"] == NOT_ATTEMPTED for r in results.values())
        marks = f"{record.get('marks', 0):g} / {points:g} | " if points else ""
        lines.append(f"| {md_cell(name)} | {percent(record['total'])} | {marks}{record['passed']}/{len(items)} | "
                     f"{untouched} | {first} |")
    lines += ["", "| Item | Mean | Passed | Not attempted | Most common failure |", "|---|---|---|---|---|"]
    for qid in items:
        results = [document["learners"][name][qid] for name in learners]
        failures = Counter(r.get("mistake") or r.get("first_failure") or r["status"] for r in results
                           if r["status"] not in (PASSED, NOT_ATTEMPTED))
        top = failures.most_common(1)
        common = f"{md_cell(top[0][0])} ({top[0][1]})" if top else ""
        mean_q = sum(r["score"] for r in results) / len(results) if results else 0.0
        lines.append(f"| `{md_cell(qid)}` | {percent(mean_q)} | {sum(r['status'] == PASSED for r in results)} | "
                     f"{sum(r['status'] == NOT_ATTEMPTED for r in results)} | {common} |")
    notes = [(name, note) for name in learners for note in totals[name].get("notes") or []]
    if notes:
        lines += ["", "<details>", "<summary>Notes</summary>", "",
                  md_code("\n".join(f"{name}: {note}" for name, note in notes)), "", "</details>"]
    return "\n".join(lines) + "\n"


def _number(value: Any) -> str:
    return "" if value is None else f"{value:g}"
