"""How alike two papers are, and why: the signals behind :func:`safetylit.find_duplicates`.

Each paper becomes a :class:`_Features` record once (cleaned title words, identifiers, venue,
abstract word ids with its blocking opening and sketch); :func:`_score` compares two of them on
identifiers, title, abstract and date, and says whether they are two records (different
identifiers of one scheme, venues or kinds) or two texts; :func:`_explain` puts a link into
words. See :mod:`safetylit.duplicates` for what each signal can and cannot see.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import operator
import re
import threading
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from safetylit._blocking import OPENING as _OPENING
from safetylit._blocking import SKETCH as _SKETCH
from safetylit._models import Paper
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
from safetylit.urls import UrlInfo, UrlKind, classify_url

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
_SENTENCE_LETTERS = 25  # shorter sentences ("Methods", "All rights reserved") are no key
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
_UNSET = object()
_ASCII_SPACES = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


@dataclass(slots=True)
class _Features:
    """What the scorer needs from one paper, computed once; the abstract's word ids, title word
    sets and word-triple hashes only when a pair needs them (most papers are in no pair)."""

    paper: Paper
    ids: dict[str, str]  # signal name ("same_doi", ...) to identifier
    schemes: dict[str, str]  # scheme ("doi", ...) to the identifier, versions dropped
    venue: tuple[str, ...]  # the words of the company (the lab, or a journal), () if unknown
    title: str  # lower-cased title words joined by single spaces
    core: str  # the title's content words (no stop or edition words) joined by spaces
    plain: str  # the title's words but edition words, stop words included, joined by spaces
    text: bool  # whether the paper has an abstract long enough to compare
    day: int | None
    notice: bool = False  # the title is a notice about another record ("Erratum to: …")
    recurring: bool = False  # a title of many records: a genre, or on records that cannot be one
    alt: _Features | None = None  # the same paper under its bracketed original-language title
    # Brute force meets each paper n times, blocking a few times: only the former keeps the
    # word triples, which would be most of the memory (some 10 kB per abstract).
    keep_shingles: bool = False
    _shingles: frozenset[int] | None = field(default=None)
    _count: int = -1
    _tokens: array[int] | None = None
    _content: frozenset[str] | None = None
    _words: tuple[str, ...] | None = None

    @property
    def tokens(self) -> array[int] | None:
        """The abstract's words as stable ids, 4 bytes each; None when missing or short."""
        if not self.text:
            return None
        if self._tokens is None:
            self._token_ids()
        return self._tokens

    def _token_ids(self) -> tuple[int, ...]:
        """:attr:`tokens` as a tuple (zip reads it faster than the array's boxed items), made
        and kept as the array if not yet."""
        if self._tokens is None and self.text:
            ids = _text_ids(self.paper.abstract or "")
            self._tokens = array("I", ids)
            return ids
        return tuple(self._tokens or ())

    @property
    def content(self) -> frozenset[str]:
        """The words of ``core``."""
        if self._content is None:
            self._content = frozenset(self.core.split())
        return self._content

    @property
    def words(self) -> tuple[str, ...]:
        """The words of ``plain``."""
        if self._words is None:
            self._words = tuple(self.plain.split())
        return self._words

    def shingles(self) -> frozenset[int]:
        """Hashes of the abstract's word triples (empty without an abstract)."""
        if self._shingles is not None:
            return self._shingles
        kept = _recent()
        recent = kept.get(id(self))
        if recent is not None and recent[0] is self:
            return recent[1]
        t = self._token_ids()
        shingles = frozenset(map(hash, zip(t, t[1:], t[2:], strict=False)))
        if self.keep_shingles:
            self._shingles = shingles
        else:  # pairs come by paper: its next pairs need them again
            kept[id(self)] = (self, shingles)
            if len(kept) > 64:
                del kept[next(iter(kept))]
        self._count = len(shingles)
        return shingles

    def count(self) -> int:
        """``len(self.shingles())``, kept even where the shingles are not."""
        return self._count if self._count >= 0 else len(self.shingles())


# The word triples of the papers scored last, per thread: concurrent searches must not share
# (and trim) one cache.
_LOCAL = threading.local()


def _recent() -> dict[int, tuple[_Features, frozenset[int]]]:
    kept: dict[int, tuple[_Features, frozenset[int]]] | None = getattr(_LOCAL, "recent", None)
    if kept is None:
        kept = _LOCAL.recent = {}
    return kept


def forget_recent() -> None:
    """Drop this thread's kept word triples and last pairs (a search has ended: no more pairs
    come)."""
    _recent().clear()
    for name in [name for name in vars(_LOCAL) if name.startswith("last_")]:
        delattr(_LOCAL, name)


