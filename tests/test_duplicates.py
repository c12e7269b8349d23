"""Duplicate detection: the sample's true groups and traps, every signal, clustering, dedupe."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safetylit
from safetylit import Paper, Problem, _blocking
from safetylit import duplicates as dup
from safetylit.duplicates import (
    DuplicateGroup,
    Evidence,
    deduplicate,
    find_duplicates,
    marker_problems,
)

ABSTRACT = (
    "We study how sparse autoencoders recover interpretable features from the activations "
    "of a large language model. Scaling the dictionary improves reconstruction while keeping "
    "features sparse. We release code, trained dictionaries and a visualiser for the features."
)
OTHER_ABSTRACT = (
    "Reward models trained on human preferences can be over-optimised by a policy. We measure "
    "how the gold reward falls as the proxy reward rises and fit scaling laws to the gap, for "
    "several policy sizes and reward model sizes, with and without a KL penalty."
)


@pytest.fixture(scope="module")
def sample() -> safetylit.PaperSet:
    return safetylit.load(safetylit.sample_path())


def paper(row: int, **update: object) -> Paper:
    fields: dict[str, object] = {
        "company": "OpenAI",
        "title": "Scaling and evaluating sparse autoencoders",
        "date": dt.date(2024, 6, 6),
        "url": None,
        "category": "Interpretability",
        "abstract": ABSTRACT,
        "row": row,
        "lines": (row * 2, row * 2),
    }
    fields.update(update)
    return Paper(**fields)  # type: ignore[arg-type]


def rows(groups: list[DuplicateGroup]) -> list[tuple[int | None, ...]]:
    return [g.rows for g in groups]


def test_the_canonical_order_is_by_row_with_equal_papers_once() -> None:
    a, b, c = paper(3), paper(5), paper(9, title="Another title")
    assert dup._canonical([a, b, c]) == [a, b, c]  # as loaded: returned as it is
    assert dup._canonical([c, a, b]) == [a, b, c]
    assert dup._canonical([a, b, b.model_copy(), c]) == [a, b, c]  # one row twice: once
    unnumbered = paper(1).model_copy(update={"row": None})
    assert dup._canonical([unnumbered, b, a]) == [a, b, unnumbered]


# --- the sample -------------------------------------------------------------------------------


def test_sample_groups_are_exactly_the_true_duplicates(sample: safetylit.PaperSet) -> None:
    groups = find_duplicates(sample)
    assert rows(groups) == [(454, 476), (468, 477)]
    for group in groups:
        assert group.papers == tuple(sample.by_row(r) for r in group.rows)  # type: ignore[arg-type]
        assert 0.9 <= group.score <= 1.0
        (evidence,) = group.evidence
        assert evidence.rows == group.rows
        assert evidence.signals["abstract"] == 1.0
        assert evidence.signals["title"] <= 0.5  # blog and arXiv titles differ
        assert all(0.0 <= v <= 1.0 for v in evidence.signals.values())
        assert "abstracts match" in evidence.reason
        assert evidence.reason.startswith(f"Row {group.rows[0]} and row {group.rows[1]}:")
    assert "the titles differ in" in groups[0].evidence[0].reason
    assert "the dates are 1 day apart" in groups[1].evidence[0].reason


def test_sample_blocked_equals_brute_force(sample: safetylit.PaperSet) -> None:
    brute = find_duplicates(sample, method="brute")
    assert find_duplicates(sample, method="blocked") == brute
    assert find_duplicates(list(reversed(sample)), method="blocked") == brute


@pytest.mark.parametrize(("a", "b"), [(24, 229), (150, 197), (28, 150), (68, 79)])
def test_sample_traps_are_not_duplicates(sample: safetylit.PaperSet, a: int, b: int) -> None:
    pair = [sample.by_row(a), sample.by_row(b)]
    assert find_duplicates(pair) == []
    assert find_duplicates(pair, threshold=0.4) == []  # not even close
    # The trap: without their abstracts only the title speaks, and it must not be enough.
    bare = [p.model_copy(update={"abstract": None}) for p in pair]
    assert find_duplicates(bare) == []


def test_sample_markers_all_matched(sample: safetylit.PaperSet) -> None:
    assert [p.row for p in sample if p.marked_duplicate] == [476, 477]
    assert marker_problems(sample, find_duplicates(sample)) == []


def test_sample_marker_without_partner_is_reported(sample: safetylit.PaperSet) -> None:
    papers = [p for p in sample if p.row != 454]
    problems = marker_problems(papers, find_duplicates(papers))
    assert problems == [
        Problem(
            code="duplicate-marker-unmatched",
            severity="warning",
            row=476,
            line=627,
            field="marked_duplicate",
            message="Row 476, marked_duplicate: marked [Duplicate] but no other paper looks "
            "like the same work.",
        )
    ]


# --- signals ----------------------------------------------------------------------------------


def test_unmarked_group_is_reported_on_its_second_row() -> None:
    papers = [paper(3), paper(9, title="Extracting concepts from GPT-4")]
    groups = find_duplicates(papers)
    assert rows(groups) == [(3, 9)]
    assert marker_problems(papers, groups) == [
        Problem(
            code="duplicate-unmarked",
            severity="warning",
            row=9,
            line=18,
            field="marked_duplicate",
            message="Row 9, marked_duplicate: row 3 and row 9 look like the same work, but none "
            "is marked [Duplicate].",
        )
    ]
    marked = [papers[0], papers[1].model_copy(update={"marked_duplicate": True})]
    assert marker_problems(marked, find_duplicates(marked)) == []


def test_marker_problem_without_row_names_the_title() -> None:
    lone = paper(1, marked_duplicate=True).model_copy(update={"row": None, "lines": None})
    (problem,) = marker_problems([lone], [])
    assert (problem.row, problem.line, problem.code) == (None, None, "duplicate-marker-unmatched")
    assert problem.message.startswith("Paper 'Scaling and evaluating sparse autoencode', ")


def test_identifiers_decide() -> None:
    a = paper(1, url="https://arxiv.org/abs/2406.04093v1", abstract=None)
    b = paper(2, url="arXiv:2406.04093v2", title="Extracting Concepts from GPT-4", abstract=None)
    (group,) = find_duplicates([a, b])
    assert group.score == 1.0
    assert group.evidence[0].signals["same_arxiv_id"] == 1.0
    assert "both point to the same arXiv id 2406.04093" in group.evidence[0].reason
    doi = "https://doi.org/10.1000/xyz"
    (group,) = find_duplicates([paper(1, url=doi), paper(2, url=doi, title="Something else")])
    assert group.evidence[0].signals["same_doi"] == 1.0


def test_identifier_pasted_into_an_unrelated_row_is_not_enough() -> None:
    url = "https://arxiv.org/abs/2406.04093"
    other = paper(2, url=url, title="Scaling laws for reward model overoptimization")
    assert (
        find_duplicates([paper(1, url=url), other.model_copy(update={"abstract": OTHER_ABSTRACT})])
        == []
    )


def test_abstract_survives_wrapping_latex_and_truncation() -> None:
    marked_up = ABSTRACT.replace("sparse autoencoders", r"\emph{sparse} autoencoders")
    marked_up = marked_up.replace(". ", ".\n\n  ").replace("features", "$features$")
    retitled = paper(2, title="Extracting concepts from GPT-4", abstract=marked_up)
    (group,) = find_duplicates([paper(1), retitled])
    assert group.evidence[0].signals["abstract"] == 1.0
    truncated = paper(
        2, title="Scaling and Evaluating Sparse Autoencoders", abstract=ABSTRACT[:160] + "..."
    )
    (group,) = find_duplicates([paper(1), truncated])
    assert "cut-down copy" in group.evidence[0].reason
    # A truncated abstract alone (another title) is not enough: first sentences get shared.
    assert (
        find_duplicates([paper(1), truncated.model_copy(update={"title": "Reward hacking"})]) == []
    )


def test_missing_abstracts_never_make_papers_similar() -> None:
    a = paper(1, abstract=None, title="Weak-to-strong generalization")
    b = paper(2, abstract=None, title="Many-shot jailbreaking")
    assert find_duplicates([a, b]) == []
    (group,) = find_duplicates([a, b.model_copy(update={"title": "Weak-to-Strong Generalisation"})])
    assert "an abstract is missing" in group.evidence[0].reason


def test_look_alike_titles_with_different_words_stay_apart() -> None:
    a = paper(1, abstract=None, title="Scaling Laws for Neural Language Models")
    b = paper(2, abstract=None, title="Scaling Laws for Neural Machine Translation")
    c = paper(3, abstract=None, title="Scaling laws for neural language models (v2)")
    assert rows(find_duplicates([a, b, c])) == [(1, 3)]
    gpt = [
        paper(4, abstract=None, title="GPT-4 System Card"),
        paper(5, abstract=None, title="GPT-3 System Card"),
    ]
    assert find_duplicates(gpt) == []
    llama = [
        paper(6, abstract=None, title="Llama2: open models"),
        paper(7, abstract=None, title="Llama3: open models"),
    ]
    assert find_duplicates(llama) == []
    notes = ["Debate helps (blog post)", "Debate helps", "Debate helps (Part 2)"]
    noted = [paper(10 + k, abstract=None, title=t) for k, t in enumerate(notes)]
    assert rows(find_duplicates(noted)) == [(10, 11)]


def test_identical_papers_at_two_rows_are_duplicates_but_never_of_themselves() -> None:
    a = paper(1)
    (group,) = find_duplicates([a, a.model_copy(update={"row": 2}), a])
    assert group.rows == (1, 2)
    assert find_duplicates([a, a]) == []


def test_chain_of_weak_links_does_not_glue_different_papers() -> None:
    # b (no abstract) links to a and to c by title, but a's and c's abstracts disagree.
    a = paper(1, title="Sparse autoencoders at scale")
    b = paper(2, title="Sparse autoencoders at scale", abstract=None)
    c = paper(3, title="Sparse Autoencoders at Scale", abstract=OTHER_ABSTRACT)
    groups = find_duplicates([a, b, c])
    assert rows(groups) == [(1, 2)]  # both links score 1.0; the tie goes to the first rows
    assert find_duplicates([c, b, a]) == groups


def test_group_score_is_its_weakest_link() -> None:
    a = paper(1, url="https://arxiv.org/abs/2406.04093")
    b = paper(2, url="https://arxiv.org/pdf/2406.04093v2")
    c = paper(3, title="Evaluating sparse autoencoders", abstract=ABSTRACT.replace("the", "a"))
    (group,) = find_duplicates([c, b, a])
    assert group.rows == (1, 2, 3)
    # Kruskal order: the arXiv link (1.0) first, then c joins through its stronger link.
    (ac,) = find_duplicates([a, c])
    (bc,) = find_duplicates([b, c])
    assert dup.DEFAULT_THRESHOLD <= group.score == max(ac.score, bc.score) < 1.0
    assert len(group.evidence) == 3
    assert [e.rows for e in group.evidence] == [(1, 2), (1, 3), (2, 3)]


def test_placeholder_title_on_many_rows_stays_linear() -> None:
    papers = [Paper(company="Lab", title="TBD", row=row) for row in range(1, 401)]
    (group,) = find_duplicates(papers)  # blocked: no abstracts, so nothing contradicts
    assert group.rows == tuple(range(1, 401))
    assert len(papers) <= len(group.evidence) <= 8 * len(papers)  # links, not all pairs


def test_custom_scorer_and_threshold() -> None:
    papers = [paper(1), paper(2, title="Completely different"), paper(3, abstract=None)]
    groups = find_duplicates(papers, scorer=lambda a, b: 0.9 if {a.row, b.row} == {1, 3} else 0.0)
    assert rows(groups) == [(1, 3)]
    assert groups[0].evidence[0].signals == {"scorer": 0.9}
    assert "custom scorer gave 0.90" in groups[0].evidence[0].reason
    # Built-in score at the strictest threshold: 2 has 1's abstract, 3 its title; 2 and 3 share
    # nothing, but nothing contradicts either (3 has no abstract), so all three are one group.
    (group,) = find_duplicates(papers, threshold=1.0)
    assert (group.rows, group.score) == ((1, 2, 3), 1.0)
    assert [e.rows for e in group.evidence] == [(1, 2), (1, 3)]


@pytest.mark.parametrize(
    "kwargs", [{"threshold": 0}, {"threshold": 1.5}, {"workers": 0}, {"method": "fast"}]
)
def test_bad_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        find_duplicates([paper(1)], **kwargs)  # type: ignore[arg-type]


def test_workers_give_the_same_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    papers = [random_paper(rng, row) for row in range(1, 61)]
    serial = find_duplicates(papers, method="brute")
    monkeypatch.setattr(dup, "_PARALLEL_MIN_PAIRS", 0)
    assert find_duplicates(papers, method="brute", workers=2) == serial
    assert find_duplicates(papers, method="blocked", workers=-1) == find_duplicates(
        papers, method="blocked"
    )


def test_forked_features_and_blocking_give_the_same_groups(
    sample: safetylit.PaperSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Large lists get their features, title neighbours and links in forked processes.
    serial = find_duplicates(sample, method="blocked")
    monkeypatch.setattr(dup, "_PARALLEL_MIN_PAPERS", 0)
    monkeypatch.setattr(dup, "_PARALLEL_MIN_PAIRS", 0)
    monkeypatch.setattr(_blocking, "PARALLEL_MIN", 0)
    assert find_duplicates(sample, method="blocked", workers=2) == serial
    assert rows(serial) == [(454, 476), (468, 477)]


# --- shared sentences, dates and chains ---------------------------------------------------------

# Sentences of two papers (the first five) and of a third, to build abstracts that share some.
SENTENCES = [
    "We study how sparse autoencoders recover interpretable features from the activations of a "
    "large language model trained on a broad mixture of web text and code.",
    "Scaling the dictionary to sixteen million latents improves reconstruction while keeping "
    "the features sparse, and few latents stay dead during training.",
    "We propose new metrics for feature quality based on the recovery of hypothesised features, "
    "the explainability of activation patterns and the sparsity of downstream effects.",
    "These metrics improve with autoencoder size, which suggests that larger dictionaries find "
    "more of the structure a model uses.",
    "We release code, trained dictionaries and a visualiser for the features we found.",
    "Reward models trained on human preferences can be over-optimised by a policy that learns to "
    "exploit their errors rather than to do what people want.",
    "We measure how the gold reward falls as the proxy reward rises, for several policy sizes and "
    "reward model sizes, with and without a penalty on the divergence from the initial policy.",
    "The gap follows simple functional forms whose coefficients scale smoothly with the number "
    "of reward model parameters.",
    "Best-of-n sampling and reinforcement learning over-optimise at different rates.",
    "We discuss what these results imply for the theory of Goodhart's law in alignment.",
    "Language models can be prompted to critique their own answers before revising them.",
    "Human raters prefer the revised answers in most of the tasks we try.",
]
SAE = " ".join(SENTENCES[:5])
SAE_TITLE = "Scaling and evaluating sparse autoencoders"


def by_sentences(*indices: int) -> str:
    return " ".join(SENTENCES[k] for k in indices)


@pytest.mark.parametrize("quoted", [(0,), (2,), (0, 1), (1, 3), (3, 4)])
@pytest.mark.parametrize("days", [0, 30, 1200])
def test_papers_sharing_a_sentence_or_two_are_not_duplicates(
    quoted: tuple[int, ...], days: int
) -> None:
    # Another paper quotes one or two of the first's sentences (boilerplate, a definition),
    # even where they are most of its text: not the same work.
    own = [6, 7] if len(quoted) == 1 else [8]
    other = paper(
        2,
        title="Scaling laws for reward model overoptimization",
        abstract=by_sentences(*quoted, *own),
        date=dt.date(2024, 6, 6) + dt.timedelta(days=days),
    )
    assert find_duplicates([paper(1, abstract=SAE), other]) == []
    assert find_duplicates([paper(1, abstract=SAE), other], method="blocked") == []
    # Nor when the short abstract is the shared sentences and a short one of its own.
    short = other.model_copy(update={"abstract": by_sentences(*quoted, 8)})
    assert find_duplicates([paper(1, abstract=SAE), short]) == []


def test_truncated_and_lightly_edited_abstracts_still_match() -> None:
    full = paper(1, abstract=SAE)
    for cut in (by_sentences(0, 1), SAE[:200] + "...", by_sentences(0)):
        (group,) = find_duplicates([full, paper(2, abstract=cut)])
        assert group.rows == (1, 2)
    # Another title needs a long enough head of the abstract, and a date within weeks.
    blog = paper(2, title="Extracting concepts from GPT-4", abstract=by_sentences(0, 1, 2))
    assert rows(find_duplicates([full, blog])) == [(1, 2)]
    late = blog.model_copy(update={"date": dt.date(2025, 9, 1)})
    assert find_duplicates([full, late]) == []
    assert find_duplicates([full, blog.model_copy(update={"abstract": by_sentences(0)})]) == []
    # A new version: words changed, a sentence added or dropped, months later.
    edited = SAE.replace("sixteen million", "16 million").replace("broad", "wide")
    versions = [
        edited + " " + SENTENCES[10],
        by_sentences(0, 1, 2, 4).replace("new metrics", "several metrics"),
        by_sentences(0, 1, 2, 3, 11),
    ]
    for k, text in enumerate(versions):
        later = dt.date(2024, 6, 6) + dt.timedelta(days=100 + 100 * k)
        version = paper(2, title=SAE_TITLE + " (v2)", abstract=text, date=later)
        assert rows(find_duplicates([full, version])) == [(1, 2)], k


def test_dates_weigh_against_weak_evidence_only() -> None:
    full = paper(1, abstract=SAE)
    # Nearly the same abstract under another title: one work if posted within weeks.
    near = paper(2, title="Extracting concepts from GPT-4", abstract=SAE + " " + SENTENCES[10])
    assert rows(find_duplicates([full, near])) == [(1, 2)]
    years = {"date": dt.date(2027, 1, 1)}
    assert find_duplicates([full, near.model_copy(update=years)]) == []
    # The very same long abstract: one work, however far apart the dates.
    same = near.model_copy(update={"abstract": SAE} | years)
    assert rows(find_duplicates([full, same])) == [(1, 2)]
    # The title alone: versions within a year or so.
    bare = paper(1, abstract=None)
    for days, found in ((200, [(1, 2)]), (500, [(1, 2)]), (900, [])):
        other = bare.model_copy(update={"row": 2, "date": dt.date(2024, 6, 6) + dt.timedelta(days)})
        assert rows(find_duplicates([bare, other])) == found, days


def test_the_same_sentences_shuffled_are_not_one_text() -> None:
    # Two papers quoting the same sentences in another order, not one abstract re-wrapped.
    three = paper(1, abstract=by_sentences(0, 1, 2))
    later = {"title": "Extracting concepts from GPT-4", "date": dt.date(2026, 6, 6)}
    shuffled = paper(2, abstract=by_sentences(2, 0, 1), **later)
    assert find_duplicates([three, shuffled]) == []
    copy = paper(2, abstract=by_sentences(0, 1, 2), **later)  # years apart, but one text
    assert rows(find_duplicates([three, copy])) == [(1, 2)]


def test_titles_alone_must_be_one_title_with_words_added_or_dropped() -> None:
    def pair(a: str, b: str) -> list[tuple[int | None, ...]]:
        return rows(
            find_duplicates([paper(1, title=a, abstract=None), paper(2, title=b, abstract=None)])
        )

    base = "Training a helpful and harmless assistant with human feedback"
    assert pair(base, "Towards " + base) == [(1, 2)]
    assert pair(base, base.replace(" and ", " ")) == [(1, 2)]
    assert pair(base, base.replace("harmless", "harmles")) == [(1, 2)]  # a typo
    assert pair(base, base.replace("with", "from")) == []  # another word, though a stop word
    assert pair(base + " the with", base + " a to") == []
    assert pair(base + " models as", base + " as models") == []  # words moved


def test_chain_through_a_paper_without_abstract_does_not_glue_two_works() -> None:
    # A and B share an arXiv id (the preprint and its blog post, retitled, without abstract);
    # C has B's title, but its abstract is another text that quotes one of A's sentences.
    url = "https://arxiv.org/abs/2406.04093"
    a = paper(1, url=url, abstract=SAE)
    b = paper(2, url=url, title="Extracting concepts from GPT-4", abstract=None)
    c = paper(3, title="Extracting concepts from GPT-4", abstract=by_sentences(0, 5, 6, 7))
    groups = find_duplicates([a, b, c])
    assert rows(groups) == [(1, 2)]
    assert find_duplicates([c, b, a], method="blocked") == groups
    # Each link alone is found.
    assert rows(find_duplicates([b, c])) == [(2, 3)]


# Papers drawn as generate.py draws them: titles of their own, dates over eight years, and
# abstracts of 3-9 sentences sampled from one pool (the sample's), so that many pairs share one
# or two sentences by chance. No two are one work.
def pool_papers(n: int, seed: int) -> list[Paper]:
    rng = random.Random(seed)
    sample = safetylit.load(safetylit.sample_path())
    pool = [s for p in sample if p.abstract for s in re.split(r"(?<=\.) ", p.abstract)]
    words = sorted({w.lower() for p in sample for w in p.title.split() if w.isalpha()})
    return [
        Paper(
            company="Lab",
            title=" ".join(rng.sample(words, 4)),
            date=dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2900)),
            abstract=" ".join(rng.sample(pool, rng.randint(3, 9))),
            row=row,
        )
        for row in range(1, n + 1)
    ]


def test_papers_drawing_sentences_from_one_pool_are_not_duplicates() -> None:
    papers = pool_papers(1500, seed=3)
    assert find_duplicates(papers) == []
    # A planted copy under another title, a truncated one and an edited version are found.
    source = papers[0]
    planted = [
        source.model_copy(update={"row": 9001, "title": "A blog post title"}),
        source.model_copy(update={"row": 9002, "abstract": source.abstract[:300] + "..."}),
        source.model_copy(
            update={"row": 9003, "abstract": source.abstract + " We add a sentence."}
        ),
    ]
    (group,) = find_duplicates(papers + planted)
    assert group.rows == (1, 9001, 9002, 9003)


# --- deduplicate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keep", "kept"),
    [
        ("first", {454: 476, 468: 477}),
        ("arxiv", {476: 454, 477: 468}),
        ("most_complete", {476: 454, 477: 468}),  # the arXiv rows are as full, plus an id
    ],
)
def test_deduplicate_sample(
    sample: safetylit.PaperSet, keep: dup.Keep, kept: dict[int, int]
) -> None:
    out = deduplicate(sample, find_duplicates(sample), keep=keep)
    assert [p.row for p in out] == [p.row for p in sample if p.row not in kept.values()]
    for paper_ in out:
        original = sample.by_row(paper_.row)  # type: ignore[arg-type]
        if paper_.row in kept:
            assert paper_.absorbed_rows == (kept[paper_.row],)
            assert paper_.model_copy(update={"absorbed_rows": ()}) == original
        else:
            assert paper_ is original  # untouched papers are the same objects


def test_deduplicate_most_complete_and_callable() -> None:
    bare = paper(1, url=None, category=None)
    full = paper(2, url="https://arxiv.org/abs/2406.04093", absorbed_rows=(7,))
    groups = find_duplicates([bare, full])
    (kept,) = deduplicate([bare, full], groups, keep="most_complete")
    assert (kept.row, kept.absorbed_rows) == (2, (1, 7))
    (kept,) = deduplicate([bare, full], groups, keep=lambda g: g.papers[0])
    assert (kept.row, kept.absorbed_rows) == (1, (2, 7))
    with pytest.raises(ValueError, match="callable"):
        deduplicate([bare, full], groups, keep=lambda g: paper(5))
    with pytest.raises(ValueError, match="keep must be"):
        deduplicate([bare, full], groups, keep="newest")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not in papers"):
        deduplicate([bare], groups)
    with pytest.raises(ValueError, match="more than one group"):
        deduplicate([bare, full], groups * 2)
    assert deduplicate([bare, full], []) == [bare, full]


# --- properties --------------------------------------------------------------------------------

TITLE_WORDS = ["sparse", "safety", "models", "reward", "debate", "probes"]
ABSTRACT_WORDS = ["we", "train", "models", "find", "that", "reward", "probes", "scale"]


def random_paper(rng: random.Random, row: int) -> Paper:
    words = rng.choices(TITLE_WORDS, k=rng.randint(1, 4))
    abstract = " ".join(rng.choices(ABSTRACT_WORDS, k=rng.randint(8, 24)))
    arxiv = rng.choice([None, None, None, "2401.00001", "2401.00002"])
    return Paper(
        company="Lab",
        title=" ".join(words),
        date=rng.choice([None, dt.date(2023, 1, 1), dt.date(2024, 1, 1)]),
        url=None if arxiv is None else f"https://arxiv.org/abs/{arxiv}",
        abstract=rng.choice([None, abstract, abstract]),
        row=row,
    )


@st.composite
def paper_lists(draw: st.DrawFn) -> list[Paper]:
    rng = random.Random(draw(st.integers(0, 2**32)))
    n = draw(st.integers(0, 24))
    papers = [random_paper(rng, row) for row in rng.sample(range(1, 200), n)]
    # Planted copies (some edited) so that groups of two and more occur.
    for source in draw(st.lists(st.integers(0, max(0, n - 1)), max_size=6 if n else 0)):
        title = papers[source].title
        title = rng.choice([title, title.upper(), title + " v2", title.replace("s", "", 1)])
        papers.append(papers[source].model_copy(update={"row": 200 + len(papers), "title": title}))
    return papers


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def row_sets(groups: list[DuplicateGroup]) -> set[tuple[int | None, ...]]:
    return {g.rows for g in groups}


@PROPERTY
@given(paper_lists(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(papers: list[Paper], rnd: random.Random) -> None:
    shuffled = papers[:]
    rnd.shuffle(shuffled)
    assert row_sets(find_duplicates(shuffled)) == row_sets(find_duplicates(papers))


@PROPERTY
@given(paper_lists())
def test_groups_are_disjoint_and_never_hold_a_paper_twice(papers: list[Paper]) -> None:
    groups = find_duplicates(papers + papers[:3])
    members = [p for g in groups for p in g.papers]
    assert len(members) == len(set(members))
    for group in groups:
        assert len(group.papers) >= 2
        assert list(group.rows) == sorted(group.rows)  # type: ignore[type-var]
        assert group.score >= dup.DEFAULT_THRESHOLD
        assert all(a != b for e in group.evidence for a, b in [e.rows])
    out = deduplicate(papers, groups)
    assert len(out) == len(papers) - sum(len(g.papers) - 1 for g in groups)


@PROPERTY
@given(paper_lists())
def test_blocked_equals_brute_force(papers: list[Paper]) -> None:
    assert find_duplicates(papers, method="blocked") == find_duplicates(papers, method="brute")


@PROPERTY
@given(paper_lists())
def test_groups_round_trip_through_pickle_and_json(papers: list[Paper]) -> None:
    for group in find_duplicates(papers):
        assert pickle.loads(pickle.dumps(group)) == group
        assert DuplicateGroup.model_validate_json(group.model_dump_json()) == group
        for evidence in group.evidence:
            assert Evidence.model_validate_json(evidence.model_dump_json()) == evidence
            assert pickle.loads(pickle.dumps(evidence)) == evidence


def test_duplicates_of_a_subset_leave_the_parent_set_and_its_papers_alone() -> None:
    # Row 476 is marked [Duplicate] of row 454; a subset without 454 finds it unmatched. Its
    # papers are the parent's objects, so the finding belongs to the subset only.
    papers = safetylit.load(safetylit.sample_path())
    marked = papers.by_row(476)
    before = marked.flags
    subset = papers[list(papers).index(marked) :]
    assert subset.by_row(476) is marked
    assert 454 not in {p.row for p in subset}
    subset.duplicates()
    assert [p.code for p in subset.problems_for(476)] == ["duplicate-marker-unmatched"]
    assert papers.problems_for(476) == []
    assert marked.flags == before == frozenset()
    papers.duplicates()
    assert papers.problems_for(476) == []  # in the whole set it has its twin


def test_marker_problems_are_not_reported_twice_after_a_round_trip() -> None:
    import pickle

    whole = safetylit.load(safetylit.sample_path())
    papers = whole[list(whole).index(whole.by_row(476)) :]
    papers.duplicates()
    before = [p.code for p in papers.problems]
    assert "duplicate-marker-unmatched" in before
    again = pickle.loads(pickle.dumps(papers))
    again.duplicates()
    assert [p.code for p in again.problems] == before
