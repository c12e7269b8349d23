"""The HTML report and the notebook displays in a real headless Chromium.

One browser per module (see ``_browser.py``); pages are opened from files under the test's
temp dir with every network lookup failing, so a page that needs the network shows errors.
Skipped only when no Chromium is installed (CI installs Debian's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import safetylit
from _browser import Browser, find_chromium
from safetylit.report import render_html_report

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")

SAMPLE = safetylit.load(safetylit.sample_path())

# Rules of the kind Jupyter's and VS Code's output areas apply to any HTML output.
HOSTILE_CSS = """
.jp-RenderedHTMLCommon table{margin-left:auto;margin-right:auto;table-layout:fixed;border:none}
.jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{text-align:right;vertical-align:middle;
 padding:.5em;white-space:normal;max-width:none}
.jp-RenderedHTMLCommon tbody tr:nth-child(odd){background:#f5f5f5}
.vscode-light td,.vscode-light th{text-align:right!important}
body{font-size:14px}
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert CHROMIUM is not None
    instance = Browser(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    yield instance
    instance.close()


def test_report_in_browser(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(render_html_report(SAMPLE), "utf-8")
    page = browser.open(path.as_uri())
    try:
        assert page.evaluate("document.documentElement.dataset.ready") == "1"  # script ran
        assert page.console_errors() == []
        charts = page.evaluate(
            "Array.from(document.querySelectorAll('svg.sl-chart')).map(s => "
            "[s.querySelectorAll('rect.sl-bar').length, s.querySelectorAll('g.sl-series').length,"
            " s.getBoundingClientRect().width > 100])"
        )
        # Timeline: 3 companies; categories: 9 bars; problem codes: 5; URL kinds: 4.
        assert charts == [[0, 3, True], [9, 0, True], [5, 0, True], [4, 0, True]]
        text = page.evaluate("document.body.innerText")
        for count, label in ((80, "papers"), (6, "warnings"), (1, "missing abstracts")):
            assert re.search(rf"\b{count}\s+{label}\b", text), label
        assert "2 duplicate groups".replace(" ", "\n", 1) in text
        assert "Row 217, abstract: the abstract is empty or a placeholder." in text
        # The two duplicates of a group sit side by side.
        tops = page.evaluate(
            "Array.from(document.querySelectorAll('#duplicates .sl-group')[0].children)"
            ".map(c => [Math.round(c.getBoundingClientRect().top), c.getBoundingClientRect().left])"
        )
        assert tops[0][0] == tops[1][0]
        assert tops[0][1] < tops[1][1]
        # Filtering the problems by a row number leaves that row.
        visible = page.evaluate(
            "(async () => { const box = document.getElementById('problem-filter');"
            " box.value = '217'; box.dispatchEvent(new Event('input'));"
            " await new Promise(r => setTimeout(r, 400));"
            " return Array.from(document.querySelectorAll('#problems tbody tr'))"
            ".filter(tr => tr.offsetParent !== null).length; })()"
        )
        assert visible == 1
        shot = page.screenshot(tmp_path / "report.png")
        assert shot.stat().st_size > 20_000
    finally:
        page.close()


def test_notebook_displays_in_browser(browser: Browser, tmp_path: Path) -> None:
    outputs = [
        SAMPLE._repr_html_(),
        SAMPLE.by_row(454)._repr_html_(),
        SAMPLE.problems[0]._repr_html_(),
        SAMPLE.problems_table()._repr_html_(),
        SAMPLE.duplicates()[0]._repr_html_(),
    ]
    cells = "".join(
        f"<div class='jp-RenderedHTMLCommon vscode-light' style='width:1100px'>{html}</div><hr>"
        for html in outputs
    )
    path = tmp_path / "notebook.html"
    path.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><style>{HOSTILE_CSS}</style></head>"
        f"<body class='vscode-light'>{cells}</body></html>",
        "utf-8",
    )
    page = browser.open(path.as_uri(), width=1200)
    try:
        assert page.console_errors() == []
        aligns = page.evaluate(
            "Array.from(new Set(Array.from(document.querySelectorAll('.safetylit td, "
            ".safetylit th')).map(c => getComputedStyle(c).textAlign)))"
        )
        assert aligns == ["left"]
        # Dates never wrap: each date cell's text lies on one line.
        lines = page.evaluate(
            "Array.from(document.querySelectorAll('.safetylit td.sl-date')).map(c => {"
            " const r = document.createRange(); r.selectNodeContents(c);"
            " return r.getClientRects().length; })"
        )
        assert len(lines) == 30  # the first 30 papers of the set
        assert set(lines) == {1}
        links = page.evaluate(
            "Array.from(document.querySelectorAll('.safetylit a')).map(a => a.href)"
        )
        assert len(links) > 30
        assert all(link.startswith("https://") for link in links)
        assert page.evaluate("document.querySelectorAll('.safetylit .sl-badge').length") > 20
        folded = page.evaluate(
            "Array.from(document.querySelectorAll('.safetylit details.sl-fold')).map(d => d.open)"
        )
        assert folded
        assert not any(folded)
        group = page.evaluate(
            "Array.from(document.querySelectorAll('.sl-group')[0].children)"
            ".map(c => Math.round(c.getBoundingClientRect().top))"
        )
        assert len(group) == 2
        assert group[0] == group[1]
        page.screenshot(tmp_path / "notebook.png")
        assert (tmp_path / "notebook.png").stat().st_size > 20_000
    finally:
        page.close()
