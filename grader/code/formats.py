"""Reports as text for people, JSON, JUnit XML for CI test views and Markdown for job summaries.

Names and messages may come from the learner (a folder name, the parameters of their function,
what their code raised or printed): every format escapes them for its own syntax (terminal
controls, XML, Markdown tables and code blocks) through grader.code.escape, so no submission
can forge a report line.
"""

from __future__ import annotations

import json
import re

from grader.code.escape import printable, xml_text
from grader.code.report import FAILED, NOT_ATTEMPTED, PASSED, SKIPPED, ExerciseReport, LearnerReport

MARKS = {PASSED: "✓", FAILED: "✗", SKIPPED: "·"}
FORMATS = ("text", "json", "junit", "markdown")


def percent(score: float) -> str:
    """A score in 0..1 as a percentage with at most one decimal."""
    return f"{100 * score:.1f}".rstrip("0").rstrip(".") + "%"


def exercise_text(report: ExerciseReport, style=lambda text, *names: text, feedback=lambda text: text) -> str:
    """Every check of one exercise in stage order, with its message: `dlquiz exercise test`.
    `feedback` shows a matched mistake's feedback (the author's Markdown and $math$) for the reader."""
    lines = [style(f"{printable(report.qid)}  ({printable(report.file)})", "bold")]
    if not report.submitted:
        return "\n".join(lines + [f"  {printable(report.message)}"])
    colours = {PASSED: "green", FAILED: "red", SKIPPED: "dim"}
    for check in report.checks:
        mark = style(MARKS[check.status], colours[check.status])
        lines.append(f"  {mark} {printable(check.name)}" + (f"  [{check.weight:g} pt]" if check.weight else ""))
        if check.message and check.status != SKIPPED:
            message = check.message.replace(check.mistake, feedback(check.mistake)) if check.mistake else check.message
            lines += [f"      {line}" for line in _lines(message)]
    skipped = [c for c in report.checks if c.status == SKIPPED]
    if skipped:
        reason = printable(skipped[0].message.removeprefix('skipped: '))
        lines.append(style(f"      ({len(skipped)} later check(s) skipped: {reason})", "dim"))
    if report.output.strip() and not report.passed:
        lines.append(style("  your code printed:", "dim"))
        lines += [f"      {line}" for line in _lines(report.output)[:15]]
    lines.append(f"Score {percent(report.score)} ({report.points:g} of {report.max_points:g} points)")
    return "\n".join(lines)


def learner_text(report: LearnerReport, style=lambda text, *names: text) -> str:
    """One line per exercise and the first failure's message: `dlquiz grade PATH`."""
    lines = [style(f"{printable(report.learner)}: {percent(report.score)}", "bold"),
             style(f"isolation: {printable(report.isolation)}", "dim")]
    if report.error:
        lines.append(style(f"  not graded: {printable(report.error)}", "red"))
    width = max((len(printable(e.qid)) for e in report.exercises), default=10)
    colours = {PASSED: "green", "partial": "yellow", FAILED: "red", "not submitted": "red", NOT_ATTEMPTED: "dim"}
    for e in report.exercises:
        status = style(f"{e.status:<13}", colours[e.status])
        lines.append(f"  {printable(e.qid):<{width}}  {status} {percent(e.score):>6}  {printable(e.file)}")
        if e.submitted and e.attempted and not e.passed:
            lines.append(style(f"      ✗ {printable(e.first_failure)}", "red"))
            lines += [f"        {line}" for line in _lines(e.message)]
    lines += [style(f"note: {printable(note)}", "yellow") for note in report.notes]
    marks = f", {report.marks:g} of {report.max_marks:g} points" if any(e.weight != 1 for e in report.exercises) else ""
    lines.append(f"Score {percent(report.score)} ({report.passed_count} of {len(report.exercises)} passed{marks})")
    return "\n".join(lines)


def learner_json(report: LearnerReport) -> str:
    """The `--format json` document (docs/ci.md)."""
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False)


