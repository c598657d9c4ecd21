"""The conversation with one sandbox: send requests, wait for answers with deadlines, restart
after a timeout or a crash, and keep what came back for the checks.

One sandboxed process serves all of one learner's requests in turn (starting Python and numpy
once per learner, not once per check). Each request is sent the moment the previous answer
arrives and timed by the grader's own clock; its output file is copied at that moment, so
nothing the process writes later can change what was answered within the time.
"""

from __future__ import annotations

import json
import os
import select
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from grader.code import sandbox
from grader.code.isolation import Isolation
from grader.code.protocol import Answer, Fatal, Progress, ProtocolError, Ready, check_answer, decode
from grader.errors import DlquizError

READY_SECONDS = 60.0
MAX_STREAM = 1 << 20  # bytes a sandbox may write on its answer channel per request
MAX_OUTPUT = 256 << 20  # bytes of output bundle read back per request
LOG_SHOWN = 4000


@dataclass(frozen=True)
class Request:
    """One request: call `function` from the learner's `file` on the cases in `inputs`.

    `late` inputs are linked into the sandbox's folder only when the request is sent (a timed
    case whose data must not be seen earlier).
    """

    id: int
    exercise: str
    file: str
    function: str
    inputs: Path
    calls: list[dict[str, Any]]
    outputs: int
    timeout: float
    late: bool = False
    resolve: Callable[[], tuple[Path, list[dict[str, Any]]]] | None = None

    def message(self, box: sandbox.Box) -> dict[str, Any]:
        """The JSON line sent to the harness."""
        return {"id": self.id, "file": self.file, "function": self.function, "calls": self.calls,
                "inputs": f"{box.inside['late' if self.late else 'in']}/{self.inputs.name}", "outputs": self.outputs}


@dataclass
class Reply:
    """What came back for one request (all of it untrusted claims, validated by the checks).

    `status`: answered, timeout, crashed (the process ended), protocol (it sent something that
    is not a valid message: `ended` says what), not run (an earlier request of the same
    exercise timed out or crashed). `answer` is the decoded final message (grader.code.protocol).
    `progress` is the last step the harness announced (import, or a case key); `outputs` the
    output bundle (its path, or for a timed request its bytes as they were when the answer
    came). `seconds` is the wall time and, for a timed request, `cpu_seconds` the CPU time the
    kernel counted meanwhile.
    """

    request: Request
    status: str
    answer: Answer | None = None
    progress: str | None = None
    seconds: float = 0.0
    outputs: Path | bytes | None = None
    log: str = ""
    ended: str = ""
    cpu_seconds: float | None = None


class _Lines:
    """Lines from the sandbox's answer channel, with deadlines and a size cap."""

    def __init__(self, fd: int):
        self.fd, self.buffer, self.received = fd, b"", 0

    def next(self, deadline: float) -> bytes | str:
        """The next line, or 'timeout', 'eof' or 'overflow'."""
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                return "timeout"
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return "eof"
            self.received += len(chunk)
            if self.received > MAX_STREAM:
                return "overflow"
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line


def run_session(isolation: Isolation, work_dir: Path, inputs: Path, files: dict[str, bytes],
                requests: list[Request], box: sandbox.Box | None = None) -> dict[int, Reply]:
    """Serve `requests` for one learner (`files`: learner file name -> source) and return the replies.

    `box`, if given, is already started for these requests (see open_box). Sandbox folders are
    made in `work_dir` (the caller removes it once the replies are judged). A timeout or crash
    ends that sandbox; the remaining requests of other exercises go to a fresh one, those of
    the same exercise are `not run`.
    """
    replies: dict[int, Reply] = {}
    pending = list(requests)
    while pending:
        box = box or open_box(isolation, work_dir, inputs, {r.file: files[r.file] for r in pending},
                              [r.id for r in pending], int(sum(r.timeout for r in pending)) + 10)
        box_dir = box.root
        stopped = None
        try:
            stopped = _serve(box, pending, replies)
        finally:
            box.stop()  # everything needed has arrived: no need to wait for a clean exit
            _read_logs(box_dir, [replies[r.id] for r in pending if r.id in replies])
        box = None
        if stopped is None:
            break
        failed = pending[stopped]
        for later in pending[stopped + 1:]:
            if later.exercise == failed.exercise:
                replies[later.id] = Reply(later, "not run")
        pending = [r for r in pending[stopped + 1:] if r.exercise != failed.exercise]
    return replies


def open_box(isolation: Isolation, work_dir: Path, inputs: Path, files: dict[str, bytes],
             request_ids: list[int], cpu_seconds: int) -> sandbox.Box:
    """Start a sandbox in a new folder under `work_dir` for the requests `request_ids`, with the
    learner's `files` (name in the sandbox -> source, as read by grader.code.files) written in,
    and a CPU-time limit."""
    box_dir = Path(tempfile.mkdtemp(prefix="box-", dir=work_dir))
    for name in ("src", "out", "late"):
        (box_dir / name).mkdir(mode=0o755)
    for name, source in files.items():
        target = box_dir / "src" / name
        target.write_bytes(source)
        target.chmod(0o644)
    return sandbox.start(isolation, box_dir, inputs, request_ids, cpu_seconds)


