"""The core parser: golden sample, every layout, bad input rules, recovery."""

from __future__ import annotations

import datetime as dt
import io
import pickle
from pathlib import Path

import pytest

import safetylit
from safetylit import ExportParseError, Paper, PaperSet
from safetylit._render import render_export, render_row

SAMPLE = safetylit.sample_path()

GOOD = Paper(
    company="Anthropic",
    title="Many-shot jailbreaking",
    date=dt.date(2024, 4, 2),
    url="https://www.anthropic.com/research/many-shot-jailbreaking",
    category="Safety evaluations",
    abstract="We investigate a family of simple long-context attacks. They work.",
)
OTHER = Paper(
    company="OpenAI",
    title="Weak-to-strong generalization",
    date=dt.date(2023, 12, 14),
    url="https://openai.com/research/weak-to-strong-generalization",
    category="Enhancing human feedback",
    abstract="Widely used alignment techniques rely on human supervision.",
)


def export(*rows: tuple[int, list[str]], newline: str = "\n") -> str:
    return render_export(list(rows), newline=newline)


def content(paper: Paper) -> dict[str, object]:
    return paper.model_dump(exclude={"row", "lines", "absorbed_rows"})


# --- the sample export -------------------------------------------------------------------


def test_sample_matches_golden(golden: list[dict[str, object]]) -> None:
    papers = safetylit.load(SAMPLE)
    assert len(papers) == 80
    got = [p.model_dump(mode="json", exclude={"absorbed_rows"}) for p in papers]
    assert len(golden) == 80
    for expected, actual in zip(golden, got, strict=True):
        assert actual == expected, f"row {expected['row']}"


def test_sample_parses_without_parser_problems() -> None:
    papers = safetylit.load(SAMPLE)
    assert papers.rejected == []
    parser_codes = {p.code for p in papers.problems} - {
        "missing-abstract",
        "truncated-abstract",
        "truncated-title",
        "date-arxiv-mismatch",
        "unbalanced-quotes",
        "duplicate-unmarked",
        "duplicate-marker-unmatched",
    }
    assert parser_codes == set()


def test_sample_tricky_rows() -> None:
    papers = safetylit.load(SAMPLE)
    circuits = papers.by_row(14)
    assert circuits.title == "Circuits Updates — May 2023"
    assert circuits.date == dt.date(2023, 5, 24)
    gpt4 = papers.by_row(454)
    assert gpt4.title == "Extracting Concepts from GPT-4"
    assert gpt4.date == dt.date(2024, 6, 6)
    assert papers.by_row(217).abstract is None
    assert papers.by_row(476).marked_duplicate is True
    assert papers.by_row(476).category == "Mechanistic interpretability"
    assert papers.by_row(24).company == "Anthropic"
    assert papers.by_row(24).lines == (220, 240)
    assert [p.row for p in papers][:4] == [2, 3, 4, 5]
    with pytest.raises(KeyError, match="row 6"):
        papers.by_row(6)


def test_sample_path_is_packaged() -> None:
    assert SAMPLE.is_file()
    assert SAMPLE.read_text("utf-8").startswith("ABCDEFGHIJKLMNOPQRSTUVWXYZ\n1\n")


# --- layouts -------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["one-line", "head-url-tail", "cells-on-lines", "category-line"])
@pytest.mark.parametrize("sep", ["", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_layout_round_trips(layout: str, sep: str, newline: str) -> None:
    text = export(
        (2, render_row(GOOD, layout, sep=sep, wrap="wrapped")),
        (5, render_row(OTHER, layout, sep=sep, wrap="sentences")),
        newline=newline,
    )
    papers = safetylit.loads(text)
    assert [content(p) for p in papers] == [content(GOOD), content(OTHER)]
    assert [p.row for p in papers] == [2, 5]
    assert papers.problems == []


def test_duplicate_marker_line() -> None:
    marked = GOOD.model_copy(update={"marked_duplicate": True})
    papers = safetylit.loads(export((3, render_row(marked, "duplicate-line"))))
    assert papers[0].marked_duplicate is True
    assert papers[0].category == "Safety evaluations"
    assert papers[0].abstract == GOOD.abstract


def test_bom_nbsp_trailing_blanks() -> None:
    text = "\ufeff" + export(
        (
            2,
            [
                "Anthropic\u00a0Many-shot\u00a0jailbreaking2-Apr-24   ",
                GOOD.url or "",
                "Safety evaluationsWe investigate a family of simple long-context attacks. They work.  ",
            ],
        )
    )
    paper = safetylit.loads(text)[0]
    assert content(paper) == content(GOOD)


def test_paragraphs_are_kept() -> None:
    paper = GOOD.model_copy(update={"abstract": None})
    lines = [
        *render_row(paper, "category-line"),
        "First paragraph ends here.",
        "",
        "Second one starts.",
    ]
    result = safetylit.loads(export((2, lines)))
    assert result[0].abstract == "First paragraph ends here.\n\nSecond one starts."


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("2-Apr-24", dt.date(2024, 4, 2), id="d-Mon-yy"),
        pytest.param("2024-04-02", dt.date(2024, 4, 2), id="iso"),
        pytest.param("2 April 2024", dt.date(2024, 4, 2), id="d-Month-yyyy"),
        pytest.param("April 2, 2024", dt.date(2024, 4, 2), id="Month-d-yyyy"),
        pytest.param("02-Apr-2024", dt.date(2024, 4, 2), id="dd-Mon-yyyy"),
        pytest.param("5-Sept-99", dt.date(1999, 9, 5), id="two-digit-year-pivot"),
    ],
)
def test_date_forms(cell: str, expected: dt.date) -> None:
    row = [f"AnthropicMany-shot jailbreaking{cell}", GOOD.url or "", "Safety evaluationsWe test."]
    papers = safetylit.loads(export((2, row)))
    assert papers[0].date == expected
    assert papers[0].title == "Many-shot jailbreaking"


