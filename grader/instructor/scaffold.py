"""`dlquiz new KIND ID`: write a valid, commented question file (and, for code, its companion files)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from grader.errors import DlquizError, did_you_mean
from grader.instructor import TEMPLATES

# A code question's companion files (see grader/code/files.py): the starter beside the question
# file, the reference in the course folder's solutions/ (grader.bank.solutions_dir).
COMPANIONS = ("starter", "solution")


@dataclass(frozen=True)
class Scaffold:
    """A file to write: where (relative to the bank folder, or to its solutions folder for the
    reference solution) and its text."""

    path: Path
    text: str
    in_solutions: bool = False


def kinds() -> list[str]:
    """The kinds that have a template."""
    return sorted(p.stem for p in TEMPLATES.glob("*.yaml"))


def title_of(qid: str) -> str:
    """A first title from the id: `losses/huber-loss` -> `Huber loss`."""
    words = qid.rsplit("/", 1)[-1].replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def scaffolds(kind: str, qid: str) -> list[Scaffold]:
    """The files `dlquiz new` writes for a question of `kind` with id `qid`."""
    from grader.loader import check_id

    if kind not in kinds():
        raise DlquizError(f"No template for kind '{kind}'.{did_you_mean(kind, kinds())} Kinds: {', '.join(kinds())}")
    if (why := check_id(qid)) is not None:
        raise DlquizError(why.replace("(from the file's path) ", "").replace("rename the file", "choose another id"))
    text = (TEMPLATES / f"{kind}.yaml").read_text(encoding="utf-8")
    files = [Scaffold(Path(f"{qid}.yaml"), _fill(text, qid))]
    for role in COMPANIONS:  # e.g. code.starter.py -> <id>.py beside the question
        template = TEMPLATES / f"{kind}.{role}.py"
        if template.is_file():
            files.append(Scaffold(Path(f"{qid}.py"), _fill(template.read_text(encoding="utf-8"), qid),
                                  in_solutions=role == "solution"))
    return files


def _fill(text: str, qid: str) -> str:
    name = qid.rsplit("/", 1)[-1].replace("-", "_")
    return text.replace("__ID__", qid).replace("__TITLE__", title_of(qid)).replace("__NAME__", name)


def write_scaffolds(root: Path, files: list[Scaffold]) -> list[Path]:
    """Write `files` under bank `root` (creating it) and its solutions folder, refusing to
    overwrite anything or to write outside the course folder; return the paths written."""
    from grader.bank import course_dir, solutions_dir

    targets = [Path(os.path.normpath((solutions_dir(root) if f.in_solutions else root) / f.path)) for f in files]
    course = Path(os.path.normpath(course_dir(root).absolute()))
    outside = [str(t) for t in targets if not t.absolute().is_relative_to(course)]
    if outside:
        raise DlquizError(f"Not writing {', '.join(outside)}: it is outside the course folder {course}")
    taken = [str(t) for t in targets if t.exists()]
    if taken:
        raise DlquizError(f"Not overwriting {', '.join(taken)}: choose another id or remove the file")
    for target, scaffold in zip(targets, files):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(scaffold.text, encoding="utf-8")
    return targets
