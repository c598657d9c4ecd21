"""Jupyter notebooks as submissions: the code of a notebook's cells becomes the module that is graded.

A learner's notebook is untrusted data. It is checked for size before it is parsed, parsed as
JSON and read with nbformat (never executed; format 3 upgraded to 4), and only the source of its
code cells is used: outputs, attachments and metadata are ignored. The module then runs in the same sandbox as a .py file.

Which cells: the code cells tagged `grade`, if any cell has that tag; otherwise every code cell
(Jupyter: View > Cell Toolbar > Tags). Cells are joined in notebook order.

IPython syntax is not Python. A cell that parses as Python is kept as it is. In one that does
not, lines that are IPython syntax are left out, each replaced by `pass` so blocks and line
numbers stay intact: shell escapes (`!pip install numpy`, `files = !ls`), line magics
(`%matplotlib inline`, `%timeit f(x)`; `%time stmt` keeps `stmt`, which it runs once) and help
(`np.mean?`). A cell magic keeps its body when the body is Python run once (`%%time`,
`%%capture`) and drops the cell otherwise (`%%bash`, `%%writefile f.py`, `%%timeit`). Each
change is listed in the report, so nothing is dropped silently; a syntax error left after that
is reported as the learner wrote it, with its cell and line.

Reading is bounded: JSON and Python parsers run in C and hold the interpreter (8 MiB of `{},`
took 28 s and 1.4 GiB; a cell of nested lists 57 s and 6.5 GiB), so a notebook is read in a
forked child with a time and memory limit (grader.bounded), and code above the size limit is
refused before any cell is parsed.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from grader.bounded import remaining, run_bounded

GRADE_TAG = "grade"
SUFFIX = ".ipynb"
KEEP_BODY = {"time", "capture"}  # cell magics whose body is plain Python, run once
KEEP_STATEMENT = {"time"}  # line magics that run their statement once
READ_SECONDS = 10.0  # reading a notebook as Jupyter saves it takes well under a second
READ_MEMORY_MB = 512
_SHELL = re.compile(r"^(\s*)(?:[A-Za-z_][\w.]*\s*=\s*)?!")  # !cmd, x = !cmd
_ASSIGNED_MAGIC = re.compile(r"^(\s*)[A-Za-z_][\w.]*\s*=\s*%")  # x = %who_ls
_LINE_MAGIC = re.compile(r"^(\s*)%(\w+)\s*(.*)$")
_HELP = re.compile(r"^(\s*)(\?\??[\w.]+|[\w.]+\?\??)\s*$")
_LINE_REF = re.compile(r"\(line (\d+)")


class NotebookError(ValueError):
    """A notebook that cannot be graded; the message says why and what to do."""


@dataclass(frozen=True)
class NotebookModule:
    """The Python module made from a notebook: its source, where each cell starts, and the changes made."""

    source: str
    cells: tuple[tuple[int, int], ...]  # (first line in `source`, cell number in the notebook, 1-based)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def where(self, line: int) -> str:
        """`cell 3, line 2` for a line of the module."""
        for first, cell in reversed(self.cells):
            if line >= first:
                return f"cell {cell}, line {line - first + 1}"
        return f"line {line}"

    def relocate(self, message: str) -> str:
        """A report message with its module line numbers turned into cells and lines."""
        return _LINE_REF.sub(lambda m: f"({self.where(int(m.group(1)))}", message)


def is_notebook(name: str) -> bool:
    """True for a file name ending in .ipynb."""
    return name.lower().endswith(SUFFIX)


def notebook_module(data: bytes, limit: int, code_limit: int = 1 << 20) -> NotebookModule:
    """The module made from notebook bytes `data`; NotebookError (one clear message) when it is too
    large (`limit` bytes, or more than `code_limit` characters of code), not JSON, not a notebook,
    of a format version other than 3 or 4, has no code, or takes too long or too much memory to read."""
    if len(data) > limit:
        raise NotebookError(f"the notebook is larger than {limit >> 10} KiB: clear its outputs "
                            "(Kernel > Restart & Clear Output) and save it again")
    import nbformat  # noqa: F401 - imported here once, not in every child that reads a notebook

    seconds = min(READ_SECONDS, remaining(READ_SECONDS))  # less when the whole operation has less left
    outcome = run_bounded(_read, data, code_limit, seconds=seconds, memory_mb=READ_MEMORY_MB)
    if outcome.status == "timeout":
        raise NotebookError(f"the notebook took more than {seconds:.2g} s to read and was stopped: "
                            "clear its outputs and save it again with Jupyter")
    if outcome.status == "memory":
        raise NotebookError(f"reading the notebook needed more than {READ_MEMORY_MB} MiB and was stopped: "
                            "clear its outputs and save it again with Jupyter")
    if outcome.status != "done":
        raise NotebookError(f"the notebook could not be read ({outcome.error[:200]}): save it again with Jupyter")
    kind, value = outcome.value
    if kind == "error":
        raise NotebookError(value)
    return NotebookModule(value["source"], tuple(tuple(cell) for cell in value["cells"]), tuple(value["notes"]))


def _read(data: bytes, code_limit: int) -> list:
    """["module", the NotebookModule as data] or ["error", the message]: run in the bounded child."""
    try:
        return ["module", asdict(_parse(data, code_limit))]
    except NotebookError as exc:
        return ["error", str(exc)]


def _parse(data: bytes, code_limit: int) -> NotebookModule:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"the notebook is not UTF-8 text (byte {exc.start}): save it again with Jupyter") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"the notebook is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                            "was it saved completely? Save it again with Jupyter") from None
    except RecursionError:
        raise NotebookError("the notebook's JSON is nested too deeply to be a notebook") from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise NotebookError(f"the notebook's JSON cannot be read ({str(exc)[:120]}): save it again with Jupyter") from None
    if not isinstance(raw, dict) or "cells" not in raw and "worksheets" not in raw:
        raise NotebookError("the file is JSON but not a Jupyter notebook (it has no cells)")
    version = raw.get("nbformat")
    if version not in (3, 4):
        shown = _short(str(version), 20) if version is not None else "missing"
        raise NotebookError(f"the notebook's format version is {shown}; dlquiz reads format 4 (and 3), "
                            "what Jupyter saves: save it again with a current Jupyter")
    cells = _code_cells(raw)
    if sum(len(source) for _, source, _ in cells) > code_limit:  # before any cell is parsed
        raise NotebookError(f"its code is larger than {code_limit >> 10} KiB")
    module = _join(cells)
    if not module.source.strip():
        raise NotebookError("the notebook has no code" + (f" in the cells tagged `{GRADE_TAG}`" if any(t for _, _, t in cells) else "")
                            + ": write the function in a code cell")
    return module


def _code_cells(raw: dict) -> list[tuple[int, str, bool]]:
    """(cell number, source, tagged `grade`) of every code cell of the parsed notebook `raw`.

    nbformat turns it into a notebook node (and upgrades format 3 to 4); the schema itself is not
    checked (compiling it costs more than grading a small exercise): only what is used is, here.
    """
    import logging

    import nbformat

    logger = logging.getLogger("traitlets")
    disabled = logger.disabled
    logger.disabled = True  # nbformat logs what it finds wrong when it upgrades; the message here says it
    try:
        notebook = nbformat.from_dict(raw)
        if raw.get("nbformat") != nbformat.current_nbformat:
            notebook = nbformat.convert(notebook, nbformat.current_nbformat)
        cells = notebook.get("cells")
        if not isinstance(cells, list):
            raise NotebookError("the notebook's cells are not a list: save it again with Jupyter")
        found = []
        for number, cell in enumerate(cells, 1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(s, str) for s in source):
                source = "".join(source)
            if not isinstance(source, str):
                raise NotebookError(f"cell {number} has no readable source: save the notebook again with Jupyter")
            _check_unicode(number, source)
            metadata = cell.get("metadata")
            tags = metadata.get("tags") if isinstance(metadata, dict) else None
            found.append((number, source, isinstance(tags, list) and GRADE_TAG in tags))
    except (NotebookError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - nbformat's errors on a malformed notebook are many kinds
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise NotebookError(f"the file is not a readable Jupyter notebook ({first}): save it again with Jupyter") from None
    finally:
        logger.disabled = disabled
    if any(tagged for _, _, tagged in found):
        found = [cell for cell in found if cell[2]]
    return found


def _check_unicode(number: int, source: str) -> None:
    """NotebookError when cell `number`'s source holds a lone surrogate (JSON allows `\\udcff`;
    Python source cannot hold it)."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = source.count("\n", 0, exc.start) + 1
        raise NotebookError(f"cell {number}, line {line} holds a character that is not valid Unicode "
                            f"(U+{ord(source[exc.start]):04X}): retype that line and save the notebook again") from None


