"""Find papers listed twice, even under different titles, without merging look-alikes.

Paper lists collect one work more than once: a lab's blog post and the arXiv preprint (often
under another title), two preprint versions, a truncated abstract. They also hold different
works that look alike: papers on one topic quoting the same boilerplate sentence or definition,
titles a word apart. :func:`find_duplicates` scores pairs of papers on four signals and clusters
the linked ones:

* **identifiers** — the same arXiv id, DOI, OpenReview id or canonical paper URL decides, unless
  abstracts and titles both disagree (then the URL was probably pasted into the wrong row);
* **abstract** — word triples compared ignoring case, punctuation, wrapping and LaTeX markup:
  their *resemblance* (shared share of both; *in order*, counting only those in one order),
  *containment* (shared share of the shorter) and *head share* (share of the shorter at the same
  place at the head of the other). Whatever the titles, one text links: a long identical
  abstract at any date, a nearly identical one or a long truncated copy only when dated within
  weeks. Under similar titles an edited version (most of both shared) or a cut one (most of the
  shorter inside) links too. Sentences shared at other places (most of one abstract, little of
  the other) or shuffled never link; abstracts sharing nothing, or under unlike titles less than
  half of the shorter, are two texts;
* **title** — a fuzzy ratio, capped when each title has content words the other lacks, so
  "Red Teaming Language Models to Reduce Harms" and "... with Language Models" stay apart.
  Without an abstract only a near-identical title links, one that is the other with words added
  or dropped, not changed or moved (stop words included);
* **date** — evidence against weak links: a gap beyond about a year (versions) weakens title
  and version links, beyond weeks (blog and preprint) retitled near-copies, down to nothing at
  twice that; years apart barely weaken an identical abstract.

Links (pairs scoring at least ``threshold``) merge strongest first, never into a group holding
two papers whose abstracts are two texts, so a chain (A like B, B like C) cannot glue different
works together: every two abstracts in a group share some text, and most of the shorter unless
the titles are alike. Results do not depend on the input order. Up to 300 papers every pair is
scored; beyond, only pairs sharing a blocking key (identifier, abstract opening, title word
pairs, bottom-k sketch of the abstract, neighbours in title order), so the cost grows about
linearly; pairs whose titles, dates and abstract sizes rule out a link are settled without
comparing abstracts.

Examples:
    >>> import safetylit
    >>> papers = safetylit.load(safetylit.sample_path())
    >>> [g.rows for g in find_duplicates(papers)]
    [(454, 476), (468, 477)]
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import multiprocessing
import os
import re
import sys
import threading
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz

from safetylit._blocking import candidate_pairs
from safetylit._record_text import (
    GENRE,
    GREEK,
    clean_title,
    fix_mojibake,
    fold,
    is_notice,
    same_scheme_id,
    strip_markup,
    venue_words,
    venues_compatible,
)
from safetylit.models import Paper, Problem
from safetylit.urls import UrlKind

__all__ = ["DEFAULT_THRESHOLD", "DuplicateGroup", "Evidence", "Keep", "Level", "Scorer"]
__all__ += ["deduplicate", "find_duplicates", "marker_problems"]

#: What a group claims: ``"same-record"`` (one publication listed more than once: one
#: identifier, or one title and text at one venue) or ``"same-work"`` (one study published
#: more than once: a preprint and its journal version, a conference abstract and its article).
Level = Literal["same-record", "same-work"]

#: Pair score from which two papers count as one work.
DEFAULT_THRESHOLD = 0.6

#: A custom pair score: ``(paper, paper) -> float`` in 0..1, symmetric.
Scorer = Callable[[Paper, Paper], float]

_BRUTE_FORCE_LIMIT = 300  # up to this many papers, score every pair
_MIN_WORDS = 10  # shorter abstracts say too little to compare
_FULL_EVIDENCE = 60  # word triples (about three sentences) from which an abstract decides alone
_NEAR_TEXT = 0.7  # resemblance from which two abstracts may be one text, if dated close together
_SAME_TEXT = 0.9  # resemblance from which two abstracts are one text (whatever titles and dates)
_TEXT = (_NEAR_TEXT, _SAME_TEXT)
_HEAD = (0.85, 0.95)  # share of the shorter abstract at the head of the other: doubt to proof
_ONE_TEXT = 0.5  # below this containment two abstracts under unlike titles are two texts
_EDITED = 0.4  # resemblance from which most of both abstracts is shared, as in an edited version
_CUT = 0.8  # containment from which the shorter abstract is (an edited) part of the other
_NOTHING_SHARED = 0.15  # below this containment two abstracts are two texts, whatever the titles
_SHIFT = 3  # words a triple may move and still count as at the same place (LaTeX, a typo)
_COPY_DAYS = 90  # a blog post and its preprint, under two titles, appear within weeks
_VERSION_DAYS = 365  # versions of a paper, under one title, appear within about a year
_SKETCH = 12  # abstract word triples indexed per paper for blocking (the smallest hashes)
_OPENING = 8  # abstract words that make its opening, a blocking key
_PARALLEL_MIN_PAIRS = 50_000  # fewer pairs are scored faster than processes start
_MAX_EVIDENCE = 40  # larger groups list only the links that formed them as evidence
# URL kinds whose canonical URL names one paper (a code repository or video may serve several).
_PAPER_URL_KINDS = frozenset(UrlKind) - {UrlKind.CODE, UrlKind.VIDEO, UrlKind.OTHER}
_ID_NAMES = {"same_arxiv_id": "arXiv id", "same_doi": "DOI"}
_ID_NAMES |= {"same_openreview_id": "OpenReview id", "same_url": "URL"}
# Identifier schemes under which one record has one identifier (versions aside): two records
# with different identifiers of one scheme are two records.
_SCHEMES = {"arxiv_id": "arXiv ids", "doi": "DOIs", "openreview_id": "OpenReview ids"}
_DIFFERENCES = {f"different_{k}": v for k, v in _SCHEMES.items()} | {"different_venue": "venues"}
_DIFFERENCES["different_kind"] = "kinds (a notice such as an erratum, and a paper)"
# Venue names that name no venue.
_NO_VENUE = frozenset({(), ("unknown",), ("none",), ("other",), ("na",), ("n", "a")})
_SAME_TITLE = 0.95  # title similarity (and abstract containment) of one publication's records
_ONE_TEXT_DAYS = 366  # records of one publication in two databases: print and online dates
# What sets a subtitle or lead-in off a main title.
_SUBTITLE = re.compile(r"\s*(?:[:?!]|\.{1,3}(?=\s)|\s[-–—]+)\s+")
_MAIN_TITLE = 0.93  # title score of a title and its main title (enough alone within months)
_COHERENCE_CAP = 50  # members per side a title-only merge is checked against
_STOPWORD_TEXT = (
    "a an the of for and or in on to with from by at as is are be via using into onto toward "
    "towards through under over about its their our your we how what why when do does can vs "
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Words naming an edition of a paper rather than the paper: "(v2)", "[Extended Version]".
_EDITION_WORD = re.compile(r"v[0-9]{1,2}|preprint|extended|version|abstract|draft|revised|arxiv")
# A note closing a title, "(blog post)" or "[Extended Version]"; with digits ("(Part 2)") it may
# name another paper, so it stays.
_TRAILING_NOTE = re.compile(r"\s*[(\[][^()\[\]0-9]*[)\]]\s*$")
# A bracketed title closing a title: the original-language title of a translated one.
_ALT_TITLE = re.compile(r"\[([^\[\]]{12,})\]\s*$")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
_WORD = re.compile(r"[^\W_]+")
_ASCII_SPACES = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


class Evidence(BaseModel, frozen=True):
    """Why two papers were linked: the signals that agreed and how strongly.

    Attributes:
        rows: the two papers' rows, in row order.
        signals: signal name to strength in 0..1: ``title``, ``abstract`` (when both have one),
            ``date`` (1 = same day, 0 = four years apart), ``same_arxiv_id``, ``same_doi``,
            ``same_openreview_id``, ``same_url`` (1.0 when shared) or ``scorer`` (custom);
            at level ``"same-work"`` also ``different_arxiv_id``, ``different_doi``,
            ``different_openreview_id`` and ``different_venue`` (1.0 when the two papers
            differ so: two records of one work).
        reason: one readable sentence, naming the rule that linked the two papers.

    Examples:
        >>> Evidence(rows=(3, 9), signals={"same_doi": 1.0}, reason="Both share a DOI.").rows
        (3, 9)
    """

    rows: tuple[int | None, int | None]
    signals: dict[str, float]
    reason: str


class DuplicateGroup(BaseModel, frozen=True):
    """Papers that are one work, with the evidence that links them.

    Attributes:
        papers: the papers in row order (at least two, all different).
        rows: their rows, in the same order.
        score: confidence in 0..1: the weakest link needed to connect the group.
        evidence: one :class:`Evidence` per linked pair, i.e. per pair scoring at least the
            threshold (in a group of over 40 papers, per link that formed it).
        relation: ``"same-record"`` when the papers are one publication listed more than
            once, ``"same-work"`` when they hold two or more records of one study (only found
            with ``find_duplicates(..., level="same-work")``); see :data:`Level`.

    Examples:
        >>> import safetylit
        >>> group = find_duplicates(safetylit.load(safetylit.sample_path()))[0]
        >>> group.rows, group.score
        ((454, 476), 1.0)
    """

    papers: tuple[Paper, ...]
    rows: tuple[int | None, ...]
    score: float
    evidence: tuple[Evidence, ...]
    relation: Level = "same-record"


#: How :func:`deduplicate` picks the paper to keep.
Keep = Literal["first", "arxiv", "most_complete"] | Callable[[DuplicateGroup], Paper]


@dataclass(slots=True)
class _Features:
    """What the scorer needs from one paper, computed once."""

    paper: Paper
    ids: dict[str, str]  # signal name ("same_doi", ...) to identifier
    schemes: dict[str, str]  # scheme ("doi", ...) to the identifier, versions dropped
    venue: tuple[str, ...]  # the words of the company (the lab, or a journal), () if unknown
    title: str  # lower-cased title words joined by single spaces
    core: str  # the title's content words (no stop or edition words) joined by spaces
    content: frozenset[str]  # the words of ``core``
    words: tuple[str, ...]  # the title's words but edition words, stop words included
    # Abstract words as stable ids, 4 bytes each (a tuple takes twice that); None when missing
    # or short.
    tokens: array[int] | None
    day: int | None
    notice: bool = False  # the title is a notice about another record ("Erratum to: …")
    recurring: bool = False  # a title of many records: a genre, or on records that cannot be one
    opening: tuple[int, ...] = ()  # the abstract's first words: a blocking key
    sketch: tuple[int, ...] = ()  # the smallest hashes of its word triples: blocking keys
    alt: _Features | None = None  # the same paper under its bracketed original-language title
    # Brute force meets each paper n times, blocking a few times: only the former keeps the
    # word triples, which would be most of the memory (some 10 kB per abstract).
    keep_shingles: bool = False
    _shingles: frozenset[int] | None = field(default=None)
    _count: int = -1

    def shingles(self) -> frozenset[int]:
        """Hashes of the abstract's word triples (empty without an abstract)."""
        if self._shingles is not None:
            return self._shingles
        t = self.tokens or ()
        shingles = frozenset(map(hash, zip(t, t[1:], t[2:], strict=False)))
        if self.keep_shingles:
            self._shingles = shingles
        self._count = len(shingles)
        return shingles

    def count(self) -> int:
        """``len(self.shingles())``, kept even where the shingles are not."""
        return self._count if self._count >= 0 else len(self.shingles())


