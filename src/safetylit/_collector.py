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

__all__ = ["LOAD_THRESHOLDS", "age_young", "collector_spaced"]

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
            if _gc_depth == 0:
                # Else the usual thresholds, put back, would at once walk the pass's objects.
                age_young()
                # Unless someone set thresholds of their own meanwhile: those stand.
                if gc.get_threshold() == LOAD_THRESHOLDS:
                    gc.set_threshold(*_gc_found)


def age_young() -> None:
    """Move the objects the collector tracks to its oldest generation without walking them.

    A pass's objects are alive when it ends and none is in a cycle, so a young collection
    (one every ``LOAD_THRESHOLDS[0]`` allocations, and one when the usual thresholds are put
    back) walks them only to find nothing: about 4% of a load. ``gc.freeze()`` then
    ``gc.unfreeze()`` moves every tracked object, the host's young ones too, to the oldest
    generation in constant time, where the next full collection looks at them as it would
    have. Nothing is done when the host froze objects of its own: unfreeze would release them.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
