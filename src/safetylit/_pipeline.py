"""The load pipeline, one for every way in: sniff → rows → cells → learn → papers → checks.

:func:`safetylit.load` (:func:`load_content`) and :func:`safetylit.iter_papers` (in
``_streaming.py``) are its two drivers: the first holds the file's rows and returns a
:class:`~safetylit.PaperSet`, the second reads a path twice to keep memory flat. Each stage is
one function here; the rules themselves live in their own modules (``_reader.py`` finds rows,
``_parser.py`` cuts cells, ``_learning.py`` learns names, ``quality.py`` checks papers).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Union

from pydantic import ValidationError

from safetylit import _export as export
from safetylit import _progress
from safetylit._collector import collector_spaced
from safetylit._errors import ExportParseError
from safetylit._fastpath import FastCutter
from safetylit._learning import Learner
from safetylit._models import (
    Paper,
    Problem,
    RejectedRow,
    construct_paper,
    normalise_fields,
    with_flags,
)
from safetylit._paperset import PaperSet
from safetylit._parser import RowResult, parse_row
from safetylit._problems import invalid_fields, problem
from safetylit._reader import RawRow, decode, decode_lines, read_lines, split_lines, split_rows
from safetylit._vocabulary import Vocabulary, default_categories, default_companies
from safetylit._workbooks import is_workbook, read_workbook
from safetylit.quality import DEFAULT_CHECKS, Check, CheckContext, checks_by_paper
from safetylit.sheets import SheetOptions, Table, read_csv, sniff_delimiter

Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
_log = logging.getLogger("safetylit")


class Options:
    """The caller's options for one load, checked once up front."""

    def __init__(
        self,
        errors: str = "collect",
        companies: Iterable[str] | None = None,
        categories: Iterable[str] | None = None,
        checks: Iterable[Check] | None = None,
        extra_checks: Iterable[Check] | None = None,
        closed_vocabulary: bool = False,
        sheet: SheetOptions | None = None,
    ) -> None:
        if errors not in ("collect", "raise"):
            raise ValueError(f"errors must be 'collect' or 'raise', not {errors!r}")
        if checks is not None and extra_checks is not None:
            raise ValueError("pass checks= (replace the defaults) or extra_checks= (add), not both")
        self.errors = errors
        self.companies = tuple(companies or ())
        self.categories = tuple(categories or ())
        self.checks = tuple(DEFAULT_CHECKS if checks is None else checks) + tuple(
            extra_checks or ()
        )
        self.closed_vocabulary = closed_vocabulary
        self.sheet = sheet or SheetOptions()
        self.fast = FAST_PATH

    def cutter(self, companies: Vocabulary, categories: Vocabulary) -> RowCutter:
        """A row cutter on these vocabularies, with the fast path unless turned off."""
        return RowCutter(companies, categories, fast=self.fast)

    def learner(self) -> Learner:
        """Fresh vocabularies: the defaults and the caller's names, nothing from another file."""
        return Learner(
            Vocabulary([*default_companies(), *self.companies]),
            Vocabulary([*default_categories(), *self.categories]),
        )

    def context(self, learner: Learner) -> CheckContext:
        """What the checks see besides each paper (the papers are added as they are made)."""
        return CheckContext(
            papers=[],
            companies=learner.companies.frozen(),
            categories=learner.categories.frozen(),
            closed_vocabulary=self.closed_vocabulary,
        )


# --- sniff: what the source holds ---------------------------------------------------------


@dataclass(slots=True)
class Lines:
    """An export's lines, decoded without ever holding its whole text (see ``decode_lines``)."""

    lines: list[str]
    unterminated: bool  # the file does not end with a line break


@dataclass(slots=True)
class Workbook:
    """A spreadsheet workbook's bytes, read by :mod:`~safetylit.sheets`."""

    data: bytes


Content = str | Lines | Workbook

_BLOCK_BYTES = 1 << 18  # read a file a quarter megabyte at a time


