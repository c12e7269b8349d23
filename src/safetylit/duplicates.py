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

A paper list can also hold one study twice as two *records*: a preprint and its journal
version, a conference abstract and its article. At the default ``level="same-record"`` papers
with different identifiers of one scheme (DOIs, arXiv ids, OpenReview ids; versions aside), at
venues (``company``) that cannot be one, or a notice ("Erratum to: ...") and its paper are never
linked, unless one DOI or venue difference is outweighed by one title over one text within a
year; ``level="same-work"`` links them too and marks their group ``relation="same-work"``.
Titles are compared cleaned of markup, ion notation, notes about other records, language notes
and mojibake; a title of genre words ("Editorial") or one the list gives to records years apart
never links alone.

Links (pairs scoring at least ``threshold``) merge strongest first, never into a group holding
two papers whose abstracts are two texts (or, for a record group, two records), so a chain (A
like B, B like C) cannot glue different works together; a title-only link joins a group only
if it matches every paper that joined that group by its title alone. Results do not depend on
the input order. Up to 300 papers every pair is scored; beyond, only pairs sharing a bounded
blocking key (:mod:`safetylit._blocking`), so the cost per paper is bounded whatever the
vocabulary; pairs whose titles, dates and abstract sizes rule out a link are settled without
comparing abstracts. The signals themselves live in :mod:`safetylit._pair_score`.

Examples:
    >>> import safetylit
    >>> papers = safetylit.load(safetylit.sample_path())
    >>> [g.rows for g in find_duplicates(papers)]
    [(454, 476), (468, 477)]
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import operator
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal, TypeVar, cast

from pydantic import BaseModel

from safetylit._blocking import candidate_pairs
from safetylit._collector import collector_spaced
from safetylit._models import Paper, Problem
from safetylit._pair_score import (
    _DIFFERENCES,
    _blocking_keys,
    _BlockingKeys,
    _differences,
    _explain,
    _Features,
    _features,
    _Link,
    _mark_recurring,
    _name,
    _Parts,
    _parts,
    _score,
    forget_recent,
)
from safetylit._problems import problem

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

T = TypeVar("T")

_BRUTE_FORCE_LIMIT = 300  # up to this many papers, score every pair
_PARALLEL_MIN_PAIRS = 5_000  # fewer pairs are scored faster than processes start
_MAX_EVIDENCE = 40  # larger groups list only the links that formed them as evidence
_COHERENCE_CAP = 50  # members per side a title-only merge is checked against


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

    def _repr_html_(self) -> str:  # the display lives with the other notebook displays
        from safetylit._display import group_html

        return group_html(self)


#: How :func:`deduplicate` picks the paper to keep.
Keep = Literal["first", "arxiv", "most_complete"] | Callable[[DuplicateGroup], Paper]


def _sort_key(p: Paper) -> tuple[object, ...]:
    # Row order, then every field so that different papers never tie: this canonical order is
    # what makes the results independent of the input order.
    return (p.row is None, p.row or 0, *(repr(getattr(p, f)) for f in type(p).model_fields))


def _canonical(papers: Iterable[Paper]) -> list[Paper]:
    """The distinct papers in :func:`_sort_key` order, comparing (and hashing) every field only
    where rows tie (rare: equal papers share their row), which keeps a million papers to a
    second."""
    listed = list(papers)
    rows = [p.row for p in listed]
    numbered = cast(list[int], rows)  # when None is not in it
    if None not in rows and all(map(operator.lt, numbered, numbered[1:])):
        return listed  # in order already and no two on one row, as loaded: nothing to sort
    listed.sort(key=lambda p: (p.row is None, p.row or 0))
    out: list[Paper] = []
    for _, tied in itertools.groupby(listed, key=lambda p: (p.row is None, p.row or 0)):
        run = list(tied)
        out.extend(sorted(set(run), key=_sort_key) if len(run) > 1 else run)
    return out


def _candidate_pairs(
    features: Sequence[_Features], keys: list[_BlockingKeys], workers: int
) -> set[tuple[int, int]]:
    """Pairs (i < j) worth scoring (see :mod:`safetylit._blocking`)."""
    alternatives = [(i, f.alt.core) for i, f in enumerate(features) if f.alt is not None]
    abstracts, moved = [k[0] for k in keys], [k[1] for k in keys]
    cores = [f.core for f in features]
    ids = [f.ids for f in features]
    return candidate_pairs(ids, cores, abstracts, alternatives, moved=moved, workers=workers)


