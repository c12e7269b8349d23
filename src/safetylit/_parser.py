"""Stage two: one raw row in, its cells out (company, title, date, URL, category, abstract).

The cells of a row are pasted together with no separator, or with TABs, over one or more lines.
Two anchors make the row readable: the date (the first date cell followed by the URL or a cell
boundary) and the URL right after it. Before them stand Company+Title, after them
[Duplicate]+Category+Abstract. Where no separator exists, known names (see
:mod:`safetylit._vocabulary`) cut the pasted text, and a change of case is the last resort (see
``_boundaries.py``); ``_url_cell.py`` decides where the URL ends. Every cut records the named
rule that made it (:data:`safetylit._rules.CUT_RULES`).
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from safetylit._boundaries import (
    MAX_CATEGORY,
    MAX_COMPANY,
    MAX_COMPANY_WORDS,
    NUMBER_WORD,
    WINDOW,
    best_boundary,
    extension,
    is_boundary,
    known_category,
    plausible_category,
    plausible_company,
    plausible_name,
    plural_acronym,
    strong_boundaries,
)
from safetylit._dates import DATE_ANCHOR, DATE_BEFORE_CELL, parse_date_parts
from safetylit._models import Problem
from safetylit._problems import PROBLEM_CODES, problem
from safetylit._reader import RawRow, find_mojibake
from safetylit._text import CONTROL_CHARS, clean_line, printable, replace_special
from safetylit._url_cell import DUPLICATE, URL_START, split_url
from safetylit._vocabulary import Vocabulary
from safetylit.urls import UrlInfo, UrlKind, classify_url

__all__ = ["RowResult", "parse_row"]

_WWW = re.compile(r"[wW][wW][wW]\.")

_SLUG_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_DATE_WINDOW = 40  # longer than any date cell with the separators around it
_DIGIT = re.compile(r"\d")  # the same digits as the date pattern's \d
_MONTH_SPAN = 11  # "September. ": the most a date cell holds before its first digit
# Where a month name can begin: the three letters every spelling the date pattern accepts starts
# with, matched case-insensitively just as the date pattern matches them.
_MONTH_START = re.compile(r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)
_MAX_HEAD_LINES = 4
_MAX_HEAD_CHARS = 1500
_MIN_ONE_WORD_COMPANY = 4  # "Mc" of "McKinsey" is no company
# What may follow a name inside a longer name ("Governance: compute", "Meta AI Research"): a
# row cut at the shorter one is read again when the file teaches a longer one.
_NAME_GOES_ON = frozenset(" :&-(/,")


@dataclass(slots=True)
class RowResult:
    """What one row became: the cell values, or a reason to reject it, and what was noticed."""

    row: int | None
    lines: tuple[int, int]
    fields: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reject: tuple[str, str, str | None] | None = None  # (code, message, field)
    company_candidates: list[str] = field(default_factory=list)  # for a guessed company split
    category_guessed: bool = False
    url_info: UrlInfo | None = None
    mojibake: str | None = None  # the first mojibake sequence seen in the row
    learned_companies: list[str] = field(default_factory=list)
    learned_categories: list[str] = field(default_factory=list)
    # (field, rule) for each cut decided by a named rule: why a cell ends where it does.
    decisions: list[tuple[str, str]] = field(default_factory=list)
    uncut_head: str | None = None  # company+title text with no case change to cut at
    # The fields as normalise_fields would return them, when the cutter had them at hand
    # (the fast path): a paper is then built without normalising again. Not compared, as
    # the full parser never sets it.
    normalised: dict[str, Any] | None = field(default=None, compare=False, repr=False)


def parse_row(
    raw: RawRow,
    companies: Vocabulary,
    categories: Vocabulary,
    *,
    unterminated: bool = False,
) -> RowResult:
    """Cut one raw row into cells.

    Args:
        raw: The row's number, line span and lines.
        companies: Known company names (longest match wins).
        categories: Known category names.
        unterminated: This is the last row of a file that stops without a final newline,
            so an incomplete row is a truncated one.
    """
    lines = raw.lines
    raw_text = "\n".join(lines)
    # Printable text (line breaks aside) has no TAB, control, NBSP-like or zero-width character.
    plain = printable(raw_text.replace("\n", ""))
    text = raw_text if plain or raw_text.isascii() else replace_special(raw_text)
    if (
        any(line[:1] == " " or line[-1:] == " " for line in lines)
        if plain
        else (text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text)
    ):
        text = _EDGE_SPACES.sub("", text)
    result = RowResult(row=raw.row, lines=(raw.first_line, raw.last_line))
    if not raw_text.isascii():
        result.mojibake = find_mojibake(raw_text)
    if not plain and CONTROL_CHARS.search(text):
        text = CONTROL_CHARS.sub("", text)
        result.problems.append(_problem(raw, "control-characters"))
    date_match = _find_date(text)
    url: str | None = None
    if date_match is not None:
        result.decisions.append(("date", "date:before-url-or-cell-end"))
        head, after = text[: date_match.start()], date_match.end()
        url, tail = split_url(text, after, categories, result.decisions)
    elif (url_match := _find_head_url(text)) is not None:
        result.decisions.append(("title", "title:ends-at-url"))
        head = text[: url_match.start()]
        url, tail = split_url(text, url_match.start(), categories, result.decisions)
    elif (date_match := _find_pasted_date(text)) is not None:
        result.decisions.append(("date", "date:before-pasted-cell"))
        head, tail = text[: date_match.start()], text[date_match.end() :]
    else:
        cut = _cut_without_anchor(text, companies, categories, result)
        if cut is None:
            result.reject = (
                "unparseable-row",
                "no date, URL or category found, so the cells cannot be told apart",
                None,
            )
            return result
        head, tail = text[:cut], text[cut:]
    _split_head(head, date_match, url, companies, result, raw)
    if result.reject is not None:
        return result
    _split_tail(tail, categories, result, raw)
    _set_date(date_match, url, result, raw)
    _set_url(url, result, raw)
    if unterminated:
        reject_if_truncated(result)
    return result


def reject_if_truncated(result: RowResult) -> None:
    """Reject the file's unterminated last row when its cells stop short of a whole row."""
    if _looks_truncated(result.fields):
        result.reject = ("truncated-row", PROBLEM_CODES["truncated-row"].template, None)


