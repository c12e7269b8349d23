"""Which pairs of papers the duplicate detector scores, in time about linear in the list.

Scoring every pair of a million papers is 5e11 pairs; blocking proposes the few pairs that
could be one record or work, from keys that a copy, a new version or a retitled listing keeps:

* **identifiers** (DOI, arXiv id, OpenReview id, paper URL) **and titles' content words** (as a
  set): every pair sharing one, up to 64 papers; a larger set (a placeholder URL or title on
  many rows) is chained, each paper to its predecessor and to the first, which still joins
  them without their square;
* **abstract openings** (the first eight words): a truncated copy keeps them; a stock opening
  shared by over 64 papers says nothing;
* **abstract sketches**: the 12 smallest hashes of each abstract's sentences of 25 letters and
  digits or more, each read as those alone (a bottom-k sketch). A copy keeps them all, a light
  edit all but the sentences it touched; pairs sharing two (or all the shorter has) are
  proposed. Keys in over 64 papers (a boilerplate sentence) are dropped;
* **title neighbourhoods**: papers sorted by their title's content words, by those words read
  backwards (a typo in the first word) and by those words in alphabetical order (words
  moved), each compared with the next four in each order, proposed when the titles are at
  least 80% alike.

Every key is bounded, so the work per paper is bounded whatever the vocabulary: titles made of
a few common words ("language models") cost no more than rare ones, unlike counting shared
title words, whose pairs grow with the square of each word's frequency.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
import multiprocessing
import operator
import sys
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz

MAX_POSTING = 64  # papers sharing a key beyond which the key says nothing (or is chained)
SKETCH = 12  # abstract sentences indexed per paper (those with the smallest hashes)
WINDOW = 4  # sorted-neighbourhood window over titles
OPENING = 8  # abstract words that make its opening
TITLE_ALIKE = 80  # fuzzy ratio of title content words from which neighbours are proposed
PARALLEL_MIN = 20_000  # papers from which forked processes compare the sorted titles
_Key = TypeVar("_Key", bound=Hashable)


def candidate_pairs(
    ids: Sequence[dict[str, str]],
    cores: Sequence[str],
    abstracts: Sequence[tuple[Hashable, Sequence[int]] | None],
    alternatives: Sequence[tuple[int, str]] = (),
    *,
    moved: Sequence[str] | None = None,
    workers: int = 1,
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, worth scoring.

    Args:
        ids: per paper, identifier kind to identifier.
        cores: per paper, the title's content words joined by spaces.
        abstracts: per paper, the abstract's opening (a hash of its first words) and its sketch (the
            smallest 64-bit hashes of its sentences), or None without an abstract.
        alternatives: (paper, content words) of second titles, such as an original-language
            title in brackets; they share the title keys.
        moved: per paper, the title's content words in alphabetical order (made from ``cores``
            when not given: callers that make them in parallel save that time).
        workers: cores to use: with more than one (on Linux, for 20,000 papers or more),
            ``workers`` forked processes compare the sorted titles (three orders at most), one
            more indexes the identifiers, titles and openings, and this one indexes the sketch
            keys and shares the count of their pairs with one more.

    Returns:
        The candidate pairs.

    Examples:
        >>> titles = ["sparse probes", "sparse probe", "x"]
        >>> sorted(candidate_pairs([{}, {}, {}], titles, [None] * 3))
        [(0, 1)]
    """
    pairs: set[tuple[int, int]] = set()
    if moved is None:
        moved = [" ".join(sorted(core.split())) for core in cores]  # the words in any order
    global _TITLES, _SKETCHES, _KEYS
    with _TITLES_LOCK, contextlib.ExitStack() as stack:
        _TITLES, _KEYS = (cores, moved), (ids, abstracts, alternatives, moved)
        stack.callback(_forget_state)
        orders = range(len(_ORDERS))
        rows = range(len(abstracts))
        forking = workers > 1 and len(cores) >= PARALLEL_MIN and sys.platform.startswith("linux")
        if not forking:
            pairs.update(_key_pairs())
            _SKETCHES = _sketch_index(abstracts)
            pairs.update(_sketch_pairs(rows))
            for found in map(_neighbours, orders):
                pairs.update(found)
            return pairs
        # The work in as many processes as the workers and two more (on two cores), each
        # started as soon as its input is there, so the cores stay busy to the end: the orders
        # of titles compared, the identifiers, titles and openings indexed, the sketch keys
        # indexed (here: the longest step, about a third of the work), then their pairs found
        # by this process and one forked once the index is made. (A million papers on two
        # cores: 32.9-34.6 s, against 38.3-40.1 s with the other keys indexed here too.)
        fork = multiprocessing.get_context("fork")
        titles = stack.enter_context(fork.Pool(min(workers, len(orders))))
        compared = titles.map_async(_neighbours, orders)
        keyed = stack.enter_context(fork.Pool(1)).apply_async(_key_pairs)
        _SKETCHES = _sketch_index(abstracts)
        # Every other paper: the later a paper, the fewer later sharers it has.
        shared = stack.enter_context(fork.Pool(1)).apply_async(_sketch_pairs, (rows[1::2],))
        pairs.update(_sketch_pairs(rows[::2]))
        pairs.update(shared.get())
        pairs.update(keyed.get())
        for found in compared.get():
            pairs.update(found)
    return pairs


