"""Stage one: bytes or text in, raw rows out (row number, line span, raw lines). No validation.

The export is a spreadsheet pasted as text: a line of column letters, then each row's number alone
on a line followed by that row's cells. A line that is only a number is a row number when it is a
plausible next row number *and* what follows looks like the start of a row; otherwise it is text
(a footnote marker inside an abstract, say).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, pairwise
from typing import BinaryIO

from safetylit._errors import ExportParseError
from safetylit._models import Problem
from safetylit._problems import problem
from safetylit._text import CONTROL_CHARS, ends_with_placeholder

__all__ = ["RawRow", "decode", "split_rows"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAX_DIGITS = 9
_ROW_NUMBER = re.compile(rf"[ \t\u00a0]*\d{{1,{_MAX_DIGITS}}}[ \t\u00a0]*")
_MAX_NUMBER_LINE = 24
_COLUMN_LETTERS = re.compile(r"A\s*B\s*C(?:\s*[A-Z])*\s*")
_HEADER = re.compile(r"company\s*title\s*date\s*url\s*(?:safety[ _]?)?category\s*abstract", re.I)
# A date or a URL near the top of the following lines is what makes a number line a row start.
_ROW_EVIDENCE = re.compile(
    r"\d{1,2}[- ](?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[-, ]+\d{2}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}"
    r"|https?(?::/{1,3}|//)|www\.",
)
_LOOKAHEAD_LINES = 5
_HEADER_LINES = 8
_WINDOW_LINES = 4  # how many of the non-blank lines looked ahead at are searched for evidence
_LOOKAHEAD_CHARS = 600

_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "zip archive"),
    (b"%PDF", "PDF document"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MOJIBAKE = re.compile(r"â€[™œ\u009d˜”“¦¢]|Ã[©¨¡¢£¤§±³¶¼½¾ºª]|Â[ ·°©®]")


@dataclass
class RawRow:
    """One row of the export before any interpretation."""

    row: int | None
    first_line: int  # 1-based line of the row's first content line
    lines: list[str] = field(default_factory=list)

    @property
    def last_line(self) -> int:
        return self.first_line + max(len(self.lines), 1) - 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def decode(data: bytes, source: str, encoding: str | None = None) -> tuple[str, list[Problem]]:
    """Turn a file's bytes into text, refusing binary data and reporting a fallback encoding."""
    text, _, problems = decode_as(data, source, encoding)
    return text, problems


def decode_as(
    data: bytes, source: str, encoding: str | None = None
) -> tuple[str, str, list[Problem]]:
    """:func:`decode`, also naming the codec it used (to read the rest of a file alike)."""
    problems: list[Problem] = []
    if encoding is not None:
        try:
            return data.decode(encoding), encoding, problems
        except (UnicodeDecodeError, LookupError) as exc:
            raise ExportParseError(
                f"{source}: cannot decode as {encoding}: {exc}", source=source
            ) from exc
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, problems
            except UnicodeDecodeError as exc:
                raise ExportParseError(
                    f"{source}: not a text export (starts with a {codec} byte-order mark "
                    f"but does not decode: {exc.reason})",
                    source=source,
                ) from exc
    what = _binary_kind(data[:65536])
    if what is not None:
        raise ExportParseError(f"{source}: not a text export ({what})", source=source)
    codec = "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text, codec = _decode_legacy(data)
        problems.append(problem("encoding-fallback", source=source, value=codec))
    if _looks_binary(text):
        raise ExportParseError(f"{source}: not a text export (binary data)", source=source)
    return text, codec, problems