def _find_date(text: str) -> re.Match[str] | None:
    # Fast path: the date cell stands right before the first URL, so look there first.
    url = _first_url(text, _MAX_HEAD_CHARS)
    if url is not None and url.start() > _DATE_WINDOW:
        low, high = url.start() - _DATE_WINDOW, url.start() + 8
        match = next(_date_matches(text, low, high), None)
        # A match at the window's very start may be a cut-off date: take the slow path then.
        if match is not None and match.start() > url.start() - _DATE_WINDOW + 2:
            head = text[: match.start()]
            if head.count("\n") < _MAX_HEAD_LINES and head.strip():
                return match
    for match in _date_matches(text, 0, _MAX_HEAD_CHARS + 64):
        head = text[: match.start()]
        if head.count("\n") >= _MAX_HEAD_LINES:
            return None
        if head.strip():
            return match
    return None


def _find_pasted_date(text: str) -> re.Match[str] | None:
    """A date on the row's first line pasted straight onto the next cell, after some head."""
    first_line = text.split("\n", 1)[0]
    for match in DATE_BEFORE_CELL.finditer(first_line):
        if first_line[: match.start()].strip():
            return match
    return None


def _cut_without_anchor(
    text: str, companies: Vocabulary, categories: Vocabulary, result: RowResult
) -> int | None:
    """Where Company+Title ends in a row with neither date nor URL, or None when nothing says.

    The row's structure decides, in this order: TABs between its cells; a company alone on the
    first line with the title on the second; a first line followed by one that starts with a
    category (known, standing alone, or pasted onto the abstract); on a single line, where a
    known category is pasted on; last, where a short name stands between two pasted boundaries
    before a long text (the category before the abstract).
    """
    first_end = text.find("\n")
    line = text[:first_end] if first_end >= 0 else text
    if line.count("\t") >= 2:
        cells = [i for i, c in enumerate(line) if c == "\t"]
        if line[: cells[0]].strip() and line[cells[0] : cells[1]].strip():
            result.decisions.append(("title", "title:tab-cells-without-date-or-url"))
            return cells[1]
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip(" \t")]
    if len(lines) >= 3 and _is_lone_name(text[slice(*lines[0])].strip(), companies):
        result.decisions.append(("title", "title:lines-without-date-or-url"))
        return lines[1][1]
    if len(lines) >= 2:
        second = text[slice(*lines[1])].strip(" \t")
        if (
            "\t" in second
            or known_category(second[:WINDOW], categories) is not None
            or plausible_name(second)
            or best_boundary(second, 2, MAX_CATEGORY) is not None
        ):
            result.decisions.append(("title", "title:first-line-of-row-without-date-or-url"))
            return lines[0][1]
    for i in range(3, len(line)):
        if line[i - 1] != " " and is_boundary(line, i) and not line[i - 1].isupper():
            name = known_category(line[i : i + WINDOW], categories)
            if name is not None:
                result.decisions.append(("title", "title:ends-at-known-category"))
                return i
    cut = _category_between_boundaries(line, companies)
    if cut is not None:
        result.decisions.append(("title", "title:ends-before-short-name"))
    return cut