@dataclass(frozen=True, slots=True)
class _Link:
    score: float
    signals: dict[str, float]
    contradicts: bool  # evidence of two different works, not merely a lack of evidence
    record: bool = True  # nothing says two records (different ids of one scheme, venues)
    title_only: bool = False  # no abstract pair and no identifier spoke: the weakest kind


def _sort_key(p: Paper) -> tuple[object, ...]:
    # Row order, then every field so that different papers never tie: this canonical order is
    # what makes the results independent of the input order.
    return (p.row is None, p.row or 0, *(repr(getattr(p, f)) for f in type(p).model_fields))


def _canonical(papers: Iterable[Paper]) -> list[Paper]:
    """The distinct papers in :func:`_sort_key` order, comparing every field only where rows
    tie (rare), which keeps sorting a million papers to a second."""
    unique = sorted(set(papers), key=lambda p: (p.row is None, p.row or 0))
    out: list[Paper] = []
    for _, tied in itertools.groupby(unique, key=lambda p: (p.row is None, p.row or 0)):
        run = list(tied)
        out.extend(sorted(run, key=_sort_key) if len(run) > 1 else run)
    return out


def _words(text: str) -> list[str]:
    """Lower-case words of ``text``, without punctuation, accents, markup and LaTeX command
    names."""
    if "\\" in text:
        text = _LATEX_COMMAND.sub(" ", text)
    if "<" in text or "&" in text or "(" in text:
        text = strip_markup(text)
    if text.isascii():  # the common case, four times faster than the regular expression
        return text.lower().translate(_ASCII_SPACES).split()
    return _WORD.findall(fold(unicodedata.normalize("NFKC", fix_mojibake(text))))


