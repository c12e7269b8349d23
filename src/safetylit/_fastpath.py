"""A fast row cutter for the common row shape, with the full parser as the reference.

Most rows of an export have one shape: a known company, a title, a date in the sheet's usual
``17-Jun-24`` form, a plain lower-case http(s) URL, an optional ``[Duplicate]`` marker, a known
category and an abstract, over one to a few lines, with no separator, TABs or line breaks
between the cells. :func:`safetylit._parser.parse_row` reads such a row with the searching it
needs for the hard ones (every date candidate, every case change, every URL-tail rule), which
costs a few hundred Python operations. :class:`FastCutter` finds the URL with ``str.find``,
the date and the URL's cell with two anchored compiled patterns, the company and the category
with the vocabularies' own lookups, then runs a handful of string tests, and returns a
:class:`~safetylit._parser.RowResult` *equal* to what ``parse_row`` returns, or ``None``
whenever it cannot be certain; the caller then runs ``parse_row``. Speed is the goal, identity
is absolute: every test that could let a row read differently declines the row.

Why each test is enough is written next to it, in terms of the parser step it stands in for
(``_find_date``, ``split_url``/``url_end``, ``_split_head``/``_resolve_glued_day``,
``_split_tail``/``_category_and_abstract``, ``_set_date``, ``_set_url``). The final steps
(``parse_date_parts``, ``classify_url``, ``clean_line``, ``in_path``, ``plausible_category``,
``reject_if_truncated``) are the parser's own functions, so their results are the same by
construction. ``tests/test_fastpath.py`` compares the two on every row of the sample, of
generated and mangled exports, and of hypothesis-made rows.
"""

from __future__ import annotations

import re
from typing import Any

from safetylit._boundaries import MAX_CATEGORY, WINDOW, plausible_category, plausible_name
from safetylit._dates import parse_date_parts
from safetylit._models import normal_abstract
from safetylit._parser import (
    _DATE_WINDOW,
    _EDGE_SPACES,
    _MAX_HEAD_CHARS,
    _NAME_GOES_ON,
    RowResult,
    _date_matches,
    _find_date,
    reject_if_truncated,
)
from safetylit._reader import RawRow, find_mojibake
from safetylit._text import CONTROL_CHARS, clean_line, printable, replace_special
from safetylit._url_cell import CELL_START, DUPLICATE, in_path, url_end
from safetylit._vocabulary import Vocabulary
from safetylit.urls import UrlKind, classify_url

__all__ = ["FastCutter"]

# The parser's own limits are imported, not restated, so the two cannot drift apart:
# ``_first_url`` searches the first _MAX_HEAD_CHARS characters, the date window is the
# _DATE_WINDOW characters before the URL, _NAME_GOES_ON may follow a name that goes on,
# known_category looks at WINDOW characters, plausible_name allows MAX_CATEGORY. A head has
# fewer than 4 line breaks for the parser; the cutter allows two.
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"

_DIGIT = re.compile(r"\d")  # parser._DIGIT: where a date match can start
_NONBLANK = re.compile(r"\S")  # what str.strip() keeps: re's and str's blanks are the same
_BLANK = re.compile(r"\s")  # where split_url's TOKEN (``[^\s]+``) ends
# Printable ASCII and the line break: an ASCII text made only of them is the parser's "plain".
_PRINTABLE = bytes(range(0x20, 0x7F)) + b"\n"
_ASCII_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


# The date cell in the sheet's usual form, ending where the search window ends (at the URL, or
# at the TAB or line break before it).
_DATE = re.compile(
    rf"(?:(?P<d1>[0-9]{{1,2}})-(?P<m1>{_MONTHS})-(?P<y1>[0-9][0-9])"
    r"|(?P<y2>[0-9]{4})-(?P<m2>[0-9]{1,2})-(?P<d2>[0-9]{1,2}))\Z"
)


