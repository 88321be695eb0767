"""Concurrency tests' one harness: the same work in many threads at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def in_threads(work: Callable[[T], None], each: Iterable[T], timeout: float = 60) -> None:
    """Run `work(x)` for every x of `each`, each in a thread of its own, all started
    before any is waited for; waits up to `timeout` seconds for each. `work` reports its
    own outcome (an exception in a thread is not raised here)."""
    threads = [threading.Thread(target=work, args=(x,)) for x in each]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
