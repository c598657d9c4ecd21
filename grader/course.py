"""Course-local code: a course bank's own `solvers.py` and `design_rules.py`.

They sit in the bank's course folder (grader.bank.course_dir) and are loaded only for questions
of that bank, i.e. only from a folder the instructor named with --bank / DLQUIZ_BANK; the
built-in bank has none. Like the reference solutions of code exercises they are trusted course
code, run in dlquiz's own process (docs/authoring.md, "Course-local code"; docs/threat-model.md).

In `solvers.py` every public function (name not starting with `_`) defined there is a solver,
usable by the course's questions exactly like one of the catalog. In `design_rules.py` every
public function `rule(args: dict, answer: dict) -> (credit in [0, 1], feedback)` is a rule.
"""

from __future__ import annotations

import inspect
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from grader.errors import Problem, QuestionConfigError

SOLVERS_FILE = "solvers.py"
DESIGN_RULES_FILE = "design_rules.py"


@dataclass(frozen=True)
class CourseCode:
    """The functions a course folder adds: solvers and design rules, by name."""

    solvers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    design_rules: dict[str, Callable[..., Any]] = field(default_factory=dict)


NONE = CourseCode()
_CACHE: dict[tuple[str, int, int], dict[str, Callable[..., Any]]] = {}


def bank_root_for(file: Path, qid: str) -> Path:
    """The bank folder a question file with id `qid` was loaded from."""
    root = file
    for _ in qid.split("/"):
        root = root.parent
    return root


def course_code(file: Path | None, qid: str) -> CourseCode:
    """The course-local code of the bank holding `file` (none for the built-in bank)."""
    from grader.bank import course_dir, is_builtin

    if file is None:
        return NONE
    root = bank_root_for(file, qid)
    if is_builtin(root):
        return NONE
    folder = course_dir(root)
    return CourseCode(_functions(folder / SOLVERS_FILE), _functions(folder / DESIGN_RULES_FILE))


def of_question(question: Any) -> CourseCode:
    """course_code for a loaded question."""
    return course_code(question.file, question.id)


def _functions(path: Path) -> dict[str, Callable[..., Any]]:
    """The public functions defined in `path` (cached per file version); {} when there is no file."""
    try:
        info = path.stat()
    except OSError:
        return {}
    key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    if key not in _CACHE:
        module = _load(path)
        _CACHE[key] = {name: fn for name, fn in vars(module).items()
                       if not name.startswith("_") and inspect.isfunction(fn) and fn.__module__ == module.__name__}
    return _CACHE[key]


def _load(path: Path) -> ModuleType:
    """Execute the course file as a module; any failure is a located configuration problem."""
    name = "dlquiz_course_" + path.stem + "_" + str(abs(hash(str(path.resolve()))))
    module = ModuleType(name)
    module.__file__ = str(path)
    try:
        code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
        sys.modules[name] = module  # so dataclasses and pickling inside the file work
        exec(code, module.__dict__)
    except SyntaxError as exc:
        raise QuestionConfigError([Problem(str(path), exc.lineno, "", f"syntax error: {exc.msg}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionConfigError([Problem(str(path), None, "", f"cannot read the file: {exc}")]) from None
    except (Exception, SystemExit) as exc:  # trusted course code failing on import (sys.exit too): say where
        line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename == str(path)), None)
        raise QuestionConfigError([Problem(str(path), line, "", f"failed when loaded: {type(exc).__name__}: {exc}")]) from None
    return module
