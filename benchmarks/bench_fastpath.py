"""Fast row cutter against the full parser: share of rows it takes, time per row, mismatches.

    python benchmarks/bench_fastpath.py FILE [FILE ...] [--repeat 3]

For each file: the rows are split with the reader as ``safetylit.load`` splits them (blank rows
dropped), then read twice from fresh default vocabularies, learning names from each row's
result as the load's first pass does (``api.learn``):

* full: ``parse_row`` on every row;
* fast: ``FastCutter.cut`` on every row, ``parse_row`` where it declines.

Learning from the same results keeps both vocabularies in step, so every row is cut with the
vocabulary it would meet in a load. Reported: rows, fast-path share, CPU µs/row of each pass
(the best of ``--repeat`` interleaved runs, the collector paused as in a load), CPU µs/row of
``parse_row`` and of ``cut`` alone on the rows the cutter took (with the vocabularies the
whole file taught), and the number of rows whose results differ (must be 0). The load's second
look at rows cut by guesswork is left out: it calls ``parse_row`` again on those rows, which
the fast path marks just as the parser does (``company_candidates``, ``category_guessed``).
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from safetylit._fastpath import FastCutter
from safetylit._learning import Learner
from safetylit._parser import RowResult, parse_row
from safetylit._reader import RawRow, decode, split_rows
from safetylit._vocabulary import Vocabulary, default_categories, default_companies


def _clock() -> float:
    """CPU time of this process: the figures stay comparable on a machine shared with other
    work (wall time counts the time other processes take)."""
    return time.process_time()


def rows_of(path: Path) -> tuple[list[RawRow], RawRow | None]:
    """The file's non-blank rows and its unterminated last row (as ``api._read_export``)."""
    content, _ = decode(path.read_bytes(), str(path))
    rows, _, _ = split_rows(content)
    unterminated = bool(content) and not content.endswith(("\n", "\r"))
    filled = [row for row in rows if any(line.strip() for line in row.lines)]
    last = filled[-1] if unterminated and filled and filled[-1] is rows[-1] else None
    return filled, last


def vocabularies() -> tuple[Vocabulary, Vocabulary]:
    return Vocabulary(default_companies()), Vocabulary(default_categories())


def full_pass(rows: list[RawRow], last: RawRow | None) -> tuple[list[RowResult], float]:
    companies, categories = vocabularies()
    learner = Learner(companies, categories)
    results = []
    start = _clock()
    for index, row in enumerate(rows):
        result = parse_row(row, companies, categories, unterminated=row is last)
        learner.take(index, result)
        results.append(result)
    return results, _clock() - start


def fast_pass(rows: list[RawRow], last: RawRow | None) -> tuple[list[RowResult], list[bool], float]:
    companies, categories = vocabularies()
    cutter = FastCutter(companies, categories)
    learner = Learner(companies, categories)
    results = []
    taken = []
    start = _clock()
    for index, row in enumerate(rows):
        result = cutter.cut(row, unterminated=row is last)
        taken.append(result is not None)
        if result is None:
            result = parse_row(row, companies, categories, unterminated=row is last)
        learner.take(index, result)
        results.append(result)
    return results, taken, _clock() - start


def cut_only(
    rows: list[RawRow], last: RawRow | None, vocab: tuple[Vocabulary, Vocabulary]
) -> float:
    """Seconds for ``cut`` alone over ``rows`` with the vocabularies a whole pass ended with."""
    cutter = FastCutter(*vocab)
    cutter.cut(rows[0]) if rows else None  # compile the pattern before the clock starts
    start = _clock()
    for row in rows:
        cutter.cut(row, unterminated=row is last)
    return _clock() - start


def parse_only(
    rows: list[RawRow], last: RawRow | None, vocab: tuple[Vocabulary, Vocabulary]
) -> float:
    companies, categories = vocab
    start = _clock()
    for row in rows:
        parse_row(row, companies, categories, unterminated=row is last)
    return _clock() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        "| file | rows | fast share | full µs/row | fast+fallback µs/row | speed-up | "
        "taken rows: parse_row µs | taken rows: cut µs | mismatches |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for path in args.files:
        rows, last = rows_of(path)
        n = len(rows)
        gc.collect()
        gc.disable()  # as the load pauses the collector while it reads
        full_times, fast_times = [], []
        for _ in range(args.repeat):
            reference, seconds = full_pass(rows, last)
            full_times.append(seconds)
            fast, taken, seconds = fast_pass(rows, last)
            fast_times.append(seconds)
        mismatches = sum(1 for a, b in zip(reference, fast, strict=True) if a != b)
        # The rows the cutter takes, timed alone with the vocabularies the file taught.
        vocab = vocabularies()
        taught = Learner(*vocab)
        for index, result in enumerate(reference):
            taught.take(index, result)
        took = [row for row, t in zip(rows, taken, strict=True) if t]
        cut_s = min(cut_only(took, last, vocab) for _ in range(args.repeat))
        parse_s = min(parse_only(took, last, vocab) for _ in range(args.repeat))
        gc.enable()
        share = sum(taken) / n if n else 0.0
        per = 1e6 / max(n, 1)
        per_took = 1e6 / max(len(took), 1)
        print(
            f"| {path.name} | {n} | {share:.1%} | {min(full_times) * per:.1f} | "
            f"{min(fast_times) * per:.1f} | {min(full_times) / min(fast_times):.2f}x | "
            f"{parse_s * per_took:.1f} | {cut_s * per_took:.1f} | {mismatches} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
