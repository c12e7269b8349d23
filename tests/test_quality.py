"""Data-quality checks: the sample's true findings, each check both ways, user checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

import safetylit
from safetylit import Paper, Problem
from safetylit.quality import DEFAULT_CHECKS, Check, CheckContext, run_checks

CHECK_CODES = {
    "missing-abstract",
    "truncated-abstract",
    "truncated-title",
    "date-arxiv-mismatch",
    "future-date",
    "unknown-company",
    "unknown-category",
    "duplicate-url",
    "invalid-url",
    "unbalanced-quotes",
}


def base(**update: object) -> Paper:
    fields: dict[str, object] = {
        "company": "Anthropic",
        "title": "Many-shot jailbreaking",
        "date": dt.date(2024, 4, 2),
        "url": "https://www.anthropic.com/research/many-shot-jailbreaking",
        "category": "Safety evaluations",
        "abstract": "We investigate long-context attacks.",
        "row": 2,
        "lines": (3, 3),
    }
    fields.update(update)
    return Paper(**fields)  # type: ignore[arg-type]


def codes(*papers: Paper, closed: bool = False) -> list[tuple[int | None, str]]:
    context = CheckContext(
        papers=list(papers),
        companies=frozenset({"Anthropic"}),
        categories=frozenset({"Safety evaluations"}),
        closed_vocabulary=closed,
        today=dt.date(2026, 1, 1),
    )
    return [(p.row, p.code) for p in run_checks(list(papers), DEFAULT_CHECKS, context)]


def test_sample_findings_are_exactly_the_true_ones() -> None:
    papers = safetylit.load(safetylit.sample_path())
    found = sorted((p.code, p.row) for p in papers.problems if p.code in CHECK_CODES)
    assert found == [
        ("date-arxiv-mismatch", 224),
        ("missing-abstract", 217),
        ("truncated-abstract", 16),
        ("truncated-abstract", 19),
        ("truncated-title", 204),
        ("unbalanced-quotes", 165),
    ]
    assert papers.by_row(217).flags == {"missing-abstract"}
    assert papers.by_row(2).flags == frozenset()
    assert [p.row for p in papers.missing_abstracts()] == [217]
    (mismatch,) = [p for p in papers.problems if p.code == "date-arxiv-mismatch"]
    assert mismatch.field == "date"
    assert "2105.14111" in mismatch.message
    assert mismatch.message.startswith("Row 224, date:")


def test_clean_paper_has_no_findings() -> None:
    assert codes(base()) == []


@pytest.mark.parametrize(
    ("update", "code"),
    [
        pytest.param({"abstract": None}, "missing-abstract", id="missing"),
        pytest.param({"abstract": "Abstract not found"}, "missing-abstract", id="placeholder"),
        pytest.param({"abstract": "We find the following:"}, "truncated-abstract", id="colon"),
        pytest.param({"abstract": "We find that models,"}, "truncated-abstract", id="comma"),
        pytest.param(
            {"abstract": "We find that models are..."}, "truncated-abstract", id="ellipsis"
        ),
        pytest.param(
            {"abstract": "We find interesting questions"}, "truncated-abstract", id="no-stop"
        ),
        pytest.param({"title": "x" * 100}, "truncated-title", id="cell-limit"),
        pytest.param(
            {
                "title": "Distributed Representations: Composition & Superpos",
                "url": "https://www.anthropic.com/research/distributed-representations-composition-superposition",
            },
            "truncated-title",
            id="slug-contradicts",
        ),
        pytest.param(
            {"url": "https://arxiv.org/abs/2105.14111", "date": dt.date(2022, 6, 23)},
            "date-arxiv-mismatch",
            id="arxiv-late",
        ),
        pytest.param(
            {"url": "https://arxiv.org/abs/2105.14111", "date": dt.date(2021, 1, 2)},
            "date-arxiv-mismatch",
            id="arxiv-early",
        ),
        pytest.param({"date": dt.date(2027, 1, 1)}, "future-date", id="future"),
        pytest.param({"url": "notaurl"}, "invalid-url", id="invalid-url"),
        pytest.param(
            {"title": 'Frontier models, or "What do I say?'}, "unbalanced-quotes", id="quote"
        ),
        pytest.param(
            {"abstract": "We study (1) attacks and (2 defences."}, "unbalanced-quotes", id="paren"
        ),
    ],
)
def test_each_check_fires(update: dict[str, object], code: str) -> None:
    assert codes(base(**update)) == [(2, code)]


@pytest.mark.parametrize(
    "update",
    [
        pytest.param({"abstract": 'Ends with a quote: "done."'}, id="quote-after-stop"),
        pytest.param({"abstract": "Ends with brackets (see below)."}, id="paren-after-stop"),
        pytest.param({"title": "x" * 99}, id="under-limit"),
        pytest.param({"title": "x" * 101}, id="over-limit-is-not-the-cut"),
        pytest.param(
            {"url": "https://arxiv.org/abs/2407.00106", "date": dt.date(2024, 6, 27)},
            id="arxiv-days-before",
        ),
        pytest.param(
            {"url": "https://arxiv.org/abs/2209.00626", "date": dt.date(2023, 8, 1)},
            id="arxiv-within-year",
        ),
        pytest.param({"title": "It's the models' fault"}, id="apostrophes"),
        pytest.param(
            {
                "title": "Circuits Updates — May 2023",
                "url": "https://www.anthropic.com/research/circuits-updates-may-2023",
            },
            id="slug-agrees",
        ),
    ],
)
def test_each_check_stays_quiet(update: dict[str, object]) -> None:
    assert codes(base(**update)) == []


def test_duplicate_url_names_first_row() -> None:
    first = base(row=2)
    second = base(
        row=9, url="http://www.anthropic.com/research/many-shot-jailbreaking#top", title="Other"
    )
    context = CheckContext(papers=[first, second])
    (problem,) = run_checks([first, second], DEFAULT_CHECKS, context)
    assert (problem.code, problem.row, problem.field) == ("duplicate-url", 9, "url")
    assert "row 2" in problem.message


def test_vocabulary_checks_only_when_closed() -> None:
    paper = base(company="Acme", category="Widgets")
    assert codes(paper) == []
    assert codes(paper, closed=True) == [(2, "unknown-company"), (2, "unknown-category")]


def test_closed_vocabulary_through_load() -> None:
    text = (
        "1\nCompanyTitleDateURLSafety_categoryAbstract\n"
        "2\nAcme Labs\nWidgets2-Apr-24https://acme.example/w\nWidget safety\nWe study widgets.\n"
    )
    assert [p.code for p in safetylit.loads(text, closed_vocabulary=True).problems] == []
    glued = "2\nZorbWidgets2-Apr-24https://acme.example/wRobustnessWe study widgets.\n"
    papers = safetylit.loads(glued, closed_vocabulary=True)
    assert [p.code for p in papers.problems] == ["unknown-company"]


def test_user_check_through_extra_checks() -> None:
    def arxiv_only(paper: Paper, context: CheckContext) -> Iterable[Problem]:
        if paper.arxiv_id is not None:
            yield context.problem(paper, "arxiv-only", "url", "only an arXiv link is given")

    papers = safetylit.load(safetylit.sample_path(), extra_checks=[Check("arxiv-only", arxiv_only)])
    flagged = [p.row for p in papers.problems if p.code == "arxiv-only"]
    assert flagged[:3] == [7, 34, 35]
    assert "arxiv-only" in papers.by_row(7).flags
    assert any(p.code == "missing-abstract" for p in papers.problems)


def test_checks_replace_defaults_and_both_is_an_error() -> None:
    papers = safetylit.load(safetylit.sample_path(), checks=[])
    assert [p for p in papers.problems if p.code in CHECK_CODES] == []
    with pytest.raises(ValueError, match="not both"):
        safetylit.load(safetylit.sample_path(), checks=[], extra_checks=[])


def test_problems_table_rows() -> None:
    table = safetylit.load(safetylit.sample_path()).problems_table()
    assert {"code", "severity", "row", "line", "field", "value", "message"} <= set(table[0])
    assert [r["row"] for r in table if r["code"] == "missing-abstract"] == [217]


def test_repaired_url_is_a_warning_naming_what_was_mended() -> None:
    text = "Company,Title,URL\nA,T,https//arxiv.org/abs/2310.17230\nA,U,https://arxiv.org/abs/2310.17231\n"
    papers = safetylit.loads(text)
    (problem,) = [p for p in papers.problems if p.code == "repaired-url"]
    assert (problem.row, problem.field, problem.severity) == (2, "url", "warning")
    assert "read the scheme 'https//' as 'https://'" in problem.message
    assert papers.by_row(2).arxiv_id == "2310.17230"
    assert papers.by_row(2).url == "https//arxiv.org/abs/2310.17230"  # kept as written
    assert papers.errors() == []


def test_the_default_checks_one_pass_finds_what_each_check_finds_alone() -> None:
    # load runs the default screens in one pass over the papers; each check run alone (over the
    # list, or paper by paper as Check.__call__ does) must report the same problems.
    variants: list[dict[str, object]] = [
        {},
        {"abstract": None, "url": None},
        {"abstract": "We find that models,", "title": 'A "quoted title'},
        {"title": "x" * 100, "date": dt.date(2027, 1, 1)},
        {"url": "https://arxiv.org/abs/2105.14111", "date": dt.date(2022, 6, 23)},
        {"url": "notaurl", "company": "Elsewhere", "category": "Other things"},
        {"url": "http://www.anthropic.com/research/many-shot-jailbreaking#top"},
        {"url": "https://arxiv.org/abs/2105.14111", "date": None},
    ]
    papers = [base(row=row, **update) for row, update in enumerate(variants, start=2)]
    for closed in (False, True):

        def context(papers: list[Paper] = papers, closed: bool = closed) -> CheckContext:
            return CheckContext(
                papers=papers,
                companies=frozenset({"Anthropic"}),
                categories=frozenset({"Safety evaluations"}),
                closed_vocabulary=closed,
                today=dt.date(2026, 1, 1),
            )

        together = run_checks(papers, DEFAULT_CHECKS, context())
        alone = [
            found for check in DEFAULT_CHECKS for found in run_checks(papers, [check], context())
        ]
        one_by_one = [
            found
            for paper in papers
            for check in DEFAULT_CHECKS
            for found in check(paper, context())
        ]
        key = sorted((p.row or 0, p.code, p.message) for p in together)
        assert key == sorted((p.row or 0, p.code, p.message) for p in alone)
        assert together == one_by_one
        assert {p.code for p in together} >= {
            "missing-abstract",
            "truncated-abstract",
            "truncated-title",
            "date-arxiv-mismatch",
            "future-date",
            "duplicate-url",
            "invalid-url",
            "unbalanced-quotes",
        }
        assert ("unknown-company" in {p.code for p in together}) is closed
