"""CPU time of ``safetylit.load`` on one file with two or more source trees, runs alternating.

    git worktree add ../before <commit>
    python benchmarks/compare_trees.py benchmarks/data/export_10000.txt ../before/src src

On a shared or noisy machine, two benchmark runs made one after the other can differ by more
than the change being measured. This script takes turns: each round runs every tree once, each
in a fresh process (``PYTHONPATH=<tree>``), which loads the file once to warm up and then times
``--loads`` more loads by CPU time (``time.process_time``) and keeps the best. It prints, per
tree, the minimum and the median over the rounds, in µs per paper, and every round's figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

_TIMER = """
import sys, time
import safetylit
path, loads = sys.argv[1], int(sys.argv[2])
papers = safetylit.load(path)
best = min(
    (lambda start: (safetylit.load(path), time.process_time() - start)[1])(time.process_time())
    for _ in range(loads)
)
print(best / len(papers) * 1e6)
"""


def one_run(tree: str, path: str, loads: int) -> float:
    """µs per paper of the best of ``loads`` loads of ``path`` with the package from ``tree``."""
    env = {**os.environ, "PYTHONPATH": tree}
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, path, str(loads)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the export to load")
    parser.add_argument("trees", nargs="+", help="source folders (the ones holding safetylit/)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--loads", type=int, default=3, help="timed loads per run (best kept)")
    args = parser.parse_args()
    figures: dict[str, list[float]] = {tree: [] for tree in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            figures[tree].append(one_run(tree, args.path, args.loads))
    print(f"µs per paper, CPU time, {args.rounds} alternating rounds of {args.path}")
    for tree, found in figures.items():
        runs = ", ".join(f"{value:.1f}" for value in found)
        print(f"{tree}: min {min(found):.1f}  median {statistics.median(found):.1f}  ({runs})")


if __name__ == "__main__":
    main()
