"""Reading an export row by row with memory flat in the file size: :func:`iter_papers`."""

from __future__ import annotations

import io
import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from safetylit import _progress
from safetylit.api import Source, _Options, finish_row, learn, learn_candidates, load
from safetylit.errors import ExportParseError
from safetylit.export import is_json_array, looks_like_table
from safetylit.models import Paper, Problem, RejectedRow
from safetylit.parser import parse_row
from safetylit.quality import Check, CheckContext, run_checks
from safetylit.reader import RawRow, decode, iter_rows
from safetylit.sheets import SheetOptions, sniff_delimiter
from safetylit.vocabulary import Vocabulary, default_categories, default_companies
from safetylit.workbooks import is_workbook

__all__ = ["iter_papers"]

_SNIFF = 1 << 16


def iter_papers(
    source: Source,
    *,
    companies: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    encoding: str | None = None,
    checks: Iterable[Check] | None = None,
    extra_checks: Iterable[Check] | None = None,
    closed_vocabulary: bool = False,
    on_problem: Callable[[Problem], None] | None = None,
    columns: Mapping[str, str] | None = None,
    dayfirst: bool = False,
    sheet: str | int | None = None,
    progress: bool | None = None,
) -> Iterator[Paper | RejectedRow]:
    """Yield each row's :class:`Paper` (or :class:`RejectedRow`) as soon as it is read.

    For a path, memory stays flat in the file size: the file is read twice, once to learn the
    companies and categories it names, once to yield rows, so the papers equal :func:`load`'s.
    An open text stream is read once and learns as it goes. Problems go to ``on_problem`` as they
    are found (and rejected rows carry theirs); cross-row checks see the rows read so far.
    JSON(L) and sheets (CSV or TSV from a path or a stream; XLSX and ODS from a path) are read
    whole, then yielded.

    Args:
        source: A path, or an open text file.
        companies: As for :func:`safetylit.load`.
        categories: As for :func:`safetylit.load`.
        encoding: As for :func:`safetylit.load`.
        checks: As for :func:`safetylit.load`.
        extra_checks: As for :func:`safetylit.load`.
        closed_vocabulary: As for :func:`safetylit.load`.
        on_problem: Called with each :class:`Problem` in file order.
        columns: As for :func:`safetylit.load`.
        dayfirst: As for :func:`safetylit.load`.
        sheet: As for :func:`safetylit.load`.
        progress: Count the rows on a progress bar, as for :func:`safetylit.load`.

    Raises:
        FileNotFoundError, IsADirectoryError, ExportParseError: as for :func:`safetylit.load`.

    Examples:
        >>> import safetylit
        >>> found = []
        >>> papers = safetylit.iter_papers(safetylit.sample_path(), on_problem=found.append)
        >>> rows = [p.row for p in papers]
        >>> len(rows), rows[:3], [p.row for p in found if p.code == "missing-abstract"]
        (80, [2, 3, 4], [217])
    """
    if progress is not False:  # the bar wraps this same generator, run without one
        inner = iter_papers(
            source,
            companies=companies,
            categories=categories,
            encoding=encoding,
            checks=checks,
            extra_checks=extra_checks,
            closed_vocabulary=closed_vocabulary,
            on_problem=on_problem,
            columns=columns,
            dayfirst=dayfirst,
            sheet=sheet,
            progress=False,
        )
        yield from _progress.counted(inner, "reading rows", progress)
        return
    options = _Options("collect", companies, categories, checks, extra_checks, closed_vocabulary)
    options.sheet = SheetOptions(dict(columns or {}), dayfirst, sheet)
    emit = on_problem or (lambda problem: None)
    company_vocab = Vocabulary([*default_companies(), *options.companies])
    category_vocab = Vocabulary([*default_categories(), *options.categories])
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        lines, problems, table = _open_lines(path, encoding, options.sheet)
        if table:
            yield from _whole(path, options, encoding, emit)
            return
        counts: Counter[str] = Counter()
        for rows, _ in iter_rows(lines):
            for row in _filled(rows):
                learn(
                    parse_row(row, company_vocab, category_vocab),
                    company_vocab,
                    category_vocab,
                    counts,
                )
        learn_candidates(counts, company_vocab)
        lines, problems, _ = _open_lines(path, encoding)
        learning = False
    else:
        lines, problems, learning = _stream_lines(source), [], True
        first, lines = _peek(lines)
        if first is not None and _is_table(first, options.sheet):
            # A sheet or JSON read from a stream: its cells need the whole text, as from a path.
            text = io.StringIO("\n".join(lines))
            yield from _whole(text, options, None, emit)
            return
    for problem in problems:
        emit(problem)
    context = CheckContext(
        papers=(),
        companies=company_vocab.frozen(),
        categories=category_vocab.frozen(),
        closed_vocabulary=options.closed_vocabulary,
    )
    ending = _Ending()
    count = 0
    for rows, layout_problems in iter_rows(ending.track(lines)):
        for problem in layout_problems:
            emit(problem)
        filled = _filled(rows)
        for row in filled:
            last = ending.done and row is filled[-1] and row is rows[-1]
            result = parse_row(
                row, company_vocab, category_vocab, unterminated=last and ending.unterminated
            )
            if learning:
                learn(result, company_vocab, category_vocab, Counter())
            item, row_problems = finish_row(row, result)
            if isinstance(item, Paper):
                row_problems += run_checks([item], options.checks, context)
            for problem in row_problems:
                emit(problem)
            count += 1
            yield item
    if count == 0:
        emit(
            Problem(
                code="empty-export",
                severity="warning",
                message=f"{source}: the export has no rows with content.",
            )
        )


