"""The functions users call: :func:`load`, :func:`loads`, :func:`iter_papers`, :func:`sample_path`.

The pipeline: :mod:`~safetylit.reader` (text to raw rows), :mod:`~safetylit.parser` (rows to
cells), :class:`~safetylit.Paper` validation, then :mod:`~safetylit.quality` checks.
"""

from __future__ import annotations

import gc
import io
import os
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Literal, Union, cast

from pydantic import ValidationError

from safetylit import _progress, export
from safetylit.errors import ExportParseError
from safetylit.models import Paper, Problem, RejectedRow, construct_paper, normalise_fields
from safetylit.paperset import PaperSet
from safetylit.parser import RowResult, parse_row
from safetylit.quality import DEFAULT_CHECKS, Check, CheckContext, run_checks
from safetylit.reader import RawRow, decode, decode_lines, read_lines, split_lines, split_rows
from safetylit.sheets import SheetOptions, Table, read_csv, sniff_delimiter
from safetylit.vocabulary import Vocabulary, default_categories, default_companies
from safetylit.workbooks import is_workbook, read_workbook

__all__ = ["Errors", "Source", "load", "loads", "sample_path"]

Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
Errors = Literal["collect", "raise"]


def sample_path() -> Path:
    """Path of the sample export bundled with safetylit (80 papers from three labs).

    Examples:
        >>> sample_path().name
        'sample_export.txt'
    """
    return Path(str(resources.files("safetylit").joinpath("data/sample_export.txt")))


def load(
    source: Source,
    *,
    errors: Errors = "collect",
    companies: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    encoding: str | None = None,
    checks: Iterable[Check] | None = None,
    extra_checks: Iterable[Check] | None = None,
    closed_vocabulary: bool = False,
    columns: Mapping[str, str] | None = None,
    dayfirst: bool = False,
    sheet: str | int | None = None,
    progress: bool | None = None,
) -> PaperSet:
    """Read an export file, or the sheet itself (CSV, TSV, XLSX, ODS), into validated papers.

    Args:
        source: A path (``str`` or path-like), or an open text or binary file.
        errors: ``"collect"`` (default) reports problems in :attr:`PaperSet.problems`;
            ``"raise"`` finishes the pass, then raises one :class:`ExportParseError` holding every
            error-severity problem.
        companies: Company names to know in addition to the defaults and what the file teaches.
        categories: Category names to know likewise.
        encoding: Force an encoding instead of detecting UTF-8 / UTF-16 (by BOM) or falling
            back to cp1252.
        checks: Data-quality checks to run instead of :data:`safetylit.DEFAULT_CHECKS`
            (``[]`` runs none).
        extra_checks: Checks to run in addition to the defaults.
        closed_vocabulary: Flag companies and categories outside the known vocabulary
            (``unknown-company`` / ``unknown-category``).
        columns: For a sheet: headers to read as a paper field, beyond
            :data:`safetylit.sheets.HEADER_SYNONYMS` (``{"Lab": "company"}``).
        dayfirst: For a sheet: read ``05/06/2024`` as 5 June (a number above 12 decides anyway).
        sheet: For a workbook: the sheet to read, by name or 0-based index (default the first).
        progress: Show a progress bar on long loads: ``None`` (default) when a person is
            watching (a terminal or a notebook, never under pytest) and tqdm is installed,
            ``True`` always (needs ``pip install 'safetylit[progress]'``), ``False`` never.

    Returns:
        A :class:`PaperSet` in row order.

    Raises:
        FileNotFoundError: the path does not exist.
        IsADirectoryError: the path is a directory.
        ExportParseError: the file is not a text export, or ``errors="raise"`` and errors
            were found, or a sheet has no title column.
        MissingExtraError: a workbook, without ``pip install 'safetylit[excel]'``.
        ValueError: both ``checks`` and ``extra_checks`` were given, or ``errors`` is unknown.
        MissingExtraError: ``progress=True`` without tqdm installed.

    Examples:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> papers[0].title
        'Sycophancy to subterfuge: Investigating reward tampering in language models'
    """
    options = _Options(errors, companies, categories, checks, extra_checks, closed_vocabulary)
    options.sheet = SheetOptions(dict(columns or {}), dayfirst, sheet)
    text, name, problems = _read(source, encoding)
    # Hand the only reference over, so the text can be freed once it is split into lines.
    holder = [text]
    del text
    with _progress.scope(progress):
        return _parse(holder, name, problems, options)


