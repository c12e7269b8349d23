"""Where the time of ``safetylit.load`` goes, stage by stage, next to what no parser can avoid.

    python benchmarks/bench_stages.py --sizes 10000 100000 --repeat 3

For each size (files from ``generate.py``), in one process with the cyclic GC paused as ``load``
pauses it, prints µs per row of:

* the floor: read the file and split its lines (what ``bench_load.py`` calls the floor);
* the stages of ``load``: decode into lines, split into rows, parse rows into cells, build
  ``Paper`` objects, run the default checks; and ``load`` itself, end to end;
* ``objects only``: building one ``Paper`` and one ``UrlInfo`` per row from values already
  parsed and typed, the least any loader returning these models must spend per row.

The stages use private functions (``safetylit._reader``, ``safetylit._parser``, ``safetylit._api``),
so this script moves with the code; the figures are for reading, not for tests.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate

import safetylit
from safetylit._models import construct_paper
from safetylit._parser import parse_row
from safetylit._pipeline import Options, finish_row
from safetylit._reader import decode_lines, split_lines
from safetylit.quality import DEFAULT_CHECKS, checks_by_paper
from safetylit.urls import _result, classify_url


def best(func: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` runs, the GC paused as during a load."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(times)


def stages(path: Path, repeat: int) -> dict[str, float]:
    data = path.read_bytes()
    lines = decode_lines(data)
    assert lines is not None, "the benchmark export is plain UTF-8"
    rows = [row for row in split_lines(list(lines))[0] if row.lines]
    options = Options()
    learner = options.learner()
    companies, categories = learner.companies, learner.categories
    fast = options.cutter(companies, categories)
    results = [fast(row) for row in rows]
    papers = [finish_row(row, result)[0] for row, result in zip(rows, results, strict=True)]
    ready = [(dict(p.__dict__), p.url_info) for p in papers]

    def build_objects() -> None:
        for fields, info in ready:
            fields.pop("url_info", None)
            construct_paper(fields)
            if info is not None:
                _result(info.url, info.kind, info.rule, info.canonical, info.host, info.is_pdf)

    def checks() -> None:
        context = options.context(learner)
        context.papers = papers  # type: ignore[assignment]
        checks_by_paper(papers, DEFAULT_CHECKS, context)  # type: ignore[arg-type]

    timed = {
        "floor: read + split lines": lambda: path.read_text("utf-8").split("\n"),
        "decode into lines": lambda: decode_lines(path.read_bytes()),
        "split rows": lambda: split_lines(list(lines)),
        "cut rows, full parser (incl. URL typing)": lambda: [
            parse_row(row, companies, categories) for row in rows
        ],
        "cut rows, fast path first": lambda: [fast(row) for row in rows],
        "classify URLs alone": lambda: [classify_url((p.url + " ")[:-1]) for p in papers if p.url],
        "build papers": lambda: [finish_row(r, x) for r, x in zip(rows, results, strict=True)],
        "default checks": checks,
        "load, end to end": lambda: safetylit.load(path),
        "objects only (Paper + UrlInfo)": build_objects,
    }
    return {name: best(func, repeat) / len(rows) * 1e6 for name, func in timed.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {size: stages(generate(size)[0], args.repeat) for size in args.sizes}
    print("| µs per row | " + " | ".join(f"{size:,} rows" for size in args.sizes) + " |")
    print("|---" * (len(args.sizes) + 1) + "|")
    for name in next(iter(results.values())):
        cells = " | ".join(f"{results[size][name]:.1f}" for size in args.sizes)
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