class _Ending:
    """Watches a line stream so the last row knows whether the file stopped mid-line."""

    def __init__(self) -> None:
        self.done = False
        self.unterminated = False

    def track(self, lines: Iterator[str]) -> Iterator[str]:
        previous: str | None = None
        for line in lines:
            if previous is not None:
                yield previous
            previous = line
        self.done = True
        if previous is not None:
            self.unterminated = previous != ""
            yield previous


def _filled(rows: list[RawRow]) -> list[RawRow]:
    return [row for row in rows if any(line.strip() for line in row.lines)]


def _open_lines(
    path: Path, encoding: str | None, sheet: SheetOptions | None = None
) -> tuple[Iterator[str], list[Problem], bool]:
    """The file's lines without endings, the decoding problems, and whether it is JSONL/CSV."""
    with path.open("rb") as raw:
        head = raw.read(_SNIFF)
    if is_workbook(head):
        return iter(()), [], True
    # Decode a prefix to detect binary data and the encoding; cut at the last line break so a
    # multi-byte character is never split.
    cut = head.rfind(b"\n") + 1 if len(head) == _SNIFF and b"\n" in head else len(head)
    text, problems = decode(head[:cut], str(path), encoding)
    codec = encoding or _codec_of(head, problems)
    start = text.lstrip("\ufeff \t\r\n")
    first = start.split("\n", 1)[0]
    table = (
        start.startswith("{")
        or is_json_array(start)
        or looks_like_table(first) is not None
        or (sheet is not None and sniff_delimiter(first, sheet) is not None)
    )
    return _file_lines(path, codec), problems, table


def _codec_of(head: bytes, problems: list[Problem]) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for problem in problems:
        if problem.code == "encoding-fallback" and problem.value:
            return problem.value
    return "utf-8"


def _file_lines(path: Path, codec: str) -> Iterator[str]:
    try:
        with path.open(encoding=codec, newline="") as handle:
            yield from _split_endings(handle)
    except UnicodeDecodeError as exc:
        raise ExportParseError(
            f"{path}: cannot decode as {codec}: {exc.reason}", source=str(path)
        ) from exc


def _stream_lines(stream: IO[str] | IO[bytes]) -> Iterator[str]:
    for line in _split_endings(stream):
        yield line if isinstance(line, str) else line.decode("utf-8")


def _split_endings(handle: Iterable[str] | Iterable[bytes]) -> Iterator[str]:
    """Lines without their endings, plus a final ``""`` after a last line break (like split)."""
    last = None
    for line in handle:
        text = line if isinstance(line, str) else line.decode("utf-8")
        last = text
        yield text.rstrip("\r\n")
    if last is None or last.endswith(("\n", "\r")):
        yield ""


def _peek(lines: Iterator[str]) -> tuple[str | None, Iterator[str]]:
    """The first line with content, and all the lines again (that one included)."""
    held: list[str] = []
    for line in lines:
        held.append(line)
        if line.strip():
            return line, itertools.chain(held, lines)
    return None, iter(held)


def _is_table(first: str, sheet: SheetOptions) -> bool:
    start = first.lstrip("\ufeff \t")
    return (
        start.startswith("{")
        or is_json_array(start)
        or looks_like_table(start) is not None
        or sniff_delimiter(start, sheet) is not None
    )


def _whole(
    source: Source, options: _Options, encoding: str | None, emit: Callable[[Problem], None]
) -> Iterator[Paper | RejectedRow]:
    papers = load(
        source,
        companies=options.companies,
        categories=options.categories,
        encoding=encoding,
        checks=options.checks,
        closed_vocabulary=options.closed_vocabulary,
        columns=options.sheet.columns,
        dayfirst=options.sheet.dayfirst,
        sheet=options.sheet.sheet,
    )
    for problem in papers.problems:
        emit(problem)
    yield from papers
    yield from papers.rejected