_LINE = re.compile(r"[^\n]+")
_LOWER_PREFIXED_WORD = re.compile(r"[a-z]{1,2}[A-Z]")
# "Gemini 1." (a one- or two-digit version cut at its point) and a lone lowercase "v".
_NEEDS_DIGIT = re.compile(r"(?:(?<![\d.])\d{1,2}\.|(?<![A-Za-z])v)$")
_MIN_ABSTRACT_WORDS = 6
_MAX_NAME_EXTENSION_WORDS = 4
_ABSTRACT_PROBE = 400  # characters looked at for those words


_NAME_WORD = re.compile(r"(?:[A-Z0-9&(][\w.&()'-]*|of|for|and|the|on|in|at|de)")


def _extends_name(rest: str) -> bool:
    """Whether the text after a known name on a line of its own reads as more of that name
    (" Program", " Safety Research") rather than a title's words (" Many-shot jailbreaking")."""
    words = rest.split()
    return (
        rest[:1] == " "
        and 0 < len(words) <= _MAX_NAME_EXTENSION_WORDS
        and all(_NAME_WORD.fullmatch(word) for word in words)
    )


def _is_lone_name(line: str, companies: Vocabulary) -> bool:
    """A line that holds a company and nothing pasted on: known, one word ("HaloForge"), or a
    name with no case change after its known start ("Google DeepMind Safety Research")."""
    if line in companies:
        return True
    if not plausible_company(line):
        return False
    known = companies.match_prefix(line)
    start = len(known) if known is not None else 1
    return " " not in line or best_boundary(line, start, len(line)) is None


def _category_between_boundaries(line: str, companies: Vocabulary) -> int | None:
    """On one line with neither date nor URL: the start of a short name between two pasted
    boundaries that a long text follows (Title|Category|Abstract), after the company."""
    known = companies.match_prefix(line)
    bounds = strong_boundaries(line)
    company_end = len(known) if known is not None else (bounds[0] if bounds else len(line))
    starts = [
        i
        for i in range(company_end + 1, len(line))
        if line[i - 1] != " " and is_boundary(line, i) and not plural_acronym(line, i)
    ]
    for start in starts:
        after = bisect_right(bounds, start)
        if after == len(bounds):
            break
        stop = bounds[after]
        if stop - start > MAX_CATEGORY or not plausible_name(line[start:stop]):
            continue
        # A long text follows: enough words within a few lines' worth of characters.
        if len(line[stop : stop + _ABSTRACT_PROBE].split()) >= _MIN_ABSTRACT_WORDS:
            return start
    return None


