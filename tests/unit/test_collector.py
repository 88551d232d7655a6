"""Full garbage collections stay short: what outlives one is frozen (adapters/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dialogcafe.adapters import collector


@pytest.fixture
def thaw() -> Iterator[list[Callable[[], None]]]:
    """The thaw task, kept instead of started; the process as it was afterwards."""
    tasks: list[Callable[[], None]] = []
    yield tasks
    gc.callbacks[:] = [c for c in gc.callbacks if c is not collector._freeze_after_full_collection]
    gc.unfreeze()


def test_a_full_collection_freezes_what_outlived_it(thaw: list[Any]) -> None:
    collector.keep_collections_short(thaw.append, lambda _seconds: None)
    collector.keep_collections_short(thaw.append, lambda _seconds: None)  # registered once
    assert gc.callbacks.count(collector._freeze_after_full_collection) == 1
    gc.unfreeze()
    survivor = [[] for _ in range(100)]  # tracked containers that live on
    gc.collect(1)
    assert gc.get_freeze_count() == 0  # a young collection freezes nothing
    gc.collect()
    assert gc.get_freeze_count() >= len(survivor)  # the next full collection skips them


def test_the_thaw_hands_everything_back(thaw: list[Any]) -> None:
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) > 1:
            raise StopIteration  # the task's second wait: enough

    collector.keep_collections_short(thaw.append, sleep)
    gc.collect()
    assert gc.get_freeze_count() > 0
    with pytest.raises(StopIteration):
        thaw[0]()
    assert slept == [collector.THAW_SECONDS, collector.THAW_SECONDS]
    assert gc.get_freeze_count() == 0