def _features(paper: Paper, word_ids: dict[str, int]) -> _Features:
    info = paper.url_info
    ids: dict[str, str] = {}
    if info is not None:
        doi = same_scheme_id(info.doi) if info.doi else None
        named = [("same_arxiv_id", info.arxiv_id), ("same_doi", doi)]
        named += [("same_openreview_id", info.openreview_id)]
        if info.kind in _PAPER_URL_KINDS:
            named += [("same_url", info.canonical)]
        ids = {name: value for name, value in named if value}
    schemes = {k: ids[f"same_{k}"] for k in _SCHEMES if f"same_{k}" in ids}
    if "arxiv_id" in schemes and "doi" not in schemes:
        # arXiv registers a DOI for every preprint: its journal version has another one.
        schemes["doi"] = f"10.48550/arxiv.{schemes['arxiv_id']}"
    venue = venue_words(paper.company)
    cleaned = clean_title(paper.title)
    title = _title_words(cleaned)
    plain = title
    if cleaned[-1:] in ")]":
        plain = _title_words(_TRAILING_NOTE.sub("", cleaned) or cleaned)
    plain = [w for w in plain if not _is_edition(w)]
    core = [w for w in plain if w not in _STOPWORDS]
    tokens = None
    opening: tuple[int, ...] = ()
    sketch: tuple[int, ...] = ()
    count = -1
    words = _words(paper.abstract) if paper.abstract else []
    if len(words) >= _MIN_WORDS:
        # crc32, not hash(): str hashes change between processes, and the sketches used as
        # blocking keys must be the same in every run.
        for word in set(words).difference(word_ids):
            word_ids[word] = zlib.crc32(word.encode())
        t = tuple(map(word_ids.__getitem__, words))
        shingles = frozenset(map(hash, zip(t, t[1:], t[2:], strict=False)))
        count, opening, sketch = len(shingles), t[:_OPENING], tuple(sorted(shingles)[:_SKETCH])
        tokens = array("I", t)
    day = paper.date.toordinal() if paper.date else None
    venue = () if venue in _NO_VENUE else venue
    # A title of genre words and the venue's name ("Editor's Comments") names a column.
    generic = all(w in GENRE or w in venue for w in core or title)
    features = _Features(
        paper,
        ids,
        schemes,
        venue,
        " ".join(title),
        " ".join(core),
        frozenset(core),
        tuple(plain),
        tokens,
        day,
        is_notice(cleaned),
        generic,
        opening,
        sketch,
        _count=count,
    )
    if (bracket := _ALT_TITLE.search(cleaned)) is not None:
        # "English title [Original title]": the other database may list the original only.
        other = _title_words(bracket.group(1))
        if sum(w not in _STOPWORDS for w in other) >= 3:
            core_alt = [w for w in other if w not in _STOPWORDS and not _is_edition(w)]
            words_alt = tuple(w for w in other if not _is_edition(w))
            features.alt = dataclasses.replace(
                features,
                title=" ".join(other),
                core=" ".join(core_alt),
                content=frozenset(core_alt),
                words=words_alt,
            )
    return features


def _mark_recurring(features: Sequence[_Features]) -> None:
    """Mark the titles that the list gives to records that cannot be one: dated over two years
    apart (beyond any version) or with two identifiers of one scheme. Such a title names a
    column or a genre ("Editorial", "Editor's Comments"), not a paper."""
    seen: dict[str, tuple[int, int, dict[str, str], bool]] = {}
    for f in features:
        key = f.core or f.title
        low, high, schemes, recurring = seen.get(key, (f.day or 0, f.day or 0, {}, f.recurring))
        if f.day is not None:
            low, high = (f.day, f.day) if low == high == 0 else (min(low, f.day), max(high, f.day))
        recurring = recurring or f.recurring or high - low > 2 * _VERSION_DAYS
        recurring = recurring or any(schemes.get(k, v) != v for k, v in f.schemes.items())
        seen[key] = (low, high, schemes or f.schemes, recurring)
    for f in features:
        f.recurring = seen[f.core or f.title][3]


@functools.lru_cache(maxsize=1 << 16)  # titles of one list repeat their words
def _is_edition(word: str) -> bool:
    return _EDITION_WORD.fullmatch(word) is not None


def _title_words(title: str) -> list[str]:
    """The words of a cleaned title but spelt-out Greek letters, which databases spell out,
    write as symbols or drop ("NF-kappa B", "NF-B")."""
    words = _words(title)
    kept = [w for w in words if w not in GREEK]
    return kept or words


def _differences(a: _Features, b: _Features) -> list[str]:
    """What says that two papers are two records: identifiers of one scheme that differ
    (versions aside), venues that cannot be one venue. Nothing when an identifier is shared.

    One difference, a DOI or a venue, is outweighed by one title over one text dated within a
    year (online and print): publishers re-issue DOIs (a legacy and a current one) and
    databases translate journal names ("Zhonghua Yi Xue Za Zhi" is the "National Medical
    Journal of China"), while a conference abstract and its article, or one abstract at two
    meetings, differ in their text, their date or both identifier and venue.
    """
    found = _raw_differences(a, b)
    if found in (["different_doi"], ["different_venue"]) and _one_text(a, b):
        return []
    return found