@pytest.mark.parametrize(
    ("title", "cell", "slug", "date"),
    [
        pytest.param(
            "Circuits Updates — May 2023",
            "24-May-23",
            "circuits-updates-may-2023",
            dt.date(2023, 5, 24),
            id="slug-keeps-year",
        ),
        pytest.param(
            "Extracting Concepts from GPT-4",
            "6-Jun-24",
            "extracting-concepts",
            dt.date(2024, 6, 6),
            id="invalid-two-digit-day",
        ),
        pytest.param(
            "Llama 2", "3-Jun-24", "llama-2", dt.date(2024, 6, 3), id="slug-gives-digit-to-title"
        ),
        pytest.param(
            "Results 1", "12-Jun-24", "results-1", dt.date(2024, 6, 12), id="slug-two-digit-day"
        ),
    ],
)
def test_title_digits_before_date(title: str, cell: str, slug: str, date: dt.date) -> None:
    row = [
        f"Anthropic{title}{cell}",
        f"https://www.anthropic.com/research/{slug}",
        "RobustnessWe test.",
    ]
    paper = safetylit.loads(export((2, row)))[0]
    assert (paper.title, paper.date) == (title, date)


def test_unknown_company_and_category_learned_from_standalone_cells() -> None:
    rows = (
        (
            2,
            [
                "Acme Labs",
                "Safer Widgets",
                "3-Mar-24",
                "https://acme.example/research/safer-widgets",
                "Widget safety",
                "We study widgets.",
            ],
        ),
        (
            3,
            [
                "Acme LabsBetter Gadgets4-Mar-24https://acme.example/research/better-gadgetsWidget safetyWe study gadgets."
            ],
        ),
    )
    papers = safetylit.loads(export(*rows))
    assert [(p.company, p.title, p.category) for p in papers] == [
        ("Acme Labs", "Safer Widgets", "Widget safety"),
        ("Acme Labs", "Better Gadgets", "Widget safety"),
    ]


def test_caller_vocabulary() -> None:
    row = ["Zeta AIQuiet Models4-Mar-24https://zeta.example/p/quietQuiet AIWe study quiet."]
    papers = safetylit.loads(export((2, row)), companies=["Zeta AI"], categories=["Quiet AI"])
    assert (papers[0].company, papers[0].title, papers[0].category) == (
        "Zeta AI",
        "Quiet Models",
        "Quiet AI",
    )


def test_footnote_number_is_text_and_real_row_after_it() -> None:
    lines = [
        *render_row(GOOD, "category-line")[:-1],
        "We investigate a family of simple",
        "1",
        "long-context attacks. They work.",
    ]
    text = export((4, lines), (9, render_row(OTHER, "head-url-tail")))
    papers = safetylit.loads(text)
    assert [p.row for p in papers] == [4, 9]
    assert (
        papers[0].abstract == "We investigate a family of simple 1 long-context attacks. They work."
    )


def test_gaps_and_empty_rows() -> None:
    text = export(
        (2, []),
        (3, render_row(GOOD, "one-line")),
        (7, []),
        (8, []),
        (40, render_row(OTHER, "one-line")),
        (41, []),
    )
    papers = safetylit.loads(text)
    assert [p.row for p in papers] == [3, 40]
    assert papers.rejected == []
    assert papers.problems == []


# --- bad input -----------------------------------------------------------------------------


