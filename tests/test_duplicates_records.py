"""Records and works: identifiers and venues against a link, cleaned titles, coherent groups.

Every paper here is invented; none comes from a benchmark.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from array import array

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetylit import Paper
from safetylit import _blocking as blocking
from safetylit import _pair_score as ps
from safetylit import _record_text as text
from safetylit.duplicates import DuplicateGroup, find_duplicates

TITLE = "Gradient noise predicts the onset of grokking in small transformers"
ABSTRACT = (
    "We train small transformers on modular arithmetic and track the noise of their gradients. "
    "A sharp drop in gradient noise precedes the jump in test accuracy by several thousand "
    "steps across seeds, widths and learning rates. We propose the ratio of noise to signal as "
    "an early warning for delayed generalisation and release the training logs we used."
)
EDITED = (
    "Conference abstract. We trained tiny transformers on arithmetic tasks and measured gradient "
    "noise. Gradient noise fell sharply some thousands of steps before the accuracy jump. We "
    "suggest the noise ratio as a warning sign of late generalisation in these models."
)

# The same study as a meeting abstract: headed, a sentence reworded, one added.
MEETING = (
    "Background: "
    + ABSTRACT.replace("We propose the ratio", "Here we suggest the ratio")
    + " Results were presented at the annual meeting."
)


def paper(row: int, **update: object) -> Paper:
    fields: dict[str, object] = {
        "company": "Journal of Imaginary Learning Research",
        "title": TITLE,
        "date": dt.date(2021, 3, 1),
        "url": None,
        "abstract": ABSTRACT,
        "row": row,
    }
    fields.update(update)
    return Paper(**fields)  # type: ignore[arg-type]


def rows(groups: list[DuplicateGroup]) -> list[tuple[int | None, ...]]:
    return [g.rows for g in groups]


# --- identifiers against a link -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_a", "url_b"),
    [
        pytest.param(
            "https://arxiv.org/abs/2101.01234", "https://arxiv.org/abs/2101.05678", id="arxiv"
        ),
        pytest.param(
            "https://openreview.net/forum?id=AbCdEf1",
            "https://openreview.net/forum?id=ZyXwV9",
            id="openreview",
        ),
    ],
)
def test_different_ids_of_one_scheme_are_two_records(url_a: str, url_b: str) -> None:
    # One title, one text: still two records (a paper uploaded twice, two submissions).
    pair = [paper(1, url=url_a), paper(2, url=url_b)]
    assert find_duplicates(pair) == []
    (group,) = find_duplicates(pair, level="same-work")
    assert group.relation == "same-work"
    assert any(k.startswith("different_") for k in group.evidence[0].signals)
    assert "two records of one work" in group.evidence[0].reason


def test_conference_abstract_and_article_are_one_work_two_records() -> None:
    article = paper(1, url="https://doi.org/10.9999/jilr.2021.001")
    meeting = paper(
        2,
        url="https://doi.org/10.9999/meeting.2021.77",
        company="Annual Meeting of the Society for Made-up Studies",
        abstract=MEETING,
        date=dt.date(2021, 1, 1),
    )
    assert find_duplicates([article, meeting]) == []
    (group,) = find_duplicates([article, meeting], level="same-work")
    assert group.relation == "same-work"
    signals = group.evidence[0].signals
    assert signals["different_doi"] == signals["different_venue"] == 1.0


def test_version_suffixes_name_one_record() -> None:
    pair = [
        paper(1, url="https://doi.org/10.9999/14651858.CD000123.pub2", abstract=None),
        paper(2, url="https://doi.org/10.9999/14651858.CD000123.pub3", abstract=None),
    ]
    (group,) = find_duplicates(pair)
    assert group.relation == "same-record"
    assert group.evidence[0].signals["same_doi"] == 1.0
    assert text.same_scheme_id("10.1101/2021.02.03.429999v3") == "10.1101/2021.02.03.429999"


def test_one_doi_difference_is_outweighed_by_one_title_over_one_text() -> None:
    # Publishers re-issue DOIs: one title, one abstract, a month apart is one record...
    legacy = paper(1, url="https://doi.org/10.9999/legacy-0042")
    current = paper(2, url="https://doi.org/10.9999/s0042-2021", date=dt.date(2021, 4, 1))
    assert rows(find_duplicates([legacy, current])) == [(1, 2)]
    # ... but not two years apart, nor with an edited text.
    later = current.model_copy(update={"date": dt.date(2023, 3, 1)})
    assert find_duplicates([legacy, later]) == []
    edited = current.model_copy(update={"abstract": ABSTRACT.replace("We train", "Training")[40:]})
    assert rows(find_duplicates([legacy, edited])) == [(1, 2)]  # a cut copy is one text
    rewritten = current.model_copy(update={"abstract": EDITED})
    assert find_duplicates([legacy, rewritten]) == []


# --- venues -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(
            "J Imag Learn Res", "Journal of Imaginary Learning Research", True, id="abbreviation"
        ),
        pytest.param(
            "Imag Learn",
            "Imaginary Learning. Conference: 5th Meeting",
            True,
            id="conference-suffix",
        ),
        pytest.param(
            "2019 Intl Workshop on Widgets",
            "INTL WORKSHOP ON WIDGETS, VOLS 1-2",
            True,
            id="edition-words",
        ),
        pytest.param("IWW", "Intl Workshop on Widgets", True, id="acronym"),
        pytest.param(
            "Int Joint Conference on Widgets and Gadgets",
            "International Conference on Widgets and Gadget Networks",
            True,
            id="one-word-of-five",
        ),
        pytest.param("Widget Gadget Letters", "Widget Letters", True, id="in-order"),
        pytest.param("Widget Research", "Gadget Research", False, id="one-word-of-two"),
        pytest.param("Widget Letters", "Gadget Letters", False, id="another-journal"),
        pytest.param("Anthropic", "OpenAI", False, id="labs"),
        pytest.param("", "OpenAI", True, id="no-name"),
    ],
)
def test_venue_names(a: str, b: str, same: bool) -> None:
    assert text.venues_compatible(text.venue_words(a), text.venue_words(b)) is same


def test_venues_that_cannot_be_one_keep_records_apart_unless_one_text() -> None:
    here = paper(1, abstract=EDITED)
    there = paper(2, company="Gadget Letters", abstract=EDITED[:-30])
    assert rows(find_duplicates([here, there])) == [(1, 2)]  # one title, one text (cut)
    # An edited abstract under one title: one record at one venue, two at two venues.
    edited = ABSTRACT.replace("sharp drop", "steep fall")[:-80] + " We share our logs."
    same_venue = [paper(1), paper(2, abstract=edited)]
    assert rows(find_duplicates(same_venue)) == [(1, 2)]
    two_venues = [paper(1), paper(2, abstract=edited, company="Gadget Letters")]
    assert find_duplicates(two_venues) == []
    (group,) = find_duplicates(two_venues, level="same-work")
    assert (group.rows, group.relation) == ((1, 2), "same-work")
    assert "different venues: two records of one work" in group.evidence[0].reason


# --- titles compared as written in other databases --------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param(
            "Uptake of <sup>18</sup>F-widget in <i>vivo</i>",
            "Uptake of 18F-widget in vivo",
            id="html",
        ),
        pytest.param(
            "Na<inf>v</inf>1.7 gating &amp; pain", "Nav1.7 gating & pain", id="inf-entity"
        ),
        pytest.param(
            "K(ATP) channels and Ca(2+)(i) load", "KATP channels and Ca2+i load", id="ions"
        ),
        pytest.param(
            "Widget kinetics [Erratum appears in Imag Lett 2003;4:12]",
            "Widget kinetics",
            id="erratum-note",
        ),
        pytest.param("Widget kinetics (vol 12, pg 34, 2001)", "Widget kinetics", id="volume-note"),
        pytest.param("Widget kinetics - Reply", "Widget kinetics", id="reply"),
        pytest.param("Widget kinetics. Chinese", "Widget kinetics", id="language"),
        pytest.param(
            "Widget kinetics. Italian\nCinetica dei widget", "Widget kinetics", id="translated"
        ),
        pytest.param("CafÃ© widgets", "Café widgets", id="mojibake"),
        pytest.param(
            "Reading widgets in Chinese", "Reading widgets in Chinese", id="language-word-kept"
        ),
        pytest.param("Reply", "Reply", id="only-a-note"),
    ],
)
def test_clean_title(raw: str, clean: str) -> None:
    assert text.clean_title(raw) == clean


@given(st.text(max_size=80))
@settings(max_examples=300)
def test_clean_title_is_idempotent_on_what_it_changes(raw: str) -> None:
    once = text.clean_title(raw)
    assert text.clean_title(once) == text.clean_title(text.clean_title(once))


@pytest.mark.parametrize(
    "other",
    [
        "Gradient noise predicts the onset of grokking in small transformers (vol 3, pg 9, 2021)",
        "Gradient noise predicts the onset of grokking in small <i>transformers</i>",
        "Gradient noise predicts the onset of grokking in small transformers. German",
        "GRADIENT NOISE PREDICTS THE ONSET OF GROKKING IN SMALL TRANSFORMERS",
    ],
)
def test_titles_as_other_databases_write_them_still_match(other: str) -> None:
    # Without abstracts, only the title speaks: it must be one title once cleaned.
    pair = [paper(1, abstract=None), paper(2, abstract=None, title=other)]
    assert rows(find_duplicates(pair)) == [(1, 2)]


def test_ion_notation_and_greek_letters_do_not_make_titles_differ() -> None:
    pair = [
        paper(1, abstract=None, title="Opening of K(ATP) channels by PKC-epsilon in widget cells"),
        paper(2, abstract=None, title="Opening of KATP channels by PKC- in widget cells"),
    ]
    assert rows(find_duplicates(pair)) == [(1, 2)]


def test_a_notice_is_another_record_than_its_paper() -> None:
    notice = paper(2, title="Erratum to: " + TITLE, url="https://doi.org/10.9999/err.1")
    assert find_duplicates([paper(1), notice]) == []
    assert text.is_notice("Widget kinetics: Correction to Doe et al. (2020)")
    assert not text.is_notice("Retracted: Widget kinetics")
    assert not text.is_notice("Correction of widget drift in small samples")


# --- titles that name no paper, and coherent groups --------------------------------------------


def test_genre_titles_never_link_alone() -> None:
    titles = ["Editorial", "Editor's Comments", "Guest editorial", "Imaginary Learning: editorial"]
    company = "Imaginary Learning"
    papers = [
        Paper(company=company, title=t, date=dt.date(2020, 1, 1), row=10 * k + r)
        for k, t in enumerate(titles)
        for r in range(3)
    ]
    assert find_duplicates(papers) == []


def test_a_title_on_records_years_apart_is_no_evidence() -> None:
    # A yearly report: the same title every year, no abstracts, no identifiers.
    papers = [
        paper(
            year - 1990,
            title="Annual survey of widget markets",
            abstract=None,
            date=dt.date(year, 1, 1),
        )
        for year in range(2000, 2012)
    ]
    assert find_duplicates(papers) == []


def test_title_only_links_do_not_chain() -> None:
    # Each a year apart from the next: a link between neighbours, none across the chain.
    dates = [dt.date(2000, 1, 1), dt.date(2000, 12, 1), dt.date(2001, 11, 1)]
    papers = [paper(k + 1, abstract=None, date=d) for k, d in enumerate(dates)]
    groups = find_duplicates(papers)
    assert rows(groups) == [(1, 2)]
    # A paper without abstract still joins a group held by an abstract through its match.
    held = [paper(1), paper(2, title="Noise before grokking"), paper(3, abstract=None)]
    assert rows(find_duplicates(held)) == [(1, 2, 3)]


def test_level_is_checked() -> None:
    with pytest.raises(ValueError, match="level"):
        find_duplicates([paper(1)], level="same-thing")  # type: ignore[arg-type]


# --- blocking stays bounded and finds what brute force finds -----------------------------------


def test_blocking_is_bounded_for_a_small_vocabulary() -> None:
    rng = random.Random(4)
    words = ["language", "models", "safety", "reward", "agents", "learning", "scaling", "probes"]
    n = 3000
    cores = [" ".join(rng.choices(words, k=rng.randint(2, 6))) for _ in range(n)]
    pairs = blocking.candidate_pairs([{}] * n, cores, [None] * n)
    # Three orders, four neighbours each: at most 12 pairs per paper whatever the vocabulary.
    assert len(pairs) <= 3 * blocking.WINDOW * n
    # A shared identifier on many papers is chained, not squared.
    cores = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=12)) for _ in range(500)]
    many = blocking.candidate_pairs([{"doi": "10.1/x"}] * 500, cores, [None] * 500)
    assert len(many) < 2 * 500


def test_sketch_keys_propose_pairs_sharing_two_or_all_the_shorter_has() -> None:
    rng = random.Random(5)
    n = 80
    cores = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=14)) for _ in range(n)]
    abstracts: list[tuple[int, tuple[int, ...]] | None] = [None] * n
    abstracts[0] = (1, (10, 11, 12, 13))
    abstracts[1] = (2, (10, 11, 90, 91))  # two keys shared with paper 0
    abstracts[2] = (3, (10, 50, 51, 52))  # one key shared with 0 and 1: not enough
    abstracts[3] = (4, (77,))  # a short abstract: its one key is all it has
    abstracts[4] = (5, (77, 78, 79, 80))
    for i in range(10, 80):  # a boilerplate pair of keys on 70 papers says nothing
        abstracts[i] = (100 + i, (500, 501, 1000 + i))
    pairs = blocking.candidate_pairs([{}] * n, cores, abstracts)
    assert pairs == {(0, 1), (3, 4)}


def test_the_sketch_keys_are_an_abstracts_sentences() -> None:
    sentences = [f"Sentence {k} says something about widget {k * 7} and more." for k in range(20)]
    text = " ".join(sentences)
    long_enough, opening, sketch = ps._abstract_keys(text)
    assert long_enough
    assert len(sketch) == ps._SKETCH
    letters = ["".join(c for c in s.lower() if c.isalnum()).encode() for s in sentences]
    everyone = sorted(map(ps._stable_hash, letters))
    assert list(sketch) == everyone[: ps._SKETCH]
    assert opening == ps._stable_hash(b"sentence 0 says something about widget 0 and")
    # Rewrapped, in capitals, with markup: the same keys.
    marked = "\n".join(sentences).upper().replace("WIDGET", "<i>widget</i>")
    assert ps._abstract_keys(marked) == (True, opening, sketch)
    # One sentence edited, a heading added: the other sentences keep their keys.
    edited = ["Background: " + sentences[0].replace("says", "tells"), *sentences[1:]]
    _, other_opening, other = ps._abstract_keys(" ".join(edited))
    assert other_opening != opening
    assert len(set(other) & set(sketch)) >= ps._SKETCH - 1
    # Short sentences are no keys; fewer than ten words are no abstract to compare; a text
    # with other than ASCII letters has the keys of its ASCII copy.
    assert ps._abstract_keys("Methods: we did it. All rights reserved. It worked.")[0] is False
    results = (True, ps._stable_hash(b" ".join([b"results"] * 8)), ())
    assert ps._abstract_keys("Results. " * 12) == results
    accented = text.replace("widget", "wídget").replace("says", "says \u2014")
    assert ps._abstract_keys(accented)[2] == sketch


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(alphabet=st.sampled_from("ab Cd.\n:;?!-<>&\\\x01é")))
def test_any_text_gets_sketch_keys_and_the_word_count_of_its_word_ids(text: str) -> None:
    # Whether an abstract is long enough to compare is said from its first words only; it must
    # agree with the word ids that pairs compare later, whatever the text.
    long_enough, _, sketch = ps._abstract_keys(text)
    assert long_enough == (len(ps._text_ids(text)) >= 10)
    assert list(sketch) == sorted(set(sketch))
    assert len(sketch) <= ps._SKETCH


VENUES = ["Widget Letters", "Gadget Letters", "J Widget Lett", "unknown"]
TITLES = [
    TITLE,
    TITLE.upper(),
    "Widget <i>kinetics</i>",
    "Widget kinetics",
    "Editorial",
    "Erratum to: Widget kinetics",
]
URLS = [
    None,
    None,
    "https://doi.org/10.9/a",
    "https://doi.org/10.9/b",
    "https://doi.org/10.9/a.pub2",
    "https://arxiv.org/abs/2101.00001",
]


def random_record(rng: random.Random, row: int) -> Paper:
    return Paper(
        company=rng.choice(VENUES),
        title=rng.choice(TITLES),
        date=rng.choice([None, dt.date(2020, 1, 1), dt.date(2020, 6, 1), dt.date(2023, 1, 1)]),
        url=rng.choice(URLS),
        abstract=rng.choice([None, ABSTRACT, EDITED, ABSTRACT[:200]]),
        row=row,
    )


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.integers(0, 2**32), st.integers(0, 20), st.sampled_from(["same-record", "same-work"]))
def test_blocked_equals_brute_force_on_records(seed: int, n: int, level: str) -> None:
    rng = random.Random(seed)
    papers = [random_record(rng, row) for row in range(1, n + 1)]
    blocked = find_duplicates(papers, method="blocked", level=level)  # type: ignore[arg-type]
    assert blocked == find_duplicates(papers, method="brute", level=level)  # type: ignore[arg-type]
    shuffled = papers[:]
    rng.shuffle(shuffled)
    assert find_duplicates(shuffled, level=level) == blocked  # type: ignore[arg-type]


@PROPERTY
@given(st.integers(0, 2**32), st.integers(0, 20))
def test_record_groups_nest_in_work_groups(seed: int, n: int) -> None:
    rng = random.Random(seed)
    papers = [random_record(rng, row) for row in range(1, n + 1)]
    records = find_duplicates(papers)
    works = find_duplicates(papers, level="same-work")
    assert all(g.relation == "same-record" for g in records)
    for group in records:
        assert any(set(group.rows) <= set(w.rows) for w in works)


def test_a_preprint_and_its_journal_version_are_two_records_of_one_work() -> None:
    preprint = paper(1, url="https://arxiv.org/abs/2101.00001", date=dt.date(2021, 1, 4))
    journal = paper(
        2,
        url="https://doi.org/10.9999/jilr.2021.5",
        date=dt.date(2021, 11, 2),
        abstract=ABSTRACT.replace("We propose", "We then propose")[:-40] + " Code is online.",
    )
    assert find_duplicates([preprint, journal]) == []
    (group,) = find_duplicates([preprint, journal], level="same-work")
    assert (group.relation, group.evidence[0].signals["different_doi"]) == ("same-work", 1.0)
    # The arXiv DOI is the preprint's own: no difference.
    arxiv_doi = journal.model_copy(update={"url": "https://doi.org/10.48550/arXiv.2101.00001"})
    assert rows(find_duplicates([preprint, arxiv_doi])) == [(1, 2)]


def test_a_bracketed_original_title_matches_the_original_listing() -> None:
    translated = paper(
        1,
        abstract=None,
        title="Widget markets in flux [Widgetmärkte im Wandel der Plattformökonomie]",
    )
    original = paper(2, title="Widgetmärkte im Wandel der Plattformökonomie.")
    other = paper(3, title="Widget markets in flux", abstract=None, date=dt.date(2021, 3, 2))
    assert rows(find_duplicates([translated, original])) == [(1, 2)]
    assert rows(find_duplicates([translated, other])) == [(1, 3)]  # the main title still counts
    # The blocking keys know the second title (beyond 300 papers, brute force stops).
    filler = [
        paper(10 + k, title=f"Unrelated study number {k} of gadgets", abstract=None, url=None)
        for k in range(320)
    ]
    found = find_duplicates([translated, original, *filler], method="blocked")
    assert (1, 2) in rows(found)


def _head_in_by_places(short: list[int], long: list[int]) -> float:
    """What ``_head_in`` computes, the plain way: each triple of ``short`` looked up among the
    places of ``long``'s triples up to ``_SHIFT`` away."""
    end = len(short) + ps._SHIFT
    places: dict[tuple[int, int, int], list[int]] = {}
    for j, triple in enumerate(zip(long[:end], long[1:end], long[2:end], strict=False)):
        places.setdefault(triple, []).append(j)
    triples = list(zip(short, short[1:], short[2:], strict=False))
    hits = sum(
        any(abs(i - j) <= ps._SHIFT for j in places.get(triple, ()))
        for i, triple in enumerate(triples)
    )
    return hits / max(1, len(triples))


