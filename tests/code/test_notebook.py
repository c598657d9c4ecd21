"""Notebooks to modules: which cells, IPython syntax left out and listed, bad notebooks named clearly."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat import v4

from grader.code.notebook import NotebookError, notebook_module, python_of, starter_notebook

LIMIT = 1 << 20


def saved(*cells, **metadata) -> bytes:
    """A notebook as Jupyter saves it (nbformat 4, indented JSON, cell ids)."""
    return nbformat.writes(v4.new_notebook(cells=list(cells), metadata=metadata)).encode()


@pytest.mark.parametrize("source, python, change", [
    ("x = 1\ny = x % 2", "x = 1\ny = x % 2", None),                        # Python stays as written
    ('s = """\n%not a magic\n!nor a shell\n"""', None, None),               # ... even with % lines in a string
    ("!pip install numpy\nimport numpy", "pass\nimport numpy", "a shell command is not run"),
    ("files = !ls\nx = 1", "pass\nx = 1", "a shell command"),
    ("%matplotlib inline\nx = 1", "pass\nx = 1", "a magic is not run"),
    ("%timeit f(x)", "pass", "a magic"),
    ("%time y = f(x)", "y = f(x)", "its statement kept"),
    ("names = %who_ls\nx = 1", "pass\nx = 1", "a magic"),
    ("np.mean?\nx = 1", "pass\nx = 1", "(help)"),
    ("for i in range(3):\n    !echo $i", "for i in range(3):\n    pass", "a shell command"),
    ("%%time\ndef f():\n    return 1", "\ndef f():\n    return 1", "the cell's code kept"),
    ("%%bash\necho hi", None, "cell left out (not Python)"),
    ("%%writefile helper.py\nprint('hi')", None, "cell left out"),
    ("def f(:\n    pass", "def f(:\n    pass", None),                      # a real syntax error is kept, to be reported
])
def test_cells_become_python(source, python, change):
    code, changes = python_of(source)
    if python is None and change is None:
        assert code == source and changes == []
        return
    assert code == python
    assert (change is None and not changes) or any(change in what for _, what in changes)


def test_tagged_cells_only_when_any_is_tagged_and_markdown_and_outputs_ignored():
    output = v4.new_output("stream", name="stdout", text="printed\n")
    error = v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                          traceback=["\x1b[0;31mZeroDivisionError\x1b[0m"])
    cells = [v4.new_markdown_cell("import os  # prose, not code"),
             v4.new_code_cell("scratch = 1", outputs=[output], execution_count=1),
             v4.new_code_cell("def f():\n    return 2", metadata={"tags": ["grade"]}, outputs=[error], execution_count=2),
             v4.new_code_cell("1/0")]
    module = notebook_module(saved(*cells), LIMIT)
    assert module.source == "def f():\n    return 2\n" and module.cells == ((1, 3),)
    untagged = notebook_module(saved(*cells[:2], v4.new_code_cell("def f():\n    return 2"), cells[3]), LIMIT)
    assert untagged.source == "scratch = 1\ndef f():\n    return 2\n1/0\n"
    assert untagged.where(4) == "cell 4, line 1" and untagged.where(2) == "cell 3, line 1"
    assert untagged.relocate("raised ZeroDivisionError (line 4: `1/0`)") == \
        "raised ZeroDivisionError (cell 4, line 1: `1/0`)"


def test_changes_are_listed_with_their_cell_and_line():
    module = notebook_module(saved(v4.new_code_cell("import numpy as np"),
                                   v4.new_code_cell("x = 1\n!pip install torch")), LIMIT)
    assert module.notes == ("cell 2, line 2: `!pip install torch` left out (a shell command is not run when grading)",)
    assert module.source == "import numpy as np\nx = 1\npass\n"


@pytest.mark.parametrize("data, fragment", [
    (b"print('a .py file, renamed')", "not valid JSON (line 1, column 1"),
    (saved(v4.new_code_cell("x = 1"))[:-40], "not valid JSON"),                  # a truncated save
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[1, 2]", "JSON but not a Jupyter notebook"),
    (b'{"metadata": {}}', "JSON but not a Jupyter notebook"),
    (json.dumps({"nbformat": 5, "nbformat_minor": 0, "cells": [], "metadata": {}}).encode(), "format version is 5"),
    (json.dumps({"nbformat": "4", "cells": []}).encode(), "format version is 4;"),
    (json.dumps({"cells": []}).encode(), "format version is missing"),
    (b"[" * 200_000, "nested too deeply"),
    (b'{"nbformat": ' + b"9" * 5000 + b', "cells": []}', "cannot be read"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "source": 5}],
                 "metadata": {}}).encode(), "cell 1 has no readable source"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": 7, "metadata": {}}).encode(), "cells are not a list"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": 7, "metadata": {}}).encode(), "not a readable"),
    (saved(v4.new_markdown_cell("only prose")), "has no code"),
    (saved(v4.new_code_cell("x = 1"), v4.new_code_cell("  ", metadata={"tags": ["grade"]})), "in the cells tagged `grade`"),
    (b" " * (LIMIT + 1), "larger than 1024 KiB: clear its outputs"),
])
def test_bad_notebooks_get_one_clear_message(data, fragment):
    with pytest.raises(NotebookError) as caught:
        notebook_module(data, LIMIT)
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


def test_an_old_format_3_notebook_is_converted():
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"},
          "worksheets": [{"cells": [{"cell_type": "code", "input": "def f():\n    return 3", "outputs": [],
                                     "language": "python", "metadata": {}}], "metadata": {}}]}
    assert notebook_module(json.dumps(v3).encode(), LIMIT).source == "def f():\n    return 3\n"


def test_the_starter_notebook_reads_back_to_its_starter():
    text = starter_notebook("code/relu-backward", "ReLU backward", "Implement it.", "def relu_backward(dz, z):\n    pass\n")
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    assert [c.cell_type for c in notebook.cells] == ["markdown", "code", "code"]
    assert notebook_module(text.encode(), LIMIT).source == "def relu_backward(dz, z):\n    pass\n"


def test_a_lone_surrogate_in_a_cell_is_named_with_its_cell_and_line():
    data = saved(v4.new_code_cell("x = 1"), v4.new_code_cell("y = 2\nz = 'a'")).replace(b"'a'", b"'\\udcff'")
    with pytest.raises(NotebookError, match=r"cell 2, line 2 holds a character that is not valid Unicode \(U\+DCFF\)"):
        notebook_module(data, LIMIT)


def test_code_above_the_limit_is_refused_before_any_cell_is_parsed(monkeypatch):
    def parsed(source):
        raise AssertionError("a cell was parsed")

    monkeypatch.setattr("grader.code.notebook.python_of", parsed)
    nested = saved(v4.new_code_cell("x = [" + "[1]," * 500 + "]"))  # what costs the parser most per byte
    with pytest.raises(NotebookError, match="its code is larger than 1 KiB"):
        notebook_module(nested, LIMIT, code_limit=1024)


@pytest.mark.parametrize("setting, value, fragment", [
    ("READ_MEMORY_MB", 8, "needed more than 8 MiB and was stopped"),
    ("READ_SECONDS", 0.02, "took more than 0.02 s to read and was stopped"),
])
def test_reading_is_bounded_in_memory_and_time(monkeypatch, setting, value, fragment):
    monkeypatch.setattr(f"grader.code.notebook.{setting}", value)
    bomb = b'{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {"x": [' + b"{}," * 300_000 + b'{}]}}'
    with pytest.raises(NotebookError, match=fragment):
        notebook_module(bomb, LIMIT)