def loads(
    text: str,
    *,
    errors: Errors = "collect",
    companies: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    checks: Iterable[Check] | None = None,
    extra_checks: Iterable[Check] | None = None,
    closed_vocabulary: bool = False,
    columns: Mapping[str, str] | None = None,
    dayfirst: bool = False,
) -> PaperSet:
    """Parse an export (or a CSV/TSV sheet) already in memory. Options and result as :func:`load`.

    Examples:
        >>> papers = loads("1\\n2\\nAnthropicMany-shot jailbreaking2-Apr-24"
        ...                "https://www.anthropic.com/research/many-shot-jailbreaking"
        ...                "Safety evaluationsWe investigate long-context attacks.\\n")
        >>> papers[0].company, papers[0].category
        ('Anthropic', 'Safety evaluations')
    """
    if not isinstance(text, str):
        raise TypeError(
            f"loads() takes text (str), not {type(text).__name__}; use load() for files"
        )
    options = _Options(errors, companies, categories, checks, extra_checks, closed_vocabulary)
    options.sheet = SheetOptions(dict(columns or {}), dayfirst)
    return _parse([text], "<string>", [], options)


@dataclass(slots=True)
class _Lines:
    """An export's lines, decoded without ever holding its whole text (see ``decode_lines``)."""

    lines: list[str]
    unterminated: bool  # the file does not end with a line break


@dataclass(slots=True)
class _Workbook:
    """A spreadsheet workbook's bytes, read by :mod:`~safetylit.sheets`."""

    data: bytes


def _read(
    source: Source, encoding: str | None
) -> tuple[str | _Lines | _Workbook, str, list[Problem]]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = str(source)
        if encoding is None:
            with path.open("rb") as file:
                first = file.read(_BLOCK_BYTES)
                if is_workbook(first):
                    return _Workbook(first + file.read()), name, []
                lines = read_lines(file, first) if _plain_export(first) else None
            if lines is not None:
                return _Lines(lines, unterminated=lines[-1] != ""), name, []
        data = path.read_bytes()  # the general path: another encoding, a table, or binary
    elif isinstance(source, io.TextIOBase) or hasattr(source, "encoding"):
        name = str(getattr(source, "name", "<stream>"))
        content = source.read()
        if isinstance(content, str):
            return content, name, []
        data = content
    else:
        name = str(getattr(source, "name", "<stream>"))
        content = source.read()
        if isinstance(content, str):
            return content, name, []
        data = bytes(content)
    if is_workbook(data):
        return _Workbook(data), name, []
    if encoding is None and _plain_export(data):
        lines = decode_lines(data)
        if lines is not None:
            # Text after the last line break is a last line that the file did not end.
            return _Lines(lines, unterminated=lines[-1] != ""), name, []
    text, problems = decode(data, name, encoding)
    return text, name, problems


_BLOCK_BYTES = 1 << 18  # read a file a quarter megabyte at a time


def _plain_export(data: bytes) -> bool:
    """Whether ``data`` starts like the spreadsheet export (not JSONL, CSV or TSV).

    Only then is the export read as lines straight from the bytes; the test is the one
    ``_read_any`` makes on the text, applied to the first 64 KB.
    """
    sample = data[:65536]
    text = sample.decode("utf-8", errors="replace")
    if len(sample) == 65536 and "\n" not in text.lstrip("\ufeff \t\r\n"):
        return False  # the first line goes on beyond the sample
    return _table_format(text)[1] is None


