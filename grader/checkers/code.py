"""code questions: not gradable from a typed answer yet."""

from __future__ import annotations

from grader.errors import DlquizError
from grader.model import Result, Variant


def reference(variant: Variant) -> None:
    """No single reference value."""
    return None


def well_posed(variant: Variant) -> bool:
    """Always well posed."""
    return True


def check(variant: Variant, text: str) -> Result:
    """Not available yet."""
    raise DlquizError("code questions cannot be checked with `dlquiz check` yet")


def answer_text(variant: Variant) -> str:
    """Nothing to show yet."""
    return ""
