"""Choice answers: one option (or, for `multiple`, a set), typed as letters, numbers or the option text."""

from __future__ import annotations

import re
import string

from grader.errors import AnswerFormatError
from grader.model import Result, Variant
from grader.render import render

LETTERS = string.ascii_lowercase


def reference(variant: Variant) -> frozenset[int]:
    """Indices of the correct options."""
    return frozenset(i for i, o in enumerate(variant.question.spec.options) if o.correct)


def well_posed(variant: Variant) -> bool:
    """Choice questions are always well posed (the schema checks the options)."""
    return True


def parse_choice(variant: Variant, text: str) -> frozenset[int]:
    """The picked option indices: `b`, `b, d`, `2`, `b d`, or an option's exact text."""
    options = variant.question.spec.options
    cleaned = text.strip().lower()
    for i, option in enumerate(options):
        if cleaned == render(option.text, variant.params).strip().lower():
            return frozenset({i})
    tokens = [t for t in re.split(r"[,\s;]+", cleaned.strip("[]()")) if t]
    if not tokens:
        raise AnswerFormatError(f"it is empty; {_expected(options)}", text)
    picked = set()
    for token in tokens:
        token = token.rstrip(").")
        if len(token) == 1 and token in LETTERS[: len(options)]:
            picked.add(LETTERS.index(token))
        elif token.isascii() and token.isdigit() and len(token) <= 3 and 1 <= int(token) <= len(options):
            picked.add(int(token) - 1)
        else:
            shown = token if len(token) <= 20 else token[:17] + "..."
            raise AnswerFormatError(f"'{shown}' is not an option; {_expected(options)}", text, text.lower().find(token))
    if len(picked) > 1 and not variant.question.spec.multiple:
        raise AnswerFormatError("it picks several options; this question has exactly one answer", text)
    return frozenset(picked)


def _expected(options: list) -> str:
    return f"expected a letter from a to {LETTERS[len(options) - 1]} (or several, separated by commas, where allowed)"


def check(variant: Variant, text: str) -> Result:
    """Full marks for exactly the correct set; partial credit on multiple-answer questions."""
    spec = variant.question.spec
    picked = parse_choice(variant, text)
    correct = reference(variant)
    read_as = ", ".join(LETTERS[i] for i in sorted(picked))
    notes = [render(spec.options[i].feedback, variant.params) for i in sorted(picked) if spec.options[i].feedback]
    if picked == correct:
        return Result(True, 1.0, read_as, " ".join(["Correct."] + notes))
    wrong = [i for i in picked if i not in correct]
    score = max(0.0, (len(picked & correct) - len(wrong)) / len(correct)) if spec.multiple else 0.0
    missing = len(correct - picked)
    summary = "Not quite."
    if spec.multiple and missing:
        summary += f" {missing} correct option{'s' * (missing > 1)} not picked."
    feedback = " ".join([summary] + notes)
    mistake = " ".join(render(spec.options[i].feedback, variant.params) for i in sorted(wrong)
                       if spec.options[i].feedback) or None
    return Result(False, round(score, 3), read_as, feedback, mistake=mistake)


def answer_text(variant: Variant) -> str:
    """The correct option(s), lettered."""
    spec = variant.question.spec
    return "; ".join(f"{LETTERS[i]}) {render(spec.options[i].text, variant.params)}" for i in sorted(reference(variant)))
