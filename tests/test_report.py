"""The HTML report, the notebook displays and the charts' data, without a browser."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import safetylit
from safetylit import _charts, _display, _svg
from safetylit.cli import main
from safetylit.report import render_html_report

SAMPLE = safetylit.load(safetylit.sample_path())


@pytest.fixture(scope="module")
def page() -> str:
    return render_html_report(SAMPLE)


def test_report_is_self_contained(page: str) -> None:
    assert page.startswith("<!doctype html>")
    # Nothing is fetched: no external script, style, image, font or frame.
    assert not re.search(r"<(script|img|iframe|link)[^>]*\b(src|href)=", page)
    assert "@import" not in page
    assert "url(" not in page
    # The only web addresses are the papers' links (and the SVG namespace).
    addresses = set(re.findall(r"https?://[^'\" <]+", page)) - {"http://www.w3.org/2000/svg"}
    assert {html.unescape(a) for a in addresses} <= {p.url for p in SAMPLE if p.url}


def test_report_holds_counts_and_every_problem(page: str) -> None:
    assert "<b>80</b>papers" in page
    assert "<b>6</b>warnings" in page
    assert page.count("<svg class='sl-chart") == 4
    for problem in SAMPLE.problems:
        assert problem.message.replace("'", "&#x27;") in page
    assert "Hindering Adversarial Attacks with Implicit Neural Representations" in page  # row 217
    assert "Rows 454 + 476" in page
    assert "Rows 468 + 477" in page
    assert page.count("class='sl-card'") == 4  # two groups, side by side
    assert "<mark class='sl-diff'>" in page


def test_report_escapes_what_the_export_says(tmp_path: Path) -> None:
    export = tmp_path / "x.txt"
    export.write_text(
        "1\n2\nAnthropic<script>alert(1)</script> study17-Jun-24javascript:alert(1)"
        "Safety evaluationsAn abstract with <b>markup</b> that is long enough.\n",
        "utf-8",
    )
    page = render_html_report(safetylit.load(export))
    assert "<script>alert" not in page
    assert "href='javascript:" not in page


def test_to_html_report_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = SAMPLE.to_html_report(tmp_path / "a.html", title="My list")
    assert "<title>My list</title>" in out.read_text("utf-8")
    target = tmp_path / "b.html"
    assert main(["report", "--sample", "--html", str(target), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1
    assert "80 papers, 0 errors, 6 warnings; wrote the HTML report to" in printed
    assert "<b>2</b>duplicate groups" in target.read_text("utf-8")
    assert main(["report", "--sample", "--json", "--html", str(tmp_path / "c.html")]) == 0
    assert json.loads(capsys.readouterr().out)["papers"] == 80
    assert (tmp_path / "c.html").exists()


def test_timeline_counts_every_dated_paper() -> None:
    data = _charts.timeline(SAMPLE, by="company", freq="quarter")
    assert sum(map(sum, data.series.values())) + data.undated == len(SAMPLE)
    assert list(data.series) == ["Google DeepMind", "Anthropic", "OpenAI"]
    assert data.periods[0] == "2022 Q1"
    assert data.periods[-1] == "2024 Q3"
    assert len(data.periods) == 11  # empty quarters too
    years = _charts.timeline(SAMPLE, by=None, freq="year")
    assert list(years.series) == ["papers"]
    assert years.periods == ["2022", "2023", "2024"]
    with pytest.raises(ValueError, match="freq"):
        _charts.timeline(SAMPLE, freq="week")
    with pytest.raises(ValueError, match="by"):
        _charts.timeline(SAMPLE, by="title")


def test_timeline_pools_small_groups() -> None:
    papers = [
        safetylit.Paper(company=f"Lab {i}", title=f"T{i}", date=f"2024-0{1 + i % 9}-01")
        for i in range(9)
    ]
    data = _charts.timeline(papers, by="company", freq="month", top=3)
    assert list(data.series)[-1] == "6 others"
    assert _charts.series_colours(list(data.series))[-1] == _charts.OTHER_COLOUR


def test_svg_charts_count_bars() -> None:
    bars = _charts.categories(SAMPLE)
    svg = _svg.bar_chart(bars)
    assert svg.count("class='sl-bar'") == len(SAMPLE.categories())
    assert "data-label='Enhancing human feedback' data-count='31'" in svg
    line = _svg.timeline_chart(_charts.timeline(SAMPLE))
    assert line.count("class='sl-series'") == 3
    assert _svg.nice_ticks(31) == [0, 10, 20, 30, 40]
    assert _svg.nice_ticks(0) == [0, 1]
    assert "Nothing to chart" in _svg.bar_chart(_charts.problems([]))


def test_marked_differences() -> None:
    marked = _display.marked_differences(
        "Scaling sparse autoencoders", "scaling, dense autoencoders"
    )
    assert marked == "Scaling <mark class='sl-diff'>sparse</mark> autoencoders"
    assert "<mark" not in _display.marked_differences("A b  c.", "a B c")


def test_links_only_for_web_urls() -> None:
    assert _display.link("https://a.org/x?y=1&z=2").startswith(
        "<a href='https://a.org/x?y=1&amp;z=2'"
    )
    assert _display.link("javascript:alert(1)") == "javascript:alert(1)"
    assert _display.link(None) == ""


def test_notebook_displays() -> None:
    paper = SAMPLE.by_row(454)
    html = paper._repr_html_()
    assert html.startswith("<div class='safetylit'><style>")
    assert "href='https://openai.com/index/extracting-concepts-from-gpt-4/'" in html
    assert "<details class='sl-fold'>" in html  # the long abstract is folded
    problem = SAMPLE.problems[0]._repr_html_()
    assert "sl-badge sl-warning" in problem
    assert "truncated-abstract" in problem
    group = SAMPLE.duplicates()[0]._repr_html_()
    assert "<b>DuplicateGroup</b> rows 454 + 476" in group
    assert group.count("class='sl-card'") == 2
    assert "title 0.44" in group
    table = SAMPLE.problems_table()
    assert isinstance(table, list)
    assert table == [p.model_dump() for p in SAMPLE.problems]
    shown = table._repr_html_()
    assert "<b>6 problems</b>" in shown
    assert shown.count("<tr>") == 7


def test_import_loads_no_optional_library(tmp_path: Path) -> None:
    code = (
        "import sys, safetylit\n"
        "p = safetylit.load(safetylit.sample_path())\n"
        "p._repr_html_(); p.to_html_report(sys.argv[1])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'tqdm')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_readme_first_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    first = re.search(r"```python\n(.*?)```", readme, re.S)
    assert first is not None
    monkeypatch.chdir(tmp_path)
    exec(compile(first.group(1), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[:2] == ["Extracting Concepts from GPT-4", "blog"]
    assert (tmp_path / "report.html").exists()