@dataclass(frozen=True, slots=True)
class _Link:
    score: float
    signals: dict[str, float]
    contradicts: bool  # evidence of two different works, not merely a lack of evidence
    record: bool = True  # nothing says two records (different ids of one scheme, venues)
    title_only: bool = False  # no abstract pair and no identifier spoke: the weakest kind


def _words(text: str) -> list[str]:
    """Lower-case words of ``text``, without punctuation, accents, markup and LaTeX command
    names."""
    text = _unmarked(text)
    if text.isascii():  # the common case, four times faster than the regular expression
        return text.lower().translate(_ASCII_SPACES).split()
    return _unicode_words(text)


def _unmarked(text: str) -> str:
    """``text`` without LaTeX command names and markup (the first step of :func:`_words`)."""
    if "\\" in text:
        text = _LATEX_COMMAND.sub(" ", text)
    if "<" in text or "&" in text or "(" in text:
        text = strip_markup(text)
    return text


def _unicode_words(text: str) -> list[str]:
    """:func:`_words` of an unmarked text that is not ASCII."""
    return _WORD.findall(fold(unicodedata.normalize("NFKC", fix_mojibake(text))))


# Stable ids of words: crc32, not hash(), because str hashes change between processes and the
# sketches used as blocking keys must be the same in every run (and in forked workers).
_WORD_IDS: dict[str, int] = {}
_BYTE_IDS: dict[bytes, int] = {}  # the same for ASCII words as bytes
_BYTE_SPACES = bytes.maketrans(
    bytes(range(128)), bytes(c if chr(c).isalnum() else 32 for c in range(128))
)
# Where an abstract's sentences (and headings such as "Background:") end: a mark, then spacing.
_SENTENCE_END = re.compile(r"[.?!;:]\s+")
# The same for ASCII bytes, split by bytes.split(b". ") once spacing is a space and marks a stop.
_SENTENCE_MARKS = bytes.maketrans(b"\t\n\r\f\v?!;:", b"     ....")
_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum() and c != 1)

#: A paper's keys for :func:`safetylit._blocking.candidate_pairs`: its abstract's opening and
#: sketch (None without an abstract long enough to compare), and its title's content words in
#: alphabetical order (words moved).
_BlockingKeys = tuple[tuple[int, tuple[int, ...]] | None, str]

#: What :func:`_features` computes from a paper, without the paper: plain values that forked
#: workers return cheaply (ids, schemes, venue, title, core, plain, text, day, notice, generic,
#: the blocking keys (see :data:`_BlockingKeys`), alt title's (title, core, plain) or None).
#: The blocking keys stay out of the features: only blocking reads them. Not the abstract's word
#: ids nor the number of its distinct word triples: kept for every paper the ids would be a
#: third of the search's memory, and making them (ids, then hashed triples) was over half of a
#: paper's features; only the papers of a pair that its titles and dates leave open need them
#: (:attr:`_Features.tokens`, :meth:`_Features.count`).
_Parts = tuple[
    dict[str, str],
    dict[str, str],
    tuple[str, ...],
    str,
    str,
    str,
    bool,
    int | None,
    bool,
    bool,
    _BlockingKeys,
    tuple[str, str, str] | None,
]


def _blocking_keys(parts: _Parts) -> _BlockingKeys:
    """The blocking keys of a paper's :data:`_Parts`."""
    return parts[10]


def _text_ids(text: str) -> tuple[int, ...]:
    """The stable ids of the words of ``text`` (:func:`_words`, then :func:`_word_ids`)."""
    text = _unmarked(text)
    if not text.isascii():
        return _word_ids(_unicode_words(text))
    # ASCII text as bytes: translated and split in half the time of a str, and crc32 of a
    # word's bytes is its id, so the ids are those of the str words.
    return _cached_ids(text.lower().encode().translate(_BYTE_SPACES).split(), _BYTE_IDS, zlib.crc32)


def _word_ids(words: list[str]) -> tuple[int, ...]:
    return _cached_ids(words, _WORD_IDS, _str_crc)


def _str_crc(word: str) -> int:
    return zlib.crc32(word.encode())


_Word = TypeVar("_Word", str, bytes)


def _cached_ids(
    words: Sequence[_Word], ids: dict[_Word, int], crc: Callable[[_Word], int]
) -> tuple[int, ...]:
    """The id of each word, by ``crc`` once per word and from the ``ids`` cache after."""
    try:
        return tuple(map(ids.__getitem__, words))
    except KeyError:
        if len(ids) > 1 << 20:  # a bound on the cache, never reached by one list's vocabulary
            ids.clear()
        for word in set(words).difference(ids):
            ids[word] = crc(word)
        return tuple(map(ids.__getitem__, words))