_Scored = tuple[float, int, int, _Link, str]  # score, i, j, the link, why
_State = tuple[
    Callable[[int, int], _Link],
    Callable[[int], Iterable[int]],
    float,
    Callable[[int, int, _Link], str],
]
_SHARED: object = None  # the state forked processes inherit
_FORK_LOCK = threading.Lock()
_PARALLEL_MIN_PAPERS = 20_000  # fewer papers get their features faster in one process


def _forking(workers: int, work: int, least: int) -> bool:
    # Processes get their input by forking, which only Linux does cheaply and safely.
    return workers > 1 and work >= least and sys.platform.startswith("linux")


def _in_forks(
    function: Callable[[Sequence[int]], list[T]],
    chunks: Sequence[Sequence[int]],
    workers: int,
    shared: object,
) -> Iterator[list[T]]:
    """``function`` of each chunk, in order, computed in ``workers`` forked processes that
    inherit ``shared`` (read by ``function`` as ``_SHARED``)."""
    global _SHARED
    with _FORK_LOCK:
        _SHARED = shared
        frozen_here = False
        try:
            # The collector of a fork would otherwise touch (copy) every object. Objects the
            # host froze itself (as a pre-fork server does) must stay frozen, and unfreeze
            # would release them: then nothing is frozen here and the forks copy more.
            if gc.get_freeze_count() == 0:
                frozen_here = True  # first: an interrupt right after freeze still unfreezes
                gc.freeze()
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                yield from pool.imap(function, chunks)
        finally:
            if frozen_here:
                gc.unfreeze()
            _SHARED = None


def _parts_of(rows: Sequence[int]) -> list[_Parts]:
    papers = _SHARED
    assert isinstance(papers, list), "_all_features sets the papers before forking"
    return [_parts(papers[i]) for i in rows]


def _all_features(papers: list[Paper], workers: int) -> tuple[list[_Features], list[_BlockingKeys]]:
    """Every paper's features and blocking keys, in ``workers`` processes for a large list.

    The blocking keys (a fifth of the memory of the features) are kept apart from the
    features: blocking reads them once, then they go."""
    n = len(papers)
    if not _forking(workers, n, _PARALLEL_MIN_PAPERS):
        made = [_parts(p) for p in papers]
        return list(map(_features, papers, made)), list(map(_blocking_keys, made))
    step = 2_000
    chunks = [range(k, min(n, k + step)) for k in range(0, n, step)]
    features: list[_Features] = []
    keys: list[_BlockingKeys] = []
    for rows, made in zip(chunks, _in_forks(_parts_of, chunks, workers, papers), strict=True):
        features.extend(map(_features, papers[rows.start : rows.stop], made))
        keys.extend(map(_blocking_keys, made))
    return features, keys


def _links_of(rows: Sequence[int], state: _State | None = None) -> list[_Scored]:
    """Every (score, i, j, link, reason) with i in rows, j in partners(i) and score at the
    threshold."""
    shared = state or _SHARED
    assert isinstance(shared, tuple), "_find_links sets the state before forking"
    score, partners, threshold, explain = shared
    return [
        (link.score, i, j, link, explain(i, j, link))
        for i in rows
        for j in partners(i)
        if (link := score(i, j)).score >= threshold
    ]


def _find_links(
    n: int,
    state: _State,
    workers: int,
    pairs: int,
    chunks: Sequence[Sequence[int]] | None = None,
) -> list[_Scored]:
    """The links (see :func:`_links_of`) of the rows in ``chunks``, else of every row."""
    forking = _forking(workers, pairs, _PARALLEL_MIN_PAIRS)
    if chunks is None:  # brute force: every row; interleaved, they make even work
        chunks = [range(k, n, workers * 8) for k in range(workers * 8)] if forking else [range(n)]
    if not forking:
        return [x for chunk in chunks for x in _links_of(chunk, state)]
    return [x for part in _in_forks(_links_of, chunks, workers, state) for x in part]


