"""The fast row cutter gives exactly what the full parser gives, or declines.

``FastCutter.cut`` must return a ``RowResult`` equal to ``parse_row``'s (every field) or None.
Rows are read in file order with the vocabularies learning from each row's result, as a load's
first pass does, so every row meets the vocabulary it would meet in a load (and the cutter has
to notice names learned along the way). Sources: the bundled sample, exports rendered from
generated papers (``benchmarks/generate.py``, default and ``messy`` variants), hypothesis-made
rows, and the same rows mutated the way ``test_properties.py`` mutates them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safetylit
from safetylit._fastpath import FastCutter
from safetylit._learning import Learner
from safetylit._models import normalise_fields
from safetylit._parser import RowResult, parse_row
from safetylit._reader import RawRow, split_rows
from safetylit._render import render_export, render_row
from safetylit._vocabulary import Vocabulary, default_categories, default_companies
from test_properties import LAYOUTS, mutated_exports

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _benchmarks() -> None:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))


def compare(rows: Iterable[RawRow], *, unterminated: bool = False) -> tuple[int, int]:
    """Read ``rows`` in order as a load does, cutting each both ways; assert equal results.

    Returns how many rows were read and how many the cutter took.
    """
    companies = Vocabulary(default_companies())
    categories = Vocabulary(default_categories())
    cutter = FastCutter(companies, categories)
    learner = Learner(companies, categories)
    rows = [row for row in rows if any(line.strip() for line in row.lines)]
    total = taken = 0
    for row in rows:
        last = unterminated and row is rows[-1]
        fast = cutter.cut(row, unterminated=last)
        full = parse_row(row, companies, categories, unterminated=last)
        if fast is not None:
            taken += 1
            assert fast == full, (row.lines, fast, full)
            assert_normalised(fast)
        learner.take(total, full)
        total += 1
    return total, taken


def assert_normalised(fast: RowResult) -> None:
    """The fields the fast path hands over normalised are what normalise_fields makes."""
    if fast.normalised is not None:
        assert fast.normalised == normalise_fields(fast.fields), fast.fields


def rows_of(text: str) -> list[RawRow]:
    rows, _, _ = split_rows(text)
    return rows


def test_sample_rows_agree() -> None:
    total, taken = compare(rows_of(safetylit.sample_path().read_text(encoding="utf-8")))
    assert total > 50
    assert taken / total > 0.85


def test_generated_export_rows_agree_and_most_take_the_fast_path() -> None:
    _benchmarks()
    import generate

    papers_ = generate.make_papers(1500, seed=11)
    total, taken = compare(rows_of(generate.render(papers_, seed=11)))
    assert total == 1500
    # The generator's plain rows: all but titles that end in a number before the date, and
    # a few odd abstract starts, take the fast path.
    assert taken / total > 0.9


def test_messy_export_rows_agree() -> None:
    _benchmarks()
    import messy

    lines, _gold = messy.build(1500, seed=5)
    total, taken = compare(rows_of("\n".join(lines) + "\n"))
    assert total > 1000
    assert taken > 0


def test_unterminated_last_row_agrees() -> None:
    paper = safetylit.Paper(
        company="Anthropic",
        title="Many-shot jailbreaking",
        date=dt.date(2024, 4, 2),
        url="https://www.anthropic.com/research/many-shot-jailbreaking",
        category="Robustness",
        abstract="We investigate a family of simple long-context attacks on large language",
    )
    for layout in LAYOUTS:
        lines = render_row(paper, layout if layout != "duplicate-line" else "one-line")
        text = render_export([(2, lines)]).rstrip("\n")
        compare(rows_of(text), unterminated=True)


def test_vocabulary_growth_is_noticed() -> None:
    """A company learned after the cutter was made is the longest match the parser takes."""
    companies = Vocabulary(default_companies())
    categories = Vocabulary(default_categories())
    cutter = FastCutter(companies, categories)
    row = RawRow(
        row=2,
        first_line=2,
        lines=[
            "Meta AIRStudy of things17-Jun-24",
            "https://example.org/research/study-of-things",
            "RobustnessWe study things at some length, with care, and at scale.",
        ],
    )
    before = cutter.cut(row)
    assert before is not None
    assert before == parse_row(row, companies, categories)
    assert before.fields["company"] == "Meta AI"
    companies.add("Meta AIR")
    after = cutter.cut(row)
    full = parse_row(row, companies, categories)
    assert full.fields["company"] == "Meta AIR"
    assert after is None or after == full
    for name in [f"Lab {i}" for i in range(100)]:  # many more names: still read live
        companies.add(name)
    rebuilt = cutter.cut(row)
    assert rebuilt == full


@pytest.mark.parametrize(
    "lines",
    [
        [
            "AnthropicSycophancy to subterfuge17-Jun-24https://www.anthropic.com/research/x"
            "Power-seeking tendenciesIn reinforcement learning, specification gaming occurs."
        ],
        ["Anthropic", "Title", "17-Jun-24", "https://a.org/b", "Robustness", "Abstract here."],
        ["Anthropic\tTitle\t17-Jun-24\thttps://a.org/b\tRobustness\tAbstract here."],
        ["AnthropicTitle17-Jun-24", "https://a.org/b", "[Duplicate] Robustness", "Text."],
        ["AnthropicTitle17-Jun-24https://a.org/b[Duplicate] RobustnessText goes on a while."],
        ["AnthropicTitle 217-Jun-24https://a.org/b/title-21RobustnessText goes on and on."],
        ["AnthropicGPT-417-Jun-24https://a.org/b/gpt-4RobustnessText goes on and on."],
        ["AnthropicTitle v17-Jun-24https://a.org/v1RobustnessText goes on and on a while."],
        ["Anthropic Title17-Jun-24https://a.org/bRobustness"],
        ["AnthropicTitle17-Jun-24https://a.org/bRobustness of models", "Text."],
        ["AnthropicTitle31-Feb-24https://a.org/bRobustnessText goes on and on and on."],
        ["AnthropicTitle17-Jun-24https://a.org/b_RobustnessText"],
        ["AnthropicTitle17-Jun-24https://a.org/bRobustness/Text goes on and on and on."],
        ["AnthropicTitle17-Jun-24https://a.org/bRobustness", "More below."],
        ["AnthropicTitle17-Jun-24https://a.org/b/Robustness", "More below."],
        ["AnthropicTitle\u00a017-Jun-24https://a.org/bRobustnessText\u200b goes on and on."],
        ["AnthropicTitl\u00e9 17-Jun-24https://a.org/bRobustnessText goes on and on."],
        ["AnthropicTitle17-Jun-24https://a.org/bRobustnessText\x07 goes on and on and on."],
        ["AnthropicTitle17-Jun-24https://a.org/bRobustnessText\r goes on and on and on."],
        ["  AnthropicTitle17-Jun-24 ", "https://a.org/b  ", "  Robustness", "Text. "],
        ["Anthropic:Title17-Jun-24https://a.org/bRobustness(and) text goes on and on and on."],
        ["AnthropicTitle http://x17-Jun-24https://a.org/bRobustnessText goes on and on."],
        ["Anthropic\tTitle \t17-Jun-24\thttps://a.org/b\tRobustness \tAbstract here.\t"],
        ["Anthropic\tTitle\t17-Jun-24\thttps://a.org/b\tRobustnessText\tAbstract here."],
        ["AnthropicTitle17-Jun-24", "https://a.org/Forum?id=AbC", "Robustness", "Text."],
        ["AnthropicTitle17-Jun-24", "https://a.org/x/Robustness", "More text below."],
        ["AnthropicTitle17-Jun-24", "https://a.org/Xy/abRobustness", "More text below."],
        ["AnthropicTitle17-Jun-24", "https://a.org/x/abcRobustness", "More text below."],
        ["AnthropicTitle17-Jun-24\nhttps://a.org/b ", " Robustness", "Text goes on."],
        ["Anthropic\tTitle\t17-Jun-24\nhttps://a.org/b ", " Robustness", "Text goes on."],
        ["Anthropic\tTitle\t17-Jun-24\thttps://a.org/b\x07\tRobustness\tText goes on."],
        ["AnthropicTitle17-Jun-24", "https://a.org/x/Honest AI", "More text below."],
        ["AnthropicTitle17-Jun-24", "https://openreview.net/forum?id=UcjAbc", "Robustness", "T."],
        ["Anthropic\tTitle\t17-Jun-24\thttps://a.org/AbC/Robustness\tHonest AI\tText."],
        ["AnthropicTitle2024-06-17https://a.org/bRobustnessText goes on and on and on."],
        ["AnthropicGPT-42024-06-17", "https://a.org/b", "Robustness", "Text."],
        ["AnthropicTitle17-Jun-2024https://a.org/bRobustnessText goes on and on and on."],
        ["AnthropicTitle", "more title17-Jun-24", "https://a.org/b", "Robustness", "Text."],
        ["Anthropic", "Title", "17-Jun-24", "https://a.org/b", "RobustnessShort.", "Text."],
        ["Anthropic", "Title", "17-Jun-24", "https://a.org/b", "RobustnessShort thing"],
        ["AnthropicTitle17-Jun-24https://a.org/b[Duplicate]", "Robustness", "Text."],
        ["AnthropicTitle17-Jun-24https://a.org/b", "[Duplicate]", "Robustness", "Text."],
    ],
)
def test_hand_made_rows_agree(lines: list[str]) -> None:
    compare([RawRow(row=2, first_line=2, lines=lines)])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_exports())
def test_rendered_and_mutated_rows_agree(text: str) -> None:
    compare(rows_of(text))


# Pieces a row is made of, and characters that trip rules up: hypothesis splices them.
PIECES = [
    "Anthropic",
    "OpenAI",
    "Google DeepMind",
    "Meta AI",
    "Meta AI Research",
    "Robustness",
    "Honest AI",
    "AI control",
    "Mechanistic interpretability",
    "Title of a paper",
    "GPT-4",
    "v",
    "1.",
    "2",
    "17-Jun-24",
    "3-Mar-2024",
    "2024-06-17",
    "https://",
    "http://a.org/b",
    "https://arxiv.org/abs/2401.01234v2",
    "www.",
    "/path_x",
    "[Duplicate] ",
    "[duplicate]",
    "(Duplicate)",
    "\t",
    "\n",
    " ",
    "  ",
    "\u00a0",
    "\u2014",
    "\u00e9",
    "\u00c9",
    ":",
    "(",
    ")",
    "?",
    ".",
    "We study",
    " things.",
    "x",
    "Q",
    "\r",
    "\x0b",
    "\u200b",
    "https://a.org/AbC",
    "/Robustness",
    "?id=Q",
    "2024-06-17",
    "\u201c",
]
row_text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)
base_row = st.sampled_from(
    [
        "AnthropicMany-shot jailbreaking2-Apr-24https://www.anthropic.com/research/msj"
        "RobustnessWe investigate a family of simple long-context attacks on models.",
        "Google DeepMind\nOn scalable oversight\n17-Jun-24\nhttps://arxiv.org/pdf/2407.04622v1"
        "\n[Duplicate] AI control\nWe study debate.\n\nA second paragraph.",
        "Meta AI\tA title\t5-Jan-23\thttps://ai.meta.com/research/a-title\tHonest AI\tText.",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base_row, st.integers(0, 400), st.integers(0, 5), row_text)
def test_spliced_rows_agree(base: str, at: int, cut: int, piece: str) -> None:
    at = at % (len(base) + 1)
    text = base[:at] + piece + base[at + cut :]
    compare([RawRow(row=2, first_line=2, lines=text.split("\n"))])


@settings(max_examples=300, deadline=None)
@given(row_text)
def test_arbitrary_rows_agree(text: str) -> None:
    compare([RawRow(row=2, first_line=2, lines=text.split("\n"))])


# Names a caller or a file may add: longer forms of known names, lowercase or non-ASCII starts,
# punctuation, a line break inside, and names longer than the parser's lookup window.
ODD_COMPANIES = ["Meta AI Research", "Anthropic PBC", "Open", "OpenAI:", "Lab (X)", "deepmind"]
ODD_COMPANIES += ["Anthropic\nX", "\u00c1bc Lab", "A" * 170]
ODD_CATEGORIES = ["Robustness of models", "Robust", "AI", "AI control (general)", "honest"]
ODD_CATEGORIES += ["Red teaming: x", "R" * 170, "Scalable\noversight", "\u201cQuoted\u201d"]
ODD_CATEGORIES += ["(Dup)", "\u00c9thique", "AI\tcontrol", "Robust\tRobust"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base_row,
    st.lists(st.tuples(st.integers(0, 300), st.integers(0, 4), row_text), max_size=3),
    st.sets(st.sampled_from(ODD_COMPANIES)),
    st.sets(st.sampled_from(ODD_CATEGORIES)),
    st.booleans(),
)
def test_rows_agree_with_odd_vocabularies(
    base: str,
    splices: list[tuple[int, int, str]],
    companies: set[str],
    categories: set[str],
    unterminated: bool,
) -> None:
    text = base
    for at, cut, piece in splices:
        at = at % (len(text) + 1)
        text = text[:at] + piece + text[at + cut :]
    company_vocab = Vocabulary([*default_companies(), *sorted(companies)])
    category_vocab = Vocabulary([*default_categories(), *sorted(categories)])
    row = RawRow(row=2, first_line=2, lines=text.split("\n"))
    fast = FastCutter(company_vocab, category_vocab).cut(row, unterminated=unterminated)
    if fast is not None:
        assert fast == parse_row(row, company_vocab, category_vocab, unterminated=unterminated)
        assert_normalised(fast)


def test_loads_of_generated_and_messy_exports_are_the_same_without_the_fast_path() -> None:
    # The whole pipeline (learning, re-reading, checks, flags) with and without the fast path.
    _benchmarks()
    import generate
    import messy

    from test_properties import assert_same_load, both_ways

    texts = [
        generate.render(generate.make_papers(1000, seed=3), seed=3),
        "\n".join(messy.build(1000, seed=9)[0]) + "\n",
    ]
    for text in texts:
        assert_same_load(*both_ways(text))


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        (
            "1\nAnthropic\tMany-shot jailbreaking\t2-Apr-24\thttps://x.org/msj\tAI\tcontrol"
            "\tWe study it.\n",
            ["AI\tcontrol"],
        ),
        (
            "1\nAnthropic\tSteering\t2-Apr-24\thttps://arxiv.org/abs/2404.01234v1\tRobust"
            "\tRobust\n",
            ["Robust\tRobust"],
        ),
    ],
)
def test_a_category_name_holding_a_tab_reads_as_the_full_parser_reads_it(
    text: str, categories: list[str]
) -> None:
    # The parser cuts a line at its TABs before it looks a category up, so such a name never
    # matches there; the fast path used to match it whole.
    from test_properties import assert_same_load, both_ways

    assert_same_load(*both_ways(text, categories=categories))
