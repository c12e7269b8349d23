"""A self-contained HTML data-quality report: :func:`write_html_report`.

One file with everything inline (style, SVG charts, a few lines of script for filtering): it
opens offline in any browser and loads nothing from the network.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from safetylit import _charts, _display, _svg
from safetylit._display import badge, link, table
from safetylit._models import Paper, Problem

if TYPE_CHECKING:
    from safetylit._paperset import PaperSet
    from safetylit.duplicates import DuplicateGroup

__all__ = ["render_html_report", "write_html_report"]

_OPEN_UP_TO = 25  # a problem code with more rows starts folded
_GROUPS_SIDE_BY_SIDE = 200  # more duplicate groups are listed by rows only
_LINKS_PER_KIND = 200  # links listed per URL kind; the host table counts them all

_PAGE_CSS = """
body{margin:0;background:#fff;color:#1f2328}
.safetylit .sl-muted,.safetylit .sl-meta,.safetylit .sl-abstract,.safetylit td.sl-num{
 opacity:1;color:#57606a}
main.safetylit{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
.safetylit h1{font-size:24px;margin:8px 0 2px}
.safetylit h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid #d8dee4}
.safetylit h3{font-size:14px;margin:14px 0 6px}
.safetylit nav{position:sticky;top:0;background:#fffffff0;padding:6px 0;z-index:2;
 border-bottom:1px solid #eaeef2}
.safetylit nav a{margin-right:14px}
.safetylit .sl-cards{display:grid;gap:10px;margin:10px 0;
 grid-template-columns:repeat(auto-fill,minmax(118px,1fr))}
.safetylit .sl-stat{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px}
.safetylit .sl-stat b{display:block;font-size:22px;font-variant-numeric:tabular-nums}
.safetylit .sl-stat.sl-bad b{color:#a40e26}
.safetylit .sl-charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.safetylit figure{margin:0;border:1px solid #eaeef2;border-radius:6px;padding:8px}
.safetylit figcaption{font-weight:600;margin-bottom:4px}
.safetylit svg.sl-chart{max-width:100%;height:auto}
.safetylit details.sl-section{margin:6px 0;border:1px solid #eaeef2;border-radius:6px;
 padding:4px 10px}
.safetylit details.sl-section>summary{cursor:pointer;padding:3px 0}
.safetylit details.sl-section table.sl-table{width:100%}
.safetylit input[type=search]{font:inherit;padding:4px 8px;width:26em;max-width:100%;
 border:1px solid #d0d7de;border-radius:6px}
.safetylit .sl-hidden{display:none}
.safetylit .sl-dup{margin:12px 0 20px}
"""

# Filters every problem row by the words typed; opens the codes with matches. Plain DOM calls
# so it runs in any browser without a library.
_SCRIPT = """
(function () {
  var box = document.getElementById("problem-filter");
  var note = document.getElementById("problem-filter-note");
  var sections = Array.prototype.slice.call(document.querySelectorAll("#problems details"));
  var timer = null;
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    sections.forEach(function (section) {
      var hits = 0;
      Array.prototype.forEach.call(section.querySelectorAll("tbody tr"), function (tr) {
        var text = tr.textContent.toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        tr.classList.toggle("sl-hidden", !ok);
        if (ok) { hits += 1; }
      });
      section.classList.toggle("sl-hidden", hits === 0);
      // While filtering, open the codes with a readable number of matches; after, as first.
      section.open = words.length ? hits > 0 && hits <= 500 : section.dataset.open === "1";
      shown += hits;
    });
    note.textContent = words.length ? shown.toLocaleString() + " matching problems" : "";
  }
  if (box) {
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    });
  }
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def write_html_report(
    papers: PaperSet, path: str | Path, *, title: str | None = None, duplicates: bool = True
) -> Path:
    """Write the HTML data-quality report of ``papers`` to ``path``; returns the path.

    Args:
        papers: The papers, e.g. from :func:`safetylit.load`.
        path: The ``.html`` file to write (UTF-8).
        title: The page title (default: "Data-quality report" and the source's name).
        duplicates: Look for duplicate groups (the slow part on large sets; cached on the set).

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Examples:
        >>> import safetylit, tempfile, pathlib
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> out = write_html_report(papers, pathlib.Path(tempfile.mkdtemp()) / "report.html")
        >>> "<b>80</b>papers" in out.read_text("utf-8")
        True
    """
    target = Path(path)
    target.write_text(render_html_report(papers, title=title, duplicates=duplicates), "utf-8")
    return target


def render_html_report(
    papers: PaperSet, *, title: str | None = None, duplicates: bool = True
) -> str:
    """The report of :func:`write_html_report` as a string.

    Args:
        papers: The papers, e.g. from :func:`safetylit.load`.
        title: The page title (default: "Data-quality report" and the source's name).
        duplicates: Look for duplicate groups (cached on the set).

    Returns:
        The whole HTML document.

    Examples:
        >>> import safetylit
        >>> html = render_html_report(safetylit.load(safetylit.sample_path()))
        >>> html.startswith("<!doctype html>"), "<svg" in html
        (True, True)
    """
    groups = papers.duplicates() if duplicates else []
    source = Path(papers.source).name if papers.source != "<string>" else papers.source
    heading = title or f"Data-quality report: {source}"
    sections = [
        ("summary", "Summary", _summary(papers, groups if duplicates else None)),
        ("charts", "Charts", _charts_section(papers)),
        ("problems", f"Problems ({len(papers.problems):,})", _problems(papers.problems)),
        ("missing", f"Missing abstracts ({len(papers.missing_abstracts()):,})", _missing(papers)),
    ]
    if duplicates:
        sections.append(("duplicates", f"Duplicate groups ({len(groups):,})", _groups(groups)))
    sections.append(("urls", "URL kinds", _urls(papers)))
    if papers.rejected:
        sections.append(
            ("rejected", f"Rejected rows ({len(papers.rejected):,})", _rejected(papers))
        )
    nav = "".join(
        f"<a href='#{key}'>{escape(name.split(' (')[0])}</a>" for key, name, _ in sections
    )
    body = "".join(
        f"<section id='{key}'><h2>{escape(name)}</h2>{content}</section>"
        for key, name, content in sections
    )
    from safetylit import __version__

    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(heading)}</title><style>{_display.CSS}{_PAGE_CSS}</style></head>"
        f"<body><main class='safetylit'><h1>{escape(heading)}</h1>"
        f"<p class='sl-muted'>{escape(papers.source)} · made {stamp} by safetylit "
        f"{escape(__version__)}</p><nav>{nav}</nav>{body}</main>"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


def _stat(value: int, label: str, bad: bool = False) -> str:
    cls = "sl-stat sl-bad" if bad and value else "sl-stat"
    return f"<div class='{cls}'><b>{value:,}</b>{escape(label)}</div>"


def _summary(papers: PaperSet, groups: Sequence[DuplicateGroup] | None) -> str:
    errors = len(papers.errors())
    stats = [
        _stat(len(papers), "papers"),
        _stat(len(papers.rejected), "rejected rows", bad=True),
        _stat(errors, "errors", bad=True),
        _stat(len(papers.problems) - errors, "warnings"),
        _stat(len(papers.missing_abstracts()), "missing abstracts"),
    ]
    if groups is not None:
        stats.append(_stat(len(groups), "duplicate groups"))
    stats += [
        _stat(len(papers.companies()), "companies"),
        _stat(len(papers.categories()), "categories"),
    ]
    dated = [p.date for p in papers if p.date is not None]
    span = f"<p class='sl-muted'>Dated from {min(dated)} to {max(dated)}.</p>" if dated else ""
    return f"<div class='sl-cards'>{''.join(stats)}</div>{span}"


def _figure(caption: str, svg: str, note: str = "") -> str:
    extra = f"<div class='sl-muted'>{escape(note)}</div>" if note else ""
    return f"<figure><figcaption>{escape(caption)}</figcaption>{svg}{extra}</figure>"


def _charts_section(papers: PaperSet) -> str:
    line = _charts.timeline(papers, by="company", freq="quarter")
    note = f"{line.undated:,} undated papers not shown." if line.undated else ""
    categories = _charts.categories(papers)
    # The timeline spans the page; the bar charts share rows below it.
    figures = [
        _figure("Papers per quarter by company", _svg.timeline_chart(line, width=1100), note),
        _figure(categories.title, _svg.bar_chart(categories), categories.note),
        _figure("Problems by code", _svg.bar_chart(_charts.problems(papers.problems))),
        _figure("Papers by URL kind", _svg.bar_chart(_charts.url_kinds(papers), width=420)),
    ]
    return f"<div class='sl-charts'>{''.join(figures)}</div>"


def _problems(problems: Sequence[Problem]) -> str:
    if not problems:
        return "<p>No problems found.</p>"
    by_code: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_code[problem.code].append(problem)
    order = sorted(by_code.items(), key=lambda kv: (kv[1][0].severity != "error", -len(kv[1])))
    parts = [
        "<p><input type='search' id='problem-filter' placeholder='Filter problems: a row, a "
        "code, a word…' aria-label='Filter problems'> <span id='problem-filter-note' "
        "class='sl-muted'></span></p>"
    ]
    for code, found in order:
        severity = found[0].severity
        opened = " data-open='1' open" if len(found) <= _OPEN_UP_TO else ""
        rows = "".join(
            f"<tr><td class='sl-num'>{'' if p.row is None else p.row}</td>"
            f"<td>{escape(p.field or '')}</td><td>{escape(p.value or '')}</td>"
            f"<td>{escape(p.message)}</td></tr>"
            for p in found
        )
        parts.append(
            f"<details class='sl-section' data-code='{escape(code)}'{opened}><summary>"
            f"{badge(severity, severity)} <code>{escape(code)}</code> <b>{len(found):,}</b>"
            f"</summary>{table(('row', 'field', 'value', 'message'), [rows])}</details>"
        )
    return "".join(parts)


def _paper_rows(papers: Sequence[Paper]) -> list[str]:
    return [
        f"<tr><td class='sl-num'>{'' if p.row is None else p.row}</td>"
        f"<td class='sl-nowrap'>{escape(p.company)}</td><td>{escape(p.title)}</td>"
        f"<td class='sl-date'>{_display.date_text(p)}</td><td class='sl-nowrap'>"
        f"{_display.url_cell(p)}</td></tr>"
        for p in papers
    ]


def _missing(papers: PaperSet) -> str:
    missing = papers.missing_abstracts()
    if not missing:
        return "<p>Every paper has an abstract.</p>"
    content = table(("row", "company", "title", "date", "URL"), _paper_rows(missing))
    if len(missing) <= _OPEN_UP_TO:
        return content
    return (
        f"<details class='sl-section'><summary>{len(missing):,} papers without an abstract"
        f"</summary>{content}</details>"
    )


def _groups(groups: Sequence[DuplicateGroup]) -> str:
    if not groups:
        return "<p>No duplicate groups found.</p>"
    parts = [
        "<p class='sl-muted'>Each group's papers side by side; words one has and the other "
        "lacks are <mark class='sl-diff'>marked</mark>.</p>"
    ]
    for group in groups[:_GROUPS_SIDE_BY_SIDE]:
        rows = " + ".join(str(r) for r in group.rows)
        parts.append(
            f"<div class='sl-dup'><h3>Rows {rows} <span class='sl-muted'>score "
            f"{group.score:.2f}</span></h3>{_display.group_cards(group)}"
            f"{_display.evidence_list(group)}</div>"
        )
    rest = groups[_GROUPS_SIDE_BY_SIDE:]
    if rest:
        listed = ", ".join(" + ".join(str(r) for r in g.rows) for g in rest)
        parts.append(f"<h3>{len(rest):,} more groups (rows)</h3><p>{escape(listed)}</p>")
    return "".join(parts)


def _urls(papers: PaperSet) -> str:
    by_kind: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        kind = paper.url_info.kind.value if paper.url_info is not None else "missing"
        by_kind[kind].append(paper)
    parts = []
    for kind, found in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        hosts = Counter(
            (p.url_info.host or "(none)") if p.url_info is not None else "(no URL)" for p in found
        )
        host_rows = [
            f"<tr><td>{escape(host)}</td><td class='sl-num'>{count:,}</td></tr>"
            for host, count in hosts.most_common(20)
        ]
        more_hosts = (
            f"<p class='sl-muted'>and {len(hosts) - 20:,} more hosts.</p>"
            if len(hosts) > 20
            else ""
        )
        shown = found[:_LINKS_PER_KIND]
        links = [
            f"<tr><td class='sl-num'>{'' if p.row is None else p.row}</td>"
            f"<td>{link(p.url, p.title) if p.url else escape(p.title)}</td>"
            f"<td class='sl-nowrap'>{escape(p.url or '')}</td></tr>"
            for p in shown
        ]
        more = (
            f"<p class='sl-muted'>The first {len(shown):,} of {len(found):,} papers.</p>"
            if len(found) > len(shown)
            else ""
        )
        parts.append(
            f"<details class='sl-section' data-kind='{escape(kind)}'><summary>"
            f"{badge(kind, 'kind')} <b>{len(found):,}</b> papers, {len(hosts):,} hosts</summary>"
            f"{table(('host', 'papers'), host_rows)}{more_hosts}"
            f"{table(('row', 'title', 'URL'), links)}{more}</details>"
        )
    return "".join(parts)


def _rejected(papers: PaperSet) -> str:
    rows = [
        f"<tr><td class='sl-num'>{'' if r.row is None else r.row}</td><td><code>"
        f"{escape(r.raw[:400])}</code></td><td>{escape('; '.join(p.message for p in r.problems))}"
        "</td></tr>"
        for r in papers.rejected
    ]
    return table(("row", "raw text", "why"), rows)