def _raw_differences(a: _Features, b: _Features) -> list[str]:
    """:func:`_differences` before one text outweighs one difference."""
    if any(b.ids.get(name) == value for name, value in a.ids.items()):
        return []
    found = [f"different_{k}" for k, v in a.schemes.items() if b.schemes.get(k, v) != v]
    if not venues_compatible(a.venue, b.venue):
        found.append("different_venue")
    if a.notice != b.notice:
        found.append("different_kind")  # an erratum repeats its paper's title and text
    return found


def _one_text(a: _Features, b: _Features) -> bool:
    """Whether two papers carry one title and one abstract text (a copy, re-wrapped or cut),
    dated within a year: what two databases' records of one publication look like."""
    if a.tokens is None or b.tokens is None:
        return False
    if a.day is not None and b.day is not None and abs(a.day - b.day) > _ONE_TEXT_DAYS:
        return False
    if _title_similarity(a, b) < _SAME_TITLE:
        return False
    overlap = _abstract_overlap(a, b)
    return overlap is not None and (overlap[0] >= _SAME_TITLE or _in_order(a, b) >= _SAME_TEXT)


@functools.lru_cache(maxsize=1 << 16)  # titles of one list repeat their words
def _same_word(a: str, b: str) -> bool:
    if a == b or a.rstrip("s") == b.rstrip("s"):
        return True
    # A typo in a long word is no distinguishing word; words with digits ("Llama2") must match.
    return len(a) >= 5 and len(b) >= 5 and (a + b).isalpha() and fuzz.ratio(a, b) >= 80


def _unmatched(a: frozenset[str], b: _Features) -> Iterator[str]:
    """Words of ``a`` (a title's) without a counterpart (same, plural, typo) in title ``b``; a
    typo in a stop word ("throguh") has its counterpart among the stop words."""
    return (w for w in sorted(a - b.content) if not any(_same_word(w, v) for v in b.words))


def _title_similarity(a: _Features, b: _Features) -> float:
    base = max(fuzz.ratio(a.title, b.title), fuzz.token_sort_ratio(a.title, b.title))
    if len(a.content) > 1 and len(b.content) > 1:  # ignore added stop words ("Towards X")
        base = max(base, fuzz.ratio(a.core, b.core))
    base /= 100
    if base <= 0.5 or a.content == b.content:  # the caps below cannot change it
        return base
    extra_a = next(_unmatched(a.content, b), None) is not None
    extra_b = next(_unmatched(b.content, a), None) is not None
    if extra_a and extra_b:  # each title says something the other does not: different papers
        return min(base, 0.5)
    if extra_a or extra_b:  # one title extends the other (a subtitle): not proof either way
        return min(base, 0.85)
    return base


def _abstract_overlap(a: _Features, b: _Features) -> tuple[float, float, int] | None:
    """(containment, resemblance, size of the shorter) of the abstracts' word-triple sets.

    Containment is the shared share of the shorter set (1.0 for a truncated copy), resemblance
    the shared share of the union (low when one is much shorter). None if one is missing.
    """
    if a.tokens is None or b.tokens is None:
        return None
    sa, sb = a.shingles(), b.shingles()
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    shared = len(small & large)
    return shared / len(small), shared / (len(small) + len(large) - shared), len(small)


def _head_share(a: _Features, b: _Features) -> float:
    """Share of the shorter abstract's word triples found at about the same place in the other.

    1.0 for the same text or a truncated copy (the head of the other); sentences that two
    different abstracts share sit at other places, so they count for little.
    """
    ta, tb = a.tokens or (), b.tokens or ()
    if len(ta) == len(tb):  # either could be "the shorter": take the better, keep it symmetric
        return max(_head_in(ta, tb), _head_in(tb, ta))
    return _head_in(ta, tb) if len(ta) < len(tb) else _head_in(tb, ta)


def _head_in(short: Sequence[int], long: Sequence[int]) -> float:
    end = len(short) + _SHIFT
    places: dict[tuple[int, int, int], list[int]] = {}
    for j, triple in enumerate(zip(long[:end], long[1:end], long[2:end], strict=False)):
        places.setdefault(triple, []).append(j)
    triples = list(zip(short, short[1:], short[2:], strict=False))
    hits = sum(
        any(abs(i - j) <= _SHIFT for j in places.get(triple, ()))
        for i, triple in enumerate(triples)
    )
    return hits / max(1, len(triples))


def _in_order(a: _Features, b: _Features) -> float:
    """Resemblance of two abstracts counting only the shared word triples in one order (the
    longest run of them in the same order in both): 1 for one text, low for shuffled sentences.
    """
    ta, tb = a.tokens or (), b.tokens or ()
    if ta == tb:  # the common case of a copy
        return 1.0
    if len(ta) == len(tb):
        kept = max(_kept_in_order(ta, tb), _kept_in_order(tb, ta))
    else:
        kept = _kept_in_order(ta, tb) if len(ta) < len(tb) else _kept_in_order(tb, ta)
    return kept / max(1, a.count() + b.count() - kept)


def _kept_in_order(short: Sequence[int], long: Sequence[int]) -> int:
    first: dict[tuple[int, int, int], int] = {}
    for j, triple in enumerate(zip(long, long[1:], long[2:], strict=False)):
        first.setdefault(triple, j)
    seen: set[tuple[int, int, int]] = set()
    tails: list[int] = []  # longest increasing run of places in ``long``, patience sorting
    for triple in zip(short, short[1:], short[2:], strict=False):
        if triple in seen or (place := first.get(triple)) is None:
            continue
        seen.add(triple)
        k = bisect.bisect_left(tails, place)
        tails[k : k + 1] = [place]
    return len(tails)


def _ramp(value: float, low: float, high: float) -> float:
    """0 up to ``low``, 1 from ``high``, linear between."""
    return min(1.0, max(0.0, (value - low) / (high - low)))


def _date_factor(gap: int | None, window: int) -> float:
    """1 for papers dated at most ``window`` days apart (or undated), falling to 0 at twice
    that: the date gap is evidence against papers that only a weaker signal links."""
    if gap is None or gap <= window:
        return 1.0
    return max(0.0, 2 - gap / window)


