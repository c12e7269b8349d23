"""The least a loader returning safetylit's models must spend per row, next to the floor.

    python benchmarks/bench_minimum.py --size 100000 --repeat 3

Issue 17 asks for ``load`` within 6x the floor (read the file, split its lines) and 5x
``pandas.read_csv`` of the same papers as a clean CSV. This script asks what part of that budget
the *output* alone uses, whatever the parser: on a generated export (``generate.py``), it times,
in one process with the collector off, only the steps every row of the common shape needs and
none of the checks that make the full parser's cut certain:

* find the rows: the row-number lines among the file's lines, each row's lines joined;
* cut the cells: one compiled pattern (the vocabulary's names as alternations, the sheet's date,
  a plain URL, the marker) matched at each row, and its groups taken;
* type the values: the date (``parse_date_parts``), the URL (``classify_url``, which the default
  checks and ``Paper.url_info`` need), the title and the abstract normalised as a paper holds
  them (``clean_line``, ``normal_abstract``);
* make the ``Paper`` objects without validation (``construct_paper``, what ``load`` uses);
* run the default checks (``checks_by_paper``) on those papers.

Rows the pattern does not settle are left out of every figure (their share is printed), so the
sum is a lower bound for ``load`` on this file, well below what a real cut costs. It prints a
markdown table: µs per row of each step, and the sum as a multiple of the floor and of pandas.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_stages import best as timed
from generate import generate

import safetylit
from safetylit._dates import parse_date_parts
from safetylit._models import construct_paper, normal_abstract
from safetylit._text import clean_line
from safetylit._vocabulary import default_categories, default_companies
from safetylit.quality import DEFAULT_CHECKS, CheckContext, checks_by_paper
from safetylit.urls import classify_url

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"


def alternation(names: Iterable[str]) -> str:
    # Longest first, as a vocabulary's prefix lookup prefers the longest known name.
    return "|".join(map(re.escape, sorted(names, key=len, reverse=True)))


def row_pattern() -> re.Pattern[str]:
    """Company, title, date, URL, marker, category and abstract of a common-shape row."""
    sep = r"[\t\n]?"
    return re.compile(
        rf"({alternation(default_companies())}){sep}([^\t\n]+?){sep}"
        rf"([0-9]{{1,2}})-({_MONTHS})-([0-9][0-9]){sep}"
        rf"(https?://[a-z0-9._~:/?#@!$&*+,;=%-]{{2,}}){sep}(\[Duplicate\][ \t]*)?"
        rf"({alternation(default_categories())}){sep}(.*)",
        re.DOTALL,
    )


def find_rows(lines: list[str]) -> list[str]:
    """Each row's text: the lines between one row-number line and the next."""
    starts = [i for i, line in enumerate(lines) if line.isdigit()]
    ends = [*starts[1:], len(lines)]
    return ["\n".join(lines[a + 1 : b]) for a, b in zip(starts, ends, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    export, clean = generate(args.size)
    repeat = args.repeat

    t_floor = timed(lambda: export.read_text("utf-8").split("\n"), repeat)
    try:
        import pandas as pd

        t_pandas = timed(lambda: pd.read_csv(clean), repeat)
    except ImportError:
        t_pandas = float("nan")
    t_load = timed(lambda: safetylit.load(export), repeat)

    lines = export.read_text("utf-8").split("\n")
    t_rows = timed(lambda: find_rows(lines), repeat)
    rows = find_rows(lines)
    pattern = row_pattern()
    t_match = timed(lambda: [pattern.match(r) for r in rows], repeat)
    matches = [m for m in map(pattern.match, rows) if m is not None]
    t_groups = timed(lambda: [m.groups() for m in matches], repeat)
    cells = [m.groups() for m in matches]
    t_date = timed(lambda: [parse_date_parts(c[2], c[3], c[4]) for c in cells], repeat)
    t_url = timed(lambda: [classify_url(c[5]) for c in cells], repeat)
    t_text = timed(lambda: [(clean_line(c[1]), normal_abstract(c[8])) for c in cells], repeat)
    fields = [
        {
            "company": c[0],
            "title": clean_line(c[1]),
            "date": parse_date_parts(c[2], c[3], c[4]),
            "url": c[5],
            "marked_duplicate": c[6] is not None,
            "category": c[7],
            "abstract": normal_abstract(c[8]),
            "row": k,
            "lines": (k, k),
        }
        for k, c in enumerate(cells, start=2)
    ]
    infos = [classify_url(c[5]) for c in cells]
    t_paper = timed(
        lambda: [construct_paper(f, url_info=i) for f, i in zip(fields, infos, strict=True)],
        repeat,
    )
    papers = [construct_paper(f, url_info=i) for f, i in zip(fields, infos, strict=True)]
    t_checks = timed(
        lambda: checks_by_paper(papers, DEFAULT_CHECKS, CheckContext(papers=papers)), repeat
    )

    n, m = len(rows), len(matches)
    per_row = {
        "find the rows": t_rows / n,
        "match one row pattern": t_match / n,
        "take its groups": t_groups / m,
        "date": t_date / m,
        "URL (classify_url)": t_url / m,
        "title and abstract normalised": t_text / m,
        "Paper objects (construct_paper)": t_paper / m,
        "default checks": t_checks / m,
    }
    floor_row, pandas_row, load_row = t_floor / n, t_pandas / n, t_load / n
    total = sum(per_row.values())
    print(f"{args.size:,} rows generated; {n:,} rows found, {m / n:.1%} settled by the pattern\n")
    print("| µs per row | value | x floor | x pandas |\n|---|---|---|---|")
    shown = {
        "floor: read + split lines": floor_row,
        "pandas.read_csv, clean CSV": pandas_row,
        **per_row,
        "**sum: the least any loader spends**": total,
        "load": load_row,
    }
    for name, value in shown.items():
        ratios = f"{value / floor_row:.1f} | {value / pandas_row:.1f}"
        print(f"| {name} | {value * 1e6:.1f} | {ratios} |")


if __name__ == "__main__":
    main()
