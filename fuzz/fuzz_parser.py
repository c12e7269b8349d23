"""Coverage-guided fuzzing of the parser with atheris (run by hand, see README.md).

    python fuzz/fuzz_parser.py -max_total_time=600 fuzz/corpus_parser

Invariants checked on every input: ``loads`` in collect mode never raises; every non-empty row
becomes exactly one Paper or RejectedRow; parsing is deterministic; papers survive a JSON round
trip.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import safetylit
    from safetylit import Paper
    from safetylit._reader import split_rows


def check(text: str) -> None:
    papers = safetylit.loads(text)
    rows, _, _ = split_rows(text)
    filled = sum(1 for row in rows if any(line.strip() for line in row.lines))
    export_format = not text.lstrip("\ufeff \t\r\n").startswith("{") and not any(
        p.code == "unparseable-row" and p.row is None for p in papers.problems
    )
    if export_format and len(papers) + len(papers.rejected) != filled:
        raise AssertionError(f"{filled} rows became {len(papers)} papers + {len(papers.rejected)}")
    if safetylit.loads(text) != papers:
        raise AssertionError("parse is not deterministic")
    for paper in papers:
        if Paper.model_validate_json(paper.model_dump_json()) != paper:
            raise AssertionError(f"row {paper.row} does not survive a JSON round trip")


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    check(provider.ConsumeUnicodeNoSurrogates(len(data)))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