def _main_title(a: _Features, b: _Features) -> bool:
    """Whether one title is the other's main title, without the subtitle or lead-in that a
    colon, a dash, a question mark or a full stop sets off ("X" and "X: a case study"), and
    names a paper (three content words or more). Words added without a separator ("X
    Response") may make another paper."""
    short, long = (a, b) if len(a.words) < len(b.words) else (b, a)
    if len(short.words) == len(long.words) or sum(w not in _STOPWORDS for w in short.words) < 3:
        return False
    parts = _SUBTITLE.split(clean_title(long.paper.title), maxsplit=1)
    if len(parts) < 2:
        return False
    ends = [[w for w in _title_words(part) if not _EDITION_WORD.fullmatch(w)] for part in parts]
    return any(len(e) == len(short.words) and all(map(_same_word, short.words, e)) for e in ends)


def _one_title(a: _Features, b: _Features) -> bool:
    """Whether one title is the other with words added or dropped (stop words count, typos in
    long words do not), not with words changed or moved ("X with Y" against "X for Y")."""
    short, long = sorted((a.words, b.words), key=len)
    rest = iter(long)
    return all(any(_same_word(w, v) for v in rest) for w in short)


def _text_score(
    a: _Features, b: _Features, overlap: tuple[float, float, int], title: float, gap: int | None
) -> float:
    """Evidence from two abstracts (and the titles and dates), in 0..1: the best of three ways
    two listings show one work, tried cheapest first."""
    containment, resemblance, size = overlap
    best = 0.0
    # Similar titles: one text edited or cut will do, however short: most of both abstracts
    # shared (a new version with a few words or a sentence changed) or nearly all of the shorter
    # (a truncated copy). Not half of one abstract and little of the other: sentences shared by
    # two papers on one topic. Titles only related (one extends the other) need a bit more.
    more = 0.0 if title >= 0.9 else 0.1
    edited = resemblance >= _EDITED + more or containment >= _CUT + more
    if title > 0.5 and containment >= _ONE_TEXT and edited:
        version = containment * _ramp(title, 0.5, 0.9)
        if title >= 0.7:
            version = max(version, (containment + title) / 2)
        best = version * _date_factor(gap, _VERSION_DAYS)
    # One text, re-wrapped or marked up or with a word changed, whatever the titles (blog posts
    # retitle papers): the resemblance of the triples in one order, not of the same sentences
    # shuffled. A long abstract identical to another is beyond chance and dates barely matter;
    # a nearly identical one (a sentence or two added or changed) might be two papers sharing
    # their boilerplate, so it counts only when dated close together.
    if best < 1 and resemblance >= _NEAR_TEXT:
        ordered = _in_order(a, b)
        same = min(1.0, size * (1 + ordered) / _FULL_EVIDENCE) * _ramp(ordered, *_TEXT)
        if ordered >= _SAME_TEXT:
            mild = 1.0 if gap is None else min(1.0, 0.85 + 0.2 * (1 - gap / 1461))
            best = max(best, same * mild)
        else:
            best = max(best, same * _date_factor(gap, _COPY_DAYS))
    # A truncated copy: the shorter abstract is the head of the other, not sentences found at
    # other places, and it is long enough to be no mere shared first sentence.
    if best < 1 and containment >= _HEAD[0] and (near := _date_factor(gap, _COPY_DAYS)) > 0:
        head = _ramp(_head_share(a, b), *_HEAD)
        best = max(best, min(1.0, size / _FULL_EVIDENCE) * head * near)
    return min(1.0, best)


def _hopeless(a: _Features, b: _Features, title: float, gap: int | None, floor: float) -> bool:
    """Whether two abstracts cannot make the pair score ``floor``, told from the titles, dates
    and abstract sizes alone (resemblance is at most the smaller size over the larger): most
    pairs of a list are settled so, without comparing abstracts."""
    small, large = sorted((a.count(), b.count()))
    bound = small / max(1, large)  # resemblance at most
    near = _date_factor(gap, _COPY_DAYS)
    same = 1.0 if bound >= _SAME_TEXT else _ramp(bound, *_TEXT) * near
    head = min(1.0, small / _FULL_EVIDENCE) * near
    version = 0.0
    if title > 0.5:
        version = max(_ramp(title, 0.5, 0.9), (1 + title) / 2 if title >= 0.7 else 0.0)
        version *= _date_factor(gap, _VERSION_DAYS)
    return max(same, head, version) < floor - 1e-4  # scores are rounded to 4 places


def _score(a: _Features, b: _Features, floor: float = 0.0, *, record: bool = True) -> _Link:
    """Score one pair on every signal (symmetric in ``a`` and ``b``).

    With a ``floor``, a pair that cannot reach it may get score 0 and no other signal checked.
    With ``record`` (level "same-record"), two records (different identifiers of one scheme,
    or venues) score 0 and contradict; else they are scored and marked as not ``record``.
    """
    differ = _differences(a, b)
    if record and differ != ["different_venue"] and differ:
        return _Link(0.0, dict.fromkeys(differ, 1.0), True, False)
    if record and differ:
        # Venues alone keep two papers from linking, not from sharing a group (see _cluster),
        # which two texts still forbid.
        two = _content_score(a, b, 0.0).contradicts
        return _Link(0.0, dict.fromkeys(differ, 1.0), two, False)
    link = _content_score(a, b, floor)
    for x, y in ((a.alt, b), (a, b.alt)):
        if x is not None and y is not None and link.score < 1:
            other = _content_score(x, y, floor)
            link = other if other.score > link.score else link
    if differ:
        signals = link.signals | dict.fromkeys(differ, 1.0)
        return _Link(link.score, signals, link.contradicts, False, link.title_only)
    return link