def _date_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of ``DATE_ANCHOR.finditer(text, start, end)``, tried only where one can start.

    Every date has a digit at most ``_MONTH_SPAN`` characters in, and only a month-first date
    starts before its first digit, with a month name. So a match can start only at a digit or
    at a month name within reach of one; trying the pattern at every position of a row without
    a URL (most of it prose) cost ten times more.
    """
    pos = start
    while True:
        digit = _DIGIT.search(text, pos, end)
        if digit is None:
            return
        first_digit = digit.start()
        # A day-first or year-first date at the digit is the leftmost match: a month-first one
        # before it would need that digit as its day, followed by a year, where the others need
        # a month name or a dash. So the common case costs one match.
        found = DATE_ANCHOR.match(text, first_digit, end)
        candidate = max(pos, first_digit - _MONTH_SPAN)
        while found is None:
            month = _MONTH_START.search(text, candidate, first_digit)
            if month is None:
                break
            found = DATE_ANCHOR.match(text, month.start(), end)
            candidate = month.start() + 1
        if found is None:
            pos = first_digit + 1
            continue
        yield found
        pos = found.end()


def _first_url(text: str, end: int) -> re.Match[str] | None:
    """``URL_START.search(text, 0, end)``, quick for the usual lower-case http(s) URL."""
    colon = text.find("://", 0, end)
    if colon < 0:
        if text.find("ttp", 0, end) >= 0 or text.find("TTP", 0, end) >= 0:
            return URL_START.search(text, 0, end)  # maybe a mistyped scheme ("https:/")
        # No scheme, so only "www." can start a URL; a character class finds it far faster
        # than the case-insensitive pattern (only "w" and "W" match "w" case-insensitively).
        return _WWW.search(text, 0, end)
    if colon >= 5 and text.startswith("https", colon - 5):
        start = colon - 5
    elif colon >= 4 and text.startswith("http", colon - 4):
        start = colon - 4
    else:
        return URL_START.search(text, 0, end)
    # No URL start can overlap this one, so an earlier match lies wholly in the text before it.
    before = text[:start].lower()
    if "http" in before or "www." in before:
        return URL_START.search(text, 0, end)
    return URL_START.match(text, start, end)


def _find_head_url(text: str) -> re.Match[str] | None:
    match = _first_url(text, _MAX_HEAD_CHARS)
    if match is None:
        return None
    head = text[: match.start()]
    if not head.strip() or head.count("\n") >= _MAX_HEAD_LINES:
        return None
    return match


def _split_head(
    head: str,
    date_match: re.Match[str] | None,
    url: str | None,
    companies: Vocabulary,
    result: RowResult,
    raw: RawRow,
) -> None:
    """Company and title from the text before the date (or URL), with the date's day resolved."""
    if date_match is not None and date_match.group("d1") and head:
        head = _resolve_glued_day(head, date_match, url, result, raw)
    if "\t" in head or "\n" in head:
        pieces = [p for p in (s.strip(" ") for s in head.replace("\t", "\n").split("\n")) if p]
    else:
        piece = head.strip(" ")
        pieces = [piece] if piece else []
    if not pieces:
        result.reject = ("missing-title", "the row has no company or title", "title")
        return
    first = pieces[0]
    known = companies.match_prefix(first)
    if known is None:
        # "OpenAIxHarmNet: ...": a title may start with a lowercase-prefixed word ("xLSTM").
        loose = companies.match_prefix(first, lowercase_ok=True)
        if loose is not None and _LOWER_PREFIXED_WORD.match(first, len(loose)):
            known = loose
    if len(pieces) >= 2 and (known is None or known == first or _extends_name(first[len(known) :])):
        # A cell standing alone is whole: "MATS Program" on its line extends the known "MATS".
        company, title = first, " ".join(pieces[1:])
        result.decisions.append(("company", "company:cell-alone"))
        if known != first and plausible_company(first):
            result.learned_companies.append(first)
    elif known is not None:
        longer = extension(first, len(known))
        if longer is not None:
            company = first[:longer]
            result.company_candidates = [company]
            result.decisions.append(("company", "company:known-name-extended"))
        else:
            company = known
            result.decisions.append(("company", "company:known-name"))
            if first[len(known) : len(known) + 1] in _NAME_GOES_ON:
                result.company_candidates = [known]  # a longer name learned later may fit
        title = " ".join([first[len(company) :], *pieces[1:]])
    else:
        candidates = _company_candidates(first)
        if not candidates:
            company, title = "", " ".join(pieces)
            result.uncut_head = first
        else:
            result.company_candidates = candidates
            company = _pick_company(candidates)
            result.decisions.append(("company", "company:case-boundary"))
            title = " ".join([first[len(company) :], *pieces[1:]])
            others = [c for c in candidates if c != company]
            if others:
                shown = ", ".join(f"'{c}'" for c in others[:3])
                result.problems.append(_problem(raw, "company-guessed", company, others=shown))
    title = clean_line(title)
    if not title:
        result.reject = ("missing-title", "the row has no title", "title")
        return
    if not company:
        result.problems.append(_problem(raw, "missing-company", first))
    result.fields["company"] = clean_line(company)
    result.fields["title"] = title


