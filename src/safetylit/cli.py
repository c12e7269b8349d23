"""The ``safetylit`` command: ``report``, ``convert`` and ``duplicates`` on an export file."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from safetylit import __version__
from safetylit._api import load, sample_path
from safetylit._errors import SafetylitError
from safetylit._paperset import PaperSet

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    0 fine; 1 ``report --strict`` found errors or no papers, or ``convert`` would write an empty
    file; 2 bad use (a missing file, an unknown format, a sheet without a title column).

    Examples:
        >>> main(["report", "--sample", "--json"])  # doctest: +SKIP
        0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.sample:
        args.file = str(sample_path())
    if not args.file:
        parser.error("give an export FILE or --sample")
    try:
        papers = load(args.file, dayfirst=args.dayfirst, sheet=args.sheet, progress=args.progress)
        return int(args.run(papers, args, sys.stdout))
    except BrokenPipeError:
        # The reader went away (``safetylit report x | head``): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, SafetylitError, ValueError) as exc:
        print(f"safetylit: error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safetylit", description="Clean, validate and inspect AI-safety paper exports."
    )
    parser.add_argument("--version", action="version", version=f"safetylit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="summary of the papers, then every problem by row")
    report.add_argument("--json", action="store_true", help="machine-readable output")
    report.add_argument(
        "--strict", action="store_true", help="exit 1 when errors were found or no papers"
    )
    report.add_argument(
        "--limit",
        type=int,
        default=_SCREENFUL,
        metavar="N",
        help=f"list at most N problems (default {_SCREENFUL}; 0 lists none, -1 all)",
    )
    report.add_argument(
        "--html", metavar="FILE", help="write a self-contained HTML report (prints one line)"
    )
    report.set_defaults(run=_report)
    convert = sub.add_parser("convert", help="write the papers as .jsonl, .json, .csv or .bib")
    convert.add_argument("-o", "--output", required=True, help="output file; format from extension")
    convert.add_argument("--dedupe", action="store_true", help="keep one paper per duplicate group")
    convert.add_argument(
        "--allow-empty", action="store_true", help="write the file even when it has no papers"
    )
    convert.set_defaults(run=_convert)
    dups = sub.add_parser("duplicates", help="duplicate groups with the evidence for each link")
    dups.add_argument("--json", action="store_true", help="machine-readable output")
    dups.set_defaults(run=_duplicates)
    for command in (report, convert, dups):
        command.add_argument("file", nargs="?", help="the export file")
        command.add_argument("--sample", action="store_true", help="use the bundled sample export")
        command.add_argument(
            "--dayfirst", action="store_true", help="in a sheet, read 05/06/2024 as 5 June"
        )
        command.add_argument(
            "--sheet", help="the workbook sheet to read: its name, or its 0-based number"
        )
        command.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            help="progress bars on stderr (default: in a terminal, with safetylit[progress])",
        )
    return parser


_FORMATS = (".jsonl", ".json", ".csv", ".bib")


def _convert(papers: PaperSet, args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.output)
    suffix = target.suffix.lower()
    if suffix not in _FORMATS:
        raise ValueError(
            f"{target}: cannot tell the output format from {suffix or 'no extension'!r}; "
            f"name the file with one of {', '.join(_FORMATS)}."
        )
    if args.dedupe:
        papers.duplicates(progress=args.progress)  # cached for deduplicate, with the bar asked for
        papers = papers.deduplicate()
    if not papers and not args.allow_empty:
        sys.stderr.write(
            f"safetylit: error: {papers.source} gave no papers, so {target} was not written "
            "(pass --allow-empty to write it anyway).\n"
        )
        return 1
    if suffix == ".jsonl":
        papers.to_jsonl(target)
    elif suffix == ".json":
        target.write_text(json.dumps(papers.to_dicts(), indent=2, ensure_ascii=False), "utf-8")
    elif suffix == ".csv":
        papers.to_csv(target)
    else:
        papers.to_bibtex(target)
    out.write(f"wrote {len(papers)} papers to {target}\n")
    return 0


def _duplicates(papers: PaperSet, args: argparse.Namespace, out: TextIO) -> int:
    groups = papers.duplicates(progress=args.progress)
    if args.json:
        payload = [g.model_dump(mode="json", exclude={"papers"}) for g in groups]
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return 0
    out.write(f"{len(groups)} duplicate groups in {papers.source}\n")
    for group in groups:
        out.write(f"\nrows {', '.join(str(r) for r in group.rows)}  (score {group.score:.2f})\n")
        for paper in group.papers:
            out.write(f"  row {paper.row}: {paper.title}\n")
        for evidence in group.evidence:
            out.write(f"  - {evidence.reason}\n")
    return 0


def _summary(papers: PaperSet) -> dict[str, Any]:
    kinds = Counter(p.url_info.kind.value if p.url_info is not None else "missing" for p in papers)
    return {
        "source": papers.source,
        "papers": len(papers),
        "rejected_rows": len(papers.rejected),
        "errors": len(papers.errors()),
        "warnings": len(papers.warnings()),
        "by_company": dict(Counter(p.company for p in papers).most_common()),
        "by_category": dict(Counter(p.category or "(none)" for p in papers).most_common()),
        "url_kinds": dict(kinds.most_common()),
        "missing_abstracts": [p.row for p in papers.missing_abstracts()],
        "duplicate_groups": [list(g.rows) for g in papers.duplicates()],
    }


def _report(papers: PaperSet, args: argparse.Namespace, out: TextIO) -> int:
    papers.duplicates(progress=args.progress)  # cached: the summary and the page reuse it
    summary = _summary(papers)
    target = papers.to_html_report(args.html) if args.html else None
    if args.json:
        payload = {**summary, "problems": papers.problems_table()}
        out.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    elif target is not None:  # the page holds the details: one line instead of the text report
        out.write(
            f"{summary['source']}: {summary['papers']} papers, {summary['errors']} errors, "
            f"{summary['warnings']} warnings; wrote the HTML report to {target}\n"
        )
    else:
        out.write(
            f"{summary['source']}: {summary['papers']} papers, {summary['rejected_rows']} rejected "
            f"rows, {summary['errors']} errors, {summary['warnings']} warnings\n"
        )
        _problem_counts(papers, out)
        for title, key in (
            ("Companies", "by_company"),
            ("Categories", "by_category"),
            ("URL kinds", "url_kinds"),
        ):
            out.write(f"\n{title}:\n")
            for name, count in summary[key].items():
                out.write(f"  {count:>5}  {name}\n")
        out.write(f"\nMissing abstracts (rows): {summary['missing_abstracts'] or 'none'}\n")
        groups = ", ".join("+".join(str(r) for r in g) for g in summary["duplicate_groups"])
        out.write(f"Duplicate groups (rows): {groups or 'none'}\n")
        _problems(papers, args.limit, out)
    if args.strict and not papers:
        sys.stderr.write(f"safetylit: {papers.source} gave no papers.\n")
        return 1
    return 1 if args.strict and papers.errors() else 0


_SCREENFUL = 20


def _problem_counts(papers: PaperSet, out: TextIO) -> None:
    """How many problems of each code, most frequent first: the report's first table."""
    if not papers.problems:
        return
    out.write("\nProblems by code:\n")
    counts = Counter((p.code, p.severity) for p in papers.problems)
    for (code, severity), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        out.write(f"  {count:>5}  {severity:<7}  {code}\n")


def _problems(papers: PaperSet, limit: int, out: TextIO) -> None:
    """The first ``limit`` problems by row, and how many more there are."""
    if not papers.problems:
        out.write("\nNo problems.\n")
        return
    shown = papers.problems if limit < 0 else papers.problems[:limit]
    if shown:
        out.write("\nProblems:\n")
    for p in shown:
        row = "-" if p.row is None else str(p.row)
        out.write(f"  row {row:>5}  {p.severity:<7}  {p.code:<24}  {p.message}\n")
    hidden = len(papers.problems) - len(shown)
    if hidden:
        out.write(f"  ... and {hidden} more (--limit N shows more, --limit -1 all)\n")