def _table_format(text: str) -> tuple[str, str | None]:
    """The text from its first content on, and ``"jsonl"`` or a CSV/TSV delimiter when it is
    no spreadsheet export (None when it is one)."""
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith("{") or export.is_json_array(start):  # JSONL, or ``convert -o x.json``
        return start, "jsonl"
    return start, export.looks_like_table(start.split("\n", 1)[0])


_Decisions = tuple[tuple[str, str], ...]


@dataclass(slots=True)
class _RowRecords:
    """What a load notes about rows besides papers and problems."""

    decisions: dict[int, _Decisions] = field(default_factory=dict)  # row -> its cut rules
    empty_rows: list[int] = field(default_factory=list)
    _shared: dict[_Decisions, _Decisions] = field(default_factory=dict)

    def keep(self, result: RowResult) -> None:
        """Record a row's cut rules; rows cut alike share one tuple (few distinct ones exist)."""
        if result.row is not None and result.decisions:
            key = tuple(result.decisions)
            self.decisions[result.row] = self._shared.setdefault(key, key)


def _read_sheet(
    holder: list[str | _Lines | _Workbook], source: str, options: SheetOptions
) -> Table | None:
    """The papers of a workbook or a CSV/TSV sheet; None for the text export and JSONL."""
    content = holder[0]
    if isinstance(content, _Workbook):
        holder.pop()
        return read_workbook(content.data, source, options)
    if isinstance(content, _Lines):
        # Read as export lines because no standard header was seen; the caller's own column
        # names may still make the first line a sheet's header.
        first = next((line for line in content.lines if line.strip()), "")
        if not options.columns or sniff_delimiter(first, options) is None:
            return None
        content = "\n".join(content.lines)
    start, found_format = _table_format(content)
    if found_format == "jsonl":
        return None
    if found_format is None and options.columns:
        found_format = sniff_delimiter(start.split("\n", 1)[0], options)
    if found_format is None:
        return None
    holder.pop()
    return read_csv(start, source, found_format, options)