def _resolve_glued_day(
    head: str, date_match: re.Match[str], url: str | None, result: RowResult, raw: RawRow
) -> str:
    """Give a two-digit day's first digit back to the title when the evidence says so.

    ``"May 202324-May-23"`` is the title ``"May 2023"`` and the day 24; ``"GPT-46-Jun-24"`` is
    ``"GPT-4"`` and the day 6. A day must exist in its month, and the URL slug says which digits
    belong to the title.
    """
    day = date_match.group("d1")
    if len(day) != 2 or head[-1] in "\t\n":
        return head  # a TAB or a line break is a cell boundary: nothing is glued
    # The title's last word as it ends with the two-digit day ("2023", "v", "") or with one digit
    # of it given back ("20232", "v2", "4"): the URL slug may name one of them.
    word_two = _last_word(head)
    word_one = word_two + day[0]
    number_two = _trailing_number(head)
    # Without evidence, a title keeps a digit only where it ends in a number ("GPT-4", "Part 2").
    separate = bool(number_two) or head[-1] in " -"
    # "Gemini 1." and "v" need a digit: the day's first one completes them.
    needs_digit = _NEEDS_DIGIT.search(head) is not None
    # A substring test first: tokenising the URL is only worth it when the word can be there.
    in_url = url is not None and word_one in url.lower()
    if not separate and not in_url and not needs_digit:
        result.fields["_day"] = day  # most titles end in a letter: nothing to give back
        return head
    month, year = date_match.group("m1"), date_match.group("y1")
    two_ok = parse_date_parts(day, month, year) is not None
    one_ok = day[1] != "0" and parse_date_parts(day[1], month, year) is not None
    maybe = one_ok and in_url
    slug = _slug_words(url) if maybe and url else set()
    by_slug = word_one in slug and word_two not in slug
    # The slug naming the title's word without the digit outweighs a number that needs one.
    needs_digit = needs_digit and not _in_slug(word_two, url)
    take_one = one_ok and (by_slug or needs_digit or (separate and not two_ok))
    # Both readings are real dates and nothing decided between them but a default: say so.
    warning: tuple[str, str] | None = None
    if one_ok and two_ok and needs_digit and not by_slug:
        warning = head[-12:].lstrip(), f"{day[1]}, as the title's number needs a digit"
    elif one_ok and two_ok and not by_slug and number_two and not _in_slug(word_two, url):
        warning = number_two, day
    if warning is not None:
        shown, read_as = warning
        result.problems.append(
            _problem(
                raw,
                "ambiguous-date",
                head[-12:] + date_match.group(0),
                longer=shown + day[0],
                shorter=shown,
                day=read_as,
            )
        )
    if take_one:
        rule = (
            "title:day-digit-by-slug"
            if by_slug
            else "title:day-digit-completes-number"
            if needs_digit
            else "title:day-digit-by-day"
        )
        result.decisions.append(("title", rule))
    result.fields["_day"] = day[1] if take_one else day
    return head + day[0] if take_one else head