def _kept_in_order_by_patience(short: list[int], long: list[int]) -> int:
    """What ``_kept_in_order`` computes, the plain way: the longest rising run of the first
    places in ``long`` of ``short``'s triples, by patience sorting."""
    first: dict[tuple[int, int, int], int] = {}
    for j, triple in enumerate(zip(long, long[1:], long[2:], strict=False)):
        first.setdefault(triple, j)
    seen: set[tuple[int, int, int]] = set()
    tails: list[int] = []
    for triple in zip(short, short[1:], short[2:], strict=False):
        if triple in seen or (place := first.get(triple)) is None:
            continue
        seen.add(triple)
        k = bisect.bisect_left(tails, place)
        tails[k : k + 1] = [place]
    return len(tails)


words = st.lists(st.integers(0, 5), max_size=40)


@given(words, words)
def test_word_triples_in_place_and_in_order_are_counted_as_defined(
    short: list[int], long: list[int]
) -> None:
    # A small vocabulary makes repeated triples, the case that needs care.
    assert ps._head_in(short, long) == _head_in_by_places(short, long)
    assert ps._head_in(array("I", short), array("I", long)) == _head_in_by_places(short, long)
    assert ps._kept_in_order(short, long) == _kept_in_order_by_patience(short, long)
    edited = long[:5] + short + long[5:]
    assert ps._kept_in_order(short, edited) == _kept_in_order_by_patience(short, edited)
