"""Load the sample export that ships with safetylit, report on it, and export the papers.

Usage::

    python examples/quickstart.py          # writes the exports into a new temporary directory
    python examples/quickstart.py OUTDIR   # writes them into OUTDIR (created if needed)

It prints the counts, every problem with its row, the duplicate groups with the evidence for
each, and where the JSONL, CSV and BibTeX files went.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import safetylit


def main(argv: list[str]) -> int:
    papers = safetylit.load(safetylit.sample_path())
    # Computing the duplicate groups first also adds any [Duplicate]-marker problems.
    groups = papers.duplicates()

    print(
        f"{len(papers)} papers, {len(papers.errors())} errors, {len(papers.warnings())} warnings, "
        f"{len(papers.rejected)} rejected rows"
    )
    print("\nPapers per company:")
    for company, count in papers.companies().items():
        print(f"  {count:>4}  {company}")

    print("\nProblems:")
    for problem in papers.problems_table():
        row = "-" if problem["row"] is None else problem["row"]
        print(
            f"  row {row:>5}  {problem['severity']:<7}  {problem['code']:<22}  {problem['message']}"
        )

    print(f"\nDuplicate groups: {len(groups)}")
    for group in groups:
        print(f"  rows {', '.join(str(row) for row in group.rows)} (score {group.score:.2f})")
        for paper in group.papers:
            print(f"    row {paper.row}: {paper.title}")
        for evidence in group.evidence:
            print(f"    why: {evidence.reason}")

    out_dir = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="safetylit-quickstart-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    bibtex = out_dir / "papers.bib"
    papers.to_bibtex(bibtex)
    written = [
        papers.to_jsonl(out_dir / "papers.jsonl"),
        papers.to_csv(out_dir / "papers.csv"),
        bibtex,
    ]
    print(f"\nWrote {len(papers)} papers to {out_dir}:")
    for path in written:
        print(f"  {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
