"""grader.code.workers: results in the order given whatever order they finish in; failures raised in turn."""

import threading

import pytest

from grader.code.workers import Background, in_order


def test_results_come_back_in_order_when_the_later_item_finishes_first():
    second_done = threading.Event()
    finished = []

    def work(slot, item):
        if item == "first":
            assert second_done.wait(10), "the second item never ran beside the first"
        finished.append(item)
        if item == "second":
            second_done.set()
        return item.upper()

    assert list(in_order(["first", "second"], 2, work)) == ["FIRST", "SECOND"]
    assert finished == ["second", "first"]


@pytest.mark.parametrize("error", [ValueError("bad item"), KeyboardInterrupt()])
def test_a_failure_is_raised_in_its_turn_after_the_earlier_results(error):
    def work(slot, item):
        if item == 2:
            raise error
        return item

    results = in_order([1, 2, 3], 1, work)
    assert next(results) == 1
    with pytest.raises(type(error)):
        next(results)


def test_each_thread_has_its_own_slot():
    slots = set()
    both = threading.Barrier(2, timeout=10)

    def work(slot, item):
        slots.add(slot)
        both.wait()  # both threads hold an item at once
        return item

    assert list(in_order([1, 2], 2, work)) == [1, 2]
    assert slots == {0, 1}


def test_background_returns_the_value_or_raises_the_error():
    assert Background(lambda: 42).result() == 42
    with pytest.raises(ZeroDivisionError):
        Background(lambda: 1 / 0).result()
