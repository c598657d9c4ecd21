"""Threads for grading runs: a pool whose results come back in order, and one call in the background.

The threads only drive sandboxes (each learner's code runs in its own sandboxed process), so the
grader's interpreter lock is no bottleneck.
"""

from __future__ import annotations

import threading
from typing import Callable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_order(items: list[Item], workers: int, work: Callable[[int, Item], Result]) -> Iterator[Result]:
    """`work(slot, item)` for every item on `workers` threads (`slot`: which thread, from 0), the
    results yielded in the order of `items`. Anything `work` raises (Ctrl-C included) is raised here
    when its turn comes; `work` itself decides which failures become a result."""
    results: dict[int, Result | BaseException] = {}
    done = threading.Condition()
    queue = list(enumerate(items))

    def drive(slot: int) -> None:
        while True:
            with done:
                if not queue:
                    return
                index, item = queue.pop(0)
            try:
                result = work(slot, item)
            except BaseException as exc:  # noqa: BLE001 - re-raised in order below
                result = exc
            with done:
                results[index] = result
                done.notify_all()

    threads = [threading.Thread(target=drive, args=(slot,), daemon=True) for slot in range(workers)]
    for thread in threads:
        thread.start()
    for index in range(len(items)):
        with done:
            done.wait_for(lambda: index in results)
            result = results.pop(index)
        if isinstance(result, BaseException):
            raise result
        yield result


class Background:
    """Run a function on a thread; `result()` joins and re-raises its exception."""

    def __init__(self, fn: Callable[[], Result]):
        self._value, self._error = None, None
        self._thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[[], Result]) -> None:
        try:
            self._value = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            self._error = exc

    def result(self):
        """The function's value (or its exception, raised here)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value
