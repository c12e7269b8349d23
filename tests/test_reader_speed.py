"""The row splitter gives exactly what it gave before it was made faster.

The reference below is a frozen copy of the straightforward splitter (every line tested against
the row-number regex, the evidence of every number line computed up front). Generated texts mix
number lines (padded, Unicode digits, too many digits, too long), blanks, dates, URLs and prose,
so footnote numbers, out-of-order and repeated rows, empty rows and preambles all come up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import safetylit
from safetylit import reader
from safetylit.models import Problem
from safetylit.reader import (
    RawRow,
    _order_problem,
    _preamble_problems,
    _take_header,
    iter_rows,
    split_rows,
)

_REF_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_REF_ROW_NUMBER = re.compile(r"[ \t\u00a0]*\d{1,9}[ \t\u00a0]*")
_REF_MAX_NUMBER_LINE = 24
_REF_ROW_EVIDENCE = re.compile(
    r"\d{1,2}[- ](?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[-, ]+\d{2}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}"
    r"|https?(?::/{1,3}|//)|www\.",
)
_REF_HEADER = re.compile(
    r"company\s*title\s*date\s*url\s*(?:safety[ _]?)?category\s*abstract", re.I
)
_REF_PLACEHOLDER_ENDS = (
    "abstract not available",
    "abstract not found",
    "n/a",
    "no abstract",
    "no abstract available",
    "not available",
    "not found",
    "see paper",
)
_REF_LOOKAHEAD_LINES = 5
_REF_LOOKAHEAD_CHARS = 600


def ref_split_rows(text: str) -> tuple[list[RawRow], list[Problem], RawRow | None]:
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _REF_LINE_BREAK.split(text) if "\r" in text else text.split("\n")
    splitter = RefRowSplitter()
    rows, problems = splitter.segment(lines, following=None)
    return rows, problems, splitter.header


def ref_iter_rows(
    lines: Iterable[str], batch: int = 1024
) -> Iterator[tuple[list[RawRow], list[Problem]]]:
    splitter = RefRowSplitter()
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= batch:
            cut = ref_find_cut(buffer)
            if cut is not None:
                yield splitter.segment(buffer[:cut], following=int(buffer[cut]))
                buffer = buffer[cut:]
    yield splitter.segment(buffer, following=None)


def ref_find_cut(buffer: list[str]) -> int | None:
    for index in range(len(buffer) - _REF_LOOKAHEAD_LINES - 1, len(buffer) // 2, -1):
        line = buffer[index]
        if (
            len(line) <= _REF_MAX_NUMBER_LINE
            and _REF_ROW_NUMBER.fullmatch(line)
            and ref_evidence(buffer, index) == "strong"
        ):
            return index
    return None


class RefRowSplitter:
    def __init__(self) -> None:
        self.last_number = 0
        self.seen: set[int] = set()
        self.offset = 0
        self.header: RawRow | None = None
        self._first = True

    def segment(
        self, lines: list[str], following: int | None
    ) -> tuple[list[RawRow], list[Problem]]:
        if self._first and lines and lines[0].startswith("\ufeff"):
            lines = [lines[0][1:], *lines[1:]]
        numbers = {
            i: int(line)
            for i, line in enumerate(lines)
            if len(line) <= _REF_MAX_NUMBER_LINE and _REF_ROW_NUMBER.fullmatch(line)
        }
        evidence = {i: ref_evidence(lines, i) for i in numbers}
        next_strong = ref_next_strong_numbers(numbers, evidence, following)
        problems: list[Problem] = []
        starts: list[int] = []
        offset = self.offset
        stops = [i for i, line in enumerate(lines) if _REF_ROW_NUMBER.fullmatch(line)]
        for index, number in numbers.items():
            last_text = ref_last_text(lines, starts[-1] if starts else -1, index)
            if (
                self._first
                and len(starts) == 1
                and _REF_HEADER.match("".join(lines[starts[0] + 1 : index]).replace("\t", ""))
            ):
                last_text = ""  # the header row never takes a row's text
            stop = next((i for i in stops if i > index), len(lines))
            next_text = next((line.strip() for line in lines[index + 1 : stop] if line.strip()), "")
            if (not starts and (self._first or index == 0)) or ref_is_row_start(
                number, self.last_number, evidence[index], next_strong[index], last_text, next_text
            ):
                if number <= self.last_number and (starts or not self._first):
                    problems.append(
                        _order_problem(
                            number, self.last_number, offset + index + 1, number in self.seen
                        )
                    )
                starts.append(index)
                self.seen.add(number)
                self.last_number = number
        rows = []
        for k, index in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            while end > index + 1 and not lines[end - 1].strip():
                end -= 1
            rows.append(
                RawRow(
                    row=numbers[index], first_line=offset + index + 2, lines=lines[index + 1 : end]
                )
            )
        if self._first:
            head = lines[: starts[0] if starts else len(lines)]
            preamble = [(offset + i + 1, line) for i, line in enumerate(head) if line.strip()]
            problems[:0] = _preamble_problems(preamble)
            self.header = _take_header(rows)
        self._first = False
        self.offset += len(lines)
        return rows, problems


def ref_last_text(lines: list[str], start: int, index: int) -> str:
    for i in range(index - 1, start, -1):
        if lines[i].strip():
            return lines[i].rstrip()
    return ""


def ref_is_row_start(
    number: int,
    last_number: int,
    evidence: str,
    next_strong: int | None,
    last_text: str,
    next_text: str,
) -> bool:
    if not last_text or evidence != "none":
        return True
    if number <= last_number:
        return False
    ended = last_text.endswith((".", "!", "?", ")", '"', "'", "”", "’", "]", "…")) or (
        last_text.rstrip(" .").lower().endswith(_REF_PLACEHOLDER_ENDS)
    )
    return (ended or next_text[:1].isupper()) and (next_strong is None or next_strong > number)


def ref_evidence(lines: list[str], index: int) -> str:
    ahead: list[str] = []
    for line in lines[index + 1 : index + 1 + _REF_LOOKAHEAD_LINES]:
        if _REF_ROW_NUMBER.fullmatch(line):
            break
        if line.strip():
            ahead.append(line[:_REF_LOOKAHEAD_CHARS])
    if not ahead:
        return "empty"
    window = "\n".join(ahead[:4])
    if "://" in window or "www." in window or _REF_ROW_EVIDENCE.search(window):
        return "strong"
    return "none"


def ref_next_strong_numbers(
    numbers: dict[int, int], evidence: dict[int, str], following: int | None = None
) -> dict[int, int | None]:
    out: dict[int, int | None] = {}
    upcoming: int | None = following
    for index in sorted(numbers, reverse=True):
        out[index] = upcoming
        if evidence[index] == "strong":
            upcoming = numbers[index]
    return out


def plain(rows: list[RawRow]) -> list[tuple[int | None, int, list[str]]]:
    return [(r.row, r.first_line, r.lines) for r in rows]


def old_codes(problems: list[Problem]) -> list[Problem]:
    """The problems the frozen reference knows: it predates ``row-number-as-text``."""
    return [p for p in problems if p.code != "row-number-as-text"]


def same_split(text: str) -> None:
    rows, problems, header = split_rows(text)
    ref_rows, ref_problems, ref_header = ref_split_rows(text)
    assert plain(rows) == plain(ref_rows)
    assert old_codes(problems) == ref_problems
    assert plain([header] if header else []) == plain([ref_header] if ref_header else [])


def same_batches(lines: list[str], batch: int) -> None:
    got = [
        (plain(rows), old_codes(problems)) for rows, problems in iter_rows(iter(lines), batch=batch)
    ]
    want = [(plain(rows), problems) for rows, problems in ref_iter_rows(iter(lines), batch)]
    assert got == want


# Digits written in other scripts (Arabic-Indic, Devanagari, fullwidth, mathematical bold).
_DIGITS = {
    "ascii": "0123456789",
    "arabic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
    "math": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}
_PADDING = st.sampled_from(["", "", "", " ", "\t", "\u00a0", "  ", " \t\u00a0", "\u2003", "\x0b"])


@st.composite
def number_lines(draw: st.DrawFn) -> str:
    value = draw(st.integers(0, 12) | st.integers(0, 10**11) | st.sampled_from([9, 10, 11]))
    digits = str(value)
    if draw(st.integers(0, 9)) == 0:
        digits = digits.zfill(draw(st.integers(1, 12)))
    script = _DIGITS[draw(st.sampled_from(sorted(_DIGITS)))]
    if draw(st.booleans()):
        digits = digits.translate(str.maketrans("0123456789", script))
    line = draw(_PADDING) + digits + draw(_PADDING)
    if draw(st.integers(0, 15)) == 0:
        line = " " * draw(st.integers(10, 30)) + line  # around the 24-character limit
    return line


_BLANKS = st.sampled_from(["", "", " ", "\t", "\u00a0", "  \t", "\u2003"])
_EVIDENCE = st.sampled_from(
    [
        "3-Mar-24",
        "Acme Labs\tSafer Widgets\t14-feb-2023",
        "2024-01-05",
        "Jan 5, 2024",
        "Sept. 12 2023",
        "https://acme.example/w",
        "http://x.org",
        "ftp://files.example",
        "www.example.org/paper",
        "Acme LabsBetter Gadgets4-Mar-24https://acme.example/gWidget safetyWe study gadgets.",
        # Around the 600 characters of a line that are searched.
        "x" * 590 + "https://a",
        "x" * 598 + "https://late.example",
        "x" * 590 + " 3-Mar-24",
        "x" * 592 + " 3-Mar-24",
        "y" * 596 + "www.",
        "y" * 597 + "www.",
    ]
)
_PROSE = st.sampled_from(
    [
        "We study widgets.",
        "Results are mixed (see note",
        "as shown in [3]",
        "It works!",
        "Does it?",
        "He said “yes”",
        "He said ‘no’",
        "quoted 'text'",
        'quoted "text"',
        "an open sentence",
        "ends with a space. ",
        "Widget safety",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "CompanyTitleDateURL",
        "Company\tTitle\tDate\tURL\tSafety category\tAbstract",
        "Safety_category",
        "Abstract",
        "z" * 700 + ".",
    ]
)
_TEXT = (
    _BLANKS
    | _EVIDENCE
    | _PROSE
    | _PROSE
    | st.text(st.sampled_from("ab1٢ .\t\u00a0:/w"), max_size=8)
)
# Rows (a number line and what follows it) with loose lines between them, so that number lines
# are followed by every kind and length of lookahead.
_BLOCK = st.tuples(number_lines(), st.lists(_TEXT, max_size=7)).map(lambda b: [b[0], *b[1]])
_LOOSE = st.lists(number_lines() | _TEXT, max_size=3)


@st.composite
def exports(draw: st.DrawFn) -> str:
    lines = [line for part in draw(st.lists(_BLOCK | _LOOSE, max_size=12)) for line in part]
    breaks = draw(st.sampled_from(["\n", "\n", "\r\n", "mixed"]))
    if breaks == "mixed":
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n", "\r"])) for line in lines)
    else:
        text = breaks.join(lines)
    if draw(st.booleans()):
        text += "\n"
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


_PROPERTY = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(exports())
@example("")
@example("\ufeff")
@example("1")
@example("2\nAcme\n3-Mar-24\n7\nThe note.\n3\nwww.x.org\n")
@example("2\nIt ended.\n7\nNote.\n9\nhttps://x\n")
@example("2\nwww.x\nIt ended.\n7\nNote.\n3\nwww.y\n")
@example("2\nIt ended.\n3\na\nb\nc\nd\nhttps://x\n")
@example("2\nwww.x\nends with a space. \n7\nNote.\n")
@example("2\nIt ended.\n3\na\nb\nc\nd\n3-Mar-24\n")
@example(" " * 20 + "3   \nhttps://x\n" + " " * 22 + "4 \nhttps://y")
def test_split_rows_matches_reference(text: str) -> None:
    same_split(text)


@_PROPERTY
@given(exports(), st.integers(1, 30))
def test_batches_match_reference(text: str, batch: int) -> None:
    same_batches(text.split("\n"), batch)


def test_sample_matches_reference() -> None:
    text = safetylit.sample_path().read_text("utf-8")
    same_split(text)
    for batch in (1, 7, 40, 1024):
        same_batches(text.split("\n"), batch)


def test_cut_search_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only empty rows: no line is ever a cut, so every line added looks for one again. Each
    # search must look at the new lines only, or the calls grow with the square of the lines.
    calls = 0
    evidence = reader._evidence

    def counted(lines: list[str], index: int, stop: int) -> str:
        nonlocal calls
        calls += 1
        return evidence(lines, index, stop)

    monkeypatch.setattr(reader, "_evidence", counted)
    lines = [str(n) for n in range(1, 5001)]
    batches = list(iter_rows(iter(lines), batch=100))
    assert [row.row for rows, _ in batches for row in rows] == list(range(1, 5001))
    assert calls < 3 * len(lines)
