"""Reading the sheet itself: CSV, TSV, XLSX or ODS, with headers as people write them.

A sheet becomes a grid of cells (text from CSV; real dates, numbers and text from a workbook),
then one :class:`~safetylit.Paper` per row through the same steps whatever the format: headers
matched through :data:`HEADER_SYNONYMS` (and the caller's ``columns=``), dates read with the
export parser's reader, cells of other columns kept in :attr:`Paper.extra`, blank rows skipped.
Row numbers are the sheet's own: the header is row 1.

Workbooks are opened by :mod:`safetylit._workbooks`, which hands its grid of cells to
:func:`read_grid` here.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from pydantic import ValidationError

from safetylit._dates import date_from_serial, read_date
from safetylit._errors import ExportParseError
from safetylit._models import Paper, Problem, RejectedRow, with_flags
from safetylit._problems import invalid_fields, problem

__all__ = [
    "HEADER_SYNONYMS",
    "PAPER_COLUMNS",
    "Cell",
    "SheetOptions",
    "Table",
    "header_key",
    "read_csv",
    "read_grid",
    "sniff_delimiter",
]

#: The paper fields a sheet column can fill.
PAPER_COLUMNS = ("company", "title", "date", "url", "category", "abstract")

#: Header (lower case, ``_``/``-``/blanks as one space) → paper field. Extend it per call with
#: ``load(path, columns={"Lab": "company"})``.
HEADER_SYNONYMS: Mapping[str, str] = {
    **dict.fromkeys(
        ("company", "organisation", "organization", "org", "lab", "institution", "affiliation"),
        "company",
    ),
    **dict.fromkeys(("title", "paper", "paper title", "name", "paper name"), "title"),
    **dict.fromkeys(
        ("date", "published", "publication date", "date published", "release date"),
        "date",
    ),
    **dict.fromkeys(("url", "link", "links", "paper url", "paper link", "href", "source"), "url"),
    **dict.fromkeys(
        ("safety category", "category", "categories", "topic", "area", "research area"),
        "category",
    ),
    **dict.fromkeys(("abstract", "summary", "description", "tldr", "tl;dr"), "abstract"),
}

# Columns safetylit's own CSV adds after the sheet's: read back (row, lines, ...) or derived
# again from the URL (kind, ids, flags), so never kept as extra cells.
_OWN_COLUMNS = frozenset(
    ("row", "lines", "marked duplicate", "absorbed rows", "url kind", "arxiv id", "doi", "flags")
)

_SEPARATORS = re.compile(r"[\s_-]+")

Cell: TypeAlias = (
    "str | float | int | bool | _dt.date | _dt.datetime | _dt.time | _dt.timedelta | None"
)


def header_key(header: str) -> str:
    """The form headers are matched in: lower case, ``_``/``-``/blanks as one space.

    Examples:
        >>> header_key("  Safety_Category: ")
        'safety category'
    """
    return _SEPARATORS.sub(" ", header.strip().rstrip(":*").strip().lower())


@dataclass(frozen=True)
class SheetOptions:
    """How to read a sheet: the caller's ``columns=``, ``dayfirst=`` and ``sheet=``."""

    columns: Mapping[str, str] = field(default_factory=dict)
    dayfirst: bool = False
    sheet: str | int | None = None

    def __post_init__(self) -> None:
        for header, target in self.columns.items():
            if target not in PAPER_COLUMNS:
                raise ValueError(
                    f"columns={{{header!r}: {target!r}}}: {target!r} is no paper field; "
                    f"use one of {', '.join(PAPER_COLUMNS)}"
                )

    def field_of(self, header: str) -> str | None:
        """The paper field (or own column) a header names, None for an unknown column."""
        key = header_key(header)
        for given, target in self.columns.items():
            if header_key(given) == key:
                return target
        if key in _OWN_COLUMNS:
            return key.replace(" ", "_")
        return HEADER_SYNONYMS.get(key)


_NO_OPTIONS = SheetOptions()


@dataclass
class Table:
    """What a sheet gave: papers, rows that could not become one, the problems found, and the
    numbers of its blank rows (as :attr:`PaperSet.empty_rows` lists an export's)."""

    papers: list[Paper]
    rejected: list[RejectedRow]
    problems: list[Problem]
    empty_rows: list[int] = field(default_factory=list)


