"""Every JUnit report dlquiz writes is valid against the junit-10.xsd CI tools read (Jenkins,
Surefire style), with a `time` on every test case: one learner's and a whole class's."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from grader.classroom.reports import class_junit, class_markdown
from grader.code import gradebook
from grader.code.formats import junit_xml
from grader.code.report import FAILED, PASSED, SKIPPED, CheckResult, ExerciseReport, LearnerReport

XSD = Path(__file__).resolve().parents[1] / "fixtures" / "junit" / "junit-10.xsd"
HOSTILE = "ana\x1b[2J<x>&\"\x00"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def _report(learner: str = "ana") -> LearnerReport:
    checks = (CheckResult("imports", "imports", PASSED), CheckResult("values", "values", FAILED, "wrong <b>\x07", 2.0),
              CheckResult("properties", "properties", SKIPPED, "skipped: values failed", 1.0))
    return LearnerReport(learner, "f", (
        ExerciseReport("code/relu-backward", "relu_backward.py", checks, "bubblewrap", seconds=0.42, weight=5),
        ExerciseReport("code/mse", "mse.py", (), "bubblewrap", submitted=False),
        ExerciseReport("code/one-hot", "one_hot.py", (), "bubblewrap", attempted=False),
        ExerciseReport("losses/mse", "answers.yaml",
                       (CheckResult("answer", "answer", FAILED, "read as 1: not right", 1.0, credit=0.5),),
                       "typed", kind="numeric", weight=2, seconds=0.002),
    ), "bubblewrap", notes=("a note",))


def _valid(schema, text: str) -> etree._Element:
    document = etree.fromstring(text.encode())
    schema.assertValid(document)
    return document


def test_one_learners_report_is_valid_and_times_every_case(schema):
    document = _valid(schema, junit_xml(_report()))
    cases = document.findall(".//testcase")
    assert cases and all(case.get("time") for case in cases)
    assert "skipped" not in document.attrib  # the schema allows no `skipped` on <testsuites>
    untouched = document.find("testsuite[@name='code/one-hot']/testcase")
    assert untouched.find("skipped") is not None and "starter" in untouched.find("skipped").get("message")


def test_a_class_report_is_one_suite_per_learner(schema):
    rows = [gradebook.learner_row(_report(name)) for name in ("ana", "ben", HOSTILE)]
    document = gradebook.details(rows, ["code/mse", "code/one-hot", "code/relu-backward", "losses/mse"], "bubblewrap", None)
    xml = _valid(schema, class_junit(document))
    suites = xml.findall("testsuite")
    names = sorted(s.get("name") for s in suites)
    assert names[:2] == ["ana", names[1]] and names[1].startswith("ana") and len(suites) == 3
    assert all(ch.isprintable() for ch in names[1])  # no terminal control reaches a CI page
    assert all(case.get("time") for case in xml.iter("testcase"))
    ana = next(s for s in suites if s.get("name") == "ana")
    assert ana.get("tests") == "4" and ana.get("failures") == "3" and ana.get("skipped") == "1"
    assert float(ana.get("time")) == pytest.approx(0.422)
    markdown = class_markdown(document)
    tables = markdown.split("<details>")[0]  # names in table cells: no controls, no HTML
    assert "| ana | " in tables and "\x1b" not in markdown and "<x>" not in tables and "&lt;x&gt;" in tables


def test_the_validator_rejects_what_ci_tools_reject(schema):
    bad = '<testsuites skipped="1"><testsuite name="x" tests="1" failures="0"/></testsuites>'
    with pytest.raises(etree.DocumentInvalid):
        _valid(schema, bad)
