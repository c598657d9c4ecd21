"""Checking one typed answer of an assignment, in the terminal and in CI alike.

Every typed answer goes through `check_typed`, so the learner's verdict at the terminal and the
grade in CI cannot differ. The check runs in a forked child with a time and memory bound
(grader/bounded.py): an answer built to hold the interpreter (SymPy turning `1e999999` into a
number) ends as "could not be read", never as a hang of the class's grading.
"""

from __future__ import annotations

from typing import Any

from grader.errors import AnswerFormatError, DlquizError
from grader.model import Result, Variant

SECONDS = 5.0


def check_typed(variant: Variant, answer: str | dict[str, str], seconds: float = SECONDS) -> Result:
    """Grade `answer` (text, or a design question's {field: text}); AnswerFormatError when it
    cannot be read, or cannot be checked within `seconds`."""
    from grader.bounded import run_bounded

    _warm(variant.question.kind)  # imported here once, so no child spends its time importing SymPy
    outcome = run_bounded(_check, variant, answer, seconds=seconds)
    shown = answer if isinstance(answer, str) else "; ".join(f"{k}: {v}" for k, v in answer.items())
    if outcome.status == "timeout":
        raise AnswerFormatError(f"it could not be checked within {seconds:g} s: write it more simply", shown)
    if outcome.status == "memory":
        raise AnswerFormatError("checking it needed too much memory: write it more simply", shown)
    if not outcome.done:
        raise DlquizError(f"the answer could not be checked ({outcome.error})")
    value = outcome.value
    if "unreadable" in value:
        raise AnswerFormatError(value["unreadable"], value["text"], value["position"])
    if "error" in value:
        raise DlquizError(value["error"])
    return Result(**value)


WARM = {"symbolic": ("grader.symbolic.parse", "grader.symbolic.equivalence")}


def _warm(kind: str) -> None:
    """Import the checker of `kind` (and what it imports on first use) in this process."""
    import importlib

    from grader.checkers import checker_for

    checker_for(kind)
    for module in WARM.get(kind, ()):
        try:
            importlib.import_module(module)
        except ImportError:  # moved: the child then imports what it needs, within its bound
            pass


def _check(variant: Variant, answer: str | dict[str, str]) -> dict[str, Any]:
    """In the child: the verdict as JSON data (the parent rebuilds the Result or the error)."""
    from grader.checkers import checker_for

    try:
        if isinstance(answer, dict):
            from grader.checkers.design import check_fields

            result = check_fields(variant, answer)
        else:
            result = checker_for(variant.question.kind).check(variant, answer)
    except AnswerFormatError as exc:
        return {"unreadable": exc.detail, "text": exc.text, "position": exc.position}
    except DlquizError as exc:
        return {"error": str(exc)}
    data = result.to_json()
    return {**data, "details": _plain(data.get("details") or {})}


def _plain(value: Any) -> Any:
    """JSON-safe details (numbers, text, lists, mappings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
