"""Find papers listed twice, even under different titles, without merging look-alikes.

Paper lists collect the same work more than once: as a lab's blog post and as the arXiv
preprint (often under another title), as two preprint versions, or with a truncated abstract.
:func:`find_duplicates` scores pairs of papers on several signals and clusters them:

* **identifiers** — the same arXiv id, DOI, OpenReview id or canonical paper URL decides, unless
  abstracts and titles both disagree (then the URL was probably pasted into the wrong row);
* **abstract** — the share of word triples (shingles) of the shorter abstract found in the
  other, after removing case, punctuation, whitespace and LaTeX markup; a truncated abstract
  therefore matches its full version. Missing abstracts give no evidence either way;
* **title** — a fuzzy ratio, capped when each title has content words the other lacks, so
  "Red Teaming Language Models to Reduce Harms" and "... with Language Models" stay apart;
* **date** — dates years apart weaken the other signals a little.

A pair whose score reaches ``threshold`` is a link. Links are merged strongest first into
clusters, but two clusters only merge if every cross pair scores at least a coherence floor,
so a chain of weak links cannot glue unrelated papers together. Results do not depend on the
order of the input. Large inputs are compared within blocks (shared identifier, title word
pairs, sampled abstract shingles, abstract opening) instead of all pairs.

Example:
    >>> import safetylit
    >>> papers = safetylit.load(safetylit.sample_path())
    >>> [g.rows for g in find_duplicates(papers)]
    [(454, 476), (468, 477)]
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz

from safetylit.models import Paper, Problem
from safetylit.urls import UrlKind

__all__ = [
    "DEFAULT_THRESHOLD",
    "DuplicateGroup",
    "Evidence",
    "Keep",
    "Scorer",
    "deduplicate",
    "find_duplicates",
    "marker_problems",
]

#: Pair score from which two papers count as the same work.
DEFAULT_THRESHOLD = 0.6

Scorer = Callable[[Paper, Paper], float]
"""A custom pair score: ``(paper, paper) -> float`` in 0..1, symmetric."""

Method = Literal["auto", "brute", "blocked"]

# Up to this many papers every pair is scored; beyond it only pairs sharing a blocking key.
_BRUTE_FORCE_LIMIT = 300
# Abstracts with fewer word triples than this say too little to compare.
_MIN_SHINGLES = 8
# Word triples at which an abstract alone is full evidence; shorter ones need the title too.
_FULL_EVIDENCE = 40
# Abstracts sharing less than this share of word triples are different texts.
_DIFFERENT_ABSTRACTS = 0.25
# Blocking keys shared by more papers than this are too common to say anything (stop keys).
_MAX_POSTING = 64
# Abstract shingles indexed per paper: the ones with the smallest hashes (a bottom-k sketch).
_SKETCH = 12
# URL kinds whose canonical URL names one paper (a code repository or video may serve several).
_PAPER_URL_KINDS = frozenset(
    {
        UrlKind.ARXIV,
        UrlKind.OPENREVIEW,
        UrlKind.DOI,
        UrlKind.PROCEEDINGS,
        UrlKind.PUBLISHER,
        UrlKind.BLOG,
        UrlKind.PUBLICATION_PAGE,
        UrlKind.FORUM,
        UrlKind.AGGREGATOR,
        UrlKind.PDF,
    }
)
_ID_NAMES = {
    "same_arxiv_id": "arXiv id",
    "same_doi": "DOI",
    "same_openreview_id": "OpenReview id",
    "same_url": "URL",
}
_STOPWORDS = frozenset(
    "a an the of for and or in on to with from by at as is are be via using into onto toward "
    "towards through under over about its their our your we how what why when do does can vs "
    "versus".split()
)
# Words that name an edition of a paper rather than the paper: "(v2)", "[Extended Version]".
_EDITION_WORD = re.compile(r"v[0-9]{1,2}|preprint|extended|version|abstract|draft|revised|arxiv")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
_WORD = re.compile(r"[^\W_]+")
_ASCII_SPACES = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


class Evidence(BaseModel, frozen=True):
    """Why two papers were linked: the signals that agreed and how strongly.

    Attributes:
        rows: the two papers' rows, in row order.
        signals: signal name to strength in 0..1, e.g. ``{"abstract": 1.0, "title": 0.41}``;
            identifier matches appear as ``same_arxiv_id``, ``same_doi``, ``same_openreview_id``
            or ``same_url`` with 1.0.
        reason: one readable sentence.

    Example:
        >>> Evidence(rows=(3, 9), signals={"same_doi": 1.0}, reason="Rows 3 and 9 share a DOI.").rows
        (3, 9)
    """

    rows: tuple[int | None, int | None]
    signals: dict[str, float]
    reason: str


class DuplicateGroup(BaseModel, frozen=True):
    """Papers that are one work, with the evidence that links them.

    Attributes:
        papers: the papers, in row order (at least two, each distinct).
        rows: their rows, in the same order.
        score: confidence in 0..1, that of the weakest link needed to connect the group.
        evidence: one :class:`Evidence` per linked pair (every pair scoring at the threshold).

    Example:
        >>> import safetylit
        >>> group = find_duplicates(safetylit.load(safetylit.sample_path()))[0]
        >>> group.rows, group.score > 0.9
        ((454, 476), True)
    """

    model_config = ConfigDict(frozen=True)

    papers: tuple[Paper, ...]
    rows: tuple[int | None, ...]
    score: float
    evidence: tuple[Evidence, ...]


Keep = Literal["first", "arxiv", "most_complete"] | Callable[[DuplicateGroup], Paper]


@dataclass(slots=True)
class _Features:
    """What the scorer needs from one paper, computed once."""

    paper: Paper
    ids: dict[str, str]  # signal name ("same_doi", ...) to identifier
    title: str  # lower-cased title words joined by single spaces
    core: str  # the title's content words (no stop or edition words) joined by spaces
    content: frozenset[str]  # the words of ``core``
    tokens: tuple[int, ...] | None  # abstract words as stable ids; None when missing or short
    day: int | None
    shingles: frozenset[int] | None = field(default=None)

    def abstract_shingles(self) -> frozenset[int] | None:
        # Built lazily: only papers that meet a candidate need them, and they are the bulk of
        # the memory (about 10 kB per abstract).
        if self.shingles is None and self.tokens is not None:
            t = self.tokens
            self.shingles = frozenset(map(hash, zip(t, t[1:], t[2:])))
        return self.shingles


@dataclass(frozen=True, slots=True)
class _Link:
    score: float
    signals: dict[str, float]
    contradicts: bool  # evidence that the two are different works (not just no evidence)


def _sort_key(p: Paper) -> tuple[object, ...]:
    # Every field, so distinct papers never tie: the canonical order makes results independent
    # of the input order.
    return (
        p.row is None,
        p.row or 0,
        p.title,
        p.company,
        p.date.isoformat() if p.date else "",
        p.url or "",
        p.category or "",
        p.abstract or "",
        p.marked_duplicate,
        p.lines or (0, 0),
        p.absorbed_rows,
    )


def _words(text: str) -> list[str]:
    """Lower-case words of ``text`` without punctuation or LaTeX command names."""
    if "\\" in text:
        text = _LATEX_COMMAND.sub(" ", text)
    if text.isascii():  # the common case, about four times faster than the regular expression
        return text.lower().translate(_ASCII_SPACES).split()
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _word_ids(words: list[str], ids: dict[str, int]) -> tuple[int, ...]:
    # crc32, not hash(): str hashes change between processes, and the sketches used as blocking
    # keys must be the same in every run. ``ids`` caches the words seen so far in this call.
    for word in set(words).difference(ids):
        ids[word] = zlib.crc32(word.encode())
    return tuple(map(ids.__getitem__, words))


def _features(paper: Paper, word_ids: dict[str, int]) -> _Features:
    ids: dict[str, str] = {}
    info = paper.url_info
    if info is not None:
        if info.arxiv_id:
            ids["same_arxiv_id"] = info.arxiv_id
        if info.doi:
            ids["same_doi"] = info.doi
        if info.openreview_id:
            ids["same_openreview_id"] = info.openreview_id
        if info.canonical and info.kind in _PAPER_URL_KINDS:
            ids["same_url"] = info.canonical
    title_words = _words(paper.title)
    core = [w for w in title_words if w not in _STOPWORDS and not _EDITION_WORD.fullmatch(w)]
    tokens = None
    if paper.abstract is not None:
        words = _words(paper.abstract)
        if len(words) >= _MIN_SHINGLES + 2:
            tokens = _word_ids(words, word_ids)
    return _Features(
        paper=paper,
        ids=ids,
        title=" ".join(title_words),
        core=" ".join(core),
        content=frozenset(core),
        tokens=tokens,
        day=paper.date.toordinal() if paper.date else None,
    )


def _same_word(a: str, b: str) -> bool:
    if a == b or a.rstrip("s") == b.rstrip("s"):
        return True
    # A typo or inflection in a long word is no distinguishing word; numbers must match exactly.
    return len(a) >= 5 and len(b) >= 5 and not a.isdigit() and fuzz.ratio(a, b) >= 80


def _unmatched(a: frozenset[str], b: frozenset[str]) -> list[str]:
    """Content words of one title with no counterpart (exact, plural or typo) in the other."""
    return sorted(w for w in a - b if not any(_same_word(w, v) for v in b))


def _title_similarity(a: _Features, b: _Features) -> float:
    if not a.title or not b.title:
        return 0.0
    base = max(
        fuzz.ratio(a.title, b.title),
        fuzz.token_sort_ratio(a.title, b.title),
        fuzz.ratio(a.core, b.core) if a.core and b.core else 0,
    )
    base /= 100
    if base <= 0.5:  # the caps below cannot lower it further
        return base
    only_a, only_b = _unmatched(a.content, b.content), _unmatched(b.content, a.content)
    if only_a and only_b:  # each title says something the other does not: different papers
        return min(base, 0.5)
    if only_a or only_b:  # one title extends the other (a subtitle): not proof either way
        return min(base, 0.85)
    return base


def _abstract_overlap(a: _Features, b: _Features) -> tuple[float, int, int] | None:
    """(containment, shingles of the shorter, of the longer abstract), None if one is missing."""
    sa, sb = a.abstract_shingles(), b.abstract_shingles()
    if sa is None or sb is None:
        return None
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(small & large) / len(small), len(small), len(large)


def _score(a: _Features, b: _Features) -> _Link:
    """Score one pair on every signal (symmetric in ``a`` and ``b``)."""
    title = _title_similarity(a, b)
    signals = {"title": round(title, 4)}
    overlap = _abstract_overlap(a, b)
    date_factor = 1.0
    if a.day is not None and b.day is not None:
        signals["date"] = round(max(0.0, 1 - abs(a.day - b.day) / 1461), 4)  # 0 at 4 years
        date_factor = min(1.0, 0.85 + 0.2 * signals["date"])  # only years apart weigh
    if overlap is not None:
        containment, size, _ = overlap
        signals["abstract"] = round(containment, 4)
        # A long shared abstract decides alone; a short one (a first sentence) needs the title.
        content = max(containment * min(1.0, size / _FULL_EVIDENCE), (containment + title) / 2)
    else:
        content = max(0.0, (title - 0.8) / 0.2)  # title alone: only near-identical ones count
    # Abstracts that share almost nothing are the one strong sign of two different works; a
    # different title is not (blog posts retitle papers) and a missing abstract says nothing.
    differ = overlap is not None and overlap[0] < _DIFFERENT_ABSTRACTS
    shared = [name for name, value in a.ids.items() if b.ids.get(name) == value]
    if shared and not (differ and title < 0.6):  # else the identifier was pasted by mistake
        signals.update(dict.fromkeys(shared, 1.0))
        return _Link(1.0, signals, False)
    return _Link(min(1.0, content * date_factor), signals, differ)


def _explain(a: _Features, b: _Features, signals: dict[str, float]) -> str:
    """One sentence on why ``a`` and ``b`` were linked, from their signals."""
    parts = []
    if "scorer" in signals:
        parts.append(f"the custom scorer gave {signals['scorer']:.2f}")
    shared = [name for name in _ID_NAMES if name in signals]
    if shared:
        what = ", ".join(f"{_ID_NAMES[n]} {a.ids[n]}" for n in shared)
        parts.append(f"both point to the same {what}")
    overlap = _abstract_overlap(a, b)
    if overlap is not None:
        containment, small, large = overlap
        pct = f"{containment:.0%}"
        if containment >= 0.8 and small < 0.7 * large:
            parts.append(f"the shorter abstract is a cut-down copy of the other ({pct} recurs)")
        elif containment >= 0.8:
            parts.append(f"their abstracts match ({pct} of word triples shared)")
        else:
            parts.append(f"their abstracts share {pct} of word triples")
    else:
        parts.append("an abstract is missing, so only the title and date speak")
    title = _title_similarity(a, b)
    only = _unmatched(a.content, b.content) + _unmatched(b.content, a.content)
    if only and title < 0.9:
        words = ", ".join(repr(w) for w in only[:4])
        parts.append(f"the titles differ in {words} (title similarity {title:.0%})")
    else:
        parts.append(f"the titles {'match' if title >= 0.9 else 'are alike'} ({title:.0%})")
    if a.day is not None and b.day is not None:
        days = abs(a.day - b.day)
        parts.append(f"the dates are {days} day{'s' * (days != 1)} apart")
    names = " and ".join(_name(f.paper) for f in (a, b))
    return f"{names[0].upper()}{names[1:]}: " + "; ".join(parts) + "."


def _name(paper: Paper) -> str:
    return f"row {paper.row}" if paper.row is not None else f"paper {paper.title[:40]!r}"


def _blocking_keys(f: _Features) -> tuple[list[Hashable], list[Hashable], list[Hashable]]:
    """(identifier keys, title keys, abstract keys) of one paper."""
    id_keys: list[Hashable] = list(f.ids.items())
    words = f.core.split()
    # Adjacent and skip-one word pairs: some survive a typo or an inserted word.
    title_keys: list[Hashable] = [*zip(words, words[1:]), *zip(words, words[2:], words[2:])]
    if len(words) < 2:
        title_keys.append(f.core)
    abstract_keys: list[Hashable] = []
    if f.tokens is not None:
        t = f.tokens
        # The opening (a truncated copy keeps it) and a bottom-k sketch of the word triples:
        # copies and light edits keep most of the k smallest hashes.
        abstract_keys.append(t[:8])
        abstract_keys += sorted(set(map(hash, zip(t, t[1:], t[2:]))))[:_SKETCH]
    return id_keys, title_keys, abstract_keys


def _candidate_pairs(features: Sequence[_Features]) -> set[tuple[int, int]]:
    """Pairs (i < j) that share an identifier, or enough title or abstract keys."""
    index: list[dict[Hashable, list[int]]] = [{}, {}, {}]
    sizes: list[tuple[int, int]] = []
    for i, f in enumerate(features):
        keysets = _blocking_keys(f)
        sizes.append((len(keysets[1]), len(keysets[2])))
        for postings, keys in zip(index, keysets):
            for key in set(keys):
                postings.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for postings in index[0].values():  # identifiers are never too common to compare
        pairs.update(itertools.combinations(postings, 2))
    for kind in (1, 2):
        shared: Counter[tuple[int, int]] = Counter()
        for postings in index[kind].values():
            if 1 < len(postings) <= _MAX_POSTING:
                shared.update(itertools.combinations(postings, 2))
        for (i, j), count in shared.items():
            # Two shared keys, or all a paper has: one chance word pair is no candidate.
            if count >= min(2, sizes[i][kind - 1], sizes[j][kind - 1]):
                pairs.add((i, j))
    return pairs


def find_duplicates(
    papers: Iterable[Paper],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    scorer: Scorer | None = None,
    workers: int = 1,
    method: Method = "auto",
) -> list[DuplicateGroup]:
    """Group the papers that are the same work.

    Args:
        papers: the papers, e.g. a :class:`~safetylit.PaperSet`. Equal papers (same fields,
            row included) are one paper, never a duplicate of itself.
        threshold: pair score (0..1) from which two papers are linked; higher is stricter.
        scorer: replaces the built-in pair score (``(a, b) -> float`` in 0..1); candidates are
            still chosen by the built-in blocking keys unless ``method="brute"``.
        workers: accepted for API stability; scoring runs in this process (values other than
            1 are currently treated as 1).
        method: ``"brute"`` scores every pair, ``"blocked"`` only pairs sharing a blocking key,
            ``"auto"`` (default) brute force up to 300 papers, blocking beyond.

    Returns:
        The groups ordered by their first paper, each paper in at most one group.

    Raises:
        ValueError: if ``threshold`` is not in (0, 1] or ``method`` is unknown.

    Example:
        >>> import safetylit
        >>> groups = find_duplicates(safetylit.load(safetylit.sample_path()))
        >>> groups[0].rows, sorted(groups[0].evidence[0].signals)
        ((454, 476), ['abstract', 'date', 'title'])
    """
    del workers  # see the docstring: kept so callers can pass it today
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if method not in ("auto", "brute", "blocked"):
        raise ValueError(f"method must be 'auto', 'brute' or 'blocked', got {method!r}")
    unique = sorted(set(papers), key=_sort_key)
    word_ids: dict[str, int] = {}
    features = [_features(p, word_ids) for p in unique]
    n = len(features)
    brute = method == "brute" or (method == "auto" and n <= _BRUTE_FORCE_LIMIT)
    cache: dict[tuple[int, int], _Link] = {}

    def link(i: int, j: int) -> _Link:
        if i > j:
            i, j = j, i
        found = cache.get((i, j))
        if found is None:
            if scorer is None:
                found = _score(features[i], features[j])
            else:
                value = float(scorer(unique[i], unique[j]))
                found = _Link(value, {"scorer": value}, value < threshold / 2)
            cache[i, j] = found
        return found

    candidates = itertools.combinations(range(n), 2) if brute else sorted(_candidate_pairs(features))
    links = [(s, i, j) for i, j in candidates if (s := link(i, j).score) >= threshold]
    # Only the links are needed from here on; drop the rest of the cache to free memory.
    cache = {(i, j): cache[i, j] for _, i, j in links}
    clusters = _cluster(links, lambda i, j: link(i, j).contradicts)
    groups = []
    for members, weakest in clusters:
        evidence = []
        for i, j in itertools.combinations(members, 2):
            found = link(i, j)
            if found.score >= threshold:
                reason = _explain(features[i], features[j], found.signals)
                rows = (unique[i].row, unique[j].row)
                evidence.append(Evidence(rows=rows, signals=found.signals, reason=reason))
        groups.append(
            DuplicateGroup(
                papers=tuple(unique[i] for i in members),
                rows=tuple(unique[i].row for i in members),
                score=round(weakest, 4),
                evidence=tuple(evidence),
            )
        )
    return groups


def _cluster(
    links: list[tuple[float, int, int]], contradicts: Callable[[int, int], bool]
) -> list[tuple[list[int], float]]:
    """Merge linked pairs strongest first; no merge may join two contradicting papers.

    Returns (sorted members, weakest merging link) per cluster of two or more, by first member.
    """
    root: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    weakest: dict[int, float] = {}
    for s, i, j in sorted(links, key=lambda x: (-x[0], x[1], x[2])):
        ri, rj = root.get(i, i), root.get(j, j)
        if ri == rj:
            continue
        mi, mj = members.get(ri, [ri]), members.get(rj, [rj])
        if any(contradicts(x, y) for x in mi for y in mj):
            continue  # a member of one cluster contradicts a member of the other
        merged = sorted(mi + mj)
        for x in mj:
            root[x] = ri
        root.setdefault(ri, ri)
        members[ri] = merged
        members.pop(rj, None)
        weakest[ri] = min(s, weakest.get(ri, 1.0), weakest.pop(rj, 1.0))
    return sorted(((m, weakest[r]) for r, m in members.items()), key=lambda x: x[0][0])


def deduplicate(
    papers: Sequence[Paper], groups: Sequence[DuplicateGroup], *, keep: Keep = "first"
) -> list[Paper]:
    """Keep one paper per duplicate group, recording the rows it absorbed.

    Args:
        papers: the papers, in row order.
        groups: from :func:`find_duplicates` on (a superset of) ``papers``.
        keep: which paper of a group survives: ``"first"`` (lowest row), ``"arxiv"`` (the first
            with an arXiv id, else the first), ``"most_complete"`` (most filled fields, then the
            longest abstract, then the first), or a callable ``group -> Paper``.

    Returns:
        ``papers`` without the absorbed ones, in the same order; each kept paper is a copy whose
        ``absorbed_rows`` adds the rows of the others in its group. Other papers are unchanged.

    Raises:
        ValueError: on an unknown ``keep``, a callable returning a paper outside its group, a
            paper in two groups, or a group paper that is not in ``papers``.

    Example:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> kept = deduplicate(papers, find_duplicates(papers), keep="arxiv")
        >>> len(kept), kept[-2].row, kept[-2].absorbed_rows
        (78, 476, (454,))
    """
    present = set(papers)
    replace: dict[Paper, Paper | None] = {}
    for group in groups:
        chosen = _choose(group, keep)
        absorbed = set(chosen.absorbed_rows)
        for paper in group.papers:
            if paper in replace:
                raise ValueError(f"{_name(paper)} is in more than one duplicate group")
            if paper not in present:
                raise ValueError(f"{_name(paper)} of a duplicate group is not among the papers")
            replace[paper] = None
            if paper != chosen:
                absorbed.update(paper.absorbed_rows)
                if paper.row is not None:
                    absorbed.add(paper.row)
        replace[chosen] = chosen.model_copy(update={"absorbed_rows": tuple(sorted(absorbed))})
    out: list[Paper] = []
    emitted: set[Paper] = set()
    for paper in papers:
        if paper not in replace:
            out.append(paper)
        elif (new := replace[paper]) is not None and paper not in emitted:
            emitted.add(paper)  # an input listing the kept paper twice keeps it once
            out.append(new)
    return out


def _choose(group: DuplicateGroup, keep: Keep) -> Paper:
    if callable(keep):
        chosen = keep(group)
        if chosen not in group.papers:
            raise ValueError("keep callable must return one of the group's papers")
        return chosen
    if keep == "first":
        return group.papers[0]
    if keep == "arxiv":
        return next((p for p in group.papers if p.arxiv_id is not None), group.papers[0])
    if keep == "most_complete":

        def completeness(p: Paper) -> tuple[int, int]:
            filled = (p.date, p.url, p.category, p.abstract, p.arxiv_id)
            return sum(v is not None for v in filled), len(p.abstract or "")

        best = max(completeness(p) for p in group.papers)
        return next(p for p in group.papers if completeness(p) == best)
    raise ValueError(f"keep must be 'first', 'arxiv', 'most_complete' or a callable, not {keep!r}")


def marker_problems(papers: Sequence[Paper], groups: Sequence[DuplicateGroup]) -> list[Problem]:
    """Compare the export's ``[Duplicate]`` markers with the duplicates found.

    Args:
        papers: the papers of the export.
        groups: from :func:`find_duplicates` on ``papers``.

    Returns:
        Warnings, ordered by row: ``duplicate-marker-unmatched`` for a marked paper in no group,
        and ``duplicate-unmarked`` (on the group's second paper, where a marker usually goes)
        for a group none of whose papers is marked. Both have field ``"marked_duplicate"``.

    Example:
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
            what = f"{names} look like the same work but none is marked [Duplicate]"
            problems.append(_problem(group.papers[1], "duplicate-unmarked", what))
    return sorted(problems, key=lambda p: (p.row is None, p.row or 0, p.code))


def _problem(paper: Paper, code: str, what: str) -> Problem:
    where = "Row" if paper.row is not None else "Paper"
    label = str(paper.row) if paper.row is not None else repr(paper.title[:40])
    return Problem(
        code=code,
        severity="warning",
        row=paper.row,
        line=paper.lines[0] if paper.lines else None,
        field="marked_duplicate",
        message=f"{where} {label}, marked_duplicate: {what}.",
    )