def _content_score(a: _Features, b: _Features, floor: float) -> _Link:
    """The pair's score from identifiers, titles, abstracts and dates (see :func:`_score`)."""
    title = _title_similarity(a, b)
    signals = {"title": round(title, 4)}
    gap = None
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        signals["date"] = round(max(0.0, 1 - gap / 1461), 4)
    shared = [name for name, value in a.ids.items() if b.ids.get(name) == value]
    both = a.tokens is not None and b.tokens is not None
    if floor and both and not shared and _hopeless(a, b, title, gap, floor):
        return _Link(0.0, signals, False)
    overlap = _abstract_overlap(a, b)
    if overlap is not None:
        signals["abstract"] = round(overlap[0], 4)
    # An identifier decides, unless abstracts and titles both disagree: then it was pasted into
    # the wrong row.
    if shared and not (overlap is not None and overlap[0] < _NOTHING_SHARED and title < 0.6):
        return _Link(1.0, signals | dict.fromkeys(shared, 1.0), False)
    if overlap is None:
        # The title alone (a missing abstract says nothing either way): only near-identical
        # titles count, one's words all in the other, and only for papers dated within a year
        # or so, as versions are; never a title the list gives to several records (a column
        # such as "Editor's Comments").
        if not _one_title(a, b) or a.recurring or b.recurring:
            title = min(title, 0.8)
        elif _main_title(a, b):
            title = max(title, _MAIN_TITLE)
        content = _ramp(title, 0.8, 1.0) * _date_factor(gap, _VERSION_DAYS)
        return _Link(round(content, 4), signals, False, title_only=True)
    # Two texts are the one strong sign of two different works, which keeps them out of one
    # group: abstracts sharing nothing, or less than half of the shorter under unlike titles (a
    # heavy revision of one paper keeps its title; another paper quoting a sentence does not).
    content = _text_score(a, b, overlap, title, gap)
    containment = overlap[0]
    two = containment < _NOTHING_SHARED or (containment < _ONE_TEXT and title < 0.7)
    return _Link(round(content, 4), signals, two)


def _explain(a: _Features, b: _Features, signals: dict[str, float]) -> str:
    """One sentence on why ``a`` and ``b`` were linked."""
    parts = [f"the custom scorer gave {signals['scorer']:.2f}"] if "scorer" in signals else []
    shared = [f"{_ID_NAMES[n]} {a.ids[n]}" for n in _ID_NAMES if n in signals]
    if shared:
        parts.append(f"both point to the same {', '.join(shared)}")
    overlap = _abstract_overlap(a, b)
    if overlap is None:
        parts.append("an abstract is missing, so only title and date speak")
    elif overlap[0] >= 0.8 and overlap[1] < 0.7:
        parts.append(f"the shorter abstract is a cut-down copy of the other ({overlap[0]:.0%})")
    else:
        what = "match" if overlap[0] >= 0.8 else "share"
        parts.append(f"their abstracts {what} ({overlap[0]:.0%} of word triples shared)")
    title = _title_similarity(a, b)
    differ = [*_unmatched(a.content, b), *_unmatched(b.content, a)]
    if differ and title < 0.9:
        words = ", ".join(repr(w) for w in differ[:4])
        parts.append(f"the titles differ in {words} (title similarity {title:.0%})")
    else:
        parts.append(f"the titles {'match' if title >= 0.9 else 'are alike'} ({title:.0%})")
    if a.day is not None and b.day is not None:
        days = abs(a.day - b.day)
        parts.append(f"the dates are {days} day{'s' * (days != 1)} apart")
    differ = [_DIFFERENCES[k] for k in _DIFFERENCES if k in signals]
    if differ:
        parts.append(f"different {' and '.join(differ)}: two records of one work")
    elif "scorer" not in signals and (raw := _raw_differences(a, b)):
        what = " and ".join(_DIFFERENCES[k] for k in raw)
        parts.append(f"different {what}, but one title over one text within a year is one record")
    names = f"{_name(a.paper)} and {_name(b.paper)}"
    return f"{names[0].upper()}{names[1:]}: {'; '.join(parts)}."


def _name(paper: Paper) -> str:
    return f"row {paper.row}" if paper.row is not None else f"paper {paper.title[:40]!r}"


def _candidate_pairs(features: Sequence[_Features]) -> set[tuple[int, int]]:
    """Pairs (i < j) worth scoring (see :mod:`safetylit._blocking`)."""
    abstracts = [None if f.tokens is None else (f.opening, f.sketch) for f in features]
    alternatives = [(i, f.alt.core) for i, f in enumerate(features) if f.alt is not None]
    return candidate_pairs(
        [f.ids for f in features], [f.core for f in features], abstracts, alternatives
    )


_State = tuple[Callable[[int, int], float], Callable[[int], Iterable[int]], float]
_FORKED: _State | None = None  # the state forked scoring processes inherit
_FORK_LOCK = threading.Lock()


def _links_of(rows: Iterable[int], state: _State | None = None) -> list[tuple[float, int, int]]:
    """Every (score, i, j) with i in rows, j in partners(i) and score at the threshold."""
    state = state or _FORKED
    assert state is not None, "_find_links sets the state before forking"
    score, partners, threshold = state
    return [(s, i, j) for i in rows for j in partners(i) if (s := score(i, j)) >= threshold]


def _find_links(n: int, state: _State, workers: int, pairs: int) -> list[tuple[float, int, int]]:
    global _FORKED
    # Processes get the features by forking, which only Linux does cheaply and safely.
    if workers == 1 or pairs < _PARALLEL_MIN_PAIRS or not sys.platform.startswith("linux"):
        return _links_of(range(n), state)
    chunks = [range(k, n, workers * 8) for k in range(workers * 8)]  # even brute-force work
    with _FORK_LOCK:
        _FORKED = state
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                return [x for part in pool.map(_links_of, chunks) for x in part]
        finally:
            _FORKED = None