# The URL, then the [Duplicate] marker, pasted together or split by one TAB or line break.
# The URL's characters exclude every character ``url_end`` treats as a possible cell start
# (capitals, quotes, brackets) and every blank, so the character after it is where the URL's
# token ends or where its first candidate cell starts. A URL whose token a TAB or a line break
# ends may hold any character: the cutter then checks what url_end would look at.
_URL = re.compile(
    r"(https?://(?:\S{2,}(?=[\t\n])|[a-z0-9._~:/?#@!$&*+,;=%-]{2,}))([\t\n]?)"
    r"(\[Duplicate\][ \t]*)?"
)
# What _anchors finds: "://", the URL's start, the date's end, the date, the head's first
# piece and the known company it starts with.
_Anchors = tuple[int, int, int, re.Match[str], str, str]
# What _url_cell finds: the URL's end, the TAB or line break after it, the [Duplicate]
# marker, the category's start, the category and the url_end rule that cut the URL.
_UrlCell = tuple[int, str, "str | None", int, str, str]
_DUP = re.compile(r"\[Duplicate\][ \t]*")  # the marker as the sheet writes it
_BLANKS = frozenset(" \t\n\r\x0b\x0c")
_PIECE_END = re.compile(r"[\t\n]")  # where the head's first piece ends


