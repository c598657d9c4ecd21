"""Where the questions live and how ids map to files: `<bank>/<topic>/<name>.yaml` is `topic/name`.

Several banks can be used at once (the built-in one plus a course's own): `--bank` given more
than once, or a path list in DLQUIZ_BANK; `@builtin` names the built-in bank. An id defined by
two of them is an error that names both files, never a silent choice.

A course bank keeps its companions in its *course folder*: the bank's parent when the bank
folder is called `questions` (`course/questions/` + `course/solutions/`), else the bank folder
itself (`course/` holding topic folders and `course/solutions/`). There live the reference
solutions of code exercises (`solutions/`), course-local solvers (`solvers.py`) and design
rules (`design_rules.py`): trusted course code, see docs/authoring.md.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from grader.errors import DlquizError, Problem, QuestionConfigError, UnknownQuestionError
from grader.model import Question

_PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN = "@builtin"  # names the built-in bank in --bank / DLQUIZ_BANK
SOLUTIONS = "solutions"  # in the course folder: the reference solutions, mirroring the bank's ids


def data_dir(name: str) -> Path:
    """The built-in `questions` or `solutions` folder: installed copy first, else the checkout's."""
    installed = _PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / name


@lru_cache(maxsize=256)
def is_builtin(root: Path) -> bool:
    """True for the built-in bank (shipped with dlquiz, not the course's own); remembered per
    folder, since it is asked at every check of a numeric answer."""
    return root.resolve() == data_dir("questions").resolve()


def course_dir(root: Path) -> Path:
    """The course folder of bank `root`: its parent when it is called `questions` (unless the bank
    is itself a repository's top, holding `.git`), else the bank folder itself."""
    if root.name == "questions" and not (root / ".git").exists():
        return root.parent
    return root


def solutions_dir(root: Path) -> Path:
    """Where bank `root` keeps its reference solutions (`solutions/` in its course folder)."""
    if is_builtin(root):
        return data_dir("solutions")
    return course_dir(root) / SOLUTIONS


def _split(value: str) -> list[str]:
    return [part for part in value.split(os.pathsep) if part.strip()]


def bank_roots(explicit: Path | str | Sequence[Path | str] | None = None) -> list[Path]:
    """The banks to use: --bank (one or more), else $DLQUIZ_BANK (a path list), else the built-in one."""
    if isinstance(explicit, (str, Path)):
        chosen: list[str] = [str(explicit)]
    elif explicit:
        chosen = [str(p) for p in explicit]
    else:
        chosen = _split(os.environ.get("DLQUIZ_BANK", ""))
    roots: list[Path] = []
    for text in chosen or [BUILTIN]:
        root = data_dir("questions") if text == BUILTIN else Path(text)
        if root.exists() and not root.is_dir():
            raise DlquizError(f"'{root}' is a file, not a question bank folder: give the folder that holds the "
                              "topic folders (a question's id is its path in there)")
        if not root.is_dir():
            raise DlquizError(f"Question bank folder '{root}' does not exist (from --bank or DLQUIZ_BANK; "
                              f"`{BUILTIN}` names the built-in bank, `dlquiz new KIND ID --bank DIR` starts one)")
        if not any(root.resolve() == r.resolve() for r in roots):
            roots.append(root)
    return roots


def bank_root(explicit: Path | None = None) -> Path:
    """The first bank of bank_roots (kept for callers that handle one bank)."""
    return bank_roots(explicit)[0]


