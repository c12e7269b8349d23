"""A fast row cutter for the common row shape, with the full parser as the reference.

Most rows of an export have one shape: a known company, a title, a date in the sheet's usual
``17-Jun-24`` form, a plain lower-case http(s) URL, an optional ``[Duplicate]`` marker, a known
category and an abstract, over one to a few lines. :func:`safetylit.parser.parse_row` reads such
a row with the same searching it needs for the hard ones (every date candidate, every case change,
every URL-tail rule). :class:`FastCutter` settles these rows with one compiled pattern and a
handful of string tests, and returns a :class:`~safetylit.parser.RowResult` *equal* to what
``parse_row`` returns, or ``None`` whenever it cannot be certain; the caller then runs
``parse_row``. Speed is the goal, identity is absolute: every test below that could let a row
read differently declines it.

Why each test is enough is written next to it, in terms of the parser step it stands in for
(``_find_date``, ``split_url``/``url_end``, ``_split_head``/``_resolve_glued_day``,
``_split_tail``/``_category_and_abstract``, ``_set_date``, ``_set_url``). The final steps
(``parse_date_parts``, ``classify_url``, ``clean_line``, ``in_path``, ``_looks_truncated``) are
the parser's own functions, so their results are the same by construction.
"""

from __future__ import annotations

import re
from typing import Any

from safetylit._boundaries import plausible_category, plausible_name
from safetylit._text import CONTROL_CHARS, clean_line, replace_special
from safetylit._url_cell import DUPLICATE, in_path
from safetylit.dates import DATE_ANCHOR, parse_date_parts
from safetylit.parser import RowResult, _find_date, _looks_truncated
from safetylit.reader import RawRow, find_mojibake
from safetylit.urls import UrlKind, classify_url
from safetylit.vocabulary import Vocabulary

__all__ = ["FastCutter"]

# The parser's own limits, restated (see parser.py): the URL must be found by ``_first_url``'s
# bounded search, the date window is 40 characters before the URL, a head has < 4 line breaks.
_MAX_HEAD_CHARS = 1500
_DATE_WINDOW = 40
_MAX_HEAD_LINES = 4
_WINDOW = 160  # _boundaries.WINDOW: how much text known_category looks at
_NAME_GOES_ON = frozenset(" :&-(/,")  # parser._NAME_GOES_ON: a longer name may follow
_MAX_NAME = 60  # plausible_name's limit: a longer first tail line can never stand alone

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)
_DIGIT = re.compile(r"\d")
_NONBLANK = re.compile(r"\S")  # what str.strip() keeps: re's and str's blanks are the same

# The date cell, then the URL: the one place in a row where the cutter looks for structure.
# The URL's characters exclude every character ``url_end`` treats as a possible cell start
# (capitals, quotes, brackets) and every blank, so the character after it is where the token
# ends or where the first candidate cell starts.
_DATE_URL = re.compile(
    rf"(?P<d>[0-9]{{1,2}})-(?P<m>{_MONTHS})-(?P<y>[0-9][0-9])(?P<sep>[\n\t]?)"
    r"(?P<url>https?://[a-z0-9._~:/?#@!$&*+,;=%-]{2,})"
)


