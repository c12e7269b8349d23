"""Reading an export row by row with memory flat in the file size: :func:`iter_papers`."""

from __future__ import annotations

import codecs
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from safetylit import _progress
from safetylit._errors import ExportParseError
from safetylit._learning import Learner, Replay
from safetylit._models import Paper, Problem, RejectedRow, with_flags
from safetylit._pipeline import (
    Options,
    RowCutter,
    Source,
    empty_export,
    filled,
    finish_row,
    load_content,
    read_source,
    table_format,
)
from safetylit._reader import RawRow, decode_as, iter_rows, wide_bom_codec
from safetylit._workbooks import is_workbook
from safetylit.quality import Check, checks_by_paper
from safetylit.sheets import SheetOptions

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
    sheet_options = SheetOptions(dict(columns or {}), dayfirst, sheet)
    options = Options(
        "collect", companies, categories, checks, extra_checks, closed_vocabulary, sheet_options
    )
    emit = on_problem or (lambda problem: None)
    learner = options.learner()
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        lines, codec, problems, table = _open_lines(path, encoding, options.sheet)
        if table:
            yield from _whole(path, options, encoding, emit)
            return
        # The first pass learns what load() learns, and which rows load() reads again.
        again = set(_learn(lines, learner, options.cutter(learner.companies, learner.categories)))
        fresh = options.learner()
        replay: Replay | None = learner.replay(fresh.companies, fresh.categories)
        cut_replayed = options.cutter(fresh.companies, fresh.categories)
        lines = _file_lines(path, codec)
    else:
        lines, problems, replay, again = _stream_lines(source), [], None, set()
        cut_replayed = options.cutter(learner.companies, learner.categories)
        first, lines = _peek(lines)
        if first is not None and _is_table(first, options.sheet):
            # A sheet or JSON read from a stream: its cells need the whole text, as from a path.
            text = io.StringIO("\n".join(lines))
            yield from _whole(text, options, None, emit)
            return
    for problem in problems:
        emit(problem)
    context = options.context(learner)
    cut_taught = options.cutter(learner.companies, learner.categories)
    index = -1
    for row, unterminated, layout_problems in _rows(lines):
        for problem in layout_problems:
            emit(problem)
        if row is None:
            continue
        index += 1
        if replay is None:  # a stream is read once: it learns as it goes
            result = cut_taught(row, unterminated=unterminated)
            learner.take(index, result)
        else:
            # A row load() reads again is cut with all the file teaches; any other with what
            # the rows before it taught, as load() cut it.
            cut = cut_taught if index in again else cut_replayed
            result = cut(row, unterminated=unterminated)
            replay.after(index)
        item, row_problems = finish_row(row, result)
        if isinstance(item, Paper):
            checked = checks_by_paper([item], options.checks, context).get(0)
            if checked:
                row_problems += checked
            if row_problems:
                item = with_flags(item, frozenset(p.code for p in row_problems))
        for problem in row_problems:
            emit(problem)
        yield item
    if index < 0:
        emit(empty_export(_name(source)))


def _learn(lines: Iterator[str], learner: Learner, cut_row: RowCutter) -> list[int]:
    """Learn from every row as :func:`safetylit.load` does; the rows it would read again."""
    index = 0
    for row, unterminated, _ in _rows(lines):
        if row is not None:
            learner.take(index, cut_row(row, unterminated=unterminated))
            index += 1
    return learner.finish()


def _rows(lines: Iterator[str]) -> Iterator[tuple[RawRow | None, bool, list[Problem]]]:
    """Each row with content and whether it is the cut-off end of the file; the layout problems
    of each batch of lines come first, with no row."""
    ending = _Ending()
    batches = iter_rows(ending.track(lines))
    # A batch is the file's last only when no batch follows it: the line stream may end while
    # a batch cut before its final lines is handed over, so look one batch ahead.
    held = next(batches, None)
    while held is not None:
        following = next(batches, None)
        rows, layout_problems = held
        yield None, False, layout_problems
        kept = filled(rows, [])
        for row in kept:
            last = following is None and row is kept[-1] and row is rows[-1]
            yield row, last and ending.unterminated, []
        held = following


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
    path: Path, encoding: str | None, sheet: SheetOptions
) -> tuple[Iterator[str], str, list[Problem], bool]:
    """The file's lines without endings, its codec, the decoding problems, and whether it is
    a sheet or JSON(L) rather than a text export."""
    with path.open("rb") as raw:
        head = raw.read(_SNIFF)
    if is_workbook(head):
        return iter(()), "", [], True
    # Decode a prefix to detect binary data and the encoding; cut at the last line break so a
    # multi-byte character is never split.
    wide = wide_bom_codec(head) if encoding is None else None
    problems: list[Problem] = []
    if wide is not None:  # UTF-16/32: a line feed byte may be half a character
        text, codec = codecs.getincrementaldecoder(wide)().decode(head), wide
    else:
        cut = head.rfind(b"\n") + 1 if len(head) == _SNIFF and b"\n" in head else len(head)
        text, codec, problems = decode_as(head[:cut], str(path), encoding)
    found_format = table_format(text, sheet)[1]
    return _file_lines(path, codec), codec, problems, found_format is not None


def _name(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return str(getattr(source, "name", "<stream>"))


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
    return table_format(first.lstrip("\ufeff \t"), sheet)[1] is not None


def _whole(
    source: Source, options: Options, encoding: str | None, emit: Callable[[Problem], None]
) -> Iterator[Paper | RejectedRow]:
    """A sheet or JSON(L) input, read whole by the load driver, then given row by row."""
    content, name, problems = read_source(source, encoding)
    papers = load_content([content], name, problems, options)
    for problem in papers.problems:
        emit(problem)
    yield from papers
    yield from papers.rejected
