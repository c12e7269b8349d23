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
from typing import Literal

from safetylit.models import Paper, Problem
from safetylit.urls import UrlKind

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
        where = f"Row {paper.row}" if paper.row is not None else f"Paper {paper.title[:40]!r}"
        field_part = f", {field_name}" if field_name else ""
        return Problem(
            code=code,
            severity=severity,
            row=paper.row,
            line=paper.lines[0] if paper.lines else None,
            field=field_name,
            value=None if value is None else value[:80],
            message=f"{where}{field_part}: {what}.",
        )


def url_key(paper: Paper) -> str | None:
    """The URL two papers share when they point at the same page (canonical, ``www.`` dropped)."""
    info = paper.url_info
    if info is None or info.canonical is None:
        return None
    return info.canonical.replace("://www.", "://", 1)


CheckFunction = Callable[[Paper, CheckContext], Iterable[Problem]]


@dataclass(frozen=True)
class Check:
    """A named data-quality check.

    Args:
        code: The stable problem code the check reports (kebab-case).
        function: ``(paper, context) -> Iterable[Problem]``.
        description: One sentence for the docs and ``safetylit report``.

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

    def __call__(self, paper: Paper, context: CheckContext) -> list[Problem]:
        return list(self.function(paper, context))


# The default checks return a tuple, not a generator: they run on every row, and most rows pass,
# so the empty case must cost no more than a function call.
_NONE: tuple[Problem, ...] = ()


def _missing_abstract(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    if paper.abstract is not None:
        return _NONE
    what = "the abstract is empty or a placeholder"
    return (ctx.problem(paper, "missing-abstract", "abstract", what),)


def _truncated_abstract(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    text = paper.abstract
    if text is None:
        return _NONE
    end = text.rstrip()
    # Only the last characters matter; searching the whole abstract would cost per character.
    if end[-1:] in (".", "!", "?") and not end.endswith("..."):
        return _NONE
    if not end.endswith(("...", "…")) and _TERMINAL.search(end[-24:]):
        return _NONE
    return (
        ctx.problem(
            paper,
            "truncated-abstract",
            "abstract",
            "the abstract stops mid-sentence; it may have been cut",
            value=end[-40:],
        ),
    )


def _truncated_title(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    title = paper.title
    if len(title) == TITLE_CELL_LIMIT:
        return (
            ctx.problem(
                paper,
                "truncated-title",
                "title",
                f"the title is exactly {TITLE_CELL_LIMIT} characters, the sheet's cell limit; "
                "it was probably cut",
                value=title[-40:],
            ),
        )
    info = paper.url_info
    cut = _slug_contradiction(title, None if info is None else info.url)
    if cut is None:
        return _NONE
    return (
        ctx.problem(
            paper,
            "truncated-title",
            "title",
            f"the title ends in '{cut[0]}' where the URL slug has '{cut[1]}'",
            value=title[-40:],
        ),
    )


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
    arxiv_id, date = paper.arxiv_id, paper.date
    if arxiv_id is None or date is None:
        return _NONE
    submitted, earliest, latest = _arxiv_window(arxiv_id)
    if earliest <= date <= latest:
        return _NONE
    return (
        ctx.problem(
            paper,
            "date-arxiv-mismatch",
            "date",
            f"the date {date.isoformat()} is far from the arXiv id's month "
            f"{submitted:%Y-%m} ({arxiv_id})",
            value=f"{date.isoformat()} vs {arxiv_id}",
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
    if paper.date is None or paper.date <= ctx.today:
        return _NONE
    return (
        ctx.problem(
            paper, "future-date", "date", f"the date {paper.date.isoformat()} is in the future"
        ),
    )


def _unknown_vocabulary(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    if not ctx.closed_vocabulary:
        return _NONE
    found = []
    if paper.company and paper.company not in ctx.companies:
        found.append(
            ctx.problem(
                paper,
                "unknown-company",
                "company",
                f"'{paper.company}' is not a known company",
                value=paper.company,
            )
        )
    if paper.category is not None and paper.category not in ctx.categories:
        found.append(
            ctx.problem(
                paper,
                "unknown-category",
                "category",
                f"'{paper.category}' is not a known category",
                value=paper.category,
            )
        )
    return found


def _duplicate_url(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    key = url_key(paper)
    if key is None:
        return _NONE
    first = ctx.first_row_by_url.setdefault(key, paper)
    if first is paper:
        return _NONE
    return (
        ctx.problem(
            paper, "duplicate-url", "url", f"row {first.row} carries the same URL", value=key
        ),
    )


def _invalid_url(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    info = paper.url_info
    if info is None or info.kind is not UrlKind.INVALID:
        return _NONE
    return (
        ctx.problem(
            paper,
            "invalid-url",
            "url",
            f"'{paper.url}' is not a valid URL",
            value=paper.url,
            severity="error",
        ),
    )


def _repaired_url(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    info = paper.url_info
    if info is None or not info.repairs:
        return _NONE
    return (
        ctx.problem(
            paper,
            "repaired-url",
            "url",
            f"'{paper.url}' was read as '{info.canonical}' ({'; '.join(info.repairs)})",
            value=paper.url,
        ),
    )


def _unbalanced_quotes(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    title, abstract = paper.title, paper.abstract
    in_title = _unbalanced(title) if title else False
    in_abstract = _unbalanced(abstract) if abstract else False
    return _quote_problems(paper, ctx, in_title, in_abstract)


def _quote_problems(
    paper: Paper, ctx: CheckContext, in_title: bool, in_abstract: bool
) -> list[Problem]:
    found = []
    for name, text, unbalanced in (
        ("title", paper.title, in_title),
        ("abstract", paper.abstract, in_abstract),
    ):
        if unbalanced:
            found.append(
                ctx.problem(
                    paper,
                    "unbalanced-quotes",
                    name,
                    f"the {name} opens a quote or bracket it never closes",
                    value=text[:40] if text and name == "title" else None,
                )
            )
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


#: The checks :func:`safetylit.load` runs unless told otherwise, in report order.
DEFAULT_CHECKS: tuple[Check, ...] = (
    Check("missing-abstract", _missing_abstract, "the abstract is empty or a placeholder"),
    Check("truncated-abstract", _truncated_abstract, "the abstract ends mid-sentence"),
    Check(
        "truncated-title",
        _truncated_title,
        "the title hits the cell limit or the slug says it was cut",
    ),
    Check("date-arxiv-mismatch", _date_arxiv_mismatch, "the date is far from the arXiv id's month"),
    Check("future-date", _future_date, "the date is after today"),
    Check(
        "unknown-vocabulary", _unknown_vocabulary, "company or category outside a closed vocabulary"
    ),
    Check("duplicate-url", _duplicate_url, "two rows carry the same canonical URL"),
    Check("invalid-url", _invalid_url, "the URL is not a valid http(s) URL"),
    Check("repaired-url", _repaired_url, "the URL was read after mending how it was typed"),
    Check("unbalanced-quotes", _unbalanced_quotes, "a quote or bracket is opened and never closed"),
)


def run_checks(
    papers: Sequence[Paper], checks: Iterable[Check], context: CheckContext
) -> list[Problem]:
    """Run ``checks`` over ``papers``; set each paper's :attr:`~safetylit.Paper.flags`.

    Returns:
        The problems found, grouped by paper in row order.

    Examples:
        >>> p = Paper(company="X", title="T", row=2)
        >>> [x.code for x in run_checks([p], DEFAULT_CHECKS, CheckContext(papers=[p]))]
        ['missing-abstract']
        >>> sorted(p.flags)
        ['missing-abstract']
    """
    checks = tuple(checks)
    # The default checks, when they come first, run as one function (see _default_problems).
    defaults = checks[: len(DEFAULT_CHECKS)] == DEFAULT_CHECKS
    # An exact Check is its function; a subclass may override __call__, and a bare function
    # passed as a check has always worked, so those are called as they are.
    functions = tuple(
        check.function if type(check) is Check else check
        for check in checks[len(DEFAULT_CHECKS) if defaults else 0 :]
    )
    found: list[Problem] = []
    for paper in papers:
        own = _default_problems(paper, context) if defaults else []
        for function in functions:
            own.extend(function(paper, context))
        if own:
            paper._flags = _flags_of(paper) | {p.code for p in own}
            found.extend(own)
    return found


def _flags_of(paper: Paper) -> frozenset[str]:
    """``paper._flags``, read from where pydantic keeps it.

    Pydantic reads private attributes through ``BaseModel.__getattr__``, which costs more than
    all the default checks of a row together.
    """
    private = paper.__pydantic_private__
    if private is not None and "_flags" in private:
        flags: frozenset[str] = private["_flags"]
        return flags
    return paper._flags


def _default_problems(paper: Paper, ctx: CheckContext) -> list[Problem]:
    """What the functions of :data:`DEFAULT_CHECKS` return for ``paper``, one after the other.

    Most rows pass most checks, and a check's first lines usually settle that. Those lines are
    repeated here, so that a check is only called when they do not clear the row: the call is
    what costs, and the problems are still built by the checks themselves.
    """
    found: list[Problem] = []
    title, abstract, date, info = paper.title, paper.abstract, paper.date, paper.url_info
    if abstract is None:
        found += _missing_abstract(paper, ctx)
    elif abstract[-1:] not in (".", "!", "?") or abstract.endswith("..."):
        found += _truncated_abstract(paper, ctx)
    url = None if info is None else info.url
    if len(title) == TITLE_CELL_LIMIT or _slug_contradiction(title, url) is not None:
        found += _truncated_title(paper, ctx)
    if date is not None:
        arxiv_id = paper.arxiv_id
        if arxiv_id is not None:
            _, earliest, latest = _arxiv_window(arxiv_id)
            if not earliest <= date <= latest:
                found += _date_arxiv_mismatch(paper, ctx)
        if date > ctx.today:
            found += _future_date(paper, ctx)
    if ctx.closed_vocabulary:
        found += _unknown_vocabulary(paper, ctx)
    key = url_key(paper)
    if key is not None and ctx.first_row_by_url.setdefault(key, paper) is not paper:
        found += _duplicate_url(paper, ctx)  # its own setdefault finds the same first row
    if info is not None and info.kind is UrlKind.INVALID:
        found += _invalid_url(paper, ctx)
    if info is not None and info.repairs:
        found += _repaired_url(paper, ctx)
    in_title = _unbalanced(title) if title else False
    in_abstract = _unbalanced(abstract) if abstract else False
    if in_title or in_abstract:
        found += _quote_problems(paper, ctx, in_title, in_abstract)
    return found
