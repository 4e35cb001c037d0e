"""The streamed build's worker pool (graph/build_stream.py ``run_units``).

Results come in the items' order; a generator of items is drawn a little ahead of the workers, not
all at once; an error in a worker reaches the caller as itself; a worker that dies ends the run
with a clear StoreError (a wait for ever before).
"""

from __future__ import annotations

import os
import signal
from typing import Iterator

import pytest

from nghiquyet.graph.build_stream import run_units
from nghiquyet.graph.errors import ConfigError, StoreError


def _square(value: int) -> int:
    return value * value


def _die_on_three(value: int) -> int:
    if value == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return value


def _refuse_three(value: int) -> int:
    if value == 3:
        raise ConfigError("three is refused")
    return value


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_the_order_of_the_items(jobs: int) -> None:
    assert list(run_units(_square, list(range(20)), jobs)) == [v * v for v in range(20)]


def test_a_generator_is_drawn_a_little_ahead_of_the_workers() -> None:
    drawn: list[int] = []

    def items() -> Iterator[int]:
        for value in range(50):
            drawn.append(value)
            yield value

    results = run_units(_square, items(), 2, count=50)
    assert next(results) == 0
    assert len(drawn) <= 6  # the first item, a running and a queued one per worker
    assert list(results) == [v * v for v in range(1, 50)] and len(drawn) == 50


def test_an_error_in_a_worker_reaches_the_caller_as_itself() -> None:
    with pytest.raises(ConfigError, match="three is refused"):
        list(run_units(_refuse_three, list(range(8)), 2))


def test_a_worker_that_dies_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="ended abruptly"):
        list(run_units(_die_on_three, list(range(8)), 2))