def read_source(source: Source, encoding: str | None) -> tuple[Content, str, list[Problem]]:
    """The source's content (text, lines or a workbook), its name and the decoding problems."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = str(source)
        if encoding is None:
            with path.open("rb") as file:
                first = file.read(_BLOCK_BYTES)
                if is_workbook(first):
                    return Workbook(first + file.read()), name, []
                lines = read_lines(file, first) if plain_export(first) else None
            if lines is not None:
                return Lines(lines, unterminated=lines[-1] != ""), name, []
        data = path.read_bytes()  # the general path: another encoding, a table, or binary
    else:
        name = str(getattr(source, "name", "<stream>"))
        content = source.read()
        if isinstance(content, str):
            return content, name, []
        data = bytes(content)
    if is_workbook(data):
        return Workbook(data), name, []
    if encoding is None and plain_export(data):
        lines = decode_lines(data)
        if lines is not None:
            # Text after the last line break is a last line that the file did not end.
            return Lines(lines, unterminated=lines[-1] != ""), name, []
    text, problems = decode(data, name, encoding)
    return text, name, problems


def plain_export(data: bytes) -> bool:
    """Whether ``data`` starts like the spreadsheet export (not JSONL, CSV or TSV).

    Only then is the export read as lines straight from the bytes; the test is the one
    :func:`table_format` makes on the text, applied to the first 64 KB.
    """
    sample = data[:65536]
    text = sample.decode("utf-8", errors="replace")
    if len(sample) == 65536 and "\n" not in text.lstrip("\ufeff \t\r\n"):
        return False  # the first line goes on beyond the sample
    return table_format(text)[1] is None


def table_format(text: str, sheet: SheetOptions | None = None) -> tuple[str, str | None]:
    """The text from its first content on, and ``"jsonl"`` or a CSV/TSV delimiter when it is
    no spreadsheet export (None when it is one). ``sheet``'s own column names count too."""
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith("{") or export.is_json_array(start):  # JSONL, or ``convert -o x.json``
        return start, "jsonl"
    first = start.split("\n", 1)[0]
    found = export.looks_like_table(first)
    if found is None and sheet is not None and sheet.columns:
        found = sniff_delimiter(first, sheet)
    return start, found


def read_sheet(holder: list[Content], source: str, options: SheetOptions) -> Table | None:
    """The papers of a workbook or a CSV/TSV sheet; None for the text export and JSONL.

    Takes the content out of ``holder`` when it reads it, so the text can be freed.
    """
    content = holder[0]
    if isinstance(content, Workbook):
        holder.pop()
        return read_workbook(content.data, source, options)
    if isinstance(content, Lines):
        # Read as export lines because no standard header was seen; the caller's own column
        # names may still make the first line a sheet's header.
        first = next((line for line in content.lines if line.strip()), "")
        if not options.columns or sniff_delimiter(first, options) is None:
            return None
        content = "\n".join(content.lines)
    start, found_format = table_format(content, options)
    if found_format is None or found_format == "jsonl":
        return None
    holder.pop()
    return read_csv(start, source, found_format, options)


# --- rows and cells -------------------------------------------------------------------------


def filled(rows: Iterable[RawRow], empty_rows: list[int]) -> list[RawRow]:
    """The rows with content; the numbers of the others go to ``empty_rows``."""
    out = []
    for row in rows:
        if any(line.strip() for line in row.lines):
            out.append(row)
        elif row.row is not None:
            empty_rows.append(row.row)
    return out


#: Try the fast row cutter before the full parser (tests turn it off to compare the two).
FAST_PATH = True
# A file whose rows the fast path rarely settles (many unknown names) stops trying it: a declined
# row costs about a tenth of a full parse, so below a quarter taken it costs more than it saves.
_TRIAL_ROWS = 500
_WORTH_IT = 0.25


