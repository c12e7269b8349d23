"""Seed corpora for the fuzzers: each sample row as a tiny export, each sample URL on its own."""

from __future__ import annotations

from pathlib import Path

import safetylit
from safetylit._reader import split_rows

HERE = Path(__file__).parent


def main() -> None:
    text = safetylit.sample_path().read_text("utf-8")
    rows, _, _ = split_rows(text)
    parser_dir, url_dir = HERE / "corpus_parser", HERE / "corpus_urls"
    parser_dir.mkdir(exist_ok=True)
    url_dir.mkdir(exist_ok=True)
    for row in rows:
        if row.lines:
            body = f"1\n{row.row}\n" + "\n".join(row.lines) + "\n"
            (parser_dir / f"row_{row.row}.txt").write_text(body, "utf-8")
    for paper in safetylit.load(safetylit.sample_path()):
        if paper.url:
            (url_dir / f"url_{paper.row}.txt").write_text(paper.url, "utf-8")


if __name__ == "__main__":
    main()