def _forget_state() -> None:
    global _TITLES, _SKETCHES, _KEYS
    _TITLES = _SKETCHES = _KEYS = None


# What _key_pairs indexes (identifiers, abstracts, second titles, sorted title words), set by
# candidate_pairs for the forked process that indexes them.
_KEYS: (
    tuple[
        Sequence[dict[str, str]],
        Sequence[tuple[Hashable, Sequence[int]] | None],
        Sequence[tuple[int, str]],
        Sequence[str],
    ]
    | None
) = None


def _key_pairs() -> set[tuple[int, int]]:
    """The pairs sharing an identifier, title words or an opening (of ``_KEYS``)."""
    assert _KEYS is not None, "candidate_pairs sets the keys"
    ids, abstracts, alternatives, moved = _KEYS
    pairs: set[tuple[int, int]] = set()
    # Most keys belong to one paper and make no pair: each kind is counted at once in C and
    # only the papers with a shared key are posted (a million papers, one process: 6.5 s, and
    # 9.6-9.8 s when every key was posted in turn).
    named = Counter(itertools.chain.from_iterable(map(dict.items, ids)))
    shared = _repeated(named)
    owners = map(operator.not_, map(shared.isdisjoint, map(dict.items, ids)))
    by_id: dict[tuple[str, str], list[int]] = {}
    for i in itertools.compress(range(len(ids)), owners):
        for key in shared.intersection(ids[i].items()):
            by_id.setdefault(key, []).append(i)
    for posting in by_id.values():
        _all_or_chain(posting, pairs)
    titles: Sequence[str] = moved
    papers: Sequence[int] = range(len(moved))
    if alternatives:  # second titles after the papers' own, as when they were posted in turn
        titles = [*moved, *(" ".join(sorted(core.split())) for _, core in alternatives)]
        papers = [*papers, *(i for i, _ in alternatives)]
    for posting in _postings(titles, papers, _repeated(Counter(titles))).values():
        _all_or_chain(posting, pairs)
    openings = [None if abstract is None else abstract[0] for abstract in abstracts]
    shared_openings = _repeated(Counter(openings))
    shared_openings.discard(None)
    for posting in _postings(openings, range(len(openings)), shared_openings).values():
        if len(posting) <= MAX_POSTING:
            pairs.update(itertools.combinations(posting, 2))
    return pairs


def _repeated(counted: Counter[_Key], most: int = sys.maxsize) -> set[_Key]:
    """The keys ``counted`` more than once, and at most ``most`` times."""
    return {key for key, count in counted.items() if 1 < count <= most}


def _postings(
    keys: Sequence[_Key], papers: Sequence[int], shared: set[_Key]
) -> dict[_Key, list[int]]:
    """Per key of ``shared``, the papers of its entries in ``keys`` in order (``papers[k]`` has
    ``keys[k]``): the others, most of them, are skipped in C."""
    postings: dict[_Key, list[int]] = {}
    kept = map(shared.__contains__, keys)
    for key, i in itertools.compress(zip(keys, papers, strict=True), kept):
        postings.setdefault(key, []).append(i)
    return postings


