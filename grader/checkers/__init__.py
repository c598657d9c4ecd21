"""One checker per question kind, in one table.

A checker is a module with four functions:
  reference(variant) -> the right answer
  check(variant, text) -> Result          (AnswerFormatError when the text cannot be read; callers
                                           go through grader.answering.check_answer, which bounds
                                           the check and turns every failure into an outcome)
  well_posed(variant) -> bool              (a random variant worth asking)
  answer_text(variant) -> str              (the right answer, for people)
Modules are imported on first use so a numeric check never imports SymPy.
"""

from __future__ import annotations

import importlib
from types import ModuleType

CHECKERS: dict[str, str] = {
    "numeric": "grader.checkers.numeric",
    "symbolic": "grader.checkers.symbolic",
    "choice": "grader.checkers.choice",
    "flashcard": "grader.checkers.flashcard",
    "design": "grader.checkers.design",
    "code": "grader.checkers.code",
}


def checker_for(kind: str) -> ModuleType:
    """The checker module for questions of `kind`."""
    return importlib.import_module(CHECKERS[kind])