def test_impossible_date_keeps_row() -> None:
    row = ["AnthropicMany-shot jailbreaking31-Feb-24", GOOD.url or "", "Safety evaluationsWe test."]
    papers = safetylit.loads(export((6, row)))
    assert papers[0].date is None
    assert papers[0].title == "Many-shot jailbreaking"
    (problem,) = papers.problems
    assert (problem.code, problem.severity, problem.row, problem.field, problem.value) == (
        "bad-date",
        "error",
        6,
        "date",
        "31-Feb-24",
    )
    assert "Row 6" in problem.message


def test_missing_url_keeps_row() -> None:
    row = ["AnthropicMany-shot jailbreaking2-Apr-24", "Safety evaluationsWe test."]
    papers = safetylit.loads(export((6, row)))
    assert (papers[0].url, papers[0].category, papers[0].abstract) == (
        None,
        "Safety evaluations",
        "We test.",
    )
    assert [(p.code, p.row, p.field) for p in papers.problems] == [("missing-url", 6, "url")]


def test_malformed_url_keeps_row() -> None:
    row = [
        "AnthropicMany-shot jailbreaking2-Apr-24",
        "htp:/broken..link",
        "Safety evaluationsWe test.",
    ]
    papers = safetylit.loads(export((6, row)))
    assert papers[0].url is None
    assert papers[0].category == "Safety evaluations"
    assert [(p.code, p.severity, p.field, p.value) for p in papers.problems] == [
        ("invalid-url", "error", "url", "htp:/broken..link")
    ]


def test_broken_row_between_good_rows_is_rejected_and_recovery_continues() -> None:
    text = export(
        (2, render_row(GOOD, "one-line")),
        (3, ["this row is just some words"]),
        (4, render_row(OTHER, "cells-on-lines")),
    )
    papers = safetylit.loads(text)
    assert [p.row for p in papers] == [2, 4]
    (rejected,) = papers.rejected
    assert (rejected.row, rejected.raw) == (3, "this row is just some words")
    assert rejected.lines == (9, 9)
    assert [(p.code, p.row) for p in papers.problems] == [("unparseable-row", 3)]


def test_errors_raise_finishes_the_pass() -> None:
    text = export(
        (2, ["AnthropicA31-Feb-24", GOOD.url or "", "RobustnessX."]),
        (3, ["junk"]),
        (4, render_row(OTHER, "one-line")),
    )
    with pytest.raises(ExportParseError) as info:
        safetylit.loads(text, errors="raise")
    assert [(p.code, p.row) for p in info.value.problems] == [
        ("bad-date", 2),
        ("unparseable-row", 3),
    ]
    assert "<string>" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_errors_argument_is_checked() -> None:
    with pytest.raises(ValueError, match="errors must be"):
        safetylit.loads("", errors="ignore")  # type: ignore[arg-type]


def test_truncated_last_row_is_rejected() -> None:
    full = export((2, render_row(GOOD, "one-line")), (3, render_row(OTHER, "head-url-tail")))
    cut = full[: full.index("Widely used") + 6]
    papers = safetylit.loads(cut)
    assert [p.row for p in papers] == [2]
    assert [(r.row, r.problems[0].code) for r in papers.rejected] == [(3, "truncated-row")]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        safetylit.load(tmp_path / "nope.txt")
    with pytest.raises(IsADirectoryError):
        safetylit.load(tmp_path)


def test_binary_file_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(ExportParseError, match=r"picture\.txt.*not a text export"):
        safetylit.load(path)


def test_file_objects_and_encodings(tmp_path: Path) -> None:
    text = export((2, render_row(GOOD, "one-line")))
    assert safetylit.load(io.StringIO(text))[0] == safetylit.loads(text)[0]
    assert content(safetylit.load(io.BytesIO(text.encode("utf-16")))[0]) == content(GOOD)
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode("utf-8-sig"))
    assert content(safetylit.load(path)[0]) == content(GOOD)
    assert content(safetylit.load(str(path))[0]) == content(GOOD)


def test_empty_export_warns() -> None:
    for text in (
        "",
        "   \n\n",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ\n1\nCompanyTitleDateURL\nSafety_category\nAbstract\n",
    ):
        papers = safetylit.loads(text)
        assert len(papers) == 0
        assert [p.code for p in papers.problems] == ["empty-export"]


def test_paperset_pickles_and_compares() -> None:
    papers = safetylit.load(SAMPLE)
    again = pickle.loads(pickle.dumps(papers))
    assert again == papers
    assert isinstance(papers[1:3], PaperSet)
    assert len(papers[1:3]) == 2
    assert "80 papers" in repr(papers)