def _serve(box: sandbox.Box, requests: list[Request], replies: dict[int, Reply]) -> int | None:
    """Send each request as soon as the previous one is answered; the index where it stopped, or None."""
    lines = _Lines(box.process.stdout.fileno())
    _wait_ready(box, lines)
    for index, request in enumerate(requests):
        reply = _exchange(box, lines, request)
        replies[request.id] = reply
        if reply.status != "answered":
            return index
    return None


def _wait_ready(box: sandbox.Box, lines: _Lines) -> None:
    """The harness announces itself before any learner code is loaded: failing here is ours."""
    deadline = time.monotonic() + READY_SECONDS
    while True:
        line = lines.next(deadline)
        if isinstance(line, str):
            box.stop()
            errors = (box.root / "stderr.log").read_text(errors="replace")[-2000:]
            raise DlquizError(f"The grading sandbox ({box.isolation.mode}) did not start ({line}): {errors.strip()}"
                              " (set DLQUIZ_SANDBOX=rlimits to grade without namespaces)")
        try:
            message = decode(line)
        except ProtocolError as exc:
            message = exc
        if isinstance(message, Fatal):
            box.stop()
            raise DlquizError(f"The grading sandbox cannot run: {message.error}")
        if isinstance(message, Ready):
            return
        box.stop()  # before any learner code: only the harness speaks here
        raise DlquizError(f"The grading sandbox sent {message} before it was ready")


def _exchange(box: sandbox.Box, lines: _Lines, request: Request) -> Reply:
    if request.resolve is not None:
        inputs, calls = request.resolve()
        request = replace(request, inputs=inputs, calls=calls, resolve=None)
    if request.late:
        os.link(request.inputs, box.root / "late" / request.inputs.name)
    pid = box.harness_pid() if request.late else None
    cpu_before = box.cpu_seconds(pid) if pid else None
    start = time.monotonic()
    deadline = start + request.timeout
    progress = None
    lines.received = 0
    try:
        box.process.stdin.write((json.dumps(request.message(box)) + "\n").encode())
        box.process.stdin.flush()
    except OSError:
        return Reply(request, "crashed", progress=progress, ended=_ended(box))
    while True:
        line = lines.next(deadline)
        if isinstance(line, str):
            status = {"timeout": "timeout", "eof": "crashed", "overflow": "protocol"}[line]
            ended = f"more than {MAX_STREAM >> 20} MiB of messages" if line == "overflow" else _ended(box) if line == "eof" else ""
            return Reply(request, status, progress=progress, seconds=time.monotonic() - start, ended=ended)
        try:
            message = _expected(decode(line), request)
        except ProtocolError as exc:
            return Reply(request, "protocol", progress=progress, seconds=time.monotonic() - start, ended=str(exc))
        if isinstance(message, Progress):
            progress = message.at
            continue
        seconds = time.monotonic() - start
        cpu_after = box.cpu_seconds(pid) if cpu_before is not None else None
        cpu = cpu_after - cpu_before if cpu_after is not None else None
        return Reply(request, "answered", message, progress, seconds, _take(box, request), cpu_seconds=cpu)


def _expected(message, request: Request) -> Progress | Answer:
    """`message` if it is a progress note or the answer of `request` (about its cases only)."""
    if not isinstance(message, (Progress, Answer)) or message.id != request.id:
        raise ProtocolError("a message that does not belong to this request")
    if isinstance(message, Answer):
        arguments = max((len(call["args"]) for call in request.calls), default=0)
        check_answer(message, [call["case"] for call in request.calls], request.outputs, arguments)
    return message


def _take(box: sandbox.Box, request: Request) -> Path | bytes | None:
    """A timed request's output is read now (later writes by the process must not count);
    others are read once the process is gone."""
    path = box.root / "out" / f"{request.id}.out"
    if not request.late:
        return path
    try:
        with open(path, "rb") as f:
            return f.read(MAX_OUTPUT + 1)
    except OSError:
        return None


def _ended(box: sandbox.Box) -> str:
    try:
        code = box.process.wait(timeout=1)
    except Exception:  # noqa: BLE001 - still running: it closed its channel
        return "it closed its output channel"
    return f"the process exited with code {code}" if code >= 0 else f"the process was killed by signal {-code}"


def _read_logs(box_dir: Path, replies: list[Reply]) -> None:
    """Keep the start of what the learner's code printed during each request."""
    for reply in replies:
        log = box_dir / "out" / f"{reply.request.id}.log"
        try:
            with open(log, "rb") as f:
                reply.log = f.read(LOG_SHOWN).decode("utf-8", errors="replace")
        except OSError:
            pass