def sniff_delimiter(first_line: str, options: SheetOptions | None = None) -> str | None:
    """The delimiter when ``first_line`` is a sheet's header row (two headers that name a field
    through :data:`HEADER_SYNONYMS` or the caller's ``columns=``), else None.

    Examples:
        >>> sniff_delimiter("Organisation,Paper title,Link,Notes")
        ','
        >>> sniff_delimiter("CompanyTitleDateURL") is None
        True
    """
    for delimiter in (",", "\t", ";"):
        cells = [c.strip().strip('"') for c in first_line.split(delimiter)]
        if len(cells) < 2:
            continue
        if _names_fields(cells, options or _NO_OPTIONS):
            return delimiter
    return None


def _names_fields(headers: Iterable[str], options: SheetOptions) -> bool:
    """Whether at least two of ``headers`` name paper fields: what makes a row a header row."""
    return sum(options.field_of(h) in PAPER_COLUMNS for h in headers if h) >= 2


# --- CSV and TSV -----------------------------------------------------------------------------


def read_csv(text: str, source: str, delimiter: str, options: SheetOptions) -> Table:
    """Papers from a sheet saved as CSV or TSV (or a CSV :func:`safetylit._export` wrote)."""
    body = text.lstrip("\ufeff")
    skipped = len(body) - len(body.lstrip("\r\n"))
    first_line = 1 + body[:skipped].count("\n")
    reader = csv.reader(io.StringIO(body[skipped:], newline=""), delimiter=delimiter)

    def records() -> Iterator[tuple[int, tuple[int, int], list[Cell]]]:
        start = 1
        for number, record in enumerate(reader, start=1):
            end = reader.line_num
            yield number, (start + first_line - 1, end + first_line - 1), list(record)
            start = end + 1

    return read_grid(records(), source, options, {})


# --- from a grid of cells to papers ----------------------------------------------------------


def read_grid(
    records: Iterable[tuple[int, tuple[int, int] | None, list[Cell]]],
    source: str,
    options: SheetOptions,
    links: Mapping[tuple[int, int], str],
) -> Table:
    """Papers from a sheet's rows: ``(sheet row, physical lines or None, cells)`` each, and the
    link targets of cells by ``(sheet row, 0-based column)``."""
    table = Table([], [], [])
    columns: _Columns | None = None
    # Rows above the header (a sheet title, a note) are held until a row names two fields.
    held: list[tuple[int, tuple[int, int] | None, list[Cell]]] = []

    def settle(header: int) -> _Columns:
        """Take ``held[header]`` as the header row; read the held rows below it as data."""
        row, _, cells = held[header]
        found = _Columns.from_header([_text(c) for c in cells], source, options, row)
        table.problems.extend(_above_header(held[:header], found.header_row))
        table.problems.extend(found.problems)
        for below_row, below_lines, below_cells in held[header + 1 :]:
            _read_row(table, found, below_row, below_lines, below_cells, source, options, links)
        held.clear()
        return found

    for record in records:
        row, lines, cells = record
        if all(_text(cell) == "" for cell in cells):
            if columns is not None:
                table.empty_rows.append(row)  # kept by spreadsheets: nothing to read or report
            continue
        if columns is not None:
            _read_row(table, columns, row, lines, cells, source, options, links)
            continue
        held.append(record)
        if _names_fields([_text(c) for c in cells], options):
            columns = settle(len(held) - 1)
        elif len(held) > _HEADER_SEARCH:
            columns = settle(0)  # no header near the top: the first row is one, or says why not
    if columns is None and held:
        settle(0)
    return table


_HEADER_SEARCH = 10  # rows looked at for a header before the first row is taken as one


def _above_header(
    above: Sequence[tuple[int, tuple[int, int] | None, list[Cell]]], header_row: int
) -> list[Problem]:
    return [
        problem(
            "unrecognised-text",
            row=row,
            line=None if lines is None else lines[0],
            value=" | ".join(t for t in (_text(c) for c in cells) if t),
            message=f"text above the header row (row {header_row}) was ignored",
            at="row",
        )
        for row, lines, cells in above
    ]