class Bank:
    """One or more folders of question files, seen as one collection of ids."""

    def __init__(self, *roots: Path):
        if not roots:
            raise ValueError("a Bank needs at least one folder")
        self.roots: tuple[Path, ...] = tuple(Path(r) for r in roots)

    def __repr__(self) -> str:
        return f"Bank({', '.join(map(str, self.roots))})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bank) and self.roots == other.roots

    def __hash__(self) -> int:
        return hash(self.roots)

    @property
    def root(self) -> Path:
        """The first folder (the one named first on the command line)."""
        return self.roots[0]

    @classmethod
    def open(cls, explicit: Path | str | Sequence[Path | str] | None = None) -> "Bank":
        """The banks chosen by --bank / $DLQUIZ_BANK / the built-in default."""
        return cls(*bank_roots(explicit))

    def describe(self) -> str:
        """The folders, for messages."""
        return " + ".join(str(r) for r in self.roots)

    def _files(self) -> dict[str, list[Path]]:
        """Every id with the file(s) defining it, in bank order."""
        found: dict[str, list[Path]] = {}
        for root in self.roots:
            skip = solutions_dir(root)
            for path in root.rglob("*.yaml"):
                if _hidden(path, root) or path.is_relative_to(skip):
                    continue
                found.setdefault(_id_of(path, root), []).append(path)
        return found

    def clashes(self) -> dict[str, list[Path]]:
        """Ids that more than one bank defines, with their files."""
        return {qid: paths for qid, paths in self._files().items() if len(paths) > 1}

    def ids(self) -> list[str]:
        """Every question id in the bank(s), sorted (an error when two banks define the same id)."""
        files = self._files()
        clashing = {qid: paths for qid, paths in files.items() if len(paths) > 1}
        if clashing:
            raise DlquizError("\n".join(_clash_message(qid, paths) for qid, paths in sorted(clashing.items())))
        return sorted(files)

    def path_of(self, qid: str) -> Path:
        """The file holding question `qid` (in the first bank that has it; an error when several do)."""
        paths = [root / f"{qid}.yaml" for root in self.roots]
        present = [p for p in paths if _present(p)]
        if len(present) > 1:
            raise DlquizError(_clash_message(qid, present))
        return present[0] if present else paths[0]

    def root_of(self, path: Path) -> Path:
        """The bank folder holding `path`."""
        return next((r for r in self.roots if path.is_relative_to(r)), self.roots[0])

    def load(self, qid: str, lint: bool = False) -> Question:
        """Load one question by id (schema-checked; cross-checked too with `lint`)."""
        from grader.loader import load_question

        if ".." in qid.split("/") or qid.startswith("/"):
            raise UnknownQuestionError(qid, self.ids())
        path = self.path_of(qid)
        if not _present(path):
            raise UnknownQuestionError(qid, self.ids())
        return load_question(path, qid, lint=lint, bank=self.root_of(path))

    def listing(self) -> tuple[list[tuple[str, Path]], list[Problem]]:
        """Every (id, file) to load, sorted by id, and the problems seen by listing alone (stray .yml
        files, an id defined by two banks)."""
        entries: list[tuple[str, Path]] = []
        problems: list[Problem] = []
        for root in self.roots:
            for stray in sorted(root.rglob("*.yml")):
                if not _hidden(stray, root):
                    problems.append(Problem(str(stray), None, "", "question files end in .yaml: rename it"))
        for qid, paths in sorted(self._files().items()):
            if len(paths) > 1:
                problems.append(Problem(str(paths[1]), None, "", _clash_message(qid, paths)))
            else:
                entries.append((qid, paths[0]))
        return entries, problems

    def load_all(self, lint: bool = True) -> tuple[list[Question], list[Problem]]:
        """Load every question; return the good ones and every problem found (never stops at the first)."""
        from grader.loader import load_question

        questions: list[Question] = []
        entries, problems = self.listing()
        for qid, path in entries:
            try:
                questions.append(load_question(path, qid, lint=lint, bank=self.root_of(path)))
            except QuestionConfigError as exc:
                problems.extend(exc.problems)
        return questions, problems


def _clash_message(qid: str, paths: Iterable[Path]) -> str:
    files = " and ".join(str(p) for p in paths)
    return f"Question id '{qid}' is defined by more than one bank ({files}): rename or remove one of them"


def _id_of(path: Path, root: Path) -> str:
    return path.relative_to(root).with_suffix("").as_posix()


def _present(path: Path) -> bool:
    """Something is there (a FIFO, a folder or a dangling link too: the loader says what is wrong with it)."""
    return path.exists() or path.is_symlink()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)