def _sketch_index(abstracts: Sequence[tuple[Hashable, Sequence[int]] | None]) -> _Sketches:
    """The sketch keys indexed, for :func:`_sketch_pairs`."""
    # Some seven million keys at a million papers, nine in ten one paper's. Counted in one
    # table of hundreds of MB, each costs random memory accesses (0.9 us each on a virtual
    # machine); split by their first byte into 256 parts whose tables fit the processor's
    # caches, they are counted and the shared ones posted in far less (the index and pairs of
    # a million papers in one process: 15.6 s instead of 24.5 s).
    keys = [array("Q") for _ in range(256)]
    owners = [array("I") for _ in range(256)]
    need: list[int] = []  # sketch keys a pair must share: two, or all the paper has
    for i, abstract in enumerate(abstracts):
        if abstract is None:
            need.append(0)
            continue
        for key in abstract[1]:
            part = key >> 56
            keys[part].append(key)
            owners[part].append(i)
        need.append(min(2, len(abstract[1])))
    postings: list[list[list[int]] | None] = [None] * len(abstracts)
    for part_keys, part_owners in zip(keys, owners, strict=True):
        shared = _repeated(Counter(part_keys), MAX_POSTING)
        for posting in _postings(part_keys, part_owners, shared).values():
            for i in posting:
                mine = postings[i]
                if mine is None:
                    postings[i] = [posting]
                else:
                    mine.append(posting)
    lonely = {i for i, abstract in enumerate(abstracts) if abstract and need[i] < 2}
    return postings, need, lonely


_Sketches = tuple[
    list[list[list[int]] | None],  # per paper, the postings of its keys shared by 2-64 papers
    list[int],  # per paper: the sketch keys a pair must share, two or all it has
    set[int],  # the papers with fewer than two sketch keys
]
# The sketch keys indexed, set by candidate_pairs for the forked process that shares the count.
_SKETCHES: _Sketches | None = None


def _sketch_pairs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i`` in ``rows`` and ``j > i``, that share two sketch keys, or
    all that one of them has (one, or none: a short abstract)."""
    assert _SKETCHES is not None, "candidate_pairs sets the sketch keys"
    postings, need, lonely = _SKETCHES
    pairs: list[tuple[int, int]] = []
    # Paper by paper with its later sharers: a counter of every pair sharing a key would hold
    # millions at a million papers. Postings are in paper order.
    for i in rows:
        mine = postings[i]
        if mine is None:
            continue
        seen: set[int] = set()
        twice: set[int] = set()
        for found in mine:
            later = found[bisect.bisect_right(found, i) :]
            twice.update(seen.intersection(later))
            seen.update(later)
        if need[i] < 2:
            pairs.extend((i, j) for j in seen)
        elif seen:
            pairs.extend((i, j) for j in twice.union(seen.intersection(lonely)))
    return pairs


def _all_or_chain(postings: list[int], pairs: set[tuple[int, int]]) -> None:
    """Every pair of a small posting list; a large one chained to its first and predecessor."""
    if len(postings) <= MAX_POSTING:
        pairs.update(itertools.combinations(postings, 2))
        return
    first = postings[0]
    for previous, i in itertools.pairwise(postings):
        pairs.add((previous, i))
        pairs.add((first, i))


# The titles _neighbours sorts: (content words, content words in alphabetical order), set by
# candidate_pairs for the forked processes that share its work.
_TITLES: tuple[Sequence[str], Sequence[str]] | None = None
_TITLES_LOCK = threading.Lock()
# The orders of titles compared with their neighbours: as written, read backwards (a typo in the
# first word) and with the words sorted (words moved); each gives every title's sort key.
_ORDERS: tuple[Callable[[Sequence[str], Sequence[str]], Sequence[str]], ...] = (
    lambda cores, moved: cores,
    lambda cores, moved: [core[::-1] for core in cores],
    lambda cores, moved: moved,
)


def _neighbours(which: int) -> list[tuple[int, int]]:
    """Pairs of papers at most ``WINDOW`` apart in order ``_ORDERS[which]`` with titles at
    least 80% alike."""
    assert _TITLES is not None, "candidate_pairs sets the titles"
    cores, moved = _TITLES
    keys = _ORDERS[which](cores, moved)
    order = sorted(range(len(cores)), key=keys.__getitem__)
    alike = functools.partial(fuzz.ratio, score_cutoff=TITLE_ALIKE)
    texts = [cores[i] for i in order]
    # Copied in that order, each window reads its titles one after the other in memory, not
    # scattered over the heap: a fifth faster. (Content words hold no line break.)
    copied = "\n".join(texts).split("\n")
    texts = copied if len(copied) == len(texts) else texts
    pairs = []
    for step in range(1, WINDOW + 1):  # one offset at a time: the comparisons run in C
        found = map(alike, texts[:-step], texts[step:])
        for k in itertools.compress(range(len(order) - step), found):
            i, j = order[k], order[k + step]
            pairs.append((i, j) if i < j else (j, i))
    return pairs