def find_duplicates(
    papers: Iterable[Paper],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    scorer: Scorer | None = None,
    workers: int = 1,
    method: Literal["auto", "brute", "blocked"] = "auto",
    level: Level = "same-record",
) -> list[DuplicateGroup]:
    """Group the papers that are one record (by default) or one work.

    Args:
        papers: the papers, e.g. a :class:`~safetylit.PaperSet`. Equal papers (every field,
            row included) count once: a paper is never its own duplicate.
        threshold: pair score in (0, 1] from which two papers are linked; higher is stricter.
        scorer: replaces the built-in pair score with ``(a, b) -> float`` (clipped to 0..1);
            a score below ``threshold / 2`` then keeps two papers out of one group. Candidate
            pairs still come from the built-in blocking unless ``method="brute"``.
        workers: processes scoring pairs (``-1``: one per CPU); used on Linux when over 50,000
            pairs are to be scored, which in practice means brute force on large inputs.
        method: ``"brute"`` scores every pair, ``"blocked"`` only candidate pairs, ``"auto"``
            brute force up to 300 papers and blocking beyond.
        level: ``"same-record"`` groups one publication listed more than once and keeps apart
            papers with different identifiers of one scheme (DOIs, arXiv ids, OpenReview ids;
            versions aside) or at venues (``company``) that cannot be one; ``"same-work"`` also
            joins such records when their content is one study, and marks those groups
            ``relation="same-work"``.

    Returns:
        The groups, ordered by their first paper; a paper is in at most one group.

    Raises:
        ValueError: if ``threshold``, ``workers``, ``method`` or ``level`` is out of range.

    Examples:
        >>> import safetylit
        >>> groups = find_duplicates(safetylit.load(safetylit.sample_path()))
        >>> groups[1].rows, groups[1].evidence[0].signals["abstract"], groups[1].relation
        ((468, 477), 1.0, 'same-record')
    """
    if not 0 < threshold <= 1 or (workers < 1 and workers != -1):
        raise ValueError(f"threshold {threshold!r} not in (0, 1] or workers {workers!r} < 1")
    workers = (os.cpu_count() or 1) if workers == -1 else workers
    if method not in ("auto", "brute", "blocked"):
        raise ValueError(f"method must be 'auto', 'brute' or 'blocked', got {method!r}")
    if level not in ("same-record", "same-work"):
        raise ValueError(f"level must be 'same-record' or 'same-work', got {level!r}")
    record = level == "same-record"
    unique = _canonical(papers)
    word_ids: dict[str, int] = {}
    features = [_features(p, word_ids) for p in unique]
    _mark_recurring(features)
    n = len(features)

    def link(i: int, j: int) -> _Link:
        if scorer is None:
            return _score(features[i], features[j], record=record)
        value = min(1.0, max(0.0, float(scorer(unique[i], unique[j]))))
        return _Link(value, {"scorer": round(value, 4)}, value < threshold / 2)

    partners: Callable[[int], Iterable[int]]
    if method == "brute" or (method == "auto" and n <= _BRUTE_FORCE_LIMIT):
        partners, pairs = (lambda i: range(i + 1, n)), n * (n - 1) // 2
        for f in features:
            f.keep_shingles = True
    else:
        neighbours: list[list[int]] = [[] for _ in range(n)]
        for i, j in sorted(_candidate_pairs(features)):
            neighbours[i].append(j)
        partners, pairs = neighbours.__getitem__, sum(map(len, neighbours))

    def score(i: int, j: int) -> float:  # what the search for links needs, often cheaper
        if scorer is None:
            return _score(features[i], features[j], floor=threshold, record=record).score
        return link(i, j).score

    links = _find_links(n, (score, partners, threshold), workers, pairs)
    cache = {(i, j): link(i, j) for _, i, j in links}  # scores of the pairs needed again

    def cached(i: int, j: int) -> _Link:
        key = (min(i, j), max(i, j))
        if key not in cache:
            cache[key] = link(*key)
        return cache[key]

    # Two records (different identifiers or venues) never share a record group; two abstracts
    # that are two texts (any two papers, with a custom scorer) never share any group.
    texts = [scorer is not None or f.tokens is not None for f in features]

    def contradicts(i: int, j: int, stage: int) -> bool:
        if scorer is None and stage == 0:
            differ = _differences(features[i], features[j])
            # Venues alone keep two papers from linking, not from sharing a group: one
            # paper's venue may be a translation both others agree with.
            if differ and differ != ["different_venue"]:
                return True
        return texts[i] and texts[j] and cached(i, j).contradicts

    def matches(i: int, j: int, stage: int) -> bool:
        found = cached(i, j)
        return found.score >= threshold and (stage == 1 or found.record)

    staged = [(s, i, j, 0 if cached(i, j).record else 1) for s, i, j in links]
    title_only = {(i, j) for _, i, j in links if cached(i, j).title_only}
    groups = []
    for members, weakest, stage in _cluster(staged, contradicts, matches, title_only):
        # Every linked pair of a group; in a huge one (a placeholder title on hundreds of rows)
        # only the links that formed it, which keeps this out of quadratic time.
        if len(members) <= _MAX_EVIDENCE:
            shown = list(itertools.combinations(members, 2))
        else:
            inside = set(members)
            shown = [(i, j) for _, i, j in links if i in inside and j in inside]
        evidence = [
            Evidence(
                rows=(unique[i].row, unique[j].row),
                signals=found.signals,
                reason=_explain(features[i], features[j], found.signals),
            )
            for i, j in sorted(shown)
            if (found := cached(i, j)).score >= threshold
        ]
        group = tuple(unique[i] for i in members)
        rows = tuple(p.row for p in group)
        relation: Level = "same-work" if stage else "same-record"
        groups.append(
            DuplicateGroup(
                papers=group, rows=rows, score=weakest, evidence=tuple(evidence), relation=relation
            )
        )
    return groups


def _cluster(
    links: list[tuple[float, int, int, int]],
    contradicts: Callable[[int, int, int], bool],
    matches: Callable[[int, int, int], bool],
    title_only: set[tuple[int, int]],
) -> list[tuple[list[int], float, int]]:
    """Merge linked pairs ``(score, i, j, stage)`` strongest first, stage 0 (links between
    records that may be one) before stage 1 (links between two records of one work).

    A merge never joins two papers that contradict at its stage, and a title-only link joins
    two groups only if its two papers and every paper that joined either group by a title-only
    link match one another (up to 50 of each group, spread over it): a title shared by an
    editorial of every year cannot chain them, while a paper without abstract still joins a
    group held together by abstracts or identifiers through the one paper it matches.

    Returns (sorted members, weakest merging link, 1 if a stage-1 link merged it) per cluster of
    two or more, ordered by first member.
    """
    root: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    weakest: dict[int, float] = {}
    staged: dict[int, int] = {}
    loose: dict[int, list[int]] = {}  # per group, the papers that joined it by a title alone
    for s, i, j, stage in sorted(links, key=lambda x: (x[3], -x[0], x[1], x[2])):
        ri, rj = root.get(i, i), root.get(j, j)
        if ri == rj:
            continue
        mi, mj = members.get(ri, [ri]), members.get(rj, [rj])
        if any(contradicts(x, y, stage) for x in mi for y in mj):
            continue  # the merge would join two different records or abstracts
        if (i, j) in title_only:
            li = sorted({i, *loose.get(ri, ())})
            lj = sorted({j, *loose.get(rj, ())})
            if not all(matches(x, y, stage) for x in _spread(li) for y in _spread(lj)):
                continue  # a title alone links a paper to a group it does not match as a whole
            # A paper alone joins by its title; a group keeps its own ties.
            loose[ri] = sorted({*loose.get(ri, ()), *([i] if len(mi) == 1 else [])})
            loose[ri] += [j] if len(mj) == 1 else []
        if rj in loose:
            loose[ri] = sorted({*loose.get(ri, ()), *loose.pop(rj)})
        root.update(dict.fromkeys(mj, ri))
        members[ri] = sorted(mi + mj)
        members.pop(rj, None)
        weakest[ri] = min(s, weakest.get(ri, 1.0), weakest.pop(rj, 1.0))
        staged[ri] = max(stage, staged.get(ri, 0), staged.pop(rj, 0))
    return sorted(
        ((m, round(weakest[r], 4), staged[r]) for r, m in members.items()), key=lambda x: x[0]
    )