@dataclass
class _Columns:
    """Which column fills which field, found from the header row."""

    fields: dict[int, str]  # column index -> paper field or own column
    extra: dict[int, str]  # column index -> header under which the cell is kept
    problems: list[Problem]
    header_row: int

    @classmethod
    def from_header(
        cls, headers: Sequence[str], source: str, options: SheetOptions, row: int
    ) -> _Columns:
        fields: dict[int, str] = {}
        extra: dict[int, str] = {}
        problems: list[Problem] = []
        taken: set[str] = set()
        for index, header in enumerate(headers):
            name = options.field_of(header) if header else None
            if name is not None and name not in taken:
                fields[index] = name
                taken.add(name)
                continue
            key = header or f"Column {_letters(index)}"
            while key in extra.values():
                key += "'"
            extra[index] = key
            problems.append(problem("unknown-column", source=source, value=key))
        if "title" not in taken:
            seen = ", ".join(repr(h) for h in headers if h) or "none"
            raise ExportParseError(
                f"{source}: no column holds the titles. The headers in row {row} are {seen}; "
                "name the title column 'Title' or pass columns={'<header>': 'title'}.",
                source=source,
            )
        if "company" not in taken:
            problems.append(problem("missing-column", row=row, source=source))
        return cls(fields, extra, problems, row)


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a number typed into a text column, shown without ".0"
    if isinstance(cell, _dt.datetime) and cell.time() == _dt.time():
        return cell.date().isoformat()
    if isinstance(cell, (_dt.date, _dt.time)):
        return cell.isoformat()
    return str(cell).strip()


def _read_row(
    table: Table,
    columns: _Columns,
    row: int,
    lines: tuple[int, int] | None,
    cells: list[Cell],
    source: str,
    options: SheetOptions,
    links: Mapping[tuple[int, int], str],
) -> None:
    line = None if lines is None else lines[0]
    problems: list[Problem] = []
    data: dict[str, Any] = {"company": "", "row": row}
    own: dict[str, str] = {}
    for index, cell in enumerate(cells):
        name = columns.fields.get(index)
        if name == "date":
            data["date"] = _date(cell, row, line, options, problems)
        elif name == "url":
            data["url"] = links.get((row, index)) or _text(cell) or None
        elif name in PAPER_COLUMNS:
            data[name] = _text(cell) or None
        elif name is not None:
            own[name] = _text(cell)
        elif _text(cell):
            data.setdefault("extra", {})[columns.extra.get(index, f"Column {_letters(index)}")] = (
                _text(cell)
            )
    if data["company"] is None:
        data["company"] = ""
    if not data.get("url"):
        # A sheet without a URL column often links the title cell itself.
        title_column = next((i for i, name in columns.fields.items() if name == "title"), None)
        data["url"] = links.get((row, title_column)) if title_column is not None else None
    if lines is not None:
        data["lines"] = lines
    # safetylit's own bookkeeping columns, if hand-edited into nonsense: the sheet's numbers stand.
    with contextlib.suppress(ValueError):
        _own_columns(data, own)
    if not data.get("title"):
        problems.append(problem("missing-title", row=row, line=line))
        raw = " | ".join(_text(c) for c in cells)
        table.rejected.append(RejectedRow(row=row, lines=lines, raw=raw, problems=tuple(problems)))
        table.problems.extend(problems)
        return
    if not data["company"] and "company" in columns.fields.values():
        problems.append(problem("missing-company", row=row, line=line))
    try:
        paper = Paper.model_validate(data)
    except ValidationError as exc:
        problems.extend(invalid_fields(exc, row, line))
        raw = " | ".join(_text(c) for c in cells)
        table.rejected.append(RejectedRow(row=row, lines=lines, raw=raw, problems=tuple(problems)))
        table.problems.extend(problems)
        return
    if problems:
        paper = with_flags(paper, frozenset(p.code for p in problems))
    table.papers.append(paper)
    table.problems.extend(problems)


def _own_columns(data: dict[str, Any], own: Mapping[str, str]) -> None:
    """Read back what safetylit's CSV records beside the sheet's columns."""
    if own.get("row"):
        data["row"] = int(own["row"])
    if own.get("lines"):
        first, last = own["lines"].split("-")
        data["lines"] = (int(first), int(last))
    if own.get("marked_duplicate", "").lower() in ("yes", "true", "1"):
        data["marked_duplicate"] = True
    if own.get("absorbed_rows"):
        data["absorbed_rows"] = tuple(int(r) for r in own["absorbed_rows"].split())


def _date(
    cell: Cell, row: int, line: int | None, options: SheetOptions, problems: list[Problem]
) -> _dt.date | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, _dt.datetime):
        return cell.date()
    if isinstance(cell, _dt.date):
        return cell
    found: _dt.date | None = None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        found = date_from_serial(cell)  # a date cell the sheet stores as its day number
    elif isinstance(cell, str):
        found = read_date(cell, dayfirst=options.dayfirst)
    if found is None:
        value = _text(cell)
        problems.append(
            problem(
                "bad-date",
                row=row,
                line=line,
                value=value,
                message=f"'{value[:80]}' is not a date that exists in a form safetylit reads "
                "(such as 17-Jun-24, 2024-06-17 or June 17, 2024)",
            )
        )
    return found
