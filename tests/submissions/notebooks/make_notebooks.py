"""Write the notebook submissions used by tests/code/test_notebook_grading.py, as Jupyter saves them
(nbformat 4.5, indented JSON, cell ids, execution counts and outputs).

Run from the repository root: python tests/submissions/notebooks/make_notebooks.py
"""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
from nbformat import v4

HERE = Path(__file__).resolve().parent
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")).decode()
RELU = "def relu_backward(dz, z):\n    \"\"\"dL/dz of ReLU: dz where z > 0, else 0.\"\"\"\n    return dz * (z > 0)\n"
KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python", "version": "3.11.2"}}


def notebook(cells) -> str:
    """Numbered like a session run top to bottom, with the cell ids Jupyter adds."""
    for i, cell in enumerate(c for c in cells if c.cell_type == "code"):
        cell.execution_count = i + 1
    nb = v4.new_notebook(cells=cells, metadata=KERNEL)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
    return nbformat.writes(nb)


def with_outputs() -> str:
    """A solved exercise as a learner leaves it: shell escapes, magics, printed and plotted outputs."""
    return notebook([
        v4.new_markdown_cell("# ReLU backward\n\nMy solution."),
        v4.new_code_cell("!pip install numpy\n%matplotlib inline\nimport numpy as np",
                         outputs=[v4.new_output("stream", name="stdout", text="Requirement already satisfied: numpy\n")]),
        v4.new_code_cell(RELU),
        v4.new_code_cell("dz = np.array([[1.0, -2.0, 3.0]])\nz = np.array([[-1.0, 0.0, 2.0]])\n%time relu_backward(dz, z)",
                         outputs=[v4.new_output("stream", name="stdout", text="CPU times: user 5 µs\n"),
                                  v4.new_output("execute_result", data={"text/plain": "array([[0., 0., 3.]])"},
                                                execution_count=4)]),
        v4.new_code_cell("# the gradient, plotted in class",
                         outputs=[v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]),
        v4.new_code_cell("relu_backward?"),
    ])


def error_cell(tagged: bool) -> str:
    """The function is right, but a later cell raised while the learner experimented (its traceback saved)."""
    error = v4.new_output("error", ename="TypeError", evalue="'>' not supported between instances of 'NoneType' and 'int'",
                          traceback=["\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
                                     "\x1b[0;31mTypeError\x1b[0m: '>' not supported"])
    metadata = {"tags": ["grade"]} if tagged else {}
    return notebook([
        v4.new_code_cell("import numpy as np", metadata=metadata),
        v4.new_code_cell(RELU, metadata=metadata),
        v4.new_code_cell("relu_backward(np.ones(3), None)", outputs=[error]),
    ])


def hostile() -> str:
    """Code cells that attack the grader, and JSON that tries to: a shell escape, forged outputs and
    metadata, a cell reading the reference solution and writing outside its folder."""
    cells = [
        v4.new_code_cell("!rm -rf ~ /work\n%system touch /tmp/dlquiz-notebook-pwned"),
        v4.new_code_cell("import os\nfor path in ('/etc/shadow', 'solutions/code/relu-backward.py', '../solutions/code/relu-backward.py',\n"
                         "             '/tmp/dlquiz-notebook-pwned'):\n"
                         "    try:\n        open(path, 'a').write('x')\n    except OSError:\n        pass",
                         outputs=[v4.new_output("execute_result", data={"text/plain": "\x1b]52;c;cHduZWQ=\x07" + "A" * 5000},
                                                execution_count=2)]),
        v4.new_code_cell("def relu_backward(dz, z):\n    import os\n    os._exit(0)\n"),
    ]
    text = notebook(cells)
    nb = nbformat.reads(text, as_version=4)
    nb.metadata["deep"] = deep = {}
    for _ in range(200):  # deep but within what a JSON parser takes
        deep["x"] = {}
        deep = deep["x"]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"k": "<script>alert(1)</script>"}}}
    return nbformat.writes(nb)


FILES = {
    "relu_backward__with_outputs.ipynb": with_outputs(),
    "relu_backward__error_cell.ipynb": error_cell(tagged=False),
    "relu_backward__error_cell_tagged.ipynb": error_cell(tagged=True),
    "relu_backward__hostile.ipynb": hostile(),
}

if __name__ == "__main__":
    for name, text in FILES.items():
        (HERE / name).write_text(text, encoding="utf-8")
        print("wrote", name)
