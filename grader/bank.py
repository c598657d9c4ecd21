"""Where the questions live and how ids map to files: `<bank>/<topic>/<name>.yaml` is `topic/name`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from grader.errors import DlquizError, Problem, QuestionConfigError, UnknownQuestionError
from grader.model import Question

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The built-in `questions` or `solutions` folder: installed copy first, else the checkout's."""
    installed = _PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / name


def bank_root(explicit: Path | None = None) -> Path:
    """The bank to use: --bank, else $DLQUIZ_BANK, else the built-in one."""
    chosen = explicit or (Path(os.environ["DLQUIZ_BANK"]) if os.environ.get("DLQUIZ_BANK") else None)
    root = chosen if chosen is not None else data_dir("questions")
    if not root.is_dir():
        raise DlquizError(f"Question bank folder '{root}' does not exist (from --bank or DLQUIZ_BANK)")
    return root


@dataclass(frozen=True)
class Bank:
    """A folder of question files."""

    root: Path

    @classmethod
    def open(cls, explicit: Path | None = None) -> "Bank":
        """The bank chosen by --bank / $DLQUIZ_BANK / the built-in default."""
        return cls(bank_root(explicit))

    def ids(self) -> list[str]:
        """Every question id in the bank, sorted."""
        return sorted(self._id_of(p) for p in self.root.rglob("*.yaml") if not _hidden(p, self.root))

    def path_of(self, qid: str) -> Path:
        """The file holding question `qid`."""
        return self.root / f"{qid}.yaml"

    def load(self, qid: str, lint: bool = False) -> Question:
        """Load one question by id (schema-checked; cross-checked too with `lint`)."""
        from grader.loader import load_question

        path = self.path_of(qid)
        if ".." in qid.split("/") or not (path.exists() or path.is_symlink()):
            raise UnknownQuestionError(qid, self.ids())
        return load_question(path, qid, lint=lint, bank=self.root)

    def load_all(self, lint: bool = True) -> tuple[list[Question], list[Problem]]:
        """Load every question; return the good ones and every problem found (never stops at the first)."""
        from grader.loader import load_question

        questions: list[Question] = []
        problems: list[Problem] = []
        for stray in sorted(self.root.rglob("*.yml")):
            problems.append(Problem(str(stray), None, "", "question files end in .yaml: rename it"))
        for qid in self.ids():
            try:
                questions.append(load_question(self.path_of(qid), qid, lint=lint, bank=self.root))
            except QuestionConfigError as exc:
                problems.extend(exc.problems)
        return questions, problems

    def _id_of(self, path: Path) -> str:
        return path.relative_to(self.root).with_suffix("").as_posix()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)