class RowCutter:
    """Cuts rows into cells: the fast path where it is certain, the full parser otherwise.

    Both read the same vocabularies, so what the file teaches reaches both; the fast path
    returns exactly what :func:`~safetylit._parser.parse_row` would (``tests/test_fastpath.py``,
    and load with it on and off in ``tests/test_properties.py``), so which one cut a row never
    shows in the result.
    """

    def __init__(self, companies: Vocabulary, categories: Vocabulary, *, fast: bool) -> None:
        self.companies = companies
        self.categories = categories
        self._fast = FastCutter(companies, categories) if fast else None
        self.tried = 0
        self.taken = 0

    def __call__(self, raw: RawRow, *, unterminated: bool = False) -> RowResult:
        if self._fast is not None:
            result = self._fast.cut(raw, unterminated=unterminated)
            self.tried += 1
            if result is not None:
                self.taken += 1
                return result
            if self.tried == _TRIAL_ROWS and self.taken < _WORTH_IT * self.tried:
                self._fast = None
        return parse_row(raw, self.companies, self.categories, unterminated=unterminated)


Decisions = tuple[tuple[str, str], ...]


@dataclass(slots=True)
class RowRecords:
    """What a load notes about rows besides papers and problems."""

    decisions: dict[int, Decisions] = field(default_factory=dict)  # row -> its cut rules
    empty_rows: list[int] = field(default_factory=list)
    _shared: dict[Decisions, Decisions] = field(default_factory=dict)

    def keep(self, result: RowResult) -> None:
        """Record a row's cut rules; rows cut alike share one tuple (few distinct ones exist)."""
        if result.row is not None and result.decisions:
            key = tuple(result.decisions)
            self.decisions[result.row] = self._shared.setdefault(key, key)


def finish_row(raw: RawRow, result: RowResult) -> tuple[Paper | RejectedRow, list[Problem]]:
    """Turn a cut row into a :class:`Paper` (its flags not yet set) or a :class:`RejectedRow`."""
    row_problems = list(result.problems)
    if result.mojibake is not None:
        row_problems.append(
            problem("mojibake", row=raw.row, line=raw.first_line, value=result.mojibake)
        )
    paper = _build(result, raw, row_problems)
    if paper is None:
        rejected = RejectedRow(
            row=result.row, lines=result.lines, raw=raw.text, problems=tuple(row_problems)
        )
        return rejected, row_problems
    return paper, row_problems


def _build(result: RowResult, raw: RawRow, problems: list[Problem]) -> Paper | None:
    row, line = result.row, result.lines[0]
    if result.reject is not None:
        code, what, field_name = result.reject
        problems.append(
            problem(code, row=row, line=line, field=field_name, value=raw.text, message=what)
        )
        return None
    try:
        # The fast path hands its fields over normalised already.
        fields = result.normalised
        if fields is None:
            fields = normalise_fields(result.fields)
        if not fields.get("title"):
            return Paper(**fields, row=result.row, lines=result.lines)  # raises: no title
        # The parser's cells are typed and normalised here, so validation would only re-check.
        fields = {**fields, "row": result.row, "lines": result.lines}
        return construct_paper(fields, url_info=result.url_info)
    except ValidationError as exc:
        problems.extend(invalid_fields(exc, row, line))
        return None


def read_export(
    holder: list[Content],
    learner: Learner,
    problems: list[Problem],
    records: RowRecords,
    cut_row: RowCutter,
) -> list[tuple[Paper | RejectedRow, list[Problem]]]:
    """Every row of a text export, cut, learned from, and re-cut where the file taught more."""
    content = holder.pop()
    if isinstance(content, Lines):
        rows, layout_problems, _header = split_lines(content.lines)
        unterminated = content.unterminated
    else:
        assert isinstance(content, str)
        rows, layout_problems, _header = split_rows(content)
        unterminated = bool(content) and not content.endswith(("\n", "\r"))
    del content  # the rows hold the lines now
    problems.extend(layout_problems)
    kept = filled(rows, records.empty_rows)
    last = kept[-1] if kept and kept[-1] is rows[-1] else None
    del rows
    items = []
    for index, row in enumerate(_progress.track(kept, "reading rows")):
        result = cut_row(row, unterminated=unterminated and row is last)
        again = learner.take(index, result)
        records.keep(result)
        items.append(finish_row(row, result))
        if not again:
            row.lines = []  # done with its text: free it before the file is through
    for index in learner.finish():
        row = kept[index]
        result = cut_row(row, unterminated=unterminated and row is last)
        items[index] = finish_row(row, result)
        records.keep(result)
    _log.debug("the fast path cut %d of the %d rows it tried", cut_row.taken, cut_row.tried)
    return items