def _abstract_keys(abstract: str) -> tuple[bool, int, tuple[int, ...]]:
    """Whether ``abstract`` is long enough to compare (``_MIN_WORDS``), a hash of its opening
    words and its sketch: the ``_SKETCH`` smallest hashes of its sentences of 25 letters and
    digits or more, each read as those alone (no case, spacing, punctuation or markup).

    Blocking keys, stable across runs and processes (crc32 and Adler-32, not ``hash``). A copy,
    rewrapped or marked up, has the same keys, and an edited one keeps those of the sentences it
    left alone.
    """
    text = _unmarked(abstract)
    if text.isascii():
        # A handful of calls in C whatever the length: sentences split where a mark and a space
        # meet, each made its letters and digits at once (a rare byte keeps them apart).
        pieces = text.lower().encode().translate(_SENTENCE_MARKS).split(b". ")
        first: list[bytes] = []
        for piece in pieces:  # words of the first sentences, until there are enough
            first += piece.translate(_BYTE_SPACES).split()
            if len(first) >= _MIN_WORDS:
                break
        sentences = b"\x01".join(pieces).translate(None, _NOT_ALNUM).split(b"\x01")
    else:
        parts = [_unicode_words(part) for part in _SENTENCE_END.split(text)]
        first = [w.encode() for w in itertools.islice(itertools.chain(*parts), _MIN_WORDS)]
        sentences = ["".join(words).encode() for words in parts]
    if len(first) < _MIN_WORDS:
        return False, 0, ()
    keys = {_stable_hash(s) for s in sentences if len(s) >= _SENTENCE_LETTERS}
    return True, _stable_hash(b" ".join(first[:_OPENING])), tuple(sorted(keys)[:_SKETCH])


def _stable_hash(data: bytes) -> int:
    """64 bits of ``data``, the same in every process and run, the high half uniform."""
    return zlib.crc32(data) << 32 | zlib.adler32(data)


def _parts(paper: Paper) -> _Parts:
    """The features of one paper as plain values (see :data:`_Parts`)."""
    # A classification cached on every paper would be a good part of the search's memory:
    # the paper's own is used when made already, else one is made and dropped.
    info = paper.__dict__.get("url_info", _UNSET)
    if info is _UNSET:
        info = None if paper.url is None else classify_url(paper.url)
    assert info is None or isinstance(info, UrlInfo)
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
    if _EDITION_WORD.search(" ".join(plain)):  # one search of the title spares a call a word
        plain = [w for w in plain if not _is_edition(w)]
    core = [w for w in plain if w not in _STOPWORDS]
    text, opening, sketch = _abstract_keys(paper.abstract) if paper.abstract else (False, 0, ())
    day = paper.date.toordinal() if paper.date else None
    venue = () if venue in _NO_VENUE else venue
    # A title of genre words and the venue's name ("Editor's Comments") names a column.
    generic = all(w in GENRE or w in venue for w in core or title)
    alt = None
    if (bracket := _ALT_TITLE.search(cleaned)) is not None:
        # "English title [Original title]": the other database may list the original only.
        other = _title_words(bracket.group(1))
        if sum(w not in _STOPWORDS for w in other) >= 3:
            core_alt = [w for w in other if w not in _STOPWORDS and not _is_edition(w)]
            words_alt = [w for w in other if not _is_edition(w)]
            alt = (" ".join(other), " ".join(core_alt), " ".join(words_alt))
    title_text, core_text, plain_text = " ".join(title), " ".join(core), " ".join(plain)
    # Most titles have no edition word to drop (some no stop word): one string serves twice.
    plain_text = title_text if plain_text == title_text else plain_text
    core_text = plain_text if core_text == plain_text else core_text
    joined = (title_text, core_text, plain_text)
    moved = " ".join(sorted(core))
    moved = core_text if moved == core_text else moved
    keys = ((opening, sketch) if text else None, moved)
    return (ids, schemes, venue, *joined, text, day, is_notice(cleaned), generic, keys,
            alt)  # fmt: skip


def _features(paper: Paper, parts: _Parts | None = None) -> _Features:
    """The features of one paper, from its :func:`_parts` if already computed."""
    made = parts or _parts(paper)
    ids, schemes, venue, title, core, plain, text, day, notice, generic, _, alt = made
    features = _Features(
        paper, ids, schemes, venue, title, core, plain, text, day, notice, generic
    )  # fmt: skip
    if alt is not None:
        features.alt = dataclasses.replace(features, title=alt[0], core=alt[1], plain=alt[2])
    return features


