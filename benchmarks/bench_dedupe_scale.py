"""Time and peak memory of :func:`safetylit.find_duplicates` on one synthetic list.

Run one size per process, so that each peak is its own::

    for n in 10000 30000 100000 300000 1000000; do python benchmarks/bench_dedupe_scale.py $n; done

Prints one line per run: the size, the seconds to generate the list (not timed as part of the
call), the seconds of ``find_duplicates``, and the process's peak resident memory before and
after the call (``resource.getrusage``; Linux reports kilobytes).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import synth

from safetylit.duplicates import find_duplicates


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    data = synth.generate(args.size, seed=args.seed)
    generated = time.perf_counter() - start
    gc.collect()
    before = peak_mb()
    start = time.perf_counter()
    groups = find_duplicates(data.papers, workers=args.workers)
    seconds = time.perf_counter() - start
    print(
        f"papers {args.size} | generate {generated:.1f} s | find_duplicates {seconds:.2f} s | "
        f"peak before {before:.0f} MB | peak {peak_mb():.0f} MB | groups {len(groups)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
