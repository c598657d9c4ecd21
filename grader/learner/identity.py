"""Who is studying: a name asked once and stored, or given by --learner / DLQUIZ_LEARNER.

Each learner gets their own numbers: the seed of a question's variant is derived from
(learner, question id, attempt number), so it is stable for a given attempt and new at
the next one (a review brings fresh numbers).
"""

from __future__ import annotations

import hashlib
from typing import Callable

from grader.console import warn
from grader.errors import DlquizError
from grader.learner.store import Store

DEFAULT_KEY = "learner"
MAX_NAME = 40
SEED_BITS = 31  # small enough to type into `dlquiz show ID --seed N`


def valid_name(name: str) -> str:
    """`name` stripped, or a DlquizError saying what a learner name may be."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > MAX_NAME or not cleaned.isprintable() or "," in cleaned:
        raise DlquizError(f"A learner name is 1 to {MAX_NAME} printable characters without commas, "
                          f"not {name!r}")
    return cleaned


def resolve_learner(store: Store, explicit: str | None, ask: Callable[[str], str] | None) -> str:
    """The learner: `explicit` (--learner / DLQUIZ_LEARNER), else the stored one, else asked once via `ask`.

    `ask` is None when nobody can answer (no terminal): then a stored name is required.
    The first name given becomes the stored default.
    """
    if explicit is not None:
        name = valid_name(explicit)
    elif (stored := store.setting(DEFAULT_KEY)) is not None:
        return stored
    elif ask is None:
        raise DlquizError("Who is studying? Pass --learner NAME or set DLQUIZ_LEARNER "
                          "(asked once at a terminal, then remembered)")
    else:
        name = _ask_name(ask)
    store.add_learner(name)
    if store.setting(DEFAULT_KEY) is None:
        store.set_setting(DEFAULT_KEY, name)
    return name


def _ask_name(ask: Callable[[str], str]) -> str:
    while True:
        try:
            return valid_name(ask("Your name (kept on this computer to track your progress): "))
        except DlquizError as exc:
            warn(str(exc))


def seed_for(learner: str, question_id: str, attempt: int) -> int:
    """The variant seed of `learner`'s `attempt`-th go at `question_id` (deterministic, 0 <= seed < 2**31)."""
    digest = hashlib.sha256(f"{learner}\x00{question_id}\x00{attempt}".encode()).digest()
    return int.from_bytes(digest[:4], "little") >> (32 - SEED_BITS)
