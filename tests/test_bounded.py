"""Bounded work: a forked child with the operation's remaining time and a memory limit, killed on expiry."""

import os
import signal
import threading
import time

import pytest

from grader import bounded


def _double(x):
    return x * 2


def _spin():
    while True:
        pass


def _hog():
    return len(bytearray(4 * 1024**3))


def _fail():
    raise ValueError("bad input")


def _huge_integer():
    import sympy

    return str(sympy.Integer(2) ** (200**200))


@pytest.mark.parametrize("fn, status, value", [
    (lambda: _double(21), "done", 42),
    (_spin, "timeout", None),
    (_hog, "memory", None),
    (_fail, "error", None),
    (_huge_integer, "timeout", None),
])
def test_outcomes(fn, status, value):
    start = time.monotonic()
    result = bounded.run_bounded(fn, seconds=0.5)
    assert (result.status, result.value) == (status, value)
    assert time.monotonic() - start < 1.5


def test_error_text_is_reported():
    assert bounded.run_bounded(_fail, seconds=1).error == "ValueError: bad input"


def test_the_whole_operation_bounds_each_step():
    with bounded.deadline(0.4):
        start = time.monotonic()
        first = bounded.run_bounded(_spin, seconds=5)
        second = bounded.run_bounded(_spin, seconds=5)
    assert (first.status, second.status) == ("timeout", "timeout")
    assert time.monotonic() - start < 0.9


def test_nested_deadline_keeps_the_earliest_end():
    with bounded.deadline(0.2):
        with bounded.deadline(10):
            assert bounded.remaining() <= 0.2
        time.sleep(0.25)
        with pytest.raises(bounded.TimeUp):
            bounded.check()
    bounded.check()  # no deadline outside


def test_ctrl_c_kills_the_child_at_once():
    pids = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    timer = threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        os.fork = fork
        with pytest.raises(KeyboardInterrupt):
            bounded.run_bounded(_spin, seconds=10)
    finally:
        os.fork = real_fork
        timer.cancel()
    assert time.monotonic() - start < 0.7
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # killed and already reaped


def test_no_time_left_runs_nothing():
    with bounded.deadline(0):
        assert bounded.run_bounded(_double, 1).status == "timeout"
