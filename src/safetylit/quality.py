"""Data-quality checks: what a person cleaning a paper list should look at, row by row.

A check is a small object with a ``code`` and a function of ``(paper, context)`` that yields
:class:`~safetylit.Problem` objects. :func:`safetylit.load` runs :data:`DEFAULT_CHECKS`; pass
``checks=`` to replace them or ``extra_checks=`` to add your own::

    def no_preprints(paper, context):
        if paper.arxiv_id is not None:
            yield context.problem(paper, "arxiv-only", "url", "only an arXiv link is given")

    papers = safetylit.load(path, extra_checks=[Check("arxiv-only", no_preprints)])
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Literal

from safetylit._models import Paper, Problem
from safetylit._problems import PROBLEM_CODES, problem
from safetylit.urls import UrlInfo, UrlKind

__all__ = [
    "DEFAULT_CHECKS",
    "TITLE_CELL_LIMIT",
    "Check",
    "CheckContext",
    "run_checks",
]

#: The spreadsheet cuts cells at this many characters; a title that long was probably cut.
TITLE_CELL_LIMIT = 100
_ARXIV_EARLY_DAYS = 60
_ARXIV_LATE_DAYS = 366
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$|[.!?]\s*\[\d+\]$")
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"))
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class CheckContext:
    """What a check may look at besides the paper: the whole set and the load's settings.

    Attributes:
        papers: Every paper of the set, in row order (for cross-row checks).
        companies: The known companies (defaults, learned from the file, and the caller's).
        categories: The known categories, likewise.
        closed_vocabulary: The caller asked to flag companies and categories outside the vocabulary.
        today: The date after which a paper's date is in the future.
    """

    papers: Sequence[Paper]
    companies: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    closed_vocabulary: bool = False
    today: _dt.date = field(default_factory=_dt.date.today)

    @cached_property
    def first_row_by_url(self) -> dict[str, Paper]:
        """The first paper carrying each URL (canonical, ``www.`` ignored).

        Built from :attr:`papers`; when streaming (no papers up front) it fills as rows are read.
        """
        first: dict[str, Paper] = {}
        for paper in self.papers:
            key = url_key(paper)
            if key is not None:
                first.setdefault(key, paper)
        return first

    def problem(
        self,
        paper: Paper,
        code: str,
        field_name: str | None,
        what: str,
        *,
        value: str | None = None,
        severity: Literal["error", "warning"] = "warning",
    ) -> Problem:
        """Build a :class:`Problem` for ``paper`` whose message names its row and field.

        Examples:
            >>> ctx = CheckContext(papers=[])
            >>> paper = Paper(company="X", title="T", row=4)
            >>> ctx.problem(paper, "odd", "title", "looks odd").message
            'Row 4, title: looks odd.'
        """
        return problem(
            code,
            row=paper.row,
            line=paper.lines[0] if paper.lines else None,
            title=paper.title,
            field=field_name,
            value=value,
            message=what,
            severity=None if code in PROBLEM_CODES else severity,
        )


def url_key(paper: Paper) -> str | None:
    """The URL two papers share when they point at the same page (canonical, ``www.`` dropped)."""
    return _url_key(paper.url_info)


def _url_key(info: UrlInfo | None) -> str | None:
    if info is None or info.canonical is None:
        return None
    return info.canonical.replace("://www.", "://", 1)


CheckFunction = Callable[[Paper, CheckContext], Iterable[Problem]]
#: ``(papers, context) -> indices``: the papers a check may report on, in order (see Check.screen).
Screen = Callable[[Sequence[Paper], CheckContext], Iterable[int]]


@dataclass(frozen=True)
class Check:
    """A named data-quality check.

    Args:
        code: The stable problem code the check reports (kebab-case); names the check.
        function: ``(paper, context) -> Iterable[Problem]``.
        description: One sentence for the docs and ``safetylit report``.
        codes: Every problem code the check can report, when it reports more than ``code``
            (``unknown-vocabulary`` reports ``unknown-company`` and ``unknown-category``).
        screen: Optional ``(papers, context) -> indices`` naming the papers the check may
            report on; :func:`run_checks` then calls ``function`` on those papers only. Most
            rows pass most checks, and one loop over a list of papers costs far less than a
            call per paper. Build a screened check with :meth:`screened`, which derives
            ``function`` from the screen, so the two cannot disagree.

    Examples:
        >>> def short_title(paper, context):
        ...     if len(paper.title) < 5:
        ...         yield context.problem(paper, "short-title", "title", "the title is very short")
        >>> check = Check("short-title", short_title)
        >>> [p.code for p in check(Paper(company="X", title="AI"), CheckContext(papers=[]))]
        ['short-title']
    """

    code: str
    function: CheckFunction
    description: str = ""
    codes: tuple[str, ...] = ()
    screen: Screen | None = None

    def __call__(self, paper: Paper, context: CheckContext) -> list[Problem]:
        return list(self.function(paper, context))

    @property
    def emits(self) -> tuple[str, ...]:
        """The problem codes this check can report.

        Examples:
            >>> [c.emits for c in DEFAULT_CHECKS if c.code == "unknown-vocabulary"]
            [('unknown-company', 'unknown-category')]
        """
        return self.codes or (self.code,)

    @classmethod
    def screened(
        cls,
        code: str,
        screen: Screen,
        report: CheckFunction,
        description: str = "",
        codes: tuple[str, ...] = (),
    ) -> Check:
        """A check whose condition is written once, as a screen over a list of papers.

        Args:
            code: As for :class:`Check`.
            screen: ``(papers, context) -> indices`` of the papers with something to report.
            report: ``(paper, context) -> problems`` for a paper the screen named.
            description: As for :class:`Check`.
            codes: As for :class:`Check`.

        Returns:
            A :class:`Check` whose ``function`` reports a paper only when the screen names it.

        Examples:
            >>> check = Check.screened(
            ...     "no-url",
            ...     lambda papers, ctx: [i for i, p in enumerate(papers) if p.url is None],
            ...     lambda p, ctx: [ctx.problem(p, "no-url", "url", "the URL is missing")],
            ... )
            >>> [p.message for p in check(Paper(company="X", title="T", row=3), CheckContext([]))]
            ['Row 3, url: the URL is missing.']
        """
        return cls(code, _Screened(screen, report), description, codes, screen)


@dataclass(frozen=True)
class _Screened:
    """A screened check's ``function``: its report, for a paper its screen names."""

    screen: Screen
    report: CheckFunction

    def __call__(self, paper: Paper, context: CheckContext) -> Iterable[Problem]:
        if any(True for _ in self.screen((paper,), context)):
            return self.report(paper, context)
        return ()


# Each default check is a screen and a report for the few papers it names; Check.screened derives
# the per-paper function from the two. The screens are one pass over the papers (_default_screens):
# ten list comprehensions would each pay the loop, the attribute lookups and the URL's
# classification again, about twice what the conditions themselves cost.

_STOPS = frozenset(".!?")
_INVALID = UrlKind.INVALID


def _default_screens(
    papers: Sequence[Paper], ctx: CheckContext, wanted: frozenset[str]
) -> dict[str, list[int]]:
    """The papers each default check in ``wanted`` (by code) reports on, in order."""
    found: dict[str, list[int]] = {code: [] for code in wanted}
    no_abstract, stops, title_cut, arxiv, future, outside, seen, invalid, mended, quotes = (
        found.get(code) for code in _DEFAULT_CODES
    )
    if outside is not None and not ctx.closed_vocabulary:
        outside = None
    first: dict[str, Paper] = {}
    if seen is not None and papers is ctx.papers and "first_row_by_url" not in ctx.__dict__:
        # This pass over the context's own papers fills the map just as the property would,
        # paper by paper: it becomes the property's value, made once instead of twice.
        ctx.__dict__["first_row_by_url"] = first
    elif seen is not None:
        first = ctx.first_row_by_url
    today = ctx.today
    companies, categories = ctx.companies, ctx.categories
    for i, p in enumerate(papers):
        abstract, title, date = p.abstract, p.title, p.date
        if abstract is None:
            if no_abstract is not None:
                no_abstract.append(i)
        elif stops is not None:
            # Only the last characters matter; searching the whole abstract costs per character.
            end = abstract.rstrip()
            if (end[-1:] not in _STOPS or end.endswith("...")) and (
                end.endswith(("...", "…")) or not _TERMINAL.search(end[-24:])
            ):
                stops.append(i)
        info = None if p.url is None else p.url_info
        if title_cut is not None and _title_cut_reason(title, info) is not None:
            title_cut.append(i)
        if info is not None:
            if arxiv is not None and date is not None and (arxiv_id := info.arxiv_id) is not None:
                window = _arxiv_window(arxiv_id)
                if not window[1] <= date <= window[2]:
                    arxiv.append(i)
            if (
                seen is not None
                and (key := _url_key(info)) is not None
                and first.setdefault(key, p) is not p
            ):
                seen.append(i)
            if invalid is not None and info.kind is _INVALID:
                invalid.append(i)
            if mended is not None and info.repairs:
                mended.append(i)
        if future is not None and date is not None and date > today:
            future.append(i)
        if outside is not None and (
            (p.company and p.company not in companies)
            or (p.category is not None and p.category not in categories)
        ):
            outside.append(i)
        if quotes is not None and (
            _unbalanced(title) or (abstract is not None and _unbalanced(abstract))
        ):
            quotes.append(i)
    return found


@dataclass(frozen=True)
class _DefaultScreen:
    """A default check's screen: its share of :func:`_default_screens`, which
    :func:`checks_by_paper` runs once for all the default checks it is given."""

    code: str

    def __call__(self, papers: Sequence[Paper], ctx: CheckContext) -> list[int]:
        return _default_screens(papers, ctx, frozenset((self.code,)))[self.code]


def _report(paper: Paper, code: str, value: str | None = None, **details: Any) -> Problem:
    line = paper.lines[0] if paper.lines else None
    return problem(code, row=paper.row, line=line, title=paper.title, value=value, **details)


def _missing_abstract(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    return (_report(paper, "missing-abstract"),)


def _truncated_abstract(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    end = (paper.abstract or "").rstrip()
    return (_report(paper, "truncated-abstract", end[-40:]),)


def _title_cut_reason(title: str, info: UrlInfo | None) -> str | None:
    """Why ``title`` looks cut (``info``: its paper's URL, None without one), or None."""
    if len(title) == TITLE_CELL_LIMIT:
        return (
            f"the title is exactly {TITLE_CELL_LIMIT} characters, the sheet's cell limit; "
            "it was probably cut"
        )
    if info is None:
        return None
    cut = _slug_contradiction(title, info.url)
    return (
        None if cut is None else f"the title ends in '{cut[0]}' where the URL slug has '{cut[1]}'"
    )


def _truncated_title(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    reason = _title_cut_reason(paper.title, None if paper.url is None else paper.url_info)
    return (_report(paper, "truncated-title", paper.title[-40:], reason=reason),)


_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _slug_contradiction(title: str, url: str | None) -> tuple[str, str] | None:
    """(title's last word, slug word) when the slug continues a word the title cuts short."""
    if not url or not title[-1:].isalnum():
        return None
    lowered = title.lower()
    last = _last_word(lowered)
    segment = url.rstrip("/").rpartition("/")[2].lower()
    # Almost every title is cleared here, before all its words are needed.
    if last is None or not _continued_in(last, segment):
        return None  # no slug word is longer than the title's last word and starts with it
    words = _WORD.findall(lowered)
    if len(words) < 2:
        return None
    before = words[-2]
    slug = [w for w in re.split(r"[^a-z0-9]+", segment) if w]
    for i in range(len(slug) - 1):
        if slug[i] == before and slug[i + 1] != last and slug[i + 1].startswith(last):
            return last, slug[i + 1]
    return None


def _last_word(lowered: str) -> str | None:
    """The last ``[a-z0-9]+`` word of ``lowered``, or None when it has none."""
    tail = lowered[lowered.rfind(" ") + 1 :]
    if tail.isascii() and tail.isalnum():  # so all of it is [a-z0-9], and a space precedes it
        return tail
    words = _WORD.findall(lowered)
    return words[-1] if words else None


def _continued_in(word: str, segment: str) -> bool:
    """Whether ``word`` starts a longer ``[a-z0-9]`` word of ``segment``."""
    at = segment.find(word)
    while at >= 0:
        after = at + len(word)
        if (
            after < len(segment)
            and segment[after] in _SLUG_CHARS
            and (at == 0 or segment[at - 1] not in _SLUG_CHARS)
        ):
            return True
        at = segment.find(word, at + 1)
    return False


def _date_arxiv_mismatch(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    arxiv_id, date = paper.arxiv_id or "", paper.date or ctx.today
    submitted = _arxiv_window(arxiv_id)[0]
    return (
        _report(
            paper,
            "date-arxiv-mismatch",
            f"{date.isoformat()} vs {arxiv_id}",
            date=date.isoformat(),
            month=f"{submitted:%Y-%m}",
            arxiv_id=arxiv_id,
        ),
    )


def _arxiv_window(arxiv_id: str) -> tuple[_dt.date, _dt.date, _dt.date]:
    """The first day of an arXiv id's month, and the first and last plausible dates of the paper."""
    return _arxiv_month(arxiv_id.split("/")[-1][:4])


@cache  # keyed by four digits, so it stays small
def _arxiv_month(yymm: str) -> tuple[_dt.date, _dt.date, _dt.date]:
    year, month = int(yymm[:2]), int(yymm[2:4])
    submitted = _dt.date(year + (1900 if year >= 91 else 2000), month, 1)
    early, late = _dt.timedelta(days=_ARXIV_EARLY_DAYS), _dt.timedelta(days=_ARXIV_LATE_DAYS)
    return submitted, submitted - early, submitted + late


def _future_date(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    return (_report(paper, "future-date", date=paper.date.isoformat() if paper.date else ""),)


def _unknown_vocabulary(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    found = []
    if paper.company and paper.company not in ctx.companies:
        found.append(_report(paper, "unknown-company", paper.company))
    if paper.category is not None and paper.category not in ctx.categories:
        found.append(_report(paper, "unknown-category", paper.category))
    return found


def _duplicate_url(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    key = url_key(paper) or ""
    first = ctx.first_row_by_url[key]
    return (_report(paper, "duplicate-url", key, first_row=first.row),)


def _invalid_url(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    return (_report(paper, "invalid-url", paper.url),)


def _repaired_url(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    info = paper.url_info
    canonical, repairs = ("", ()) if info is None else (info.canonical, info.repairs)
    return (
        _report(paper, "repaired-url", paper.url, canonical=canonical, repairs="; ".join(repairs)),
    )


def _unbalanced_quotes(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    found = []
    for name, text in (("title", paper.title), ("abstract", paper.abstract)):
        if text and _unbalanced(text):
            value = text if name == "title" else None
            found.append(_report(paper, "unbalanced-quotes", value and value[:40], field=name))
    return found


def _unbalanced(text: str) -> bool:
    # Most texts lack most of these characters. "in" finds that out with a fast memchr scan,
    # while count() reads every character; a character that is absent counts 0 on either side.
    if '"' in text and text.count('"') % 2:
        return True
    for open_, close in _PAIRS:
        if (open_ in text or close in text) and text.count(open_) != text.count(close):
            return True
    return False


# The default checks' codes in the order _default_screens unpacks them.
_DEFAULT_CODES = (
    "missing-abstract",
    "truncated-abstract",
    "truncated-title",
    "date-arxiv-mismatch",
    "future-date",
    "unknown-vocabulary",
    "duplicate-url",
    "invalid-url",
    "repaired-url",
    "unbalanced-quotes",
)


def _default(
    code: str, report: CheckFunction, description: str, codes: tuple[str, ...] = ()
) -> Check:
    """A default check: its screen is its share of :func:`_default_screens`."""
    return Check.screened(code, _DefaultScreen(code), report, description, codes)


#: The checks :func:`safetylit.load` runs unless told otherwise, in report order.
DEFAULT_CHECKS: tuple[Check, ...] = (
    _default("missing-abstract", _missing_abstract, "the abstract is empty or a placeholder"),
    _default("truncated-abstract", _truncated_abstract, "the abstract ends mid-sentence"),
    _default(
        "truncated-title",
        _truncated_title,
        "the title hits the cell limit or the slug says it was cut",
    ),
    _default(
        "date-arxiv-mismatch", _date_arxiv_mismatch, "the date is far from the arXiv id's month"
    ),
    _default("future-date", _future_date, "the date is after today"),
    _default(
        "unknown-vocabulary",
        _unknown_vocabulary,
        "company or category outside a closed vocabulary",
        codes=("unknown-company", "unknown-category"),
    ),
    _default("duplicate-url", _duplicate_url, "two rows carry the same canonical URL"),
    _default("invalid-url", _invalid_url, "the URL is not a valid http(s) URL"),
    _default("repaired-url", _repaired_url, "the URL was read after mending how it was typed"),
    _default(
        "unbalanced-quotes", _unbalanced_quotes, "a quote or bracket is opened and never closed"
    ),
)


def run_checks(
    papers: Sequence[Paper], checks: Iterable[Check], context: CheckContext
) -> list[Problem]:
    """Run ``checks`` over ``papers``.

    A check with a :attr:`Check.screen` is called only on the papers its screen names; any
    other check (or a bare function passed as one) on every paper. Papers are not changed:
    :func:`safetylit.load` gives each paper the codes of its problems as :attr:`Paper.flags`.

    Returns:
        The problems found, grouped by paper in the order of ``papers``, each paper's in the
        order of ``checks``.

    Examples:
        >>> p = Paper(company="X", title="T", row=2)
        >>> [x.code for x in run_checks([p], DEFAULT_CHECKS, CheckContext(papers=[p]))]
        ['missing-abstract']
    """
    found = checks_by_paper(papers, checks, context)
    return [problem for index in sorted(found) for problem in found[index]]


def checks_by_paper(
    papers: Sequence[Paper], checks: Iterable[Check], context: CheckContext
) -> dict[int, list[Problem]]:
    """:func:`run_checks`'s problems by the index of their paper (papers with none left out)."""
    found: dict[int, list[Problem]] = {}
    every = range(len(papers))
    checks = tuple(checks)
    screens = [check.screen if isinstance(check, Check) else None for check in checks]
    wanted = frozenset(s.code for s in screens if isinstance(s, _DefaultScreen))
    passed: dict[str, list[int]] | None = None  # the default screens' one pass, made when due
    for check, screen in zip(checks, screens, strict=True):
        # An exact Check is its function; a subclass may override __call__, and a bare function
        # passed as a check has always worked, so those are called as they are.
        function = check.function if type(check) is Check else check
        if isinstance(function, _Screened) and function.screen is screen:
            function = function.report  # the papers below are the ones its screen named
        if isinstance(screen, _DefaultScreen):
            if passed is None:
                passed = _default_screens(papers, context, wanted)
            indices: Iterable[int] = passed[screen.code]
        else:
            indices = every if screen is None else screen(papers, context)
        for index in indices:
            problems = function(papers[index], context)
            if problems:
                own = found.get(index)
                if own is None:
                    found[index] = own = []
                own.extend(problems)
    return found