class FastCutter:
    """Cuts the rows of the common shape without the full parser's searching.

    Args:
        companies: The load's company vocabulary (the same object ``parse_row`` gets).
        categories: The load's category vocabulary.

    The vocabularies grow while a file is read (names learned from rows). The cutter holds no
    copy of them: it looks names up with the same :meth:`Vocabulary.match_prefix` calls the
    parser makes, on the same text, so a name learned one row ago is used at once and there
    is nothing to rebuild. (Regex alternations compiled from the names were tried: they saved
    a few µs a row at best on generated exports, while recompiling them as a file taught
    names cost milliseconds each time, more than the fast path saved on files with many new
    names, and names learned between two builds had to be checked aside.) The only state is
    a memo of the longest category name, keyed by the vocabulary's size (it only grows). The
    cutter is as thread-safe as the vocabularies it reads, which a load writes while it reads
    its rows: one load, one thread.
    """

    __slots__ = ("_categories", "_categories_clean", "_companies", "_longest")

    def __init__(self, companies: Vocabulary, categories: Vocabulary) -> None:
        self._companies = companies
        self._categories = categories
        self._longest = (-1, 0)  # (size of the categories, their longest name's length)
        self._categories_clean: dict[str, str | None] = {}

    def _long_category_names(self) -> bool:
        """Whether a category name is as long as known_category's window (a caller's own
        names may be): then a whole line may be a name the lookup cannot see. The answer is
        kept while the vocabulary's size, which only grows, stays the same."""
        size = len(self._categories)
        if self._longest[0] != size:
            self._longest = (size, max(map(len, self._categories.frozen()), default=0))
        return self._longest[1] >= WINDOW - 1

    def _clean_category(self, name: str) -> str | None:
        """The category as normalise_fields leaves it (a known name: kept per name)."""
        found = self._categories_clean.get(name, "")
        if found == "":
            found = self._categories_clean[name] = clean_line(name) or None
        return found

    def cut(self, raw: RawRow, *, unterminated: bool = False) -> RowResult | None:
        """The row's :class:`RowResult`, equal to ``parse_row``'s, or None when not certain.

        Args:
            raw: The row, as the reader split it.
            unterminated: As for ``parse_row``: the file's last row with no final newline.
        """
        lines = raw.lines
        if not lines:
            return None
        raw_text = "\n".join(lines)
        # The anchors first: most rows the cutter declines (an unknown company, no URL) are
        # told by them at less cost than the text checks below.
        anchors = self._anchors(raw_text)
        if anchors is None:
            return None
        # The parser's preamble: the text it cuts, and what it notices. An ASCII text's odd
        # characters are found by deleting the printable ones from its bytes, at a fraction
        # of the cost of str.isprintable or a pattern search.
        odd = raw_text.encode("ascii").translate(None, _PRINTABLE) if raw_text.isascii() else None
        if (
            not odd and raw_text.count("\n") == len(lines) - 1
            if odd is not None
            else all(map(str.isprintable, lines))
        ):
            # Printable lines hold no line break, so a space at a line's edge is one next to a
            # line break or at the text's ends: the parser's per-line test.
            text = raw_text
            tabs = False
            if text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text:
                text = _EDGE_SPACES.sub("", text)
        elif odd and not odd.translate(None, b"\t"):
            # TABs, and no other odd character: the parser's text is the raw text (bar edge
            # spaces), with nothing to replace or remove.
            text = raw_text
            if text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text:
                text = _EDGE_SPACES.sub("", text)
            tabs = True
        elif odd is not None or printable(raw_text.replace("\n", "")):
            return None  # control characters, or lines holding line breaks: rare
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
        if text is not raw_text:
            anchors = self._anchors(text)  # edge spaces or special blanks went
            if anchors is None:
                return None
        return self._cut(raw, raw_text, text, tabs, unterminated, anchors)

    def _anchors(self, text: str) -> _Anchors | None:
        """The URL's start, the date and the known company at the row's start, found as the
        parser finds them (see :meth:`_cut`), or None."""
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
        # --- the company: _split_head's lookup on the head's first piece ---------------
        piece_end = _PIECE_END.search(text, 0, start)
        first = text[: piece_end.start() if piece_end is not None else start]
        if not first or first[-1] == " ":
            return None  # the parser strips the piece: its lookups would see other text
        company = self._companies.match_prefix(first)
        if company is None:
            return None  # an unknown company: the parser's case-boundary guesses
        return colon, url_start, date_end, date, first, company

    def _url_cell(self, text: str, colon: int, url_start: int) -> _UrlCell | None:
        """Where the URL ends (split_url and url_end), the rule that says so, and the
        [Duplicate] marker and known category after it; None when the row is not certain.

        The usual URL (no capital, quote or bracket) is settled by the pattern and a few
        tests; any other is cut by url_end itself, the parser's own function.
        """
        categories = self._categories
        quick = _URL.match(text, url_start)
        if quick is not None:
            url, s4, dup = quick.groups()
            url_stop = url_start + len(url)
            cat_start = quick.end()
            category = _category_at(categories, text, cat_start)
            if category is None:
                return None
            if s4 == "\t":
                # A TAB ends the token before any candidate is looked at.
                return url_stop, s4, dup, cat_start, category, "url:before-separator"
            if s4 == "\n":
                # With more of the row below, url_end cuts inside the token only where a
                # known category found at a candidate cell start in its last path segment
                # ends the token: that name is then the rest of the token, so where no such
                # rest is a known name, there is no cut.
                body = colon + 3
                last_segment = max(text.rfind("/", body, url_stop), body)
                for candidate in CELL_START.finditer(text, last_segment + 1, url_stop):
                    if text[candidate.start() : url_stop] in categories:
                        break
                else:
                    return url_stop, s4, dup, cat_start, category, "url:line-end"
            else:
                # The first candidate cell start in the token is the marker or the category
                # (the pattern's URL holds none): url_end cuts there if its tests pass.
                token_end = _token_end(text, url_stop)
                more_below = (token_end == len(text) or text[token_end] == "\n") and (
                    _NONBLANK.search(text, token_end) is not None
                )
                cat_end = cat_start + len(category)
                if dup:
                    if not more_below:
                        rule = "url:before-duplicate-marker"
                        return url_stop, s4, dup, cat_start, category, rule
                elif (
                    "A" <= category[0] <= "Z"
                    and not in_path(text, cat_end, token_end)
                    and not (
                        more_below and (cat_end != token_end or "/" in text[cat_start:token_end])
                    )
                ):
                    return url_stop, s4, dup, cat_start, category, "url:before-known-category"
        # Any other URL: url_end itself decides, on the token split_url hands it.
        cut, rule = url_end(text, url_start, _token_end(text, url_start), categories)
        s4 = text[cut : cut + 1]
        if s4 != "\t" and s4 != "\n":
            if s4 in _BLANKS:
                return None  # a space after the URL: the tail's blanks would be stripped
            s4 = ""
        found = _DUP.match(text, cut + len(s4))
        dup = None if found is None else found.group()
        cat_start = cut + len(s4) + (len(dup) if dup else 0)
        category = _category_at(categories, text, cat_start)
        if category is None:
            return None
        return cut, s4, dup, cat_start, category, rule

    def _cut(
        self,
        raw: RawRow,
        raw_text: str,
        text: str,
        tabs: bool,
        unterminated: bool,
        anchors: _Anchors,
    ) -> RowResult | None:
        """Find the remaining cells, make sure the parser would cut the same, then build the
        row's result."""
        colon, url_start, date_end, date, first, company = anchors
        start = date.start()
        cell = self._url_cell(text, colon, url_start)
        if cell is None:
            return None
        url_stop, _separator, dup, cat_start, category, url_rule = cell
        if url_stop > _MAX_HEAD_CHARS - 10:
            return None
        url = text[url_start:url_stop]
        cat_end = cat_start + len(category)
        # The title: what stands between the company (and the TAB or line break after it)
        # and the date (and the one before it), on one line.
        co_end = len(company)
        s1 = text[co_end : co_end + 1]
        if s1 != "\t" and s1 != "\n":
            s1 = ""
        elif len(first) != co_end:
            return None  # a longer company cell: the parser may learn it
        s2 = text[start - 1 : start]
        if s2 != "\t" and s2 != "\n":
            s2 = ""
        title = text[co_end + len(s1) : start - len(s2)]
        if not title or "\n" in title or "\t" in title:
            return None
        if title[0] == " " or title[-1] == " ":
            return None  # pieces are stripped, and a space after a name may extend it
        # _find_date, again: the date the parser takes is the first match in the 40 characters
        # before the URL (from the text's start when the URL is nearer). A match starts at a
        # digit, and a month-first one before this date would need this date's day followed by
        # a year. So with no digit before it in reach, it is this date; with one, the parser's
        # own search says which date it takes (the costliest test, so the last).
        low = url_start - _DATE_WINDOW if url_start > _DATE_WINDOW else 0
        if _DIGIT.search(text, low, start) is not None:
            if low:
                # _find_date's first step, which returns this date if it comes first.
                date_match = next(_date_matches(text, low, url_start + 8), None)
            else:
                date_match = _find_date(text)
            if date_match is None or date_match.span() != (start, date_end):
                return None
            if date_match.group("d1") != date.group("d1"):
                return None
        mojibake = None if raw_text.isascii() else find_mojibake(raw_text)
        decisions: list[tuple[str, str]] = [("date", "date:before-url-or-cell-end")]
        decisions.append(("url", url_rule))
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
            # lookup would have matched it whole, unless it is longer than the lookup's
            # window). A short line may read as a name standing alone, or as the row's last
            # cell grown from the known name: left to the parser.
            first_end = len(text) if line_end < 0 else line_end
            if tabs and "\t" in text[cat_end:first_end]:
                return None  # the parser cuts the line at its TAB
            if first_end - cat_start >= WINDOW and self._long_category_names():
                return None  # the whole line might be a name longer than the lookup window
            if first_end - cat_start <= MAX_CATEGORY + 1:
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
        abstract_cell = abstract.strip() or None
        fields: dict[str, Any] = {
            "company": clean_line(company),
            "title": title,
            "marked_duplicate": dup is not None,
            "category": category,
            "abstract": abstract_cell,
            "date": value,
            "url": url,
        }
        # What normalise_fields makes of these fields: company and title are clean already, and
        # the category holds no [Duplicate] marker for it to move (_category_at declines one).
        normalised = {
            **fields,
            "category": self._clean_category(category),
            "abstract": None if abstract_cell is None else normal_abstract(abstract_cell),
            "url": clean_line(url) or None,
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
            normalised=normalised,
        )
        if unterminated:
            reject_if_truncated(result)
        return result


def _category_at(categories: Vocabulary, text: str, start: int) -> str | None:
    """known_category's strict lookup at ``start``, as url_end and _category_and_abstract
    make it; None when it finds no name, or when the parser might read the text differently:
    a name across lines or TABs (the parser cuts the line at a TAB before it looks), or a
    marker the parser strips (a "(duplicate)" that a name starting with a bracket could match).
    """
    category = categories.match_prefix(text[start : start + WINDOW])
    if category is None or "\n" in category or "\t" in category:
        return None
    if category[0] in "[(" and DUPLICATE.match(text, start) is not None:
        return None
    return category


def _token_end(text: str, pos: int) -> int:
    """Where the whitespace-free token running through ``pos`` ends (split_url's TOKEN)."""
    blank = _BLANK.search(text, pos)
    return len(text) if blank is None else blank.start()


def _last_word(text: str) -> str:
    """parser._last_word: the trailing run of ASCII letters and digits, lower-cased."""
    return text[len(text.rstrip(_ASCII_ALNUM)) :].lower()
