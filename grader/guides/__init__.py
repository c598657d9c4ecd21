"""The user guides shipped with dlquiz: `dlquiz docs NAME` prints docs/NAME.md, so a pip user
has the same text as a checkout (the wheel carries docs/ as grader/_data/docs)."""

from __future__ import annotations

from pathlib import Path

from grader.errors import DlquizError, did_you_mean

GUIDES = {
    "authoring": "writing questions: kinds, parameters, formulas, solvers, course banks, release",
    "cli": "every command, its options, exit codes and JSON output",
    "ci": "grading code: sandbox set-up, batch grading, a private bank and the learners' release",
    "threat-model": "what dlquiz defends against and how",
    "architecture": "how the package is laid out",
}


def guide_dir() -> Path:
    """The guides: the installed copy first, else the checkout's docs/ folder."""
    from grader.bank import data_dir

    return data_dir("docs")


def guide_text(name: str) -> str:
    """The Markdown text of guide `name`."""
    if name not in GUIDES:
        raise DlquizError(f"No guide named '{name}'.{did_you_mean(name, list(GUIDES))} Guides: {', '.join(GUIDES)}")
    path = guide_dir() / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DlquizError(f"Cannot read the guide {path}: {exc.strerror} (a broken installation: reinstall dlquiz)") from None


def pointer(name: str = "authoring", section: str = "") -> str:
    """How an error message points at a guide: a command every user has, not a file path."""
    return f"`dlquiz docs {name}`" + (f" (\"{section}\")" if section else "")
