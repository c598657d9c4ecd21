"""Flashcards: the learner recalls, sees the model answer, and rates their own recall."""

from __future__ import annotations

from grader.errors import AnswerFormatError
from grader.model import Result, Variant
from grader.render import render

RATINGS = {"again": 0.0, "hard": 0.5, "good": 1.0, "easy": 1.0}
_BY_NUMBER = dict(zip("1234", RATINGS))


def reference(variant: Variant) -> str:
    """The model answer, rendered."""
    return render(variant.question.spec.answer, variant.params)


def well_posed(variant: Variant) -> bool:
    """Flashcards are always well posed."""
    return True


def parse_rating(text: str) -> str:
    """`again|hard|good|easy` or `1-4`."""
    word = text.strip().lower()
    word = _BY_NUMBER.get(word, word)
    if word not in RATINGS:
        raise AnswerFormatError("a flashcard is answered with a self-rating: again, hard, good or easy (or 1-4)", text)
    return word


def check(variant: Variant, text: str) -> Result:
    """Score a self-rating; `again` counts as not recalled."""
    rating = parse_rating(text)
    return Result(rating != "again", RATINGS[rating], f"rated '{rating}'",
                  f"Model answer: {reference(variant)}", details={"rating": rating})


def answer_text(variant: Variant) -> str:
    """The model answer."""
    return reference(variant)