def _mark_recurring(features: Sequence[_Features]) -> None:
    """Mark the titles that the list gives to records that cannot be one: dated over two years
    apart (beyond any version) or with two identifiers of one scheme. Such a title names a
    column or a genre ("Editorial", "Editor's Comments"), not a paper."""
    keys = [f.core or f.title for f in features]
    # A title on one record is left as it is: only those of several need their dates and ids.
    # They are found in a set of those titles, a tenth of the count's size and so mostly in
    # the processor's caches (a million papers: 4.3-4.8 s instead of 8.2-9.4 s looking up
    # every title in the count).
    shared = {key for key, count in Counter(keys).items() if count > 1}
    found = itertools.compress(range(len(keys)), map(shared.__contains__, keys))
    several = [(keys[i], features[i]) for i in found]
    seen: dict[str, tuple[int, int, dict[str, str], bool]] = {}
    for key, f in several:
        low, high, schemes, recurring = seen.get(key, (f.day or 0, f.day or 0, {}, f.recurring))
        if f.day is not None:
            low, high = (f.day, f.day) if low == high == 0 else (min(low, f.day), max(high, f.day))
        recurring = recurring or f.recurring or high - low > 2 * _VERSION_DAYS
        recurring = recurring or any(schemes.get(k, v) != v for k, v in f.schemes.items())
        seen[key] = (low, high, schemes or f.schemes, recurring)
    for key, f in several:
        f.recurring = seen[key][3]


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
    if not a.text or not b.text:
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


_Value = TypeVar("_Value")


def _remember_last(
    function: Callable[[_Features, _Features], _Value],
) -> Callable[[_Features, _Features], _Value]:
    """``function`` of a pair, remembering its last pair per thread (until
    :func:`forget_recent`): the evidence of a link asks again what scoring that pair has just
    computed (its title similarity, its abstracts' overlap)."""
    name = f"last_{function.__name__}"

    @functools.wraps(function)
    def remembered(a: _Features, b: _Features) -> _Value:
        last: tuple[_Features, _Features, _Value] | None = getattr(_LOCAL, name, None)
        if last is not None and last[0] is a and last[1] is b:
            return last[2]
        value = function(a, b)
        setattr(_LOCAL, name, (a, b, value))
        return value

    return remembered


@_remember_last
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


@_remember_last
def _abstract_overlap(a: _Features, b: _Features) -> tuple[float, float, int] | None:
    """(containment, resemblance, size of the shorter) of the abstracts' word-triple sets.

    Containment is the shared share of the shorter set (1.0 for a truncated copy), resemblance
    the shared share of the union (low when one is much shorter). None if one is missing.
    """
    if not a.text or not b.text:
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
    long = long[: len(short) + _SHIFT]
    # Word by word at each shift, compared in C: byte k of ``same`` says whether word k of
    # ``short`` is the word ``shift`` places on in ``long``; three such bytes in a row, a
    # triple found there. (Twice as fast as looking each triple up in a table of places.)
    found = 0
    for shift in range(-_SHIFT, _SHIFT + 1):
        pairs = (short, long[shift:]) if shift >= 0 else (short[-shift:], long)
        same = int.from_bytes(bytes(map(operator.eq, *pairs)), "little")
        same &= (same >> 8) & (same >> 16)
        found |= same << (-8 * shift) if shift < 0 else same
    return found.bit_count() / max(1, len(short) - 2)


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
    triples = list(zip(long, long[1:], long[2:], strict=False))
    # Each triple's first place in ``long`` (set backwards: the earliest is set last), then the
    # places of ``short``'s triples in its order, each triple once.
    first = dict(zip(reversed(triples), range(len(triples) - 1, -1, -1), strict=True))
    ahead = dict.fromkeys(zip(short, short[1:], short[2:], strict=False))
    places = [first[triple] for triple in ahead if triple in first]
    # The longest rising run of these distinct places is the longest sequence they share with
    # their sorted order, which rapidfuzz finds in C.
    return int(LCSseq.similarity(places, sorted(places)))


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
    both = a.text and b.text
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
    # Four words that differ are named, for unlike titles only: finding each costs fuzzy matches.
    unmatched = itertools.chain(_unmatched(a.content, b), _unmatched(b.content, a))
    named = list(itertools.islice(unmatched, 4)) if title < 0.9 else []
    if named:
        words = ", ".join(repr(w) for w in named)
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