def _join(cells: list[tuple[int, str, bool]]) -> NotebookModule:
    lines: list[str] = []
    starts: list[tuple[int, int]] = []
    notes: list[str] = []
    for number, source, _ in cells:
        code, changes = python_of(source)
        notes += [f"cell {number}, line {line}: {what}" for line, what in changes]
        if code is None:
            continue
        starts.append((len(lines) + 1, number))
        lines += code.splitlines() or [""]
    return NotebookModule("\n".join(lines) + "\n", tuple(starts), tuple(notes))


def python_of(source: str) -> tuple[str | None, list[tuple[int, str]]]:
    """A cell's source as Python (None: the cell is dropped) and the (line, change) made."""
    try:
        ast.parse(source)
        return source, []
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        pass
    lines = source.splitlines()
    changes: list[tuple[int, str]] = []
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        name = first[2:].split()[0] if first[2:].split() else ""
        if name not in KEEP_BODY:
            return None, [(1, f"`{_short(first)}` cell left out (not Python)")]
        lines[0] = ""
        changes.append((1, f"`%%{name}` left out, the cell's code kept"))
    for i, line in enumerate(lines):
        replaced = _replace(line)
        if replaced is not None:
            new, what = replaced
            lines[i] = new
            changes.append((i + 1, what))
    return "\n".join(lines), changes


