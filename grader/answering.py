"""The one boundary every typed answer goes through: `check_answer(variant, answer)`.

Whatever the text (or, for a design question, the {field: text} mapping), the answer ends in
exactly one `Outcome`:
  right        the checker's Result says correct
  wrong        a Result with feedback (and a score, partial for design and opted-in vectors)
  unreadable   a message saying where and why; costs no try; `dlquiz check` exits 2. `problem`
               says whose it is: the answer's (learner), the question's (author) or dlquiz's own
               (an internal error, logged with its traceback to errors.log in the data folder)
`check_answer` never raises (Ctrl-C, KeyboardInterrupt, excepted: it is honoured at once), and the
whole check is bounded: `ANSWER_SECONDS` of wall time for every step together (grader.bounded),
with steps that can hold the interpreter run in a killable child.
"""

from __future__ import annotations

import logging
import re
import traceback
from dataclasses import dataclass, replace
from typing import Any, Mapping

from grader import bounded
from grader.errors import AnswerFormatError, DlquizError, QuestionConfigError
from grader.model import Result, Variant

ANSWER_SECONDS = 2.0
MAX_ANSWER_CHARS = 20_000
RIGHT, WRONG, UNREADABLE = "right", "wrong", "unreadable"
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_log = logging.getLogger("dlquiz.answering")


@dataclass(frozen=True)
class Outcome:
    """The verdict on one answer: right or wrong (with the checker's `result`), or unreadable
    (with `message`, and `problem`: answer, question or internal)."""

    status: str
    result: Result | None = None
    message: str = ""
    problem: str = ""

    @property
    def exit_code(self) -> int:
        """0 right, 1 wrong, 2 unreadable (the command line's exit codes)."""
        return {RIGHT: 0, WRONG: 1}.get(self.status, 2)

    @property
    def graded(self) -> bool:
        """True when the answer was read and graded (it costs a try)."""
        return self.result is not None

    def to_json(self) -> dict[str, Any]:
        """The Result's JSON form, or {"error", "problem"} when unreadable."""
        if self.result is not None:
            return self.result.to_json()
        return {"error": self.message, "problem": self.problem}


def check_answer(variant: Variant, answer: str | Mapping[str, Any], seconds: float = ANSWER_SECONDS) -> Outcome:
    """Read and grade `answer` (text; a {field: text} mapping for a design question) within `seconds`."""
    from grader.checkers import checker_for

    try:
        checker = checker_for(variant.question.kind)
        if hasattr(checker, "prepare"):  # the author's side (a SymPy derivative): bounded on its own, not the answer's time
            checker.prepare(variant)
        with bounded.deadline(seconds):
            if isinstance(answer, Mapping):
                from grader.checkers.design import check_fields

                result = check_fields(variant, {_plain(str(k)): _field_value(v) for k, v in answer.items()})
            else:
                result = checker.check(variant, _plain(answer))
    except AnswerFormatError as exc:
        return Outcome(UNREADABLE, message=_printable(str(exc)), problem="answer")
    except QuestionConfigError as exc:
        return Outcome(UNREADABLE, message=_printable(str(exc)), problem="question")
    except DlquizError as exc:
        return Outcome(UNREADABLE, message=_printable(str(exc)), problem="question")
    except bounded.TimeUp:
        return Outcome(UNREADABLE, message=f"Your answer could not be checked within {seconds:g} s: "
                       "write it more simply and try again (this did not count as a try).", problem="answer")
    except (RecursionError, MemoryError):
        return Outcome(UNREADABLE, message="Your answer could not be read: it is too large or too deeply nested.",
                       problem="answer")
    except Exception as exc:  # noqa: BLE001 - a bug in dlquiz must not end the learner's session
        where = _log_internal(variant, answer, exc)
        return Outcome(UNREADABLE, message=f"dlquiz failed while checking this answer ({type(exc).__name__}); "
                       f"it did not count as a try. This is a bug in dlquiz{where}.", problem="internal")
    if not isinstance(result, Result):
        return Outcome(UNREADABLE, message="dlquiz's checker returned no verdict; this is a bug in dlquiz.",
                       problem="internal")
    result = replace(result, read_as=_printable(result.read_as), feedback=_printable(result.feedback),
                     mistake=None if result.mistake is None else _printable(result.mistake))
    return Outcome(RIGHT if result.correct else WRONG, result)


def _plain(text: Any) -> str:
    """The answer as text that can be read and printed; AnswerFormatError for bytes that are not text."""
    if not isinstance(text, str):
        raise AnswerFormatError("it is not text")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerFormatError(f"it is {len(text)} characters long; answers are at most {MAX_ANSWER_CHARS}")
    bad = next((i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF), None)
    if bad is not None:
        raise AnswerFormatError("it contains bytes that are not UTF-8 text (check your terminal's encoding)",
                                _printable(text), bad)
    return text


def _field_value(value: Any) -> Any:
    return _plain(value) if isinstance(value, str) else value


def _printable(text: str) -> str:
    """`text` as it may be shown: lone surrogates (which no terminal can print) and the terminal
    controls and bidi overrides a learner may type or put in an @FILE (ESC can clear the screen or
    forge a verdict) each become '?', one character for one, so a caret under the answer still
    points at its place."""
    return _UNSHOWABLE.sub("?", text.encode("utf-8", "replace").decode("utf-8"))


def _log_internal(variant: Variant, answer: Any, exc: Exception) -> str:
    """Append the traceback to errors.log in the data folder; return ' (details in PATH)' or ''."""
    _log.debug("internal error checking %s", variant.question.id, exc_info=exc)
    try:
        from grader.learner.store import home_dir

        path = home_dir() / "errors.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="replace") as log:
            log.write(f"--- {variant.question.id} seed={variant.seed} answer={_printable(repr(answer))[:500]}\n")
            log.write("".join(traceback.format_exception(exc)))
        return f" (details in {path})"
    except Exception:  # noqa: BLE001 - logging is best effort; the outcome is what matters
        return ""