def junit_xml(report: LearnerReport) -> str:
    """JUnit XML: one test suite per exercise (or typed question), one test case per check, each
    with a `time` (the sandbox runs an exercise's checks in one go: its time is shared among
    them). Valid against Jenkins' junit-10.xsd: `errors` on every suite, nothing else on the root."""
    import xml.etree.ElementTree as ET

    suites = ET.Element("testsuites", name=xml_text(f"dlquiz {report.learner}"))
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for e in report.exercises:
        suite = ET.SubElement(suites, "testsuite", name=xml_text(e.qid), time=f"{e.seconds:.3f}")
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="isolation", value=xml_text(e.isolation))
        ET.SubElement(props, "property", name="score", value=f"{e.score:.4f}")
        ET.SubElement(props, "property", name="points", value=f"{e.weight:g}")
        checks = e.checks if e.submitted and e.attempted else ()
        each = f"{e.seconds / max(len(checks), 1):.3f}"
        if not e.submitted:
            case = ET.SubElement(suite, "testcase", classname=xml_text(e.qid), name="submitted", time=each)
            ET.SubElement(case, "failure", message=xml_text(e.message)).text = xml_text(e.message)
        elif not e.attempted:
            case = ET.SubElement(suite, "testcase", classname=xml_text(e.qid), name="attempted", time=each)
            ET.SubElement(case, "skipped", message=xml_text(e.message))
        for check in checks:
            case = ET.SubElement(suite, "testcase", classname=xml_text(e.qid), name=xml_text(check.name), time=each)
            if check.status == FAILED:
                first = check.message.splitlines()[0] if check.message else check.name
                ET.SubElement(case, "failure", message=xml_text(first)).text = xml_text(check.message)
            elif check.status == SKIPPED:
                ET.SubElement(case, "skipped", message=xml_text(check.message))
        if e.output.strip():
            ET.SubElement(suite, "system-out").text = xml_text(e.output)
        counts = {"tests": max(len(checks), 1),
                  "failures": sum(c.status == FAILED for c in checks) + (0 if e.submitted else 1),
                  "errors": 0}
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", str(sum(c.status == SKIPPED for c in checks) + (e.submitted and not e.attempted)))
    for key, value in totals.items():
        suites.set(key, str(value))
    suites.set("time", f"{sum(e.seconds for e in report.exercises):.3f}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def markdown(report: LearnerReport) -> str:
    """A Markdown summary for a CI job page ($GITHUB_STEP_SUMMARY) or a pull-request comment."""
    icons = {PASSED: "✅", "partial": "🟡", FAILED: "❌", "not submitted": "⬜", NOT_ATTEMPTED: "⬜"}
    lines = [f"## dlquiz: {md_cell(report.learner)}: {percent(report.score)}", "",
             f"{report.passed_count} of {len(report.exercises)} exercises passed. "
             f"Isolation: {md_cell(report.isolation)}", "",
             "| Exercise | File | Status | Score | First failing check |", "|---|---|---|---|---|"]
    for e in report.exercises:
        lines.append(f"| `{md_cell(e.qid)}` | `{md_cell(e.file)}` | {icons[e.status]} {e.status} | {percent(e.score)} | "
                     f"{md_cell(e.first_failure or '')} |")
    failing = [e for e in report.exercises if e.submitted and e.attempted and not e.passed and e.message]
    if failing:
        lines.append("")
    for e in failing:
        lines += ["<details>", f"<summary>{md_cell(e.qid)}: {md_cell(e.first_failure or '')}</summary>", "",
                  md_code(e.message), "", "</details>"]
    return "\n".join(lines) + "\n"


def _lines(text: str) -> list[str]:
    """Untrusted multi-line text as printable lines (a carriage return cannot overwrite a line)."""
    return printable(text, multiline=True).split("\n")


def md_cell(text: str) -> str:
    """Text that cannot break out of a Markdown table cell or inject HTML."""
    return _html(" ".join(printable(text).split())).replace("|", "\\|").replace("`", "'")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_code(text: str) -> str:
    """A fenced block longer than any backtick run inside, so the text cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{printable(text, multiline=True)}\n{fence}"
