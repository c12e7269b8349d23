"""Property tests: any rendering of valid papers parses back to them; any text is survivable."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safetylit
from safetylit import Paper
from safetylit._reader import split_rows
from safetylit._render import LAYOUTS, WRAPS, render_export, render_row

COMPANIES = ["Anthropic", "OpenAI", "Google DeepMind", "Meta AI", "Redwood Research"]
CATEGORIES = ["Robustness", "Honest AI", "Mechanistic interpretability", "Safety evaluations"]
WORDS = [
    "learning",
    "models",
    "language",
    "safety",
    "reward",
    "agents",
    "via",
    "with",
    "and",
    "scaling",
    "oversight",
    "sparse",
    "features",
    "debate",
    "GPT-4",
    "RLHF",
    "LLMs",
    "x-risk",
    "Chain-of-Thought",
    "v2",
    "3D",
]
TAIL_NUMBERS = ["", "", "", " 2", " 2023", " 12", " 1", "-4", " 10"]

word = st.sampled_from(WORDS)
capital = st.sampled_from(
    ["Towards", "Scalable", "Red", "Sparse", "Circuits", "Model", "The", "AI"]
)


@st.composite
def titles(draw: st.DrawFn) -> str:
    words = [draw(capital), *draw(st.lists(word, max_size=8))]
    return " ".join(words) + draw(st.sampled_from(TAIL_NUMBERS))


@st.composite
def abstracts(draw: st.DrawFn) -> str | None:
    if draw(st.integers(0, 9)) == 0:
        return None
    paragraphs = []
    for _ in range(draw(st.integers(1, 3))):
        sentences = []
        for _ in range(draw(st.integers(1, 4))):
            body = " ".join(draw(st.lists(word, min_size=2, max_size=30)))
            sentences.append(draw(capital) + " " + body + draw(st.sampled_from([".", "!", "?"])))
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    title = draw(titles())
    return Paper(
        company=draw(st.sampled_from(COMPANIES)),
        title=title,
        date=draw(st.dates(dt.date(1995, 1, 1), dt.date(2030, 12, 31))),
        url=f"https://lab.example/research/{slug(title)}",
        category=draw(st.sampled_from(CATEGORIES)),
        abstract=draw(abstracts()),
        marked_duplicate=draw(st.booleans()),
    )


def content(paper: Paper) -> dict[str, object]:
    return paper.model_dump(exclude={"row", "lines", "absorbed_rows"})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(papers(), min_size=1, max_size=5),
    st.lists(st.sampled_from(LAYOUTS), min_size=5, max_size=5),
    st.sampled_from(["", "\t"]),
    st.lists(st.sampled_from(WRAPS), min_size=5, max_size=5),
    st.sampled_from(["\n", "\r\n"]),
    st.lists(st.integers(1, 30), min_size=5, max_size=5),
)
def test_rendered_papers_parse_back(
    items: list[Paper],
    layouts: list[str],
    sep: str,
    wraps: list[str],
    newline: str,
    gaps: list[int],
) -> None:
    rows = []
    number = 1
    for paper, layout, wrap, gap in zip(items, layouts, wraps, gaps, strict=False):
        number += gap
        if layout == "duplicate-line" and not paper.marked_duplicate:
            layout = "category-line"
        rows.append((number, render_row(paper, layout, sep=sep, wrap=wrap)))
    parsed = safetylit.loads(render_export(rows, newline=newline))
    assert parsed.rejected == []
    assert [content(p) for p in parsed] == [content(p) for p in items]
    assert [p.row for p in parsed] == [n for n, _ in rows]
    # What the checks may say of generated data; a title of exactly 100 characters is flagged
    # as probably cut at the sheet's cell limit.
    parser_codes = {p.code for p in parsed.problems} - {
        "duplicate-url",
        "missing-abstract",
        "future-date",
        "truncated-title",
    }
    assert parser_codes <= {"ambiguous-date"}


row_text = st.lists(
    st.sampled_from(
        [*"0123456789\n\t -:/.Aa[]()\"'\\", "Jun", "https://", "\r", "\x00", "Anthropic"]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), row_text))
def test_arbitrary_text_never_raises_and_keeps_every_row(text: str) -> None:
    papers = safetylit.loads(text)
    rows, _, _ = split_rows(text)
    non_empty = [r for r in rows if any(line.strip() for line in r.lines)]
    assert len(papers) + len(papers.rejected) == len(non_empty)
    assert all(
        p.row is not None or p.line is not None or p.code in {"empty-export", "encoding-fallback"}
        for p in papers.problems
    )


# --- row accounting: no row number disappears silently ----------------------------------------

_NUMBER_LINE = re.compile(r"[ \t]*(\d{1,9})[ \t]*")

MUTATIONS = [
    "none",
    "drop-date",
    "drop-url",
    "drop-both",
    "drop-line",
    "duplicate-line",
    "number-line",
    "junk-line",
    "truncate",
    "empty",
]


def mutate(lines: list[str], how: str, where: int, number: int) -> list[str]:
    """One row's lines, changed the way a hand-edited sheet or a bad copy changes them."""
    if not lines or how == "none":
        return lines
    at = where % len(lines)
    date = re.compile(r"\d{1,2}-[A-Z][a-z]{2}-\d{2}")
    url = re.compile(r"https://\S+?(?=[A-Z\t]|$)")
    if how == "drop-date":
        return [date.sub("", line, count=1) for line in lines]
    if how == "drop-url":
        return [url.sub("", line, count=1) for line in lines]
    if how == "drop-both":
        return [url.sub("", date.sub("", line, count=1), count=1) for line in lines]
    if how == "drop-line":
        return lines[:at] + lines[at + 1 :]
    if how == "duplicate-line":
        return [*lines[: at + 1], lines[at], *lines[at + 1 :]]
    if how == "number-line":
        return [*lines[:at], str(number), *lines[at:]]
    if how == "junk-line":
        return [*lines[:at], "some words, then more", *lines[at:]]
    if how == "truncate":
        return [*lines[:at], lines[at][: len(lines[at]) // 2]]
    return []  # "empty": the row's cells were deleted


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            papers(),
            st.sampled_from(LAYOUTS),
            st.sampled_from(WRAPS),
            st.sampled_from(MUTATIONS),
            st.integers(0, 50),
            st.integers(1, 4),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["", "\t"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_every_row_number_is_accounted_for(
    items: list[tuple[Paper, str, str, str, int, int]], sep: str, newline: str
) -> None:
    rows = []
    number = 1
    for paper, layout, wrap, how, where, gap in items:
        number += gap
        if layout == "duplicate-line" and not paper.marked_duplicate:
            layout = "category-line"
        lines = render_row(paper, layout, sep=sep, wrap=wrap)
        rows.append((number, mutate(lines, how, where, number + 100 * where)))
    text = render_export(rows, newline=newline)
    loaded = safetylit.loads(text)
    accounted = (
        {p.row for p in loaded}
        | {r.row for r in loaded.rejected}
        | set(loaded.empty_rows)
        | {1}  # the header row
    )
    moved = {int(p.value or 0) for p in loaded.problems if p.code == "row-number-as-text"}
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _NUMBER_LINE.fullmatch(line)
        if match is not None:
            found = int(match.group(1))
            assert found in accounted or found in moved, (found, loaded.problems)
    # A row number read as text names the row that took it, and that row exists.
    for problem in loaded.problems:
        if problem.code == "row-number-as-text":
            assert problem.row in accounted


NEW_COMPANIES = ["ClearSignal", "Zeta Labs", "NorthStar AI", "Leverhulme CFI", "Quill"]


@st.composite
def mutated_exports(draw: st.DrawFn, seps: tuple[str, ...] = ("", "\t")) -> str:
    """An export of up to ten rendered rows, companies known or not, each mutated some way."""
    sep = draw(st.sampled_from(seps))
    rows = []
    for number in range(2, 2 + draw(st.integers(1, 10))):
        paper = draw(papers()).model_copy(
            update={"company": draw(st.sampled_from(COMPANIES + NEW_COMPANIES))}
        )
        layout = draw(st.sampled_from(LAYOUTS))
        if layout == "duplicate-line" and not paper.marked_duplicate:
            layout = "category-line"
        lines = render_row(paper, layout, sep=sep, wrap=draw(st.sampled_from(WRAPS)))
        where = draw(st.integers(0, 50))
        how = draw(st.sampled_from(MUTATIONS))
        rows.append((number, mutate(lines, how, where, number + 100 * where)))
    return render_export(rows, newline=draw(st.sampled_from(["\n", "\r\n"])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_exports(seps=("",)))
def test_load_and_iter_papers_cut_every_row_alike(text: str) -> None:
    # One pipeline: streaming a path learns what load learns and re-reads the rows load re-reads,
    # so papers, flags, rejected rows and problems are the same, companies unknown or not.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.txt"
        path.write_bytes(text.encode())
        loaded = safetylit.load(path)
        streamed: list[safetylit.Problem] = []
        items_out = list(safetylit.iter_papers(path, on_problem=streamed.append))
    papers_out = [item for item in items_out if isinstance(item, Paper)]
    assert papers_out == list(loaded)
    assert [p.flags for p in papers_out] == [p.flags for p in loaded]
    assert [r for r in items_out if not isinstance(r, Paper)] == loaded.rejected
    order = lambda p: (p.row or 0, p.line or 0, p.code, p.message)  # noqa: E731
    assert sorted(streamed, key=order) == sorted(loaded.problems, key=order)


def both_ways(text: str, **options: Any) -> tuple[safetylit.PaperSet, safetylit.PaperSet]:
    """The export loaded (with ``options``) with the fast row cutter and with the full parser
    alone."""
    from safetylit import _pipeline

    fast = safetylit.loads(text, **options)
    _pipeline.FAST_PATH = False
    try:
        full = safetylit.loads(text, **options)
    finally:
        _pipeline.FAST_PATH = True
    return fast, full


def assert_same_load(fast: safetylit.PaperSet, full: safetylit.PaperSet) -> None:
    assert list(fast) == list(full)
    assert [p.flags for p in fast] == [p.flags for p in full]
    assert [p.url_info for p in fast] == [p.url_info for p in full]
    assert fast.problems == full.problems
    assert fast.rejected == full.rejected
    assert fast.empty_rows == full.empty_rows
    assert all(fast.explain(p.row) == full.explain(p.row) for p in fast if p.row is not None)


def test_the_fast_path_changes_nothing_on_the_sample() -> None:
    assert_same_load(*both_ways(safetylit.sample_path().read_text("utf-8")))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_exports())
def test_the_fast_path_changes_nothing_on_rendered_and_mutated_exports(text: str) -> None:
    assert_same_load(*both_ways(text))
