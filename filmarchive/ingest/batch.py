"""Building hundreds of thousands of records at once, without the cyclic garbage collector's rescans."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one batch step.

    A build makes many objects and almost no reference cycles, yet the collector, triggered by
    allocations, rescans everything alive again and again: a third of the time for 4,000 pages.
    Reference counting still frees what is no longer used; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
