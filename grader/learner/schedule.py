"""Spaced repetition with FSRS (the `fsrs` package, default parameters): outcome -> rating -> next review.

Flashcards are rated by the learner (again / hard / good / easy). Auto-graded questions
are rated from their outcome:

  right at the first try, no hint         -> good
  right after a wrong try or after a hint -> hard
  wrong (out of tries), skipped, revealed -> again

`easy` is never inferred from an outcome: only the learner can say a card was easy.
A card's state is stored as the JSON of an `fsrs.Card`.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

RATINGS = ("again", "hard", "good", "easy")
CARD_ID = 1  # FSRS uses the id only in review logs, which dlquiz does not keep separately


@lru_cache(maxsize=1)
def scheduler():
    """The one FSRS scheduler (default weights, 90% desired retention)."""
    from fsrs import Scheduler

    return Scheduler()


def rating_for_outcome(outcome: str, tries: int, hints_used: int) -> str:
    """The FSRS rating of an auto-graded question's outcome (see the module docstring)."""
    if outcome != "right":
        return "again"
    return "good" if tries <= 1 and hints_used == 0 else "hard"


def review(state: str | None, rating: str, now: datetime) -> tuple[str, datetime]:
    """Review a card (None: a new one) with `rating` at `now` (UTC): its new state and due time."""
    from fsrs import Card, Rating

    card = Card.from_json(state) if state else Card(card_id=CARD_ID, due=now)
    card, _log = scheduler().review_card(card, Rating[rating.capitalize()], review_datetime=now)
    return card.to_json(), card.due


def replay(reviews: list[tuple[str, datetime]]) -> tuple[str, datetime]:
    """A card's state and due time after the (rating, UTC time) reviews, in order."""
    if not reviews:
        raise ValueError("no reviews to replay")
    state: str | None = None
    for rating, moment in reviews:
        state, due = review(state, rating, moment)
    return state, due


def retrievability(state: str, now: datetime) -> float:
    """FSRS's predicted probability (0..1) that the learner recalls this card at `now`."""
    from fsrs import Card

    return float(scheduler().get_card_retrievability(Card.from_json(state), now))