class FastCutter:
    """Cuts the rows of the common shape without the full parser's searching.

    Args:
        companies: The load's company vocabulary (the same object ``parse_row`` gets).
        categories: The load's category vocabulary.

    The vocabularies may grow between calls (a load learns names from rows): the cutter reads
    them at each call through :meth:`Vocabulary.match_prefix` and ``in``, so it always cuts with
    what ``parse_row`` would cut with. One instance holds no per-row state, but the
    vocabularies it reads are not locked: use it from one thread at a time, as the load does.
    """

    __slots__ = ("_categories", "_companies")

    def __init__(self, companies: Vocabulary, categories: Vocabulary) -> None:
        self._companies = companies
        self._categories = categories

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
        # The parser's preamble, step by step: the text it cuts, and what it notices.
        if all(map(str.isprintable, lines)) or raw_text.replace("\n", "").isprintable():
            text = raw_text
            if any(line[:1] == " " or line[-1:] == " " for line in lines):
                text = _EDGE_SPACES.sub("", text)
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
        mojibake = None if raw_text.isascii() else find_mojibake(raw_text)
        # _first_url: the first "://" is this URL's, and nothing before it could start one.
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
        # The date cell ends right before the URL or at the end of the line above it.
        date_end = url_start - 1 if text[url_start - 1 : url_start] in ("\n", "\t") else url_start
        found = _DATE_URL.match(text, date_end - 9) if date_end >= 9 else None
        if found is None or found.start("url") != url_start:
            found = _DATE_URL.match(text, date_end - 8) if date_end >= 8 else None
            if found is None or found.start("url") != url_start:
                return None
        start = found.start()
        if start == 0:
            return None
        head = text[:start]
        if head[-1] == " " or head.count("\n") >= _MAX_HEAD_LINES - 1:
            return None
        # _find_date: with no digit in reach before this date, the first date match the parser
        # tries (at a digit) is this one; with one, ask the parser which date it takes.
        if url_start > _DATE_WINDOW:
            high = url_start + 8
            low = url_start - _DATE_WINDOW
        else:
            high = _MAX_HEAD_CHARS + 64
            low = 0
        if _DIGIT.search(text, low, start) is None:
            date_match = DATE_ANCHOR.match(text, start, high)
        else:
            date_match = _find_date(text)
        if (
            date_match is None
            or date_match.span() != (start, found.end("y"))
            or date_match.group("d1") is None
        ):
            return None
        if not head.strip():
            return None
        result = self._finish(raw, text, head, found, date_match, unterminated)
        if result is not None:
            result.mojibake = mojibake
        return result

    def _finish(
        self,
        raw: RawRow,
        text: str,
        head: str,
        found: re.Match[str],
        date_match: re.Match[str],
        unterminated: bool,
    ) -> RowResult | None:
        categories = self._categories
        decisions: list[tuple[str, str]] = [("date", "date:before-url-or-cell-end")]
        # --- split_url / url_end -------------------------------------------------------------
        url_start, url_stop = found.span("url")
        size = len(text)
        nxt = text[url_stop] if url_stop < size else "\n"
        if nxt == "\t":
            # A TAB ends the token before any candidate is looked at: "url:before-separator".
            cut = url_stop
            decisions.append(("url", "url:before-separator"))
        elif nxt == "\n":
            # The token ends its line and holds no candidate cell start: "url:line-end".
            cut = url_stop
            decisions.append(("url", "url:line-end"))
        else:
            token_end = _token_end(text, url_stop)
            line_end = token_end >= size or text[token_end] == "\n"
            more_below = line_end and _NONBLANK.search(text, token_end) is not None
            if nxt == "[":
                if more_below or DUPLICATE.match(text, url_stop) is None:
                    return None
                decisions.append(("url", "url:before-duplicate-marker"))
            elif "A" <= nxt <= "Z":
                name = categories.match_prefix(text[url_stop : url_stop + _WINDOW])
                if name is None or in_path(text, url_stop + len(name), token_end):
                    return None
                if more_below and (
                    url_stop + len(name) != token_end or "/" in text[url_stop:token_end]
                ):
                    return None
                decisions.append(("url", "url:before-known-category"))
            else:
                return None
            cut = url_stop
        url = text[url_start:cut]
        # --- _split_head and _resolve_glued_day ------------------------------------------------
        fields: dict[str, Any] = {}
        company_candidates: list[str] = []
        category_guessed = False
        day = date_match.group("d1")
        if len(day) == 2 and head[-1] not in "\t\n":
            last = head[-1]
            # The day's first digit stays with the date unless the title ends in a number, a
            # space or a hyphen, a "1." or a lone "v", or the URL names the title's last word
            # with that digit: all of those are left to the parser.
            if last in " -.v0123456789" or (_last_word(head) + day[0]) in url.lower():
                return None
        companies = self._companies
        if "\t" in head or "\n" in head:
            pieces = [p for p in (s.strip(" ") for s in head.replace("\t", "\n").split("\n")) if p]
        else:
            pieces = [head]  # no edge space: the text's start, and head[-1] is no space
        first = pieces[0]
        if len(pieces) >= 2:
            # A known company alone on its line is a whole cell ("company:cell-alone").
            if first not in companies:
                return None
            company = first
            title = " ".join(pieces[1:])
            company_rule = "company:cell-alone"
        else:
            known = companies.match_prefix(first)
            if known is None:
                return None
            goes_on = first[len(known) : len(known) + 1]
            if goes_on in _NAME_GOES_ON:
                if goes_on == " ":
                    return None  # the known name may extend into a longer one
                company_candidates = [known]  # a longer name learned later may fit
            company = known
            title = first[len(known) :]
            company_rule = "company:known-name"
        title = clean_line(title)
        if not title:
            return None
        fields["company"] = clean_line(company)
        fields["title"] = title
        decisions.append(("company", company_rule))
        # --- _split_tail and _category_and_abstract --------------------------------------------
        pos = cut
        tail_first: str | None = None
        rest: str | None = None
        while True:
            end = text.find("\n", pos)
            line = (text[pos:] if end < 0 else text[pos:end]).strip(" \t")
            if line:
                tail_first, rest = line, None if end < 0 else text[end + 1 :]
                break
            if end < 0:
                break
            pos = end + 1
        if tail_first is None:
            return None
        marked = False
        marker = DUPLICATE.match(tail_first)
        if marker is not None:
            marked = True
            tail_first = tail_first[marker.end() :].strip(" \t")
            if not tail_first and rest is not None:
                line, newline, after = rest.partition("\n")
                tail_first, rest = line.strip(" \t"), after if newline else None
        if "\t" in tail_first:
            category, abstract = (part.strip(" \t") for part in tail_first.split("\t", 1))
            if category not in categories:
                return None  # a name the parser may learn, or none
            if rest is not None:
                abstract = f"{abstract}\n{rest}"
            decisions.append(("category", "category:cell-alone"))
        elif tail_first in categories:
            category = tail_first
            abstract = rest or ""
            decisions.append(("category", "category:cell-alone"))
        else:
            short = len(tail_first) <= _MAX_NAME + 1  # else plausible_category is False
            if short and plausible_category(tail_first):
                if marked or (rest is not None and rest.partition("\n")[0].strip()):
                    return None  # a name standing alone that the parser would learn
                if rest is None:
                    return None  # the row's last cell: a longer name may be read
            name = categories.match_prefix(tail_first[:_WINDOW])
            if name is None:
                return None
            goes_on = tail_first[len(name) : len(name) + 1]
            if goes_on in _NAME_GOES_ON:
                if goes_on == " ":
                    return None  # the known name may extend into a longer one
                category_guessed = True  # a longer name learned later may fit
            if rest is None and short and plausible_name(tail_first):
                return None  # the row's last cell: a longer name may be read
            category = name
            abstract = tail_first[len(name) :] if rest is None else f"{tail_first[len(name) :]}\n{rest}"
            decisions.append(("category", "category:known-name"))
        fields["marked_duplicate"] = marked
        fields["category"] = category
        fields["abstract"] = abstract.strip() or None
        # --- _set_date -------------------------------------------------------------------------
        value = parse_date_parts(*date_match.group("d1", "m1", "y1"))
        if value is None:
            return None
        fields["date"] = value
        # --- _set_url --------------------------------------------------------------------------
        info = classify_url(url)
        if info.kind is UrlKind.INVALID:
            return None
        fields["url"] = url
        result = RowResult(
            row=raw.row,
            lines=(raw.first_line, raw.last_line),
            fields=fields,
            url_info=info,
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


_TOKEN_END = re.compile(r"\s")
_ALNUM_TAIL = re.compile(r"[0-9A-Za-z]*\Z")


def _token_end(text: str, pos: int) -> int:
    """Where the whitespace-free token running through ``pos`` ends (split_url's TOKEN)."""
    blank = _TOKEN_END.search(text, pos)
    return len(text) if blank is None else blank.start()


def _last_word(text: str) -> str:
    """parser._last_word: the trailing run of ASCII letters and digits, lower-cased."""
    return text[len(text.rstrip("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) :].lower()
