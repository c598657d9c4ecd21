"""Notebook submissions through the real commands and the real sandbox: notebooks as Jupyter saves
them (with outputs, with an error cell, hostile), bad notebooks as one message scoring 0, and
`exercise start --notebook`."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.code.conftest import SUBMISSIONS

NOTEBOOKS = SUBMISSIONS / "notebooks"
PWNED = Path("/tmp/dlquiz-notebook-pwned")


def learner(root: Path, name: str, **files: bytes | Path) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for target, content in files.items():
        target = target.replace("__", ".")
        if isinstance(content, Path):
            shutil.copyfile(content, folder / target)
        else:
            (folder / target).write_bytes(content)
    return folder


def graded(dlquiz, folder: Path) -> dict:
    """`dlquiz grade FOLDER --format json` for relu-backward: that exercise's report."""
    run = dlquiz("grade", str(folder), "--only", "code/relu-backward", "--format", "json")
    assert "Traceback" not in run.err and run.code in (0, 1), run.err
    return json.loads(run.out)["exercises"][0]


def test_a_notebook_with_outputs_magics_and_shell_escapes_passes(dlquiz, tmp_path):
    report = graded(dlquiz, learner(tmp_path, "ana", relu_backward__ipynb=NOTEBOOKS / "relu_backward__with_outputs.ipynb"))
    assert report["score"] == 1.0 and report["file"] == "relu_backward.ipynb"
    imports = report["checks"][0]["message"]
    assert "cell 2, line 1: `!pip install numpy` left out" in imports and "`%matplotlib inline` left out" in imports
    assert "cell 4, line 3: `%time` left out, its statement kept" in imports and "`relu_backward?` left out (help)" in imports


def test_an_error_cell_fails_the_import_with_its_cell_and_tagging_grades_only_the_solution(dlquiz, tmp_path):
    report = graded(dlquiz, learner(tmp_path, "bob", relu_backward__ipynb=NOTEBOOKS / "relu_backward__error_cell.ipynb"))
    assert report["score"] == 0.0 and report["checks"][0]["status"] == "failed"
    assert "raised TypeError" in report["checks"][0]["message"] and "(cell 2, line 3: `return dz * (z > 0)`)" in report["checks"][0]["message"]
    tagged = graded(dlquiz, learner(tmp_path, "cyd", relu_backward__ipynb=NOTEBOOKS / "relu_backward__error_cell_tagged.ipynb"))
    assert tagged["score"] == 1.0


def test_a_hostile_notebook_scores_zero_and_touches_nothing(dlquiz, tmp_path):
    PWNED.unlink(missing_ok=True)
    report = graded(dlquiz, learner(tmp_path, "eve", relu_backward__ipynb=NOTEBOOKS / "relu_backward__hostile.ipynb"))
    assert report["score"] == 0.0 and not PWNED.exists()
    assert "`!rm -rf ~ /work` left out" in report["checks"][0]["message"]
    assert "\x1b" not in json.dumps(report) and "<script>" not in json.dumps(report)


BAD = {
    "not json": (b"def relu_backward(dz, z):\n    return dz * (z > 0)\n", "the notebook is not valid JSON (line 1, column 1"),
    "unknown version": (json.dumps({"nbformat": 5, "nbformat_minor": 0, "metadata": {},
                                    "cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}}]}).encode(),
                        "format version is 5; dlquiz reads format 4"),
    "too large": (b"{" + b" " * (8 << 20) + b"}", "larger than 8192 KiB: clear its outputs"),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "not a notebook": (b'{"hello": "world"}', "JSON but not a Jupyter notebook"),
    "lone surrogate": (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", '
                       b'"metadata": {}, "source": "x = \'\\udcff\'"}]}', "cell 1, line 1 holds a character"),
    "code over 1 MiB": (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": "x = [" + "[1]," * 300_000 + "]"}]}).encode(),
        "its code is larger than 1024 KiB"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_notebook_is_one_clear_message_and_scores_zero(dlquiz, tmp_path, case):
    data, fragment = BAD[case]
    report = graded(dlquiz, learner(tmp_path, "zed", relu_backward__ipynb=data))
    assert report["score"] == 0.0 and report["file"] == "relu_backward.ipynb"
    [check] = report["checks"]
    assert check["message"].startswith("relu_backward.ipynb was not graded: ") and fragment in check["message"], check
    assert "\n" not in check["message"]


def test_exercise_test_takes_a_notebook_and_a_bad_one_exits_1_with_the_message(dlquiz, tmp_path):
    good = dlquiz("exercise", "test", "code/relu-backward", str(NOTEBOOKS / "relu_backward__with_outputs.ipynb"))
    assert good.code == 0 and "(relu_backward__with_outputs.ipynb)" in good.out, good.out + good.err
    bad = tmp_path / "relu_backward.ipynb"
    bad.write_bytes(BAD["unknown version"][0])
    run = dlquiz("exercise", "test", "code/relu-backward", str(bad))
    assert run.code == 1 and "format version is 5" in " ".join(run.out.split()) and "Traceback" not in run.err


def test_exercise_start_notebook_then_test_and_a_py_beside_it_wins(dlquiz, tmp_path):
    run = dlquiz("exercise", "start", "code/relu-backward", "--notebook", cwd=tmp_path)
    notebook = tmp_path / "exercises" / "relu_backward.ipynb"
    assert run.code == 0 and notebook.is_file() and "cell tagged grade" in " ".join(run.out.split())
    text = json.loads(notebook.read_text())
    assert text["nbformat"] == 4 and text["cells"][1]["metadata"]["tags"] == ["grade"]
    listed = dlquiz("exercise", "list", "--json", cwd=tmp_path)
    assert {"id": "code/relu-backward", "file": "relu_backward.ipynb", "started": True} .items() <= \
        next(r for r in json.loads(listed.out) if r["id"] == "code/relu-backward").items()
    starter = dlquiz("exercise", "test", "code/relu-backward", cwd=tmp_path)  # finds the notebook
    assert starter.code == 1 and "relu_backward.ipynb" in starter.out and "(cell 2, line" in " ".join(starter.out.split())
    again = dlquiz("exercise", "start", "code/relu-backward", "--notebook", cwd=tmp_path)
    assert again.code == 2 and "--force" in again.err
    shutil.copyfile(NOTEBOOKS / "relu_backward__with_outputs.ipynb", notebook)
    (tmp_path / "exercises" / "relu_backward.py").write_text("def relu_backward(dz, z):\n    return dz\n")
    py_first = dlquiz("exercise", "test", "code/relu-backward", cwd=tmp_path)
    assert py_first.code == 1 and "(relu_backward.py)" in py_first.out


def test_exercise_test_on_a_fifo_or_a_folder_says_what_it_is(dlquiz, tmp_path):
    fifo = tmp_path / "relu_backward.ipynb"
    os.mkfifo(fifo)
    (tmp_path / "relu_backward.py").mkdir()
    for path in (fifo, tmp_path / "relu_backward.py"):
        run = dlquiz("exercise", "test", "code/relu-backward", str(path))
        assert run.code == 1 and "was not graded: it is not a regular file" in " ".join(run.out.split()), run.out + run.err


def test_check_at_file_reads_a_notebook_as_a_notebook_not_as_python(dlquiz):
    run = dlquiz("check", "code/relu-backward", f"@{NOTEBOOKS / 'relu_backward__with_outputs.ipynb'}")
    assert run.code == 0 and "read as: a Jupyter notebook" in run.out and "NameError" not in run.out, run.out + run.err
