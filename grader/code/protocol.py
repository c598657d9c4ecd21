"""The strict schema of everything the sandbox says: one JSON line per message, tagged by `kind`.

The harness shares its process with the learner's code, so every line is an untrusted claim.
Each is decoded against these Structs (exact types, no unknown keys, bounded sizes) before
anything reads it; a line that does not fit, or an answer about cases that were not asked for,
means "the submission broke the grading protocol" and that exercise scores 0.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Text = Annotated[str, Meta(max_length=2000)]
Name = Annotated[str, Meta(max_length=200)]
Index = Annotated[int, Meta(ge=0, le=1 << 16)]
MAX_CALLS = 10000
MAX_LINE = 256 << 10  # bytes of one message


class _Message(msgspec.Struct, frozen=True, forbid_unknown_fields=True, tag_field="kind"):
    """One line from the harness."""


class ErrorInfo(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An exception the learner's code raised: its type, message and the learner's line."""

    type: Name
    message: Text = ""
    line: Annotated[int, Meta(ge=0)] | None = None
    code: Text = ""


class Value(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What one returned value was (a claim; the array itself is read from the output bundle):
    its Python type, a non-numeric dtype, or, for several outputs, the container it came in."""

    type: Name | None = None
    dtype: Name | None = None
    unreadable: bool = False
    container: Name | None = None
    length: Index | None = None


class Call(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One call of the learner's function on one case."""

    case: Name
    error: ErrorInfo | None = None
    values: Annotated[list[Value], Meta(max_length=64)] = []
    modified: Annotated[list[Index], Meta(max_length=64)] = []
    repeat: Annotated[list[Value], Meta(max_length=64)] | None = None
    repeat_error: ErrorInfo | None = None


class Parameters(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The learner's function's parameters, as its code object says."""

    names: Annotated[list[Name], Meta(max_length=256)]
    required: Index
    varargs: bool


class Ready(_Message, tag="ready"):
    """The harness is set up (before any learner code is loaded)."""

    uid: int | None


class Fatal(_Message, tag="fatal"):
    """The harness could not set up (before any learner code: the grader's problem)."""

    error: Text


class Progress(_Message, tag="progress"):
    """Request `id` reached a step: `import`, or a case key."""

    id: Index
    at: Name


class Answer(_Message, tag="answer"):
    """The end of request `id`: the stage it stopped at, and what it found."""

    id: Index
    stage: Literal["import", "function", "calls", "save", "harness"]
    error: ErrorInfo | None = None
    defined: Annotated[list[Name], Meta(max_length=100)] = []
    parameters: Parameters | None = None
    calls: Annotated[list[Call], Meta(max_length=MAX_CALLS)] = []


Message = Ready | Fatal | Progress | Answer
_DECODER = msgspec.json.Decoder(Message)


class ProtocolError(ValueError):
    """A line from the sandbox that is not a valid message, or not the one expected."""


def decode(line: bytes) -> Message:
    """One message, or ProtocolError saying what was wrong (in words a report can show)."""
    if len(line) > MAX_LINE:
        raise ProtocolError(f"a message longer than {MAX_LINE >> 10} KiB")
    try:
        return _DECODER.decode(line)
    except msgspec.ValidationError as exc:
        raise ProtocolError(f"an invalid message ({str(exc)[:200]})") from None
    except msgspec.DecodeError:
        raise ProtocolError("a line that is not a JSON message") from None


def check_answer(answer: Answer, cases: list[str], outputs: int, arguments: int) -> None:
    """An answer may only speak of the cases asked for, once each, with at most `outputs` values
    and argument indices below `arguments`; ProtocolError otherwise."""
    asked, seen = set(cases), set()
    for call in answer.calls:
        if call.case not in asked or call.case in seen:
            raise ProtocolError(f"an answer about case '{call.case[:40]}', which was not asked for (or twice)")
        seen.add(call.case)
        for values in (call.values, call.repeat or []):
            if len(values) > max(outputs, 1):
                raise ProtocolError(f"{len(values)} values for a function with {outputs} output(s)")
        if any(index >= arguments for index in call.modified):
            raise ProtocolError("a changed argument that does not exist")
