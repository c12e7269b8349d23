"""Exports, readers of what safetylit writes, filtering and notebook display."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import pytest

import safetylit
from safetylit import Paper
from safetylit._optional import MissingExtraError

FIELDS = tuple(Paper.model_fields)


@pytest.fixture(scope="module")
def papers() -> safetylit.PaperSet:
    return safetylit.load(safetylit.sample_path())


def assert_same_papers(a: safetylit.PaperSet, b: safetylit.PaperSet) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        for name in FIELDS:
            assert getattr(x, name) == getattr(y, name), (x.row, name)


def test_jsonl_round_trip(papers: safetylit.PaperSet, tmp_path: Path) -> None:
    path = papers.to_jsonl(tmp_path / "papers.jsonl")
    first = json.loads(path.read_text("utf-8").splitlines()[0])
    assert (
        first["title"]
        == "Sycophancy to subterfuge: Investigating reward tampering in language models"
    )
    assert first["url_kind"] == "blog"
    assert first["lines"] == [7, 7]
    again = safetylit.load(path)
    assert_same_papers(papers, again)
    assert again.by_row(217).flags == {"missing-abstract"}


def test_csv_round_trip_and_rfc4180(papers: safetylit.PaperSet, tmp_path: Path) -> None:
    path = papers.to_csv(tmp_path / "papers.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"Company,Title,Date,URL,Safety_category,Abstract,Row,")
    assert b"\r\n" in raw
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[10]["Title"] == "Circuits Updates — May 2023"
    assert rows[10]["Date"] == "2023-05-24"
    assert_same_papers(papers, safetylit.load(path))


def test_clean_sheet_csv_and_tsv(tmp_path: Path) -> None:
    header = ["Company", "Title", "Date", "URL", "Safety_category", "Abstract"]
    row = [
        "OpenAI",
        'Say "hi", GPT-4',
        "2024-06-06",
        "https://openai.com/index/x/",
        "Robustness",
        "Line one.\nLine two.",
    ]
    for name, delimiter in (("sheet.csv", ","), ("sheet.tsv", "\t")):
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=delimiter)
            writer.writerow(header)
            writer.writerow(row)
        (paper,) = safetylit.load(path)
        assert (paper.company, paper.title, paper.date, paper.row) == (
            "OpenAI",
            'Say "hi", GPT-4',
            dt.date(2024, 6, 6),
            2,
        )
        assert paper.abstract == "Line one. Line two."


def test_bad_jsonl_line_is_a_problem() -> None:
    good = json.dumps({"company": "X", "title": "T"})
    # Found by the atheris harness: a JSON value that is not an object crashed the reader.
    papers = safetylit.loads(good + "\n{not json}\n5\n[1, 2]\n")
    assert [p.title for p in papers] == ["T"]
    errors = [(p.code, p.line) for p in papers.problems if p.severity == "error"]
    assert errors == [("invalid-record", 2), ("invalid-record", 3), ("invalid-record", 4)]


def test_bibtex(papers: safetylit.PaperSet, tmp_path: Path) -> None:
    text = papers.to_bibtex(tmp_path / "papers.bib")
    assert (tmp_path / "papers.bib").read_text("utf-8") == text
    assert text.count("\n@") + 1 == 80
    arxiv = text[text.index("@misc{anthropic2023codebook") :].split("\n}\n")[0]
    assert "eprint = {2310.17230}" in arxiv
    assert "archiveprefix = {arXiv}" in arxiv
    assert "url = {https://arxiv.org/pdf/2310.17230v1}" in arxiv
    assert "@misc{googledeepmind2022hindering," in text
    assert "@inproceedings" not in text
    assert "@article" not in text
    assert "author" not in text
    keys = [line.split("{")[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
    assert len(keys) == len(set(keys))
    assert "Composition \\& Superposition" in text
    special = safetylit.PaperSet([Paper(company="A_B", title="50% {of} $x$ #1 ~ok^")]).to_bibtex()
    assert r"50\% \{of\} \$x\$ \#1 \textasciitilde{}ok\textasciicircum{}" in special
    assert "organization = {A\\_B}" in special


def test_filter_and_counts(papers: safetylit.PaperSet) -> None:
    assert papers.companies() == {"Google DeepMind": 42, "Anthropic": 25, "OpenAI": 13}
    assert [p.row for p in papers.filter(company="OpenAI", url_kind="arxiv")] == [466, 476, 477]
    assert [p.row for p in papers.filter(has_abstract=False)] == [217]
    recent = papers.filter(since="2024-07-01")
    assert [p.row for p in recent] == [34, 452, 453]
    assert [p.row for p in papers.filter(until=dt.date(2022, 1, 27))] == [230, 470]
    assert len(papers.filter(category=["Unlearning", "Safety by design"])) == 4
    sub = papers.filter(company="Google DeepMind")
    assert {p.row for p in sub.problems} <= {p.row for p in sub}
    assert isinstance(sub, safetylit.PaperSet)


def test_repr_html(papers: safetylit.PaperSet) -> None:
    page = papers._repr_html_()
    assert page.startswith("<div class='safetylit'><style>")  # the style is scoped and inline
    assert "<b>80</b> papers" in page
    assert "0 errors" in page
    assert "6 warnings" in page
    assert "<b>Circuits Updates — May 2023</b>" in page
    assert "50 more papers not shown" in page
    assert "&quot;What do I need" not in page  # row 165 is past the first 30 shown
    assert "<td class='sl-date'>2023-05-24</td>" in page
    assert "href='https://www.anthropic.com/research/reward-tampering'" in page
    missing = papers.filter(has_abstract=False)._repr_html_()
    assert "<span class='sl-badge sl-warning'>missing-abstract</span>" in missing


def test_pandas_and_polars(papers: safetylit.PaperSet) -> None:
    pd = pytest.importorskip("pandas")
    frame = papers.to_pandas()
    assert frame.shape == (80, 12)
    assert str(frame["date"].dtype).startswith("datetime64")
    assert isinstance(frame["url_kind"].dtype, pd.CategoricalDtype)
    assert frame.loc[frame["row"] == 454, "title"].item() == "Extracting Concepts from GPT-4"
    problems = papers.problems_frame()
    assert list(problems["code"])[:2] == ["truncated-abstract", "truncated-abstract"]
    pl = pytest.importorskip("polars")
    pframe = papers.to_polars()
    assert pframe.height == 80
    assert pframe.schema["date"] == pl.Date
    assert pframe.filter(pl.col("row") == 217)["flags"].to_list() == [["missing-abstract"]]


def test_missing_extra_hint(papers: safetylit.PaperSet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'safetylit\[pandas\]'"):
        papers.to_pandas()
    with pytest.raises(ImportError):
        papers.problems_frame()