def _binary_kind(head: bytes) -> str | None:
    """What the first 64 KB of a file say it is when it is no text ("looks like a PNG image")."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"looks like a {what}"
    if head and head.count(0) > max(2, len(head) // 1000):
        return "binary data"
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = len(CONTROL_CHARS.findall(sample))
    return controls > max(8, len(sample) // 20)


def split_rows(text: str) -> tuple[list[RawRow], list[Problem], RawRow | None]:
    """Split an export's text into raw rows.

    Returns:
        The rows in file order (empty rows included, with no lines), problems about the layout
        (text before the first row, row numbers out of order), and the header row if one was seen.
    """
    return split_lines(_LINE_BREAK.split(text) if "\r" in text else text.split("\n"))


def iter_rows(
    lines: Iterable[str], batch: int = 1024
) -> Iterator[tuple[list[RawRow], list[Problem]]]:
    """Split a stream of lines (without line endings) into rows, a batch at a time.

    A batch is cut just before a number line that a row's cells follow (always a row start), so
    every row is whole; memory stays proportional to ``batch``, not to the file.
    """
    splitter = RowSplitter()
    buffer: list[str] = []
    searched = 0  # buffer lines up to here were looked at for a cut in vain
    for line in lines:
        buffer.append(line)
        if len(buffer) >= batch:
            cut = _find_cut(buffer, searched)
            if cut is None:
                # Whether a line is a cut depends only on the lines after it that a search looks
                # at, which are all in already: the next search needs only the lines added.
                searched = len(buffer) - _LOOKAHEAD_LINES - 1
            else:
                yield splitter.segment(buffer[:cut], following=int(buffer[cut]))
                buffer = buffer[cut:]
                searched = 0
    yield splitter.segment(buffer, following=None)


def _find_cut(buffer: list[str], searched: int) -> int | None:
    """The last number line in the second half of ``buffer``, past ``searched``, that a row's
    cells follow."""
    low = max(len(buffer) // 2, searched)
    for index in range(len(buffer) - _LOOKAHEAD_LINES - 1, low, -1):
        line = buffer[index]
        if (
            len(line) <= _MAX_NUMBER_LINE
            and _ROW_NUMBER.fullmatch(line)
            and _evidence(buffer, index, _next_number_line(buffer, index)) == "strong"
        ):
            return index
    return None


class RowSplitter:
    """Finds row starts in consecutive segments of an export, carrying state between them."""

    def __init__(self) -> None:
        self.last_number = 0
        self.seen: set[int] = set()
        self.offset = 0  # physical lines consumed by earlier segments
        self.header: RawRow | None = None
        self._first = True

    def segment(
        self, lines: list[str], following: int | None
    ) -> tuple[list[RawRow], list[Problem]]:
        """Rows of ``lines``; ``following`` is the number of the row that starts right after."""
        if self._first and lines and lines[0].startswith("\ufeff"):
            lines = [lines[0][1:], *lines[1:]]
        candidates = _number_lines(lines)
        # Locals rather than attributes: the loop reads them for every number line.
        first, last_number, offset, seen = self._first, self.last_number, self.offset, self.seen
        problems: list[Problem] = []
        starts: list[int] = []
        numbers: list[int] = []
        # What the footnote rules need of every number line, worked out the first time they are
        # asked (most exports never ask).
        evidence: dict[int, str] = {}
        next_strong: dict[int, int | None] = {}
        for index, stop in candidates:
            number = int(lines[index])
            # A number line starts a row when a row's cells follow (a date or URL), when
            # another number or the end does (an empty row), or when nothing is open that a
            # footnote could belong to. Most rows have a URL on one of their first lines,
            # which settles them without the evidence rules.
            if (starts or not (first or index == 0)) and not _url_ahead(lines, index, stop):
                found = evidence[index] if evidence else _evidence(lines, index, stop)
                if found == "none":
                    last_text = _last_text(lines, starts[-1] if starts else -1, index)
                    if last_text and not _is_header(lines, starts, index, first):
                        if not evidence:
                            evidence, next_strong = _evidence_and_next_strong(
                                lines, candidates, following
                            )
                        if not _is_row_start(
                            number,
                            last_number,
                            next_strong[index],
                            last_text,
                            _next_text(lines, index, stop),
                        ):
                            problems.append(
                                _absorbed_problem(
                                    number,
                                    numbers[-1] if numbers else None,
                                    offset + index + 1,
                                )
                            )
                            continue
            if number <= last_number and (starts or not first):
                problems.append(
                    _order_problem(number, last_number, offset + index + 1, number in seen)
                )
            starts.append(index)
            numbers.append(number)
            seen.add(number)
            last_number = number
        rows = []
        # A row runs up to the next row's number line (less blank lines) or to the end.
        bounds = pairwise([*starts, len(lines)])
        for (start, end), number in zip(bounds, numbers, strict=True):
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1
            rows.append(RawRow(number, offset + start + 2, lines[start + 1 : end]))
        if first:
            before = lines[: starts[0] if starts else len(lines)]
            preamble = [(offset + i + 1, line) for i, line in enumerate(before) if line.strip()]
            problems[:0] = _preamble_problems(preamble)
            self.header = _take_header(rows)
        self._first = False
        self.last_number = last_number
        self.offset += len(lines)
        return rows, problems


def _url_ahead(lines: list[str], index: int, stop: int) -> bool:
    """Whether a URL marker stands in the lines after number line ``index`` that
    :func:`_evidence` always reads (a shortcut it would call "strong"): a line before the next
    number line and at most ``_WINDOW_LINES`` down is in its window whatever the blanks."""
    end = index + 1 + _WINDOW_LINES
    if stop < end:
        end = stop
    for line in lines[index + 1 : end]:
        head = line[:_LOOKAHEAD_CHARS]
        if "://" in head or "www." in head:
            return True
    return False


def _number_lines(lines: list[str]) -> list[tuple[int, int]]:
    """The indices of the lines that may be row numbers (only a number, and short enough), each
    with where its lookahead stops: at the next line that is only a number (however long), or
    at the end."""
    # str.strip drops every kind of space, more than the padding _ROW_NUMBER allows, so this cheap
    # test lets through every number line. Of those, one that is digits alone needs no regex.
    indices = [
        i
        for i, line in enumerate(lines)
        if line.strip().isdecimal()
        and ((line.isdecimal() and len(line) <= _MAX_DIGITS) or _ROW_NUMBER.fullmatch(line))
    ]
    return [
        (index, stop)
        for index, stop in pairwise([*indices, len(lines)])
        if len(lines[index]) <= _MAX_NUMBER_LINE
    ]


def _next_number_line(lines: list[str], index: int) -> int:
    """Where the lookahead after the number line at ``index`` stops: at the next number line
    within it, or just past it."""
    end = min(len(lines), index + 1 + _LOOKAHEAD_LINES)
    for i in range(index + 1, end):
        if _ROW_NUMBER.fullmatch(lines[i]):
            return i
    return end


def _next_text(lines: list[str], index: int, stop: int) -> str:
    """The first non-blank line after ``index`` and before ``stop`` ("" when none)."""
    for i in range(index + 1, stop):
        if lines[i].strip():
            return lines[i].strip()
    return ""


def _is_header(lines: list[str], starts: list[int], index: int, first: bool) -> bool:
    """Whether the open row is the file's header row, which no row's text continues."""
    if not first or len(starts) != 1:
        return False
    # The header spans a few lines at most: looking at those keeps this constant per call.
    head = lines[starts[0] + 1 : min(index, starts[0] + 1 + _HEADER_LINES)]
    return _HEADER.match("".join(head).replace("\t", "")) is not None


def _last_text(lines: list[str], start: int, index: int) -> str:
    """The last non-blank line after ``start`` and before ``index`` ("" when none)."""
    for i in range(index - 1, start, -1):
        if lines[i].strip():
            return lines[i].rstrip()
    return ""


def _is_row_start(
    number: int, last_number: int, next_strong: int | None, last_text: str, next_text: str
) -> bool:
    """Decide whether a number line starts a row or is text (a footnote marker, say), when
    neither a row's cells nor another number follow it and there is open text (``last_text``)
    that it could belong to. In every other case a number line starts a row."""
    if number <= last_number:
        return False
    # No date or URL follows: a row only if no later row number contradicts this one, and
    # either the open row ended its text or what follows starts like a row (with a capital;
    # a footnote marker sits inside a sentence that goes on in lowercase).
    ended = last_text.endswith(_TEXT_ENDS) or ends_with_placeholder(last_text)
    starts = next_text[:1].isupper()
    return (ended or starts) and (next_strong is None or next_strong > number)


# How a cell's last line may end when the row is complete; "…" closes a cut-off abstract.
_TEXT_ENDS = (".", "!", "?", ")", '"', "'", "”", "’", "]", "…")


def _absorbed_problem(number: int, row: int | None, line: int) -> Problem:
    taken_by = f"row {row}" if row is not None else "the text before the first row"
    return problem("row-number-as-text", row=row, line=line, value=str(number), taken_by=taken_by)


def _evidence(lines: list[str], index: int, stop: int) -> str:
    """What follows a number line: 'empty' (a number or the end), 'strong' (a date or URL), or
    'none'. ``stop`` is where the lookahead stops early: the next number line, or the end."""
    end = min(stop, index + 1 + _LOOKAHEAD_LINES)
    ahead = [line[:_LOOKAHEAD_CHARS] for line in lines[index + 1 : end] if line.strip()]
    if not ahead:
        return "empty"
    window = "\n".join(ahead[:_WINDOW_LINES])
    if "://" in window or "www." in window or _ROW_EVIDENCE.search(window):
        return "strong"
    return "none"


def _evidence_and_next_strong(
    lines: list[str], candidates: list[tuple[int, int]], following: int | None
) -> tuple[dict[int, str], dict[int, int | None]]:
    """For each number line, its evidence and the number of the next number line that a row's
    cells follow."""
    evidence = {index: _evidence(lines, index, stop) for index, stop in candidates}
    next_strong: dict[int, int | None] = {}
    upcoming: int | None = following
    for index, _ in reversed(candidates):
        next_strong[index] = upcoming
        if evidence[index] == "strong":
            upcoming = int(lines[index])
    return evidence, next_strong


def _take_header(rows: list[RawRow]) -> RawRow | None:
    if rows and rows[0].lines and _HEADER.match("".join(rows[0].lines).replace("\t", "")):
        return rows.pop(0)
    return None


def _preamble_problems(preamble: list[tuple[int, str]]) -> list[Problem]:
    out: list[Problem] = []
    for number, line in preamble:
        stripped = line.strip()
        if _COLUMN_LETTERS.fullmatch(stripped) or _HEADER.match(stripped.replace("\t", "")):
            continue
        out.append(problem("unrecognised-text", line=number, value=stripped))
    return out


def _order_problem(number: int, last: int, line: int, repeated: bool) -> Problem:
    code = "duplicate-row-number" if repeated else "row-out-of-order"
    return problem(code, row=number, line=line, value=str(number), last=last)


def find_mojibake(text: str) -> str | None:
    """The first mojibake sequence (UTF-8 read as cp1252) in ``text``, if any."""
    # Every sequence starts with one of three letters; three character scans beat the regex.
    if "Ã" not in text and "Â" not in text and "â" not in text:
        return None
    match = _MOJIBAKE.search(text)
    return None if match is None else match.group(0)


_WIDE_BOMS = tuple(bom for bom, codec in _BOMS if codec != "utf-8-sig")


def wide_bom_codec(head: bytes) -> str | None:
    """``"utf-16"`` or ``"utf-32"`` when ``head`` starts with that byte-order mark, else None."""
    for bom, codec in _BOMS:
        if codec != "utf-8-sig" and head.startswith(bom):
            return codec
    return None


# Decoding a chunk at a time bounds what is held besides the lines to one chunk.
_CHUNK_BYTES = 1 << 18


def decode_lines(data: bytes) -> list[str] | None:
    """The lines of a UTF-8 export, decoded a chunk at a time; None where :func:`decode` is needed.

    Gives the lines that :func:`decode` and then :func:`split_rows` would see, without ever
    holding the whole text: one character beyond Latin-1 makes a Python string take two or four
    bytes per character, so the text of a file can be several times its size, while most of its
    lines are ASCII. Returns None (the caller falls back to :func:`decode`) for another
    byte-order mark, binary data or bytes that are not UTF-8, so every problem and error is
    still reported by one function.
    """
    view = memoryview(data)  # slices of a view are not copies
    blocks = (view[i : i + _CHUNK_BYTES] for i in range(0, len(data), _CHUNK_BYTES))
    return lines_from_blocks(data[:65536], blocks)


def read_lines(file: BinaryIO, first: bytes) -> list[str] | None:
    """:func:`decode_lines` of an open binary file whose first block was ``first``.

    The rest is read a block at a time, so the file's bytes are never held whole either.
    """
    rest = iter(lambda: file.read(_CHUNK_BYTES), b"")
    return lines_from_blocks(first[:65536], chain([first], rest))


def lines_from_blocks(head: bytes, blocks: Iterable[bytes | memoryview]) -> list[str] | None:
    """The lines of the bytes ``blocks`` give in order (``head``: their first 64 KB or all)."""
    if head.startswith(_WIDE_BOMS) or _binary_kind(head) is not None:
        return None
    codec = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    lines: list[str] = []
    sample = ""  # the text's first 64k characters, for the same binary test as decode()
    carry = b""  # the bytes after the last line feed seen so far
    for block in blocks:
        buffer = b"".join((carry, block))
        # Decode up to the last line feed, which never falls inside a UTF-8 sequence or
        # between the two characters of a CRLF; the rest waits for the next block.
        cut = buffer.rfind(b"\n")
        if cut < 0:
            carry = buffer
            continue
        carry = buffer[cut + 1 :]
        try:
            text = str(memoryview(buffer)[: cut + 1], codec)
        except UnicodeDecodeError:
            return None
        codec = "utf-8"  # only the first piece can begin with a byte-order mark
        if len(sample) < 65536:
            sample += text[: 65536 - len(sample)]
            if len(sample) == 65536 and _looks_binary(sample):
                return None
        part = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")
        part.pop()  # the empty piece after the final line feed
        lines.extend(part)
    try:
        text = str(carry, codec)
    except UnicodeDecodeError:
        return None
    if len(sample) < 65536:  # not tested yet: the text is shorter, or its end completes it
        sample += text[: 65536 - len(sample)]
        if _looks_binary(sample):
            return None
    lines.extend(_LINE_BREAK.split(text) if "\r" in text else text.split("\n"))
    return lines


def split_lines(lines: list[str]) -> tuple[list[RawRow], list[Problem], RawRow | None]:
    """:func:`split_rows` for an export already split into lines (see :func:`decode_lines`)."""
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    splitter = RowSplitter()
    rows, problems = splitter.segment(lines, following=None)
    return rows, problems, splitter.header