_DIGITS = "0123456789"
_ALNUM = _DIGITS + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _trailing_number(text: str) -> str:
    return text[len(text.rstrip(_DIGITS)) :]


def _last_word(text: str) -> str:
    return text[len(text.rstrip(_ALNUM)) :].lower()


def _in_slug(word: str, url: str | None) -> bool:
    return url is not None and word in url.lower() and word in _slug_words(url)


def _slug_words(url: str) -> set[str]:
    # Split at case changes too, as "Gpt4" and "gpt-4" name the same words.
    return {w.lower() for w in _SLUG_SPLIT.split(url) if w}


def _company_candidates(text: str) -> list[str]:
    """Prefixes of ``text`` that could be an unknown company pasted onto a title, shortest first.

    A prefix ends where a pasted cell may start (a case change with no space) and reads as a
    name: a few words, no sentence punctuation. Boundaries after a lowercase letter or a
    closing bracket ("UniversityChem", "(17 authors)Societal") come first; those inside a run of
    capitals ("AIQuiet") only when no other exists.
    """
    strong: list[str] = []
    weak: list[str] = []
    limit = min(len(text) - 1, MAX_COMPANY)
    for i in range(1, limit + 1):
        if text[i - 1] in ":;?!":
            break  # a title's punctuation: the company ended before it
        number = text[i - 1].islower() and NUMBER_WORD.match(text, i) is not None
        if text[i - 1] == " " or not (number or is_boundary(text, i)):
            continue
        if text[i - 1] == "." and text[i].isdigit():
            continue  # a decimal point ("1.5"), not a pasted boundary
        prefix = text[:i]
        if len(prefix.split()) > MAX_COMPANY_WORDS:
            break
        if not prefix[0].isalnum():
            continue
        prev = text[i - 1]
        if prev.islower() or prev in ").":
            if " " in prefix or len(prefix) >= _MIN_ONE_WORD_COMPANY:
                strong.append(prefix)
        elif not plural_acronym(text, i):
            weak.append(prefix)
    return strong or weak


def _pick_company(candidates: list[str]) -> str:
    """The likeliest cut among the candidates (shortest first).

    The first boundary, since a title holds a case change ("Yale UniversityChemSafetyBench")
    more often than a company of several words does; but where the company is one word of
    several humps ("CrowdStrikeCyberSOCEval"), a one-hump company is the rarer reading, so the
    second boundary of that word is taken.
    """
    first = candidates[0]
    if " " not in first and len(candidates) > 1 and " " not in candidates[1]:
        return candidates[1]
    return first


def _split_tail(tail: str, categories: Vocabulary, result: RowResult, raw: RawRow) -> None:
    """[Duplicate] marker, category and abstract from the text after the URL."""
    # Only the first non-blank line holds cells; the abstract after it is sliced off whole
    # rather than split into lines and joined again.
    first: str | None = None
    rest: str | None = None  # the text after the first line; None when no line follows
    pos = 0
    while True:
        end = tail.find("\n", pos)
        line = (tail[pos:] if end < 0 else tail[pos:end]).strip(" \t")
        if line:
            first, rest = line, None if end < 0 else tail[end + 1 :]
            break
        if end < 0:
            break
        pos = end + 1
    marked = False
    category: str | None = None
    abstract = ""
    if first is not None:
        marker = DUPLICATE.match(first)
        if marker is not None:
            marked = True
            first = first[marker.end() :].strip(" \t")
            if not first and rest is not None:
                line, newline, after = rest.partition("\n")
                first, rest = line.strip(" \t"), after if newline else None
        category, abstract = _category_and_abstract(first, rest, marked, categories, result)
    result.fields["marked_duplicate"] = marked
    result.fields["category"] = category
    result.fields["abstract"] = abstract.strip() or None
    if category is None:
        result.problems.append(_problem(raw, "missing-category"))