class _Options:
    """The caller's options for one load, checked once up front."""

    def __init__(
        self,
        errors: str,
        companies: Iterable[str] | None,
        categories: Iterable[str] | None,
        checks: Iterable[Check] | None,
        extra_checks: Iterable[Check] | None,
        closed_vocabulary: bool,
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
        self.sheet = SheetOptions()


def _parse(
    holder: list[str | _Lines | _Workbook],
    source: str,
    problems: list[Problem],
    options: _Options,
) -> PaperSet:
    problems = list(problems)
    company_vocab = Vocabulary([*default_companies(), *options.companies])
    category_vocab = Vocabulary([*default_categories(), *options.categories])
    # The checks run inside the pause too: with the collector back on, its first collections
    # would walk every object the parse made (all still "young") only to find no garbage.
    with _gc_paused():
        records = _RowRecords()
        table = _read_sheet(holder, source, options.sheet)
        if table is not None:
            papers, rejected = table.papers, table.rejected
            problems.extend(table.problems)
            records.empty_rows.extend(table.empty_rows)
            for paper in papers:
                company_vocab.add(paper.company)
                if paper.category:
                    category_vocab.add(paper.category)
        else:
            texts = cast("list[str | _Lines]", holder)  # a workbook was read just above
            papers, rejected = _read_any(
                texts, source, company_vocab, category_vocab, problems, records
            )
        if not papers and not rejected:
            problems.append(
                Problem(
                    code="empty-export",
                    severity="warning",
                    message=f"{source}: the export has no rows with content.",
                )
            )
        context = CheckContext(
            papers=papers,
            companies=company_vocab.frozen(),
            categories=category_vocab.frozen(),
            closed_vocabulary=options.closed_vocabulary,
        )
        with _progress.step("running checks"):
            problems.extend(run_checks(papers, options.checks, context))
        problems.sort(key=_problem_order)
        result_set = PaperSet(
            papers,
            problems,
            rejected,
            source=source,
            decisions=records.decisions,
            empty_rows=records.empty_rows,
        )
    if options.errors == "raise":
        found = result_set.errors()
        if found:
            raise ExportParseError(_summary(source, found), found, source)
    return result_set


def _read_any(
    holder: list[str | _Lines],
    source: str,
    companies: Vocabulary,
    categories: Vocabulary,
    problems: list[Problem],
    records: _RowRecords,
) -> tuple[list[Paper], list[RejectedRow]]:
    """Papers from the spreadsheet export format or JSONL, detected by content (sheets are read
    before, by :func:`_read_sheet`)."""
    if isinstance(holder[0], _Lines):  # no local name: the lines must be freed as rows are read
        return _read_export(holder, companies, categories, problems, records)
    start, found_format = _table_format(holder[0])
    if found_format == "jsonl":
        papers, found = export.papers_from_jsonl(start, source)
        problems.extend(found)
        return papers, []
    del start
    return _read_export(holder, companies, categories, problems, records)


def _read_export(
    holder: list[str | _Lines],
    companies: Vocabulary,
    categories: Vocabulary,
    problems: list[Problem],
    records: _RowRecords,
) -> tuple[list[Paper], list[RejectedRow]]:
    content = holder.pop()
    if isinstance(content, _Lines):
        rows, layout_problems, _header = split_lines(content.lines)
        unterminated = content.unterminated
    else:
        rows, layout_problems, _header = split_rows(content)
        unterminated = bool(content) and not content.endswith(("\n", "\r"))
    del content  # the rows hold the lines now
    problems.extend(layout_problems)
    filled = []
    for row in rows:
        if any(line.strip() for line in row.lines):
            filled.append(row)
        elif row.row is not None:
            records.empty_rows.append(row.row)
    last = filled[-1] if filled and filled[-1] is rows[-1] else None
    del rows
    items: list[Paper | RejectedRow] = []
    found: list[list[Problem]] = []
    guessed: list[int] = []
    uncut: list[tuple[int, str]] = []
    counts: Counter[str] = Counter()
    learned = False
    for index, row in enumerate(_progress.track(filled, "reading rows")):
        result = parse_row(row, companies, categories, unterminated=unterminated and row is last)
        if result.learned_companies or result.learned_categories or result.company_candidates:
            learned |= learn(result, companies, categories, counts)
        # Rows cut by guesswork, and rows no rule could cut, may read better once the whole
        # file has taught its names.
        if result.company_candidates or result.category_guessed or result.reject is not None:
            guessed.append(index)
        elif result.uncut_head is not None:
            uncut.append((index, result.uncut_head))
        item, row_problems = finish_row(row, result)
        records.keep(result)
        items.append(item)
        found.append(row_problems)
        if index not in guessed[-1:] and (not uncut or uncut[-1][0] != index):
            row.lines = []  # done with its text: free it before the file is through
    # A company no case change marks ("Leverhulme CFIAI ...") may be one that another row
    # offered as a candidate.
    if uncut:
        offered = Vocabulary(counts)
        for index, head in uncut:
            name = offered.match_prefix(head)
            if name is not None:
                learned |= companies.add(name)
                guessed.append(index)
        guessed.sort()
    # A second look at rows cut by guesswork, now that the whole file has taught its names.
    if learn_candidates(counts, companies) or learned:
        for index in guessed:
            row = filled[index]
            again = parse_row(row, companies, categories, unterminated=unterminated and row is last)
            items[index], found[index] = finish_row(row, again)
            records.keep(again)
    for row_problems in found:
        problems.extend(row_problems)
    papers = [item for item in items if isinstance(item, Paper)]
    rejected = [item for item in items if isinstance(item, RejectedRow)]
    return papers, rejected


def learn(
    result: RowResult, companies: Vocabulary, categories: Vocabulary, counts: Counter[str]
) -> bool:
    """Add the names a row showed standing alone; count its guessed company prefixes."""
    learned = False
    for name in result.learned_companies:
        learned |= companies.add(name)
    for name in result.learned_categories:
        learned |= categories.add(name)
    counts.update(result.company_candidates)
    return learned


def learn_candidates(counts: Counter[str], companies: Vocabulary) -> bool:
    """A guessed company prefix that two or more rows share is taken as a company name, unless
    a shorter shared prefix of it is found in more rows: then the longer one is that company
    followed by titles that start alike ("ClearSignal" + "Cyber..." in two rows)."""
    shared = {name: count for name, count in counts.items() if count >= 2}
    added = False
    for name, count in shared.items():
        if not any(shared.get(name[:end], 0) > count for end in range(1, len(name))):
            added |= companies.add(name)
    return added


def finish_row(raw: RawRow, result: RowResult) -> tuple[Paper | RejectedRow, list[Problem]]:
    """Turn a parsed row into a :class:`Paper` (flags set) or a :class:`RejectedRow`."""
    row_problems = list(result.problems)
    if result.mojibake is not None:
        row_problems.append(_mojibake_problem(raw, result.mojibake))
    paper = _build(result, raw, row_problems)
    if paper is None:
        rejected = RejectedRow(
            row=result.row, lines=result.lines, raw=raw.text, problems=tuple(row_problems)
        )
        return rejected, row_problems
    if row_problems:
        paper._flags = frozenset(p.code for p in row_problems)
    return paper, row_problems


def _build(result: RowResult, raw: RawRow, problems: list[Problem]) -> Paper | None:
    if result.reject is not None:
        code, what, field_name = result.reject
        where = f"Row {result.row}" if result.row is not None else f"Line {result.lines[0]}"
        problems.append(
            Problem(
                code=code,
                severity="error",
                row=result.row,
                line=result.lines[0],
                field=field_name,
                value=raw.text[:80],
                message=f"{where}: {what}.",
            )
        )
        return None
    try:
        fields = normalise_fields(result.fields)
        if not fields.get("title"):
            return Paper(**fields, row=result.row, lines=result.lines)  # raises: no title
        # The parser's cells are typed and normalised here, so validation would only re-check.
        fields["row"], fields["lines"] = result.row, result.lines  # fields is a fresh copy
        paper = construct_paper(fields)
        if result.url_info is not None and result.url_info.url == paper.url:
            paper.__dict__["url_info"] = (
                result.url_info
            )  # fill the cached property: classified once
        return paper
    except ValidationError as exc:
        for err in exc.errors():
            field_name = ".".join(str(part) for part in err["loc"]) or None
            where = f"Row {result.row}" + (f", {field_name}" if field_name else "")
            problems.append(
                Problem(
                    code="invalid-field",
                    severity="error",
                    row=result.row,
                    line=result.lines[0],
                    field=field_name,
                    value=str(err.get("input", ""))[:80],
                    message=f"{where}: {err['msg']}.",
                )
            )
        return None


_gc_lock = threading.Lock()
_gc_depth = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a load allocates millions of acyclic objects.

    Its full collections rescan every live object, which made large loads grow faster than
    linearly; nothing a load builds forms a cycle. Nested and concurrent loads restore the
    collector's state only when the last one ends.
    """
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_was_enabled:
                gc.enable()


def _problem_order(problem: Problem) -> tuple[int, int]:
    # File-level problems first, then by row; sort is stable, so each row keeps its own order.
    # A workbook has no lines: its rows order its problems.
    if problem.row is None:
        return (0, 0)
    return (1, problem.line if problem.line is not None else problem.row)


def _mojibake_problem(raw: RawRow, bad: str) -> Problem:
    return Problem(
        code="mojibake",
        severity="warning",
        row=raw.row,
        line=raw.first_line,
        value=bad,
        message=f"Row {raw.row}: '{bad}' looks like UTF-8 text that was decoded as cp1252 "
        "somewhere before this export; it was left as is.",
    )


def _summary(source: str, problems: list[Problem]) -> str:
    shown = "; ".join(p.message for p in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return f"{source}: {len(problems)} error(s): {shown}{more}"
