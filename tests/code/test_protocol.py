"""The harness's messages are decoded against a strict schema: a wrong type, an unknown key, an
oversized field or an answer about cases nobody asked for is a protocol error, never an exception."""

from __future__ import annotations

import json

import pytest

from grader.code.protocol import MAX_LINE, Answer, Progress, ProtocolError, Ready, check_answer, decode

GOOD_CALL = {"case": "c0", "values": [{"type": "ndarray"}], "modified": []}


def _answer(**fields) -> bytes:
    return json.dumps({"kind": "answer", "id": 0, "stage": "calls", **fields}).encode()


@pytest.mark.parametrize("line, kind", [
    (b'{"kind": "ready", "uid": 200001}', Ready),
    (b'{"kind": "progress", "id": 3, "at": "c2"}', Progress),
    (_answer(calls=[GOOD_CALL], parameters={"names": ["dz", "z"], "required": 2, "varargs": False}), Answer),
    (_answer(calls=[{"case": "c0", "error": {"type": "ValueError", "message": "x", "line": 3, "code": "y"}}]), Answer),
])
def test_valid_messages_decode(line, kind):
    assert isinstance(decode(line), kind)


@pytest.mark.parametrize("line, fragment", [
    (_answer(calls=[{**GOOD_CALL, "modified": None}]), "$.calls[0].modified"),  # issue 11, attack 1
    (_answer(calls=1), "$.calls"),
    (json.dumps({"kind": "answer", "id": 0, "stage": "function", "defined": 1}).encode(), "$.defined"),
    (_answer(calls=[{**GOOD_CALL, "modified": [True]}]), "$.calls[0].modified[0]"),  # a bool is not an index
    (_answer(calls=[{**GOOD_CALL, "modified": [-1]}]), "$.calls[0].modified[0]"),
    (_answer(calls=[{**GOOD_CALL, "surprise": 1}]), "surprise"),
    (_answer(stage="done"), "$.stage"),
    (_answer(defined=["x" * 300]), "$.defined[0]"),
    (_answer(calls=[{**GOOD_CALL, "values": [{"type": {"nested": 1}}]}]), "$.calls[0].values[0].type"),
    (json.dumps({"id": 0, "stage": "calls", "calls": []}).encode(), "kind"),  # the old, untagged form
    (b'{"kind": "ready", "uid": 1', "not a JSON message"),
    (b"[1, 2, 3]", "invalid message"),
    (b"\xff\xfe garbage", "not a JSON message"),
    (b'{"kind": "answer", "id": 0, "stage": "calls", "calls": [' + b"[" * 5000 + b"]" * 5000 + b"]}", "invalid"),
    (b'{"kind": "progress", "id": 0, "at": "' + b"x" * MAX_LINE + b'"}', "longer than"),
])
def test_malformed_messages_are_protocol_errors(line, fragment):
    with pytest.raises(ProtocolError) as caught:
        decode(line)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("calls, fragment", [
    ([GOOD_CALL, GOOD_CALL], "twice"),
    ([{**GOOD_CALL, "case": "hidden.9"}], "not asked for"),
    ([{**GOOD_CALL, "values": [{"type": "ndarray"}] * 3}], "3 values"),
    ([{**GOOD_CALL, "modified": [5]}], "does not exist"),
])
def test_answers_about_other_cases_are_protocol_errors(calls, fragment):
    answer = decode(_answer(calls=calls))
    with pytest.raises(ProtocolError, match=fragment):
        check_answer(answer, ["c0", "c1"], outputs=1, arguments=2)


def test_an_answer_about_the_cases_asked_passes():
    check_answer(decode(_answer(calls=[GOOD_CALL])), ["c0", "c1"], outputs=1, arguments=2)
