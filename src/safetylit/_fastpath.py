"""A fast row cutter for the common row shape, with the full parser as the reference.

Most rows of an export have one shape: a known company, a title, a date in the sheet's usual
``17-Jun-24`` form, a plain lower-case http(s) URL, an optional ``[Duplicate]`` marker, a known
category and an abstract, over one to a few lines, with no separator, TABs or line breaks
between the cells. :func:`safetylit.parser.parse_row` reads such a row with the searching it
needs for the hard ones (every date candidate, every case change, every URL-tail rule), which
costs a few hundred Python operations. :class:`FastCutter` matches the whole row head with one
compiled pattern built from the vocabularies, then runs a handful of string tests, and returns
a :class:`~safetylit.parser.RowResult` *equal* to what ``parse_row`` returns, or ``None``
whenever it cannot be certain; the caller then runs ``parse_row``. Speed is the goal, identity
is absolute: every test that could let a row read differently declines the row.

Why each test is enough is written next to it, in terms of the parser step it stands in for
(``_find_date``, ``split_url``/``url_end``, ``_split_head``/``_resolve_glued_day``,
``_split_tail``/``_category_and_abstract``, ``_set_date``, ``_set_url``). The final steps
(``parse_date_parts``, ``classify_url``, ``clean_line``, ``in_path``, ``plausible_category``,
``_looks_truncated``) are the parser's own functions, so their results are the same by
construction. ``tests/test_fastpath.py`` compares the two on every row of the sample, of
generated and mangled exports, and of hypothesis-made rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from safetylit._boundaries import plausible_category, plausible_name
from safetylit._text import CONTROL_CHARS, clean_line, replace_special
from safetylit._url_cell import CELL_START, in_path
from safetylit.dates import parse_date_parts
from safetylit.parser import RowResult, _find_date, _looks_truncated
from safetylit.reader import RawRow, find_mojibake
from safetylit.urls import UrlKind, classify_url
from safetylit.vocabulary import Vocabulary

__all__ = ["FastCutter"]

# The parser's own limits, restated (see parser.py): ``_first_url`` searches the first 1500
# characters, the date window is the 40 characters before the URL, a head has < 4 line breaks
# (the pattern allows two), known_category looks at 160 characters.
_MAX_HEAD_CHARS = 1500
_DATE_WINDOW = 40
_MAX_NAME_LENGTH = 150  # below known_category's 160-character window, with room to spare
_NAME_GOES_ON = frozenset(" :&-(/,")  # parser._NAME_GOES_ON: a longer name may follow
_MAX_NAME = 60  # plausible_name's limit: a longer first tail line can never stand alone
_MAX_WAITING = 32  # learned names kept aside before the pattern is rebuilt
_REBUILD_ROWS = 2048  # rows after which names kept aside are built in anyway
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"

_EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)  # parser._EDGE_SPACES
_DIGIT = re.compile(r"\d")  # parser._DIGIT: where a date match can start
_NONBLANK = re.compile(r"\S")  # what str.strip() keeps: re's and str's blanks are the same
_BLANK = re.compile(r"\s")  # where split_url's TOKEN (``[^\s]+``) ends
# Printable ASCII and the line break: an ASCII text made only of them is the parser's "plain".
_PRINTABLE = bytes(range(0x20, 0x7F)) + b"\n"
_ASCII_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

# _ends_cell for ASCII text: a name never ends before a lowercase letter or before a space and
# a lowercase letter. A non-ASCII character there is left to the parser (see _name_end_ok).
_ENDS_CELL = r"(?![a-z]| [a-z])"

# The date cell in the sheet's usual form, ending where the search window ends (at the URL, or
# at the TAB or line break before it).
_DATE = re.compile(
    rf"(?:(?P<d1>[0-9]{{1,2}})-(?P<m1>{_MONTHS})-(?P<y1>[0-9][0-9])"
    r"|(?P<y2>[0-9]{4})-(?P<m2>[0-9]{1,2})-(?P<d2>[0-9]{1,2}))\Z"
)


def _patterns(companies: str, categories: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The company pattern (matched at the row's start) and the URL pattern (matched at the
    URL's start: the URL, [Duplicate] and the category, each pair pasted together or split by
    one TAB or line break).

    The names are alternations inside a lookahead, so the longest name that ends a cell is
    taken and never given back: exactly Vocabulary.match_prefix. The URL's characters exclude
    every character ``url_end`` treats as a possible cell start (capitals, quotes, brackets)
    and every blank, so the character after it is where the URL's token ends or where its
    first candidate cell starts. A URL whose token a TAB or a line break ends may hold any
    character: the cutter then checks what url_end would look at.
    """
    company = re.compile(rf"(?=((?:{companies}){_ENDS_CELL}))\1")
    url = re.compile(
        r"(https?://(?:\S{2,}(?=[\t\n])|[a-z0-9._~:/?#@!$&*+,;=%-]{2,}))([\t\n]?)"
        r"(\[Duplicate\][ \t]*)?"
        rf"(?=((?:{categories}){_ENDS_CELL}))\4"
    )
    return company, url