def _replace(line: str) -> tuple[str, str] | None:
    """The Python for one line of IPython syntax, and what was done; None for a Python line."""
    for pattern, what in ((_SHELL, "a shell command"), (_ASSIGNED_MAGIC, "a magic")):
        match = pattern.match(line)
        if match:
            return f"{match.group(1)}pass", f"`{_short(line.strip())}` left out ({what} is not run when grading)"
    match = _LINE_MAGIC.match(line)
    if match:
        indent, name, rest = match.groups()
        if name in KEEP_STATEMENT and rest.strip():
            return f"{indent}{rest}", f"`%{name}` left out, its statement kept"
        return f"{indent}pass", f"`{_short(line.strip())}` left out (a magic is not run when grading)"
    match = _HELP.match(line)
    if match:
        return f"{match.group(1)}pass", f"`{_short(line.strip())}` left out (help)"
    return None


def _short(text: str, limit: int = 60) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def starter_notebook(qid: str, title: str, prompt: str, starter: str) -> str:
    """A notebook to start exercise `qid` in, as Jupyter saves it: the task, the starter code in a
    cell tagged `grade` (the only code graded), and an untagged cell to try things in."""
    import nbformat
    from nbformat import v4

    cells = [
        v4.new_markdown_cell(f"# {title}\n\n{prompt.strip()}\n\nWrite your solution in the next cell: it is tagged "
                             f"`{GRADE_TAG}`, and only cells with that tag are graded (View > Cell Toolbar > Tags "
                             f"shows tags). Check it with `dlquiz exercise test {qid}`."),
        v4.new_code_cell(starter.rstrip() + "\n", metadata={"tags": [GRADE_TAG]}),
        v4.new_code_cell("# Try your function here; this cell is not graded.\n"),
    ]
    notebook = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    return nbformat.writes(notebook)


def as_submitted(report: Any, file: Any) -> Any:
    """An exercise report as the learner knows their notebook (`file`, a grader.code.files.LearnerFile):
    its own file name, module lines given as cells and lines, and what was left out noted on the
    imports check. Reports of .py files come back unchanged."""
    if file is None or not file.submitted_as:
        return report
    module = file.notebook
    checks = tuple(replace(c, message=module.relocate(c.message)) if module else c for c in report.checks)
    if module and module.notes and checks and checks[0].stage == "imports":
        left_out = "; ".join(module.notes[:5]) + (f"; and {len(module.notes) - 5} more" if len(module.notes) > 5 else "")
        note = f"IPython syntax left out of the graded code: {left_out}"
        checks = (replace(checks[0], message=f"{checks[0].message} ({note})" if checks[0].message else note),) + checks[1:]
    return replace(report, file=file.submitted_as, checks=checks)
