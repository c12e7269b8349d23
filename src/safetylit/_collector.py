"""The cyclic garbage collector during safetylit's long passes over many new objects.

A load or a duplicate search allocates millions of objects, none of them part of a reference
cycle. With the usual thresholds the collector walks them again and again for nothing; turning
it off would take it from the host application's other threads too. So it stays on, spaced out,
and its thresholds are put back when the pass ends, however it ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["LOAD_THRESHOLDS", "collector_spaced"]

_gc_lock = threading.Lock()
_gc_depth = 0
_gc_found: tuple[int, int, int] = (700, 10, 10)
#: Collector thresholds during a load: a young collection per 100,000 new objects, not 700.
LOAD_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def collector_spaced() -> Iterator[None]:
    """Let the cyclic garbage collector run less often while a load allocates millions of
    acyclic objects, and put its thresholds back as they were when the load ends, however it
    ends.

    With the usual thresholds the collector walks the load's young objects every 700
    allocations, only to find nothing (no object a load builds is part of a cycle). The
    collector stays on, for the host application's other threads too; it is only spaced out
    (``benchmarks/bench_gc.py`` measures this against turning it off, or leaving it alone).
    Nested and concurrent loads restore the thresholds only when the last one ends.
    """
    global _gc_depth, _gc_found
    with _gc_lock:
        if _gc_depth == 0:
            _gc_found = gc.get_threshold()
            gc.set_threshold(*LOAD_THRESHOLDS)
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            # Unless someone set thresholds of their own meanwhile: those stand.
            if _gc_depth == 0 and gc.get_threshold() == LOAD_THRESHOLDS:
                gc.set_threshold(*_gc_found)