def _spread(members: list[int]) -> list[int]:
    """Up to ``_COHERENCE_CAP`` members, evenly spread (all of a small group)."""
    if len(members) <= _COHERENCE_CAP:
        return members
    step = len(members) / _COHERENCE_CAP
    return [members[int(k * step)] for k in range(_COHERENCE_CAP)]


def deduplicate(
    papers: Sequence[Paper], groups: Sequence[DuplicateGroup], *, keep: Keep = "first"
) -> list[Paper]:
    """Keep one paper per duplicate group, recording the rows it absorbed.

    Args:
        papers: the papers, in row order.
        groups: from :func:`find_duplicates` on ``papers`` (or on more papers).
        keep: the paper of a group that survives: ``"first"`` (lowest row), ``"arxiv"`` (the
            first with an arXiv id, else the first), ``"most_complete"`` (most filled fields,
            then the longest abstract, then the first), or a callable ``group -> Paper``.

    Returns:
        ``papers`` without the absorbed ones, in the same order; each kept paper is a copy whose
        ``absorbed_rows`` adds the rows of the others in its group. Other papers are unchanged.

    Raises:
        ValueError: on an unknown ``keep``, a callable returning a paper outside its group, a
            paper in two groups, or a group's paper missing from ``papers``.

    Examples:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> kept = deduplicate(papers, find_duplicates(papers), keep="arxiv")
        >>> len(kept), kept[-2].row, kept[-2].absorbed_rows
        (78, 476, (454,))
    """
    present = set(papers)
    replace: dict[Paper, Paper | None] = {}  # None: absorbed
    for group in groups:
        chosen = _choose(group, keep)
        absorbed = set(chosen.absorbed_rows)
        for paper in group.papers:
            if paper in replace or paper not in present:
                where = "more than one group" if paper in replace else "a group but not in papers"
                raise ValueError(f"{_name(paper)} is in {where}")
            replace[paper] = None
            if paper != chosen:
                absorbed.update(paper.absorbed_rows)
                absorbed.update([] if paper.row is None else [paper.row])
        replace[chosen] = chosen.model_copy(update={"absorbed_rows": tuple(sorted(absorbed))})
    out: list[Paper] = []
    for paper in papers:
        if paper not in replace:
            out.append(paper)
        elif (kept := replace[paper]) is not None:
            out.append(kept)
            replace[paper] = None  # a paper listed twice is kept once
    return out


def _completeness(p: Paper) -> tuple[int, int]:
    filled = (p.date, p.url, p.category, p.abstract, p.arxiv_id)
    return sum(v is not None for v in filled), len(p.abstract or "")


def _choose(group: DuplicateGroup, keep: Keep) -> Paper:
    if callable(keep):
        if (chosen := keep(group)) not in group.papers:
            raise ValueError("the keep callable must return one of the group's papers")
        return chosen
    if keep not in ("first", "arxiv", "most_complete"):
        raise ValueError(f"keep must be 'first', 'arxiv', 'most_complete' or a callable: {keep!r}")
    if keep == "arxiv":
        return next((p for p in group.papers if p.arxiv_id is not None), group.papers[0])
    if keep == "most_complete":  # max() keeps the first of equals, i.e. the lowest row
        return max(group.papers, key=_completeness)
    return group.papers[0]


def marker_problems(papers: Sequence[Paper], groups: Sequence[DuplicateGroup]) -> list[Problem]:
    """Compare the export's ``[Duplicate]`` markers with the duplicates found.

    Args:
        papers: the papers of the export.
        groups: from :func:`find_duplicates` on ``papers``.

    Returns:
        Warnings, ordered by row: ``duplicate-marker-unmatched`` for a marked paper in no group,
        and ``duplicate-unmarked`` (on the group's second paper, where a marker usually goes)
        for a group none of whose papers is marked. Both name field ``"marked_duplicate"``.

    Examples:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> marker_problems(papers, find_duplicates(papers))
        []
    """
    grouped = {p for g in groups for p in g.papers}
    problems = []
    for paper in papers:
        if paper.marked_duplicate and paper not in grouped:
            what = "marked [Duplicate] but no other paper looks like the same work"
            problems.append(_problem(paper, "duplicate-marker-unmatched", what))
    for group in groups:
        if not any(p.marked_duplicate for p in group.papers):
            names = " and ".join(_name(p) for p in group.papers)
            what = f"{names} look like the same work, but none is marked [Duplicate]"
            problems.append(_problem(group.papers[1], "duplicate-unmarked", what))
    return sorted(problems, key=lambda p: (p.row is None, p.row or 0, p.code))


def _problem(paper: Paper, code: str, what: str) -> Problem:
    where = f"Row {paper.row}" if paper.row is not None else f"Paper {paper.title[:40]!r}"
    line = paper.lines[0] if paper.lines else None
    message = f"{where}, marked_duplicate: {what}."
    return Problem(code=code, severity="warning", row=paper.row, line=line,
                   field="marked_duplicate", message=message)  # fmt: skip
