"""Choice answers: one option (or, for `multiple`, a set), typed as letters, numbers or the option text.

The options are shown in an order drawn per variant, from (question id, seed): the canonical
variant has an order of its own too, so no letter is right more often than chance across a bank.
Letters and numbers always refer to the order shown; options marked `shuffle: false` (or every
option, with the question's `shuffle: false`) keep their written place.
"""

from __future__ import annotations

import hashlib
import random
import re
import string

from grader.errors import AnswerFormatError
from grader.model import Option, Result, Variant
from grader.render import render

LETTERS = string.ascii_lowercase


def option_order(variant: Variant) -> tuple[int, ...]:
    """The order shown: position -> index of the option in the question file.

    Deterministic for (question id, seed) on every machine and Python version; the options
    that may move are permuted among the places not held by a `shuffle: false` option.
    """
    spec = variant.question.spec
    count = len(spec.options)
    if not spec.shuffle:
        return tuple(range(count))
    movable = [i for i, option in enumerate(spec.options) if option.shuffle]
    digest = hashlib.sha256(f"options\x00{variant.question.id}\x00{variant.seed}".encode()).digest()
    random.Random(int.from_bytes(digest[:8], "little")).shuffle(movable)
    drawn = iter(movable)
    return tuple(next(drawn) if option.shuffle else i for i, option in enumerate(spec.options))


def shown_options(variant: Variant) -> list[Option]:
    """The options in the order the learner sees them (what letters a, b, ... name); none for
    questions of other kinds."""
    options = getattr(variant.question.spec, "options", None)
    if not options:
        return []
    return [options[i] for i in option_order(variant)]


def reference(variant: Variant) -> frozenset[int]:
    """Positions (in the order shown) of the correct options."""
    return frozenset(p for p, o in enumerate(shown_options(variant)) if o.correct)


def well_posed(variant: Variant) -> bool:
    """Choice questions are always well posed (the schema checks the options)."""
    return True


def parse_choice(variant: Variant, text: str) -> frozenset[int]:
    """The picked positions (in the order shown): `b`, `b, d`, `2`, `b d`, or an option's exact text."""
    options = shown_options(variant)
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
    options = shown_options(variant)
    picked = parse_choice(variant, text)
    correct = reference(variant)
    read_as = ", ".join(LETTERS[i] for i in sorted(picked))
    notes = [render(options[i].feedback, variant.params) for i in sorted(picked) if options[i].feedback]
    if picked == correct:
        return Result(True, 1.0, read_as, " ".join(["Correct."] + notes))
    wrong = [i for i in picked if i not in correct]
    score = max(0.0, (len(picked & correct) - len(wrong)) / len(correct)) if spec.multiple else 0.0
    missing = len(correct - picked)
    summary = "Not quite."
    if spec.multiple and missing:
        summary += f" {missing} correct option{'s' * (missing > 1)} not picked."
    feedback = " ".join([summary] + notes)
    mistake = " ".join(render(options[i].feedback, variant.params) for i in sorted(wrong)
                       if options[i].feedback) or None
    return Result(False, round(score, 3), read_as, feedback, mistake=mistake)


def answer_text(variant: Variant) -> str:
    """The correct option(s), lettered in the order shown."""
    options = shown_options(variant)
    return join_options([f"{LETTERS[i]}) {render(options[i].text, variant.params)}" for i in sorted(reference(variant))])


def join_options(parts: list[str]) -> str:
    """Lettered options on one line: "; " between them, or a space after one that ends a sentence
    ("a) Minimise the loss. b) ..." rather than "loss.; b)")."""
    text = ""
    for part in parts:
        text += ("" if not text else " " if text.rstrip().endswith((".", "!", "?")) else "; ") + part
    return text
