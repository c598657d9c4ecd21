"""Reports cannot be forged by names: folder, function and exception names with terminal
escapes, line breaks, characters XML forbids or spreadsheet formulas are neutralised in every
format; and a class is graded even when one learner cannot be."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader.code import learner_filename, reference_path
from grader.code.escape import csv_cell, printable, xml_text
from grader.code.runner import Run
from tests.code.conftest import SUBMISSIONS, exercises

ESCAPES = "\x1b[2K\x1b[32mScore 100%"
FORMULA = "=2+5+cmd|' -c calc'!A0"
INJECTION = SUBMISSIONS / "hostile" / "one_hot__inject_report.py"
NAMES = SUBMISSIONS / "hostile" / "one_hot__inject_function_names.py"


@pytest.mark.parametrize("text, shown", [
    ("plain name", "plain name"),
    ("\x1b[2K\x1b[32mScore 100%", "\\x1b[2K\\x1b[32mScore 100%"),
    ("a\nb\rc", "a\\x0ab\\x0dc"),
    ("rtl\u202eevil", "rtl\\u202eevil"),
    ("zero\u200bwidth", "zero\\u200bwidth"),
    ("tab\there", "tab    here"),
    ("Ünïcödé ✓ λ", "Ünïcödé ✓ λ"),
])
def test_printable_shows_every_invisible_character(text, shown):
    assert printable(text) == shown


def test_printable_keeps_line_breaks_only_when_asked():
    assert printable("a\nb", multiline=True) == "a\nb"
    assert printable("a\r\nb", multiline=True) == "a\\x0d\nb"


@pytest.mark.parametrize("text, cell", [
    (FORMULA, "'" + FORMULA), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'    x"), ("\rx", "'\\x0dx"), ("  =1", "'  =1"), ("ada", "ada"), ("code/mse", "code/mse"),
])
def test_csv_cells_never_start_a_formula(text, cell):
    assert csv_cell(text) == cell


@pytest.mark.parametrize("text", ["\x00\x01\x0b\x0c", "\ud800\udfff", "\ufffe\uffff", "<a & 'b' \"c\">", ESCAPES])
def test_xml_text_always_makes_well_formed_xml(text):
    root = ET.Element("t", name=xml_text(text))
    root.text = xml_text(text)
    ET.fromstring(ET.tostring(root, encoding="unicode"))


def _plain(text: str) -> None:
    """No escape sequence, no carriage return, no forged score line."""
    assert "\x1b" not in text and "\r" not in text and "\x00" not in text
    assert not any(line.startswith("Score 100%") for line in text.splitlines())


@pytest.fixture
def hostile_class(tmp_path) -> Path:
    """An honest learner and three whose names or code try to forge the reports."""
    root = tmp_path / "class"
    one_hot = next(q for q in exercises() if q.id == "code/one-hot")
    for name, source in [("ada", reference_path(one_hot)), (ESCAPES, INJECTION), (FORMULA, NAMES),
                         ("bob\u202e", INJECTION)]:
        (root / name).mkdir(parents=True)
        shutil.copyfile(source, root / name / learner_filename(one_hot.id))
    return root


def test_a_learner_cannot_forge_the_text_report(dlquiz, hostile_class):
    for folder in (f for f in hostile_class.iterdir() if f.name != "ada"):
        for fmt in ("text", "markdown"):
            run = dlquiz("grade", str(folder), "--only", "code/one-hot", "--format", fmt)
            assert run.code == 0, run.err
            _plain(run.out)
    run = dlquiz("grade", str(hostile_class / ESCAPES), "--only", "code/one-hot")
    assert "\\x1b[2K\\x1b[32mScore 100%: 0%" in run.out  # the name is shown, its escapes made visible


def test_junit_is_always_well_formed(dlquiz, hostile_class, tmp_path):
    for n, folder in enumerate(sorted(hostile_class.iterdir())):
        out = tmp_path / f"report-{n}.xml"
        run = dlquiz("grade", str(folder), "--only", "code/one-hot", "--format", "junit", "--out", str(out))
        assert run.code == 0, run.err
        root = ET.parse(out).getroot()  # raises on invalid XML
        assert root.get("failures") == ("0" if folder.name == "ada" else "1")
        assert "\x1b" not in out.read_text() and "\x00" not in out.read_text()


def test_the_gradebook_escapes_formulas_and_keeps_every_learner(dlquiz, hostile_class, tmp_path):
    out = tmp_path / "gradebook.csv"
    run = dlquiz("grade", "--batch", str(hostile_class), "--only", "code/one-hot", "--out", str(out))
    assert run.code == 0, run.err
    assert "\x1b" not in run.out + run.err and "\r" not in run.out + run.err
    with open(out, newline="", encoding="utf-8") as f:
        rows = {r["learner"]: r for r in csv.DictReader(f)}
    assert rows["ada"]["total"] == "1.0000"
    assert rows["'" + FORMULA]["total"] == "0.0000"
    assert not any(name.startswith(("=", "+", "-", "@")) for name in rows)
    details = json.loads(out.with_suffix(".json").read_text())
    assert set(details["learners"]) == {"ada", ESCAPES, FORMULA, "bob\u202e"}  # the JSON keeps exact names


def test_one_learner_that_breaks_the_grader_becomes_a_row_with_the_reason(monkeypatch, tmp_path):
    one_hot = next(q for q in exercises() if q.id == "code/one-hot")
    for name in ("ada", "mallory", "zoe"):
        (tmp_path / name).mkdir()
        shutil.copyfile(reference_path(one_hot), tmp_path / name / "one_hot.py")
    original = Run.grade

    def flaky(self, files, learner, folder, slot=0):
        if learner == "mallory":
            raise RuntimeError("something no submission should be able to cause")
        return original(self, files, learner, folder, slot)

    monkeypatch.setattr(Run, "grade", flaky)
    with Run([one_hot]) as run:
        reports = list(run.grade_many(sorted(tmp_path.iterdir()), workers=2))
    assert [r.learner for r in reports] == ["ada", "mallory", "zoe"]
    assert [r.score for r in reports] == [1.0, 0.0, 1.0]
    assert "RuntimeError" in reports[1].error and "not graded" in reports[1].exercises[0].message