def _with_rest(text: str, rest: str | None) -> str:
    """``text`` followed by the lines of ``rest`` (if any)."""
    return text if rest is None else f"{text}\n{rest}"


def _category_and_abstract(
    first: str, rest: str | None, marked: bool, categories: Vocabulary, result: RowResult
) -> tuple[str | None, str]:
    if "\t" in first:
        category, abstract = (part.strip(" \t") for part in first.split("\t", 1))
        if category and category not in categories and plausible_name(category):
            result.learned_categories.append(category)
        result.decisions.append(("category", "category:cell-alone"))
        return category or None, _with_rest(abstract, rest)
    # A marked category is a cell of its own when the row goes on below it; a marked category
    # that ends the row may have the abstract pasted on ("Honest AITowards ..."): cut below.
    alone = first in categories or (
        plausible_category(first)
        and rest is not None
        and (marked or bool(rest.partition("\n")[0].strip()))
    )
    if alone:
        result.decisions.append(("category", "category:cell-alone"))
        if first not in categories:
            result.learned_categories.append(first)
        return first, rest or ""
    known = known_category(first[:WINDOW], categories)
    if known is not None:
        longer = extension(first, len(known))
        if (
            longer is None
            and rest is None
            and plausible_name(first)
            and best_boundary(first, len(known), len(first)) is None
        ):
            longer = len(first)  # the row's last cell: nothing follows the longer name
        if longer is not None:
            result.decisions.append(("category", "category:known-name-extended"))
            result.category_guessed = True
            return first[:longer], _with_rest(first[longer:], rest)
        result.decisions.append(("category", "category:known-name"))
        if first[len(known) : len(known) + 1] in _NAME_GOES_ON:
            result.category_guessed = True  # a longer name learned later may fit
        return known, _with_rest(first[len(known) :], rest)
    cut = best_boundary(first, 2, MAX_CATEGORY)
    if cut is not None:
        result.category_guessed = True
        result.decisions.append(("category", "category:case-boundary"))
        return first[:cut].strip(), _with_rest(first[cut:], rest)
    if rest is None and (plausible_category(first) if marked else plausible_name(first)):
        result.decisions.append(("category", "category:alone-at-row-end"))
        return first, ""
    return None, _with_rest(first, rest)


def _set_date(
    date_match: re.Match[str] | None, url: str | None, result: RowResult, raw: RawRow
) -> None:
    day_override = result.fields.pop("_day", None)
    if date_match is None:
        result.fields["date"] = None
        result.problems.append(_problem(raw, "missing-date"))
        return
    first_day = date_match.group("d1")
    if first_day:
        day, month, year = day_override or first_day, *date_match.group("m1", "y1")
    elif date_match.group("d2"):
        day, month, year = date_match.group("d2", "m2", "y2")
    else:
        day, month, year = date_match.group("d3", "m3", "y3")
    value: _dt.date | None = parse_date_parts(day, month, year)
    if value is None:
        shown = date_match.group(0)
        if day_override and first_day and day_override != first_day:
            shown = shown[1:]
        result.problems.append(_problem(raw, "bad-date", shown))
    result.fields["date"] = value


def _set_url(url: str | None, result: RowResult, raw: RawRow) -> None:
    if url is None:
        result.fields["url"] = None
        result.problems.append(_problem(raw, "missing-url"))
        return
    url = url.strip()
    result.url_info = info = classify_url(url)
    if info.kind is UrlKind.INVALID:
        result.fields["url"] = None
        result.problems.append(_problem(raw, "invalid-url", url[:80]))
        return
    result.fields["url"] = url


def _looks_truncated(fields: dict[str, Any]) -> bool:
    abstract = fields.get("abstract")
    if fields.get("url") is None or fields.get("category") is None or not abstract:
        return True
    return not str(abstract).rstrip().endswith((".", "!", "?", ")", '"', "'", "”", "’"))


def _problem(raw: RawRow, code: str, value: str | None = None, **details: Any) -> Problem:
    return problem(code, row=raw.row, line=raw.first_line, value=value, **details)
