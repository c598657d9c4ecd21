"""What a prompt promises about the answer, checked on each variant through the learner's path.

- A format example in a prompt (`e.g. [1, 3]`, any `code span`) must never be accepted as the
  answer: a learner copying the format would pass.
- A numeric prompt that states no precision must accept the answer rounded to 3 decimals (the
  convention the default tolerance is built for); otherwise it must say how to round it.
"""

from __future__ import annotations

import re

import numpy as np

from grader.instructor.probes import Finding, rendered
from grader.model import Variant

# phrases after which a prompt shows what an answer looks like
_EXAMPLE = re.compile(r"(?:e\.g\.|for example|for instance|such as|like)\s*:?\s*([^`$\n;)]+?)(?=[;)\n]|\.\s|\.?$)",
                      re.IGNORECASE)
_CODE = re.compile(r"`([^`\n]{1,200})`")
_PRECISION = re.compile(r"significant|decimal|digits|\bsig\.? ?figs?\b|\bs\.f\.|round", re.IGNORECASE)


def prompt_examples(prompt: str) -> list[str]:
    """The texts a prompt shows as examples: every code span, and what follows 'e.g.' or 'such as'."""
    found = [m.group(1).strip() for m in _CODE.finditer(prompt)]
    found += [m.group(1).strip() for m in _EXAMPLE.finditer(_CODE.sub(" ", prompt))
              if any(ch.isalnum() for ch in m.group(1))]
    return list(dict.fromkeys(found))


def example_findings(variant: Variant) -> list[Finding]:
    """A shown example that the question's own checker accepts as the right answer."""
    from grader.answering import RIGHT, check_answer

    try:
        prompt = rendered(variant.question.spec.prompt, variant.params)
    except ValueError:
        return []  # reported by render_findings
    found = []
    for example in prompt_examples(prompt):
        if check_answer(variant, example).status == RIGHT:
            found.append(Finding(("prompt",), f"the prompt's example `{example}` is accepted as the right answer: a "
                                 "learner copying the format passes; show an example that is not the answer",
                                 repr(example)))
    return found


def precision_findings(variant: Variant) -> list[Finding]:
    """A numeric prompt without a stated precision must accept the answer rounded to 3 decimals."""
    from grader.answering import RIGHT, check_answer
    from grader.checkers import numeric

    try:
        prompt = rendered(variant.question.spec.prompt, variant.params)
        expected = np.asarray(numeric.reference(variant), dtype=float)
    except Exception:  # noqa: BLE001 - a failing template or solver is reported by the other probes
        return []
    if _PRECISION.search(prompt) or not np.all(np.isfinite(expected)):
        return []
    rounded = np.round(expected, 3)
    text = _as_text(rounded)
    if check_answer(variant, text).status == RIGHT:
        return []
    return [Finding(("tolerance",), "the answer correctly rounded to 3 decimals is rejected, and the prompt states no "
                    "precision: say how to round it (e.g. 'to 3 significant figures', with `tolerance: {sigfigs: 3}`) "
                    "or loosen `tolerance`", f"{text} for {_as_text(expected, 6)}")]


def _as_text(value: np.ndarray, digits: int = 3) -> str:
    if value.ndim == 0:
        return f"{float(value):.{digits}f}".rstrip("0").rstrip(".") if digits == 3 else f"{float(value):.{digits}g}"
    return "[" + ", ".join(_as_text(v, digits) for v in value) + "]"
