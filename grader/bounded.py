"""Bound the time and memory of work on hostile input, for the whole operation and not per step.

Two tools:
- `deadline(seconds)`: a context in which `remaining()` says how much of the operation's time is
  left and `check()` raises TimeUp once it is spent. Nested deadlines keep the earliest end, so a
  step can never outlive the operation that called it. Pure-Python loops call `check()`.
- `run_bounded(fn, *args)`: run `fn` in a forked child with the time that is left and a memory
  limit, and kill it on expiry or on Ctrl-C. For steps that can hold the interpreter in one C call
  (SymPy building or simplifying a huge expression), where neither signals nor `check()` get a
  chance to run. Forking a process that has NumPy and SymPy loaded costs about 3 ms.

Where `os.fork` does not exist (Windows), `run_bounded` runs `fn` in the process, bounded only by
the cooperative checks; `ISOLATED` says which applies.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import select
import signal
import sys
import time
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Iterator

ISOLATED = hasattr(os, "fork")
DEFAULT_SECONDS = 2.0
DEFAULT_MEMORY_MB = 768
_POLL = 0.05  # seconds between looks at the child while waiting (keeps Ctrl-C prompt)


class TimeUp(Exception):
    """The operation's time is spent."""


class Deadline:
    """A point in time (monotonic clock) by which an operation must be done."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.end - time.monotonic())

    def expired(self) -> bool:
        """True once the time is spent."""
        return time.monotonic() >= self.end


_CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("dlquiz_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Within this block the operation must end in `seconds` (or sooner, if an enclosing block says so)."""
    outer = _CURRENT.get()
    inner = Deadline(seconds)
    if outer is not None and outer.end < inner.end:
        inner = outer
    token = _CURRENT.set(inner)
    try:
        yield inner
    finally:
        _CURRENT.reset(token)


def remaining(default: float = DEFAULT_SECONDS) -> float:
    """Seconds left of the current deadline (`default` when there is none)."""
    current = _CURRENT.get()
    return default if current is None else current.remaining()


def check() -> None:
    """Raise TimeUp if the current deadline has passed (cheap: call it in loops)."""
    current = _CURRENT.get()
    if current is not None and current.expired():
        raise TimeUp


@dataclass(frozen=True)
class Bounded:
    """What became of bounded work: `status` is done (with `value`), timeout, memory or error (with `error`)."""

    status: str
    value: Any = None
    error: str = ""

    @property
    def done(self) -> bool:
        """True when the work finished and returned `value`."""
        return self.status == "done"


def run_bounded(fn: Callable[..., Any], *args: Any, seconds: float | None = None,
                memory_mb: int = DEFAULT_MEMORY_MB) -> Bounded:
    """`fn(*args)` in a forked child, given `seconds` (default: what is left of the current deadline)
    and `memory_mb` more memory than this process has. `fn` must return JSON data (numbers, text,
    lists, dicts, None). KeyboardInterrupt kills the child and propagates."""
    budget = remaining() if seconds is None else min(seconds, remaining(seconds))
    if budget <= 0:
        return Bounded("timeout")
    if not ISOLATED:
        return _in_process(fn, args)
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (Python 3.12+): the child runs only fn
        pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(fn, args, write_end, memory_mb)
    os.close(write_end)
    return _wait(pid, read_end, time.monotonic() + budget)


def _in_process(fn: Callable[..., Any], args: tuple) -> Bounded:
    try:
        return Bounded("done", fn(*args))
    except MemoryError:
        return Bounded("memory")
    except TimeUp:
        return Bounded("timeout")
    except Exception as exc:  # noqa: BLE001 - reported as data, like the child's
        return Bounded("error", error=f"{type(exc).__name__}: {exc}")


def _child(fn: Callable[..., Any], args: tuple, write_end: int, memory_mb: int) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C at the terminal ends the child at once
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        _limit_memory(memory_mb)
        result = _in_process(fn, args)
        payload = json.dumps([result.status, result.value, result.error]).encode()
    except BaseException:  # noqa: BLE001 - whatever happens, the child only reports and exits
        payload, code = b'["error", null, "the bounded step failed"]', 1
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view):]
    finally:
        os._exit(code)


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):  # not Linux: the time bound still holds
        pass


def _wait(pid: int, read_end: int, end: float) -> Bounded:
    chunks: list[bytes] = []
    finished = False
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([read_end], [], [], min(left, _POLL))
            if ready:
                chunk = os.read(read_end, 65536)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
    finally:  # on expiry and on Ctrl-C alike: no child outlives the wait, none is left unreaped
        os.close(read_end)
        if not finished:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
    if not finished:
        return Bounded("timeout")
    try:
        kind, value, error = json.loads(b"".join(chunks))
    except (ValueError, TypeError):
        signalled = os.WIFSIGNALED(status)
        return Bounded("memory" if signalled else "error", error="the bounded step ended without a result")
    return Bounded(kind, value, error)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