def _by_component(neighbours: list[list[int]], parts: int) -> list[list[int]]:
    """The rows that have candidate partners in ``parts`` chunks, a connected component of the
    candidate pairs (a handful of papers) in one chunk, its rows together: its papers' word
    triples are then made by one process, once, and still kept for its next pairs."""
    root: dict[int, int] = {}

    def find(x: int) -> int:
        while (up := root.get(x, x)) != x:
            root[x] = x = root.get(up, up)  # path halving
        return x

    linked = list(itertools.compress(range(len(neighbours)), neighbours))  # most have none
    for i in linked:
        for j in neighbours[i]:
            a, b = find(i), find(j)
            if a != b:
                root[max(a, b)] = min(a, b)
    components: dict[int, list[int]] = {}
    for i in linked:
        components.setdefault(find(i), []).append(i)
    chunks: list[list[int]] = [[] for _ in range(parts)]
    for first, members in components.items():
        chunks[first % parts].extend(members)
    return chunks


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
        workers: processes (``-1``: one per CPU), forked on Linux, that compute the papers'
            features, compare sorted titles, index identifiers, titles and openings and share
            the count of pairs with shared sketch keys for 20,000 papers or more, and score the
            pairs when there are 5,000 or more; results do not depend on it.
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
    # Collection passes over a million features find no cycles, only cost time: space them out.
    try:
        with collector_spaced():
            return _find(papers, threshold, scorer, workers, method, level == "same-record")
    finally:
        forget_recent()  # the word triples kept for the next pairs: none come


def _find(
    papers: Iterable[Paper],
    threshold: float,
    scorer: Scorer | None,
    workers: int,
    method: str,
    record: bool,
) -> list[DuplicateGroup]:
    """:func:`find_duplicates` once its arguments are checked."""
    unique = _canonical(papers)
    features, keys = _all_features(unique, workers)
    _mark_recurring(features)
    n = len(features)

    def link(i: int, j: int) -> _Link:
        if scorer is None:
            return _score(features[i], features[j], record=record)
        value = min(1.0, max(0.0, float(scorer(unique[i], unique[j]))))
        return _Link(value, {"scorer": round(value, 4)}, value < threshold / 2)

    partners: Callable[[int], Iterable[int]]
    components: list[list[int]] | None = None  # blocking: chunks of whole components
    if method == "brute" or (method == "auto" and n <= _BRUTE_FORCE_LIMIT):
        partners, pairs = (lambda i: range(i + 1, n)), n * (n - 1) // 2
        for f in features:
            f.keep_shingles = True
    else:
        candidates = _candidate_pairs(features, keys, workers)
        keys.clear()  # blocking's alone (a fifth of the memory of the features): not kept
        neighbours: list[list[int]] = [[] for _ in range(n)]
        for i, j in sorted(candidates):
            neighbours[i].append(j)
        del candidates
        partners, pairs = neighbours.__getitem__, sum(map(len, neighbours))
        components = _by_component(neighbours, workers * 8)

    def score(i: int, j: int) -> _Link:  # what the search for links needs, often cheaper
        if scorer is None:
            # A floor only settles pairs below it early: a link reaching it is the same.
            return _score(features[i], features[j], floor=threshold, record=record)
        return link(i, j)

    def explain(i: int, j: int, found: _Link) -> str:  # evidence: said where it was scored
        return _explain(features[i], features[j], found.signals)

    scored = _find_links(n, (score, partners, threshold, explain), workers, pairs, components)
    cache = {(i, j): found for _, i, j, found, _ in scored}  # the pairs needed again
    reasons = {(i, j): why for _, i, j, _, why in scored}
    links = [(s, i, j) for s, i, j, _, _ in scored]
    del scored

    def cached(i: int, j: int) -> _Link:
        key = (min(i, j), max(i, j))
        if key not in cache:
            cache[key] = link(*key)
        return cache[key]

    # Two records (different identifiers or venues) never share a record group; two abstracts
    # that are two texts (any two papers, with a custom scorer) never share any group.
    def contradicts(i: int, j: int, stage: int) -> bool:
        if scorer is None and stage == 0:
            # A scored pair's signals name its differences (see _score): not looked for again.
            known = cache.get((min(i, j), max(i, j)))
            if known is None:
                differ = _differences(features[i], features[j])
            else:
                differ = [k for k in known.signals if k in _DIFFERENCES]
            # Venues alone keep two papers from linking, not from sharing a group: one
            # paper's venue may be a translation both others agree with.
            if differ and differ != ["different_venue"]:
                return True
        texts = scorer is not None or (features[i].text and features[j].text)
        return texts and cached(i, j).contradicts

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
                reason=reasons.get((i, j)) or _explain(features[i], features[j], found.signals),
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
            problems.append(_problem(paper, "duplicate-marker-unmatched"))
    for group in groups:
        if not any(p.marked_duplicate for p in group.papers):
            names = " and ".join(_name(p) for p in group.papers)
            problems.append(_problem(group.papers[1], "duplicate-unmarked", names=names))
    return sorted(problems, key=lambda p: (p.row is None, p.row or 0, p.code))


def _problem(paper: Paper, code: str, **details: Any) -> Problem:
    line = paper.lines[0] if paper.lines else None
    return problem(code, row=paper.row, line=line, title=paper.title, **details)
