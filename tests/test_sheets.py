"""The sheet itself, however it was saved: CSV, TSV, XLSX and ODS through load, iter_papers, CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import safetylit
from safetylit import Paper
from safetylit._dates import date_from_serial, read_date
from safetylit._optional import MissingExtraError
from safetylit.sheets import HEADER_SYNONYMS, header_key, sniff_delimiter

HEADER = ["Company", "Title", "Date", "URL", "Safety_category", "Abstract"]
JUNE_17 = dt.date(2024, 6, 17)


def row(n: int, date: str) -> list[str]:
    return [
        "Anthropic",
        f"Paper number {n}",
        date,
        f"https://www.anthropic.com/research/paper-{n}",
        "Robustness",
        f"We study case {n}. It matters.",
    ]


def write_sheet(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safetylit", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- dates as the sheet shows them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        pytest.param("17-Jun-24", False, JUNE_17, id="export-form"),
        pytest.param("6/17/2024", False, JUNE_17, id="us-slashes"),
        pytest.param("17/06/2024", True, JUNE_17, id="dayfirst-slashes"),
        pytest.param("17/06/2024", False, JUNE_17, id="day-over-12-decides"),
        pytest.param("05/06/2024", True, dt.date(2024, 6, 5), id="dayfirst-ambiguous"),
        pytest.param("05/06/2024", False, dt.date(2024, 5, 6), id="monthfirst-ambiguous"),
        pytest.param("June 17, 2024", False, JUNE_17, id="long-us"),
        pytest.param("17 June 2024", False, JUNE_17, id="long-uk"),
        pytest.param("2024-06-17", False, JUNE_17, id="iso"),
        pytest.param("2024-06-17 00:00:00", False, JUNE_17, id="iso-midnight"),
        pytest.param("17.06.2024", True, JUNE_17, id="dots"),
        pytest.param("31-Feb-24", False, None, id="impossible"),
        pytest.param("13/13/2024", False, None, id="no-month-13"),
        pytest.param("soon", False, None, id="not-a-date"),
    ],
)
def test_read_date(text: str, dayfirst: bool, expected: dt.date | None) -> None:
    assert read_date(text, dayfirst=dayfirst) == expected


def test_spreadsheet_serial_numbers() -> None:
    assert date_from_serial(45460) == JUNE_17
    assert date_from_serial(45460.75) == JUNE_17
    assert date_from_serial(0) is None


def test_paper_reads_dates_like_the_parser() -> None:
    assert Paper(company="X", title="T", date="17-Jun-24").date == JUNE_17
    assert Paper(company="X", title="T", date="June 17, 2024").date == JUNE_17
    assert Paper(company="X", title="T", date=" ").date is None
    with pytest.raises(ValueError, match="'31-Feb-24' is no date"):
        Paper(company="X", title="T", date="31-Feb-24")


@pytest.mark.parametrize(
    ("dates", "dayfirst"),
    [
        pytest.param(["17-Jun-24", "18-Jun-24"], False, id="export-form"),
        pytest.param(["6/17/2024", "6/18/2024"], False, id="us"),
        pytest.param(["17/06/2024", "18/06/2024"], True, id="dayfirst"),
        pytest.param(["June 17, 2024", "June 18, 2024"], False, id="long"),
    ],
)
@pytest.mark.parametrize("delimiter", [",", "\t"], ids=["csv", "tsv"])
def test_sheet_dates_through_load_iter_and_cli(
    tmp_path: Path, dates: list[str], dayfirst: bool, delimiter: str
) -> None:
    path = write_sheet(
        tmp_path / "sheet.txt", [HEADER, row(1, dates[0]), row(2, dates[1])], delimiter
    )
    papers = safetylit.load(path, dayfirst=dayfirst)
    assert [p.date for p in papers] == [JUNE_17, dt.date(2024, 6, 18)]
    assert papers.errors() == []
    assert "empty-export" not in {p.code for p in papers.problems}
    streamed = list(safetylit.iter_papers(path, dayfirst=dayfirst))
    assert [p.date for p in streamed if isinstance(p, Paper)] == [p.date for p in papers]
    assert safetylit.loads(path.read_text("utf-8"), dayfirst=dayfirst) == papers


def test_sheet_dates_through_cli(tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "sheet.csv", [HEADER, row(1, "17/06/2024"), row(2, "6/5/2024")])
    data = json.loads(cli("report", str(path), "--json", "--dayfirst", "--strict").stdout)
    assert (data["papers"], data["errors"]) == (2, 0)
    out = tmp_path / "out.jsonl"
    assert cli("convert", str(path), "--dayfirst", "-o", str(out)).returncode == 0
    assert [p.date for p in safetylit.load(out)] == [JUNE_17, dt.date(2024, 5, 6)]


def test_unreadable_date_names_row_field_and_value(tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "sheet.csv", [HEADER, row(1, "17-Jun-24"), row(2, "mid June"), row(3, "6/17/24")]
    )
    papers = safetylit.load(path)
    assert len(papers) == 3
    (problem,) = papers.errors()
    assert (problem.code, problem.row, problem.field, problem.value) == (
        "bad-date",
        3,
        "date",
        "mid June",
    )
    assert "Row 3, date: 'mid June'" in problem.message
    assert papers.by_row(3).date is None
    assert papers.by_row(4).date == JUNE_17


# --- blank rows and row numbers ------------------------------------------------------------


def test_blank_rows_are_empty_rows_and_rows_keep_sheet_numbers(tmp_path: Path) -> None:
    blank = [""] * 6
    rows = [HEADER, row(1, "17-Jun-24"), blank, blank, row(2, "18-Jun-24"), blank, [], blank]
    path = write_sheet(tmp_path / "sheet.csv", rows)
    papers = safetylit.load(path)
    assert [p.row for p in papers] == [2, 5]
    assert papers.empty_rows == [3, 4, 6, 7, 8]
    assert papers.errors() == []
    assert [p.row for p in safetylit.iter_papers(path)] == [2, 5]


def test_multi_line_cells_keep_row_numbers_and_lines(tmp_path: Path) -> None:
    first = row(1, "17-Jun-24")
    first[5] = "Line one.\nLine two."
    path = write_sheet(tmp_path / "sheet.csv", [HEADER, first, row(2, "18-Jun-24")])
    papers = safetylit.load(path)
    assert [(p.row, p.lines) for p in papers] == [(2, (2, 3)), (3, (4, 4))]


# --- headers as people write them ----------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(
            ["Organisation", "Title", "Date", "Link", "Safety category", "Abstract"],
            id="organisation-link-space",
        ),
        pytest.param(
            ["org", "TITLE", "date", "url", "Category", "Summary"], id="case-and-synonyms"
        ),
        pytest.param(
            ["Lab", "Paper title", "Published", "Paper URL", "Topic", "Abstract"],
            id="lab-and-friends",
        ),
        pytest.param(
            ["  Company ", "Title:", "Date", "URL", "safety-category", "ABSTRACT"],
            id="blanks-and-punctuation",
        ),
    ],
)
def test_header_synonyms(tmp_path: Path, header: list[str]) -> None:
    path = write_sheet(tmp_path / "sheet.csv", [header, row(1, "17-Jun-24")])
    (paper,) = safetylit.load(path)
    assert (paper.company, paper.title, paper.date, paper.category) == (
        "Anthropic",
        "Paper number 1",
        JUNE_17,
        "Robustness",
    )
    assert paper.url == "https://www.anthropic.com/research/paper-1"
    assert paper.abstract == "We study case 1. It matters."
    assert paper.extra == {}


def test_other_column_order_and_unknown_columns(tmp_path: Path) -> None:
    header = ["Notes", "Title", "Authors", "Link", "Company", "Date"]
    values = [
        "read twice",
        "Sleeper agents",
        "E. Hubinger, C. Denison",
        "https://a.example/x",
        "Anthropic",
        "10-Jan-24",
    ]
    other = ["", "Second", "", "https://a.example/y", "Anthropic", "11-Jan-24"]
    path = write_sheet(tmp_path / "sheet.csv", [header, values, other])
    papers = safetylit.load(path)
    first, second = papers
    assert (first.title, first.company, first.url) == (
        "Sleeper agents",
        "Anthropic",
        "https://a.example/x",
    )
    assert first.extra == {"Notes": "read twice", "Authors": "E. Hubinger, C. Denison"}
    assert second.extra == {}
    unknown = [p for p in papers.problems if p.code == "unknown-column"]
    assert [(p.value, p.row, p.severity) for p in unknown] == [
        ("Notes", None, "warning"),
        ("Authors", None, "warning"),
    ]
    assert "Paper.extra['Notes']" in unknown[0].message


def test_extra_cells_are_exported_and_round_trip(tmp_path: Path) -> None:
    header = [*HEADER, "Notes"]
    path = write_sheet(tmp_path / "sheet.csv", [header, [*row(1, "17-Jun-24"), "keep me"]])
    papers = safetylit.load(path)
    jsonl = papers.to_jsonl(tmp_path / "out.jsonl")
    assert json.loads(jsonl.read_text("utf-8"))["extra"] == {"Notes": "keep me"}
    again = papers.to_csv(tmp_path / "out.csv")
    with again.open(encoding="utf-8", newline="") as f:
        assert next(csv.DictReader(f))["Notes"] == "keep me"
    for out in (jsonl, again):
        (back,) = safetylit.load(out)
        assert back == papers[0]
        assert back.extra == {"Notes": "keep me"}
    assert hash(back) == hash(papers[0])


def test_user_columns_extend_the_synonyms(tmp_path: Path) -> None:
    header = ["Who", "Title", "When", "Link"]
    path = write_sheet(
        tmp_path / "sheet.csv", [header, ["Anthropic", "T", "17-Jun-24", "https://a.example/x"]]
    )
    (plain,) = safetylit.load(path)
    assert (plain.company, plain.date, plain.extra) == (
        "",
        None,
        {"Who": "Anthropic", "When": "17-Jun-24"},
    )
    (paper,) = safetylit.load(path, columns={"Who": "company", "when": "date"})
    assert (paper.company, paper.date, paper.url) == ("Anthropic", JUNE_17, "https://a.example/x")
    assert paper.extra == {}
    (streamed,) = safetylit.iter_papers(path, columns={"Who": "company"})
    assert isinstance(streamed, Paper)
    assert streamed.company == "Anthropic"
    assert HEADER_SYNONYMS["lab"] == "company"
    with pytest.raises(ValueError, match="'authors' is no paper field"):
        safetylit.load(path, columns={"Who": "authors"})


def test_missing_title_column_names_the_headers(tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "sheet.csv",
        [["Company", "Date", "Link"], ["A", "17-Jun-24", "https://a.example/x"]],
    )
    with pytest.raises(safetylit.ExportParseError, match="'Company', 'Date', 'Link'"):
        safetylit.load(path)
    result = cli("report", str(path))
    assert result.returncode == 2
    assert "no column holds the titles" in result.stderr


def test_missing_company_column_is_one_warning(tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "sheet.csv",
        [["Title", "Link"], ["T1", "https://a.example/x"], ["T2", "https://a.example/y"]],
    )
    papers = safetylit.load(path)
    assert [p.company for p in papers] == ["", ""]
    assert [(p.code, p.field) for p in papers.problems if p.code.startswith("missing-c")] == [
        ("missing-column", "company")
    ]


def test_sniff_and_header_key() -> None:
    assert sniff_delimiter("Organisation;Title;Link") == ";"
    assert sniff_delimiter("Anthropic,Title of a paper,2024") is None
    assert header_key("Safety_Category") == header_key("safety category")


# --- workbooks -----------------------------------------------------------------------------


def xlsx(rows: list[list[Any]], **sheets: list[list[Any]]) -> tuple[bytes, Any]:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Papers"
    for values in rows:
        sheet.append(values)
    for name, other in sheets.items():
        extra = book.create_sheet(name)
        for values in other:
            extra.append(values)
    return book, sheet


def save(book: Any, path: Path) -> Path:
    book.save(path)
    return path


def test_xlsx_real_cell_types_serials_and_links(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    book, sheet = xlsx(
        [
            ["Organisation", "Title", "Date", "Link", "Category", "Year"],
            ["Anthropic", "Labelled link", dt.datetime(2024, 6, 17), "paper", "Robustness", 2024],
            [],
            ["OpenAI", "Serial date", 45460, "https://openai.com/index/x/", "Robustness", 2024],
            ["OpenAI", "Formula link", "June 17, 2024", None, "Robustness", None],
            ["OpenAI", 1984, "17-Jun-24", "https://openai.com/index/y/", "Robustness", None],
        ]
    )
    sheet["D2"].hyperlink = "https://arxiv.org/abs/2310.17230"
    sheet["C2"].number_format = "d-mmm-yy"
    sheet["D5"] = '=HYPERLINK("https://openai.com/index/z/","label")'
    path = save(book, tmp_path / "papers.xlsx")
    papers = safetylit.load(path)
    assert [p.row for p in papers] == [2, 4, 5, 6]
    assert [p.date for p in papers] == [JUNE_17] * 4
    assert papers.by_row(2).url == "https://arxiv.org/abs/2310.17230"
    assert papers.by_row(2).arxiv_id == "2310.17230"
    assert papers.by_row(5).url == "https://openai.com/index/z/"
    assert papers.by_row(6).title == "1984"
    assert papers.by_row(2).extra == {"Year": "2024"}  # a real number, shown as text
    assert papers.errors() == []
    assert [p.row for p in safetylit.iter_papers(path)] == [2, 4, 5, 6]
    data = json.loads(cli("report", str(path), "--json").stdout)
    assert data["papers"] == 4


def test_xlsx_sheet_option(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    book, _ = xlsx(
        [["Company", "Title"], ["A", "First sheet"]],
        Other=[["Company", "Title"], ["B", "Second sheet"]],
    )
    path = save(book, tmp_path / "two.xlsx")
    assert [p.title for p in safetylit.load(path)] == ["First sheet"]
    assert [p.title for p in safetylit.load(path, sheet="Other")] == ["Second sheet"]
    assert [p.title for p in safetylit.load(path, sheet=1)] == ["Second sheet"]
    assert [p.title for p in safetylit.iter_papers(path, sheet="Other")] == ["Second sheet"]
    with pytest.raises(
        safetylit.ExportParseError, match=r"no sheet named 'Nope'.*'Papers', 'Other'"
    ):
        safetylit.load(path, sheet="Nope")
    result = cli("report", str(path), "--sheet", "Other", "--json")
    assert json.loads(result.stdout)["by_company"] == {"B": 1}


def ods(rows: list[list[str]], link: tuple[int, int, str] | None = None) -> bytes:
    """A minimal OpenDocument spreadsheet, written by hand (no ODS writer is a test dependency)."""
    cells = []
    for r, values in enumerate(rows):
        out = []
        for c, value in enumerate(values):
            text = value
            if link is not None and (r, c) == link[:2]:
                text = f'<text:a xlink:href="{link[2]}">{value}</text:a>'
            kind = 'office:value-type="string"'
            if value.startswith("date:"):  # a real date cell, shown as the sheet formats it
                kind = f'office:value-type="date" office:date-value="{value[5:]}"'
                text = "17/06/24"
            out.append(f"<table:table-cell {kind}><text:p>{text}</text:p></table:table-cell>")
        cells.append("<table:table-row>" + "".join(out) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Papers">'
        + "".join(cells)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return out.getvalue()


def test_ods_with_link(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    path = tmp_path / "papers.ods"
    path.write_bytes(
        ods(
            [
                ["Company", "Title", "Date", "Link"],
                ["Anthropic", "An ODS paper", "6/17/2024", "paper"],
                ["Anthropic", "A dated cell", "date:2024-06-17", "https://a.example/x"],
            ],
            link=(1, 3, "https://arxiv.org/abs/2310.17230"),
        )
    )
    paper, dated = safetylit.load(path)
    assert (paper.row, paper.date, paper.url) == (2, JUNE_17, "https://arxiv.org/abs/2310.17230")
    assert (dated.row, dated.date, dated.url) == (3, JUNE_17, "https://a.example/x")
    assert [p.row for p in safetylit.iter_papers(path)] == [2, 3]
    report = json.loads(cli("report", str(path), "--json").stdout)
    assert (report["papers"], report["errors"]) == (2, 0)


def test_workbook_without_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "papers.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    with pytest.raises(
        MissingExtraError, match=r"pip install 'safetylit\[excel\]', or save the sheet as CSV"
    ):
        safetylit.load(path)


def test_broken_workbook_is_a_sentence(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    path = tmp_path / "papers.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(safetylit.ExportParseError, match="not a workbook that can be read"):
        safetylit.load(path)


def test_messy_sheet_through_the_cli(tmp_path: Path) -> None:
    # Blank rows, headers as people write them, an unknown column, sheet dates: one CLI pass.
    header = ["Org", "Paper title", "Published", "Link", "Safety category", "Notes"]
    blank = [""] * 6
    rows = [
        header,
        ["Anthropic", "First", "17-Jun-24", "https://a.example/1", "Robustness", "x"],
        blank,
        ["OpenAI", "Second", "June 17, 2024", "https://a.example/2", "Robustness", ""],
        blank,
    ]
    path = write_sheet(tmp_path / "sheet.csv", rows)
    result = cli("report", str(path), "--json", "--strict")
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert (data["papers"], data["errors"]) == (2, 0)
    assert data["by_company"] == {"Anthropic": 1, "OpenAI": 1}
    assert [(p["code"], p["value"]) for p in data["problems"] if p["code"] == "unknown-column"] == [
        ("unknown-column", "Notes")
    ]
    rows_seen = sorted(p["row"] for p in data["problems"] if p["code"] == "missing-abstract")
    assert rows_seen == [2, 4]


def test_iter_papers_reports_an_unknown_column_once(tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "sheet.csv",
        [[*HEADER, "Notes"], [*row(1, "17-Jun-24"), "a"], [*row(2, "17-Jun-24"), "b"]],
    )
    found: list[safetylit.Problem] = []
    papers = list(safetylit.iter_papers(path, on_problem=found.append))
    assert [p.extra for p in papers if isinstance(p, Paper)] == [{"Notes": "a"}, {"Notes": "b"}]
    assert [p.code for p in found].count("unknown-column") == 1


def test_workbook_from_an_open_binary_file(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    book, _ = xlsx([["Company", "Title", "Date"], ["A", "From a stream", dt.datetime(2024, 6, 17)]])
    path = save(book, tmp_path / "papers.xlsx")
    with path.open("rb") as f:
        (paper,) = safetylit.load(f)
    assert (paper.title, paper.date, paper.row) == ("From a stream", JUNE_17, 2)


def test_a_row_without_title_is_kept_as_rejected(tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "sheet.csv",
        [HEADER, row(1, "17-Jun-24"), ["Anthropic", "", "17-Jun-24", "", "", "x"]],
    )
    papers = safetylit.load(path)
    assert [p.row for p in papers] == [2]
    (rejected,) = papers.rejected
    assert rejected.row == 3
    assert "Anthropic" in rejected.raw
    assert [(p.code, p.row) for p in papers.errors()] == [("missing-title", 3)]


def test_own_column_names_make_a_sheet(tmp_path: Path) -> None:
    # No standard header at all: only the caller's names say this is a sheet.
    path = write_sheet(
        tmp_path / "sheet.csv",
        [["Who", "Paper name here", "When"], ["Anthropic", "T", "17-Jun-24"]],
    )
    columns = {"Who": "company", "Paper name here": "title", "When": "date"}
    (paper,) = safetylit.load(path, columns=columns)
    assert (paper.company, paper.title, paper.date, paper.row) == ("Anthropic", "T", JUNE_17, 2)
    (streamed,) = safetylit.iter_papers(path, columns=columns)
    assert streamed == paper
    (from_text,) = safetylit.loads(path.read_text("utf-8"), columns=columns)
    assert from_text == paper


def test_workbook_title_rows_above_the_header(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    book, _ = xlsx(
        [
            ["AI safety papers, 2024"],
            [],
            ["Company", "Title", "Date", "URL"],
            ["Anthropic", "Below the header", "17-Jun-24", "https://a.example/x"],
        ]
    )
    papers = safetylit.load(save(book, tmp_path / "titled.xlsx"))
    assert [(p.row, p.title) for p in papers] == [(4, "Below the header")]
    (note,) = [p for p in papers.problems if p.code == "unrecognised-text"]
    assert (note.row, note.value) == (1, "AI safety papers, 2024")
    assert "above the header row (row 3)" in note.message


def test_workbook_without_any_header_row_says_so(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    book, _ = xlsx([["just", "some"], ["cells", "here"]])
    with pytest.raises(safetylit.ExportParseError, match="'just', 'some'"):
        safetylit.load(save(book, tmp_path / "none.xlsx"))


def test_link_on_the_title_cell_is_the_url(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    book, sheet = xlsx([["Company", "Title", "Date"], ["A", "Linked title", "17-Jun-24"]])
    sheet["B2"].hyperlink = "https://arxiv.org/abs/2310.17230"
    (paper,) = safetylit.load(save(book, tmp_path / "linked.xlsx"))
    assert (paper.url, paper.arxiv_id) == ("https://arxiv.org/abs/2310.17230", "2310.17230")
