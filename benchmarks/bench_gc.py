"""What pausing the cyclic garbage collector during a load buys, against the alternatives.

Runs :func:`safetylit.load` on one file under each way of handling the collector, round-robin,
and prints the median CPU seconds of each::

    python benchmarks/bench_gc.py benchmarks/data/export_100000.txt --repeat 3

* ``paused``: the collector is off for the whole load (``gc.disable()``), as safetylit did
  before; it is process-wide, so other threads of the host application lose it too;
* ``on``: the collector runs as the host left it;
* ``freeze``: the collector runs, but every 20,000 rows the objects made so far are moved to
  the permanent generation (``gc.freeze()``), so later collections do not walk them again;
  ``gc.unfreeze()`` at the end;
* ``spaced``: what safetylit does: the collector runs, less often
  (``gc.set_threshold(100_000, 50, 100)``, also process-wide, put back at the end).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import safetylit
from safetylit import _pipeline, _progress


@contextmanager
def paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def on() -> Iterator[None]:
    yield


spaced = _pipeline.collector_spaced  # the name load_content uses, swapped below


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    original_track = _progress.track
    modes = {"paused": paused, "on": on, "freeze": on, "spaced": spaced}
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    for _ in range(args.repeat):
        for mode, manager in modes.items():
            _pipeline.collector_spaced = manager  # type: ignore[assignment]
            if mode == "freeze":

                def track(items, label, every=20000):  # type: ignore[no-untyped-def]
                    for count, item in enumerate(original_track(items, label), start=1):
                        if count % every == 0:
                            gc.freeze()
                        yield item

                _progress.track = track  # type: ignore[assignment]
            else:
                _progress.track = original_track  # type: ignore[assignment]
            gc.collect()
            start = time.process_time()
            papers = safetylit.load(args.path)
            elapsed = time.process_time() - start
            gc.unfreeze()
            times[mode].append(elapsed)
            del papers
    for mode, found in times.items():
        per_row = statistics.median(found)
        print(f"{mode:7} median {per_row:.2f} s CPU  runs {', '.join(f'{t:.2f}' for t in found)}")


if __name__ == "__main__":
    main()