def _alternation(names: Iterable[str]) -> str | None:
    """The names as a regex alternation, longest first (the order match_prefix tries them), or
    None when a name could make the pattern disagree with the parser: one too long for
    known_category's window. Names with a TAB or line break are left out: no cell the parser
    matches names against holds one. Names that a [Duplicate] marker could start are left out,
    and so never seen where the parser would see a marker."""
    kept = []
    for name in names:
        if len(name) >= _MAX_NAME_LENGTH:
            return None
        if "\t" in name or "\n" in name or name[:1] in "[(":
            continue
        kept.append(name)
    kept.sort(key=len, reverse=True)
    return "|".join(map(re.escape, kept)) or None


class FastCutter:
    """Cuts the rows of the common shape without the full parser's searching.

    Args:
        companies: The load's company vocabulary (the same object ``parse_row`` gets).
        categories: The load's category vocabulary.

    The vocabularies grow while a file is read (names learned from rows), and only grow, so a
    change of their sizes says they changed: each call compares two lengths. Compiling the
    pattern costs milliseconds, so a change does not recompile it at once: the names learned
    since the last build are kept aside, and a row where one of them is a longer name than the
    pattern's choice (so the parser's longest match would differ) is declined. The pattern is
    rebuilt once enough names have piled up, or enough rows have passed, to pay for it. The
    cutter is not meant to be shared by threads that read different files at once.
    """

    __slots__ = (
        "_built",
        "_categories",
        "_companies",
        "_extra_categories",
        "_extra_companies",
        "_pattern",
        "_since_build",
        "_sizes",
    )

    def __init__(self, companies: Vocabulary, categories: Vocabulary) -> None:
        self._companies = companies
        self._categories = categories
        self._sizes = (-1, -1)
        self._pattern: tuple[re.Pattern[str], re.Pattern[str]] | None = None
        self._built: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
        self._extra_companies: dict[str, list[str]] = {}
        self._extra_categories: dict[str, list[str]] = {}
        self._since_build = 0

    def _refresh(self) -> None:
        """Take note of the names learned since the pattern was built; rebuild when due."""
        companies, categories = self._companies.frozen(), self._categories.frozen()
        self._sizes = (len(companies), len(categories))
        new_companies = companies - self._built[0]
        new_categories = categories - self._built[1]
        waiting = len(new_companies) + len(new_categories)
        if self._pattern is None or waiting > _MAX_WAITING or self._since_build > _REBUILD_ROWS:
            self._build(companies, categories)
            return
        self._extra_companies = _by_first(new_companies)
        self._extra_categories = _by_first(new_categories)

    def _build(self, companies: frozenset[str], categories: frozenset[str]) -> None:
        """Compile the head pattern for the names known now."""
        self._built = (companies, categories)
        self._extra_companies, self._extra_categories = {}, {}
        self._since_build = 0
        company_names = _alternation(companies)
        category_names = _alternation(categories)
        if company_names is None or category_names is None:
            self._pattern = None
            return
        self._pattern = _patterns(company_names, category_names)

    def cut(self, raw: RawRow, *, unterminated: bool = False) -> RowResult | None:
        """The row's :class:`RowResult`, equal to ``parse_row``'s, or None when not certain.

        Args:
            raw: The row, as the reader split it.
            unterminated: As for ``parse_row``: the file's last row with no final newline.
        """
        self._since_build += 1
        if (len(self._companies), len(self._categories)) != self._sizes:
            self._refresh()
        pattern = self._pattern
        lines = raw.lines
        if pattern is None or not lines:
            return None
        raw_text = "\n".join(lines)
        # The parser's preamble: the text it cuts, and what it notices.
        if (
            not raw_text.encode("ascii").translate(None, _PRINTABLE)
            and raw_text.count("\n") == len(lines) - 1
            if raw_text.isascii()
            else all(map(str.isprintable, lines))
        ):
            # Printable lines hold no line break, so a space at a line's edge is one next to a
            # line break or at the text's ends: the parser's per-line test.
            text = raw_text
            tabs = False
            if text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text:
                text = _EDGE_SPACES.sub("", text)
        elif raw_text.replace("\n", "").isprintable():
            return None  # lines holding line breaks: rare, left to the parser
        else:
            # TABs, special blanks or control characters. A removed control character is a
            # problem the parser reports, and a CR or another odd blank that stays would meet
            # rules this cutter does not follow: only TABs (and special blanks replaced just as
            # the parser replaces them) are taken.
            text = raw_text if raw_text.isascii() else replace_special(raw_text)
            if "\r" in text or CONTROL_CHARS.search(text) is not None:
                return None
            if not text.isascii() and not text.replace("\t", " ").replace("\n", " ").isprintable():
                return None
            if text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text:
                text = _EDGE_SPACES.sub("", text)
            tabs = True
        return self._cut(raw, raw_text, text, pattern, tabs, unterminated)

    def _cut(
        self,
        raw: RawRow,
        raw_text: str,
        text: str,
        pattern: tuple[re.Pattern[str], re.Pattern[str]],
        tabs: bool,
        unterminated: bool,
    ) -> RowResult | None:
        """Find the cells with the patterns, make sure the parser would find the same, then
        build the row's result."""
        # --- _find_date and _first_url ----------------------------------------------------
        # The parser's URL anchor is the first "://" when "http(s)" stands before it and no
        # URL can start before that ("http" or "www." in any case), within 1500 characters.
        colon = text.find("://", 0, _MAX_HEAD_CHARS)
        if colon >= 5 and text.startswith("https", colon - 5):
            url_start = colon - 5
        elif colon >= 4 and text.startswith("http", colon - 4):
            url_start = colon - 4
        else:
            return None
        lowered = text[:url_start].lower()
        if "http" in lowered or "www." in lowered:
            return None
        s3 = text[url_start - 1 : url_start]
        date_end = url_start - 1 if s3 == "\t" or s3 == "\n" else url_start
        date = _DATE.search(text, max(date_end - 10, 0), date_end)
        if date is None:
            return None
        start = date.start()
        # The date the parser takes is the first match in the 40 characters before the URL
        # (from the text's start when the URL is nearer): a match starts at a digit, and a
        # month-first one before this date would need this date's day followed by a year. So
        # with no digit before it in reach, it is this date; with one, the parser's own search
        # says which date it takes.
        low = url_start - _DATE_WINDOW if url_start > _DATE_WINDOW else 0
        if _DIGIT.search(text, low, start) is not None:
            date_match = _find_date(text)
            if date_match is None or date_match.span() != (start, date_end):
                return None
            if date_match.group("d1") != date.group("d1"):
                return None
        company_pattern, url_pattern = pattern
        head = company_pattern.match(text, 0, start)
        if head is None:
            return None
        company = head.group(1)
        tail = url_pattern.match(text, url_start)
        if tail is None:
            return None
        url, s4, dup, category = tail.groups()
        url_stop = url_start + len(url)
        if url_stop > _MAX_HEAD_CHARS - 10:
            return None
        cat_start = url_stop + len(s4) + (len(dup) if dup else 0)
        cat_end = cat_start + len(category)
        # The title: what stands between the company (and the TAB or line break after it)
        # and the date (and the one before it), on one line.
        co_end = len(company)
        s1 = text[co_end : co_end + 1]
        if s1 != "\t" and s1 != "\n":
            s1 = ""
        s2 = text[start - 1 : start]
        if s2 != "\t" and s2 != "\n":
            s2 = ""
        title = text[co_end + len(s1) : start - len(s2)]
        if not title or "\n" in title or "\t" in title:
            return None
        if title[0] == " " or title[-1] == " ":
            return None  # pieces are stripped, and a space after a name may extend it
        if not raw_text.isascii():
            # A name followed by a non-ASCII character: the pattern's ASCII test of where a
            # name may end is not the parser's there.
            if not text[co_end : co_end + 2].isascii() or not text[cat_end : cat_end + 2].isascii():
                return None
            mojibake = find_mojibake(raw_text)
        else:
            mojibake = None
        # Names learned since the pattern was built: one longer than the pattern's choice
        # that fits here is the one the parser would take.
        if self._extra_companies and _longer_name(self._extra_companies, text, 0, company):
            return None
        if self._extra_categories and _longer_name(
            self._extra_categories, text, cat_start, category
        ):
            return None
        decisions: list[tuple[str, str]] = [("date", "date:before-url-or-cell-end")]
        # --- split_url / url_end: where the URL's token ends and what ends the URL ---------
        if s4 == "\t":
            decisions.append(("url", "url:before-separator"))
        elif s4 == "\n":
            # With more of the row below, url_end cuts inside the token only at a known
            # category that starts in its last path segment, after no capital: no candidate
            # cell start there, no cut.
            body = colon + 3
            last_segment = max(text.rfind("/", body, url_stop), body)
            if CELL_START.search(text, last_segment + 1, url_stop) is not None:
                return None
            decisions.append(("url", "url:line-end"))
        else:
            # The first candidate cell start in the token is the marker or the category.
            token_end = _token_end(text, url_stop)
            more_below = (token_end == len(text) or text[token_end] == "\n") and (
                _NONBLANK.search(text, token_end) is not None
            )
            if dup:
                if more_below:
                    return None  # url_end skips the marker then: another candidate decides
                decisions.append(("url", "url:before-duplicate-marker"))
            else:
                if not "A" <= category[0] <= "Z":
                    return None  # no cell start for url_end: the URL would run on
                if in_path(text, cat_end, token_end):
                    return None
                if more_below and (cat_end != token_end or "/" in text[cat_start:token_end]):
                    return None
                decisions.append(("url", "url:before-known-category"))
        # --- _split_head and _resolve_glued_day -------------------------------------------
        # The day's first digit stays with the date unless the title ends in a number, a space
        # or a hyphen, a "1." or a lone "v", or the URL names the title's last word with that
        # digit: all of those are left to the parser.
        day, month, year, iso_year, iso_month, iso_day = date.groups()
        if (
            day is not None
            and len(day) == 2
            and not s2
            and (title[-1] in " -.v0123456789" or (_last_word(title) + day[0]) in url.lower())
        ):
            return None
        company_candidates: list[str] = []
        if s1:
            company_rule = "company:cell-alone"  # a known company alone on its line or cell
        else:
            company_rule = "company:known-name"
            if title[0] in _NAME_GOES_ON:
                company_candidates = [company]  # a longer name learned later may fit
        title = clean_line(title)
        if not title:
            return None
        decisions.append(("company", company_rule))
        # --- _split_tail and _category_and_abstract ---------------------------------------
        line_end = text.find("\n", cat_end)
        category_guessed = False
        after = text[cat_end : cat_end + 1]
        if after == "\t":
            # category:cell-alone, TAB-separated: the first line's rest is the abstract's start.
            if line_end < 0:
                abstract = text[cat_end + 1 :].strip(" \t")
            else:
                abstract = text[cat_end + 1 : line_end].strip(" \t") + text[line_end:]
            decisions.append(("category", "category:cell-alone"))
        elif after == "\n" or not after:
            # The category alone on its line: a known name, so category:cell-alone.
            abstract = "" if line_end < 0 else text[line_end + 1 :]
            decisions.append(("category", "category:cell-alone"))
        else:
            # category:known-name, the abstract pasted on. The line is no known name (the
            # pattern would have matched it whole). A short line may read as a name standing
            # alone, or as the row's last cell grown from the known name: left to the parser.
            first_end = len(text) if line_end < 0 else line_end
            if tabs and "\t" in text[cat_end:first_end]:
                return None  # the parser cuts the line at its TAB
            if first_end - cat_start <= _MAX_NAME + 1:
                first = text[cat_start:first_end].rstrip(" ")
                if plausible_category(first) or (line_end < 0 and plausible_name(first)):
                    return None
            if after in _NAME_GOES_ON:
                if after == " ":
                    return None  # the known name may extend into a longer one
                category_guessed = True  # a longer name learned later may fit
            abstract = text[cat_end:first_end]
            if tabs:
                abstract = abstract.rstrip(" ")
            if line_end >= 0:
                abstract += text[line_end:]
            decisions.append(("category", "category:known-name"))
        # --- _set_date and _set_url -------------------------------------------------------
        value = (
            parse_date_parts(day, month, year)
            if day is not None
            else parse_date_parts(iso_day, iso_month, iso_year)
        )
        if value is None:
            return None
        info = classify_url(url)
        if info.kind is UrlKind.INVALID:
            return None
        fields: dict[str, Any] = {
            "company": clean_line(company),
            "title": title,
            "marked_duplicate": dup is not None,
            "category": category,
            "abstract": abstract.strip() or None,
            "date": value,
            "url": url,
        }
        result = RowResult(
            row=raw.row,
            lines=(raw.first_line, raw.first_line + len(raw.lines) - 1),
            fields=fields,
            url_info=info,
            mojibake=mojibake,
            decisions=decisions,
            company_candidates=company_candidates,
            category_guessed=category_guessed,
        )
        if unterminated and _looks_truncated(fields):
            result.reject = (
                "truncated-row",
                "the file ends in the middle of this row; it was kept as raw text",
                None,
            )
        return result


def _by_first(names: Iterable[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(name[:1], []).append(name)
    return grouped


def _longer_name(extra: dict[str, list[str]], text: str, start: int, chosen: str) -> bool:
    """Whether a name in ``extra`` longer than ``chosen`` starts at ``start`` and may end a
    cell there (Vocabulary's _ends_cell, with lowercase_ok False)."""
    for name in extra.get(text[start : start + 1], ()):
        if len(name) > len(chosen) and text.startswith(name, start):
            end = start + len(name)
            nxt = text[end : end + 1]
            if not nxt or not (
                nxt.islower() or (nxt == " " and end + 1 < len(text) and text[end + 1].islower())
            ):
                return True
    return False


def _token_end(text: str, pos: int) -> int:
    """Where the whitespace-free token running through ``pos`` ends (split_url's TOKEN)."""
    blank = _BLANK.search(text, pos)
    return len(text) if blank is None else blank.start()


def _last_word(text: str) -> str:
    """parser._last_word: the trailing run of ASCII letters and digits, lower-cased."""
    return text[len(text.rstrip(_ASCII_ALNUM)) :].lower()
