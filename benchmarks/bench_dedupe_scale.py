"""Time and peak memory of :func:`safetylit.find_duplicates` on one synthetic list.

Run one size per process, so that each peak is its own::

    for n in 10000 30000 100000 300000 1000000; do python benchmarks/bench_dedupe_scale.py $n; done

Prints one line per run: the size, the seconds to generate the list (not timed as part of the
call), the seconds of ``find_duplicates`` (wall clock, and the CPU seconds of this process and
of the worker processes it forked, which a shared machine inflates less), the process's peak
resident memory before and after the call, the largest peak of one worker process
(``resource.getrusage``; Linux reports kilobytes; a forked worker shares the papers' memory
with this process, so the two peaks are not to be added), and the load average before and
after. ``--workers 2`` uses both cores of the benchmark machine.
"""

from __future__ import annotations

import argparse
import gc
import os
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


def children_cpu() -> float:
    """CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
    load = os.getloadavg()[0]
    start, cpu, forked = time.perf_counter(), time.process_time(), children_cpu()
    groups = find_duplicates(data.papers, workers=args.workers)
    seconds = time.perf_counter() - start
    cpu, forked = time.process_time() - cpu, children_cpu() - forked
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"papers {args.size} | workers {args.workers} | generate {generated:.1f} s | "
        f"find_duplicates {seconds:.2f} s (CPU {cpu:.1f} s + workers {forked:.1f} s) | "
        f"peak before {before:.0f} MB | peak {peak_mb():.0f} MB | worker peak {worker_peak:.0f} MB"
        f" | groups {len(groups)} | load {load:.1f} -> {os.getloadavg()[0]:.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
