"""Accuracy and speed of :func:`safetylit.duplicates.find_duplicates` on synthetic lists.

Accuracy is pairwise: every pair of rows reported in one group is compared with the pairs of
rows that :mod:`synth` labelled as one work. Per kind, a true pair counts for the kind of its
planted duplicate; a false pair counts for the planted negative kind when it is one, else as
``unrelated``.

A list of papers that are all different works (for example ``benchmarks/data/export_10000.txt``
from ``generate.py``, whose abstracts are random draws from one pool of sentences) is a pure
negative set: ``--negatives FILE`` reports every group found there, which should be none.

Usage::

    python benchmarks/bench_dedupe.py --sizes 10000 100000 --brute 10000 --brute-workers 2
    python benchmarks/bench_dedupe.py --sizes --negatives benchmarks/data/export_10000.txt

Prints markdown tables: accuracy per kind for each size, the time per size, then one line per
negatives file (and a few of the wrongly found groups).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import synth
from rapidfuzz import __version__ as rapidfuzz_version

import safetylit
from safetylit.duplicates import DEFAULT_THRESHOLD, find_duplicates


def predicted_pairs(groups: list) -> set[tuple[int, int]]:  # type: ignore[type-arg]
    """Every pair of rows that share a group."""
    pairs = set()
    for group in groups:
        pairs.update(itertools.combinations(sorted(group.rows), 2))
    return pairs


def accuracy(data: synth.Dataset, found: set[tuple[int, int]]) -> list[dict[str, object]]:
    """Rows of (kind, true pairs, TP, FP, FN, precision, recall, F1), overall last."""
    truth = data.true_pairs()
    negatives = data.negative_pairs()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for pair, kind in truth.items():
        (tp if pair in found else fn)[kind] += 1
    for pair in found - truth.keys():
        fp[negatives.get(pair, "unrelated")] += 1
    kinds = [*synth.DUPLICATE_KINDS, "multi", *synth.NEGATIVE_KINDS, "unrelated"]
    rows = []
    for kind in [*kinds, "overall"]:
        if kind == "overall":
            t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
            planted = len(truth)
        else:
            t, f, n = tp[kind], fp[kind], fn[kind]
            planted = sum(1 for k in truth.values() if k == kind) or sum(
                1 for k in negatives.values() if k == kind
            )
        precision = t / (t + f) if t + f else float("nan") if not f else 0.0
        recall = t / (t + n) if t + n else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if t else float("nan")
        rows.append(
            {"kind": kind, "pairs": planted, "TP": t, "FP": f, "FN": n}
            | {"precision": precision, "recall": recall, "F1": f1}
        )
    return rows


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return "–" if value != value else f"{value:.4f}"
    return str(value)


def table(rows: list[dict[str, object]]) -> str:
    """A markdown table of dicts with the same keys."""
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_fmt(r[h]) for h in head) + " |" for r in rows]
    return "\n".join(lines)


def timed(data: synth.Dataset, method: str, workers: int) -> tuple[float, list]:  # type: ignore[type-arg]
    gc.collect()
    start = time.perf_counter()
    groups = find_duplicates(data.papers, method=method, workers=workers)  # type: ignore[arg-type]
    return time.perf_counter() - start, groups


def negatives(path: str, shown: int) -> dict[str, object]:
    """Groups found in a list of different works (all wrong), printing the first ``shown``."""
    papers = list(safetylit.load(path))
    gc.collect()
    start = time.perf_counter()
    groups = find_duplicates(papers)
    seconds = time.perf_counter() - start
    for group in groups[:shown]:
        print(f"- rows {group.rows}, score {group.score}: {group.evidence[0].reason}")
    sizes = [len(g.rows) for g in groups]
    return {"file": path, "papers": len(papers), "seconds": f"{seconds:.2f}"} | {
        "groups": len(groups),
        "wrong pairs": len(predicted_pairs(groups)),
        "largest group": max(sizes, default=0),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000])
    parser.add_argument(
        "--brute", type=int, nargs="*", default=[10000], help="sizes to brute force"
    )
    parser.add_argument("--workers", type=int, default=1, help="workers for the blocked runs")
    parser.add_argument("--brute-workers", type=int, default=2, help="workers for brute force")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--negatives", nargs="*", default=[], help="export files of different works only"
    )
    parser.add_argument("--show", type=int, default=5, help="wrong groups to print per file")
    args = parser.parse_args(argv)

    print(
        f"nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"rapidfuzz {rapidfuzz_version}, threshold {DEFAULT_THRESHOLD}, seed {args.seed}, "
        f"workers {args.workers} (brute force: {args.brute_workers})\n"
    )
    timings = []
    for size in args.sizes:
        start = time.perf_counter()
        data = synth.generate(size, seed=args.seed)
        generated = f"{time.perf_counter() - start:.1f}"
        runs = ["blocked", *(["brute"] if size in args.brute else [])]
        found: dict[str, set[tuple[int, int]]] = {}
        for method in runs:
            workers = args.brute_workers if method == "brute" else args.workers
            seconds, groups = timed(data, method, workers)
            found[method] = predicted_pairs(groups)
            rows = accuracy(data, found[method])
            if method == "blocked":
                print(f"### {size} papers\n\n{table(rows)}\n", flush=True)
            overall = rows[-1]
            timings.append(
                {"papers": size, "method": method, "workers": workers}
                | {"seconds": f"{seconds:.2f}"}
                | {"groups": len(groups), "precision": overall["precision"]}
                | {"recall": overall["recall"], "generate_s": generated}
            )
        if "brute" in found:
            only_blocked = len(found["blocked"] - found["brute"])
            only_brute = len(found["brute"] - found["blocked"])
            print(f"{size} papers, pairs found only by blocking: {only_blocked}, ", end="")
            print(f"only by brute force: {only_brute}\n", flush=True)
    if timings:
        print(f"### Time\n\n{table(timings)}\n", flush=True)
    if args.negatives:
        print("### Negatives (every group is wrong)\n")
        found_rows = [negatives(path, args.show) for path in args.negatives]
        print(f"\n{table(found_rows)}")


if __name__ == "__main__":
    main()