# --- papers, checks and flags ---------------------------------------------------------------


def check_and_flag(
    items: list[tuple[Paper | RejectedRow, list[Problem]]],
    checks: tuple[Check, ...],
    context: CheckContext,
) -> tuple[list[Paper], list[RejectedRow], list[Problem]]:
    """Run the checks over the papers and give each paper the codes of its problems."""
    papers = [item for item, _ in items if isinstance(item, Paper)]
    context.papers = papers
    with _progress.step("running checks"):
        found = checks_by_paper(papers, checks, context)
    problems: list[Problem] = []
    rejected: list[RejectedRow] = []
    position = 0
    for item, row_problems in items:
        problems.extend(row_problems)
        if isinstance(item, RejectedRow):
            rejected.append(item)
            continue
        checked = found.get(position)
        if checked:
            problems.extend(checked)
            row_problems = [*row_problems, *checked]
        if row_problems:
            codes = frozenset(p.code for p in row_problems)
            papers[position] = with_flags(item, item.flags | codes if item.flags else codes)
        position += 1
    return papers, rejected, problems


def empty_export(source: str) -> Problem:
    """The warning for an input with no row with content."""
    return problem("empty-export", source=source)


def load_content(
    holder: list[Content], source: str, problems: list[Problem], options: Options
) -> PaperSet:
    """The :func:`safetylit.load` driver: the whole content in, a :class:`PaperSet` out."""
    problems = list(problems)
    learner = options.learner()
    # The checks run inside too: with the usual thresholds, the first collections would walk
    # every object the parse made (all still "young") only to find no garbage.
    with collector_spaced():
        records = RowRecords()
        items = _read_any(holder, source, learner, problems, records, options)
        if not items:
            problems.append(empty_export(source))
        context = options.context(learner)
        papers, rejected, found = check_and_flag(items, options.checks, context)
        problems.extend(found)
        problems.sort(key=_problem_order)
        result = PaperSet(
            papers,
            problems,
            rejected,
            source=source,
            decisions=records.decisions,
            empty_rows=records.empty_rows,
        )
    if options.errors == "raise":
        errors = result.errors()
        if errors:
            raise ExportParseError(_summary(source, errors), errors, source)
    return result


def _read_any(
    holder: list[Content],
    source: str,
    learner: Learner,
    problems: list[Problem],
    records: RowRecords,
    options: Options,
) -> list[tuple[Paper | RejectedRow, list[Problem]]]:
    """Rows of a sheet, JSONL or the text export, detected by content."""
    table = read_sheet(holder, source, options.sheet)
    if table is not None:
        problems.extend(table.problems)
        records.empty_rows.extend(table.empty_rows)
        for paper in table.papers:
            learner.companies.add(paper.company)
            if paper.category:
                learner.categories.add(paper.category)
        # A sheet's row problems are in table.problems already, and its papers carry them.
        return [(paper, []) for paper in table.papers] + [(row, []) for row in table.rejected]
    content = holder[0]
    if isinstance(content, str):
        start, found_format = table_format(content)
        if found_format == "jsonl":
            holder.pop()
            papers, found = export.papers_from_jsonl(start, source)
            problems.extend(found)
            return [(paper, []) for paper in papers]
        del start
    del content
    cutter = options.cutter(learner.companies, learner.categories)
    return read_export(holder, learner, problems, records, cutter)


def _problem_order(found: Problem) -> tuple[int, int]:
    # File-level problems first, then by row; sort is stable, so each row keeps its own order.
    # A workbook has no lines: its rows order its problems.
    if found.row is None:
        return (0, 0)
    return (1, found.line if found.line is not None else found.row)


def _summary(source: str, problems: list[Problem]) -> str:
    shown = "; ".join(p.message for p in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return f"{source}: {len(problems)} error(s): {shown}{more}"


__all__ = [
    "Content",
    "Lines",
    "Options",
    "RowCutter",
    "RowRecords",
    "Source",
    "Workbook",
    "check_and_flag",
    "empty_export",
    "filled",
    "finish_row",
    "load_content",
    "read_source",
    "table_format",
]
