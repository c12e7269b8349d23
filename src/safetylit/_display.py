"""HTML displays for notebooks (``_repr_html_``) and the building blocks the report shares.

Private. Every display is wrapped in ``<div class="safetylit">`` with its own ``<style>``; the
rules are scoped to that class and use ``!important`` only where Jupyter's and VS Code's output
styles are known to fight back (right-aligned cells, centred tables, striped rows). Text keeps
the notebook's colour and greys are translucent, so dark themes stay readable; only badges and
marks set both their colours.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from safetylit._models import Paper, Problem

if TYPE_CHECKING:
    from safetylit._paperset import PaperSet
    from safetylit.duplicates import DuplicateGroup

CSS = """
.safetylit{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 font-size:13px;line-height:1.4;text-align:left}
.safetylit .sl-head{margin:0 0 6px 0}
.safetylit table.sl-table{border-collapse:collapse;margin:0!important;table-layout:auto!important;
 width:auto;max-width:100%}
.safetylit table.sl-table th,.safetylit table.sl-table td{text-align:left!important;
 vertical-align:top!important;padding:3px 8px!important;border:none!important;
 border-bottom:1px solid rgba(128,128,128,.3)!important;max-width:42em;white-space:normal}
.safetylit table.sl-table th{font-weight:600;background:rgba(128,128,128,.12)!important;
 white-space:nowrap}
.safetylit table.sl-table tbody tr,.safetylit table.sl-table tbody tr:nth-child(odd){
 background:transparent!important}
.safetylit table.sl-table tbody tr:hover{background:rgba(9,105,218,.07)!important}
.safetylit td.sl-title{min-width:22em}
.safetylit .sl-nowrap,.safetylit td.sl-date,.safetylit td.sl-num{white-space:nowrap!important}
.safetylit td.sl-num{font-variant-numeric:tabular-nums;opacity:.75}
.safetylit a{color:#0969da;text-decoration:none}
.safetylit a:hover{text-decoration:underline}
.safetylit .sl-badge{display:inline-block;padding:0 6px;margin:1px 2px 1px 0;border-radius:9px;
 font-size:11px;line-height:17px;white-space:nowrap;background:#eaeef2;color:#24292f;
 border:1px solid #d0d7de}
.safetylit .sl-error{background:#ffebe9;color:#82071e;border-color:#ffcecb}
.safetylit .sl-warning{background:#fff8c5;color:#633c01;border-color:#eed888}
.safetylit .sl-kind{background:#ddf4ff;color:#0a3069;border-color:#b6e3ff}
.safetylit details.sl-fold summary{cursor:pointer;list-style:none}
.safetylit details.sl-fold summary::-webkit-details-marker{display:none}
.safetylit details.sl-fold[open] summary{display:none}
.safetylit .sl-abstract{opacity:.8;font-size:12px;margin-top:2px}
.safetylit .sl-muted{opacity:.72}
.safetylit code{font-size:12px;background:rgba(128,128,128,.14);color:inherit;padding:0 3px;
 border-radius:3px}
.safetylit .sl-card{border:1px solid rgba(128,128,128,.35);border-radius:6px;padding:8px 12px;
 max-width:60em}
.safetylit .sl-card h4{margin:0 0 4px 0;font-size:15px}
.safetylit .sl-meta{opacity:.85;margin:2px 0}
.safetylit .sl-group{display:grid;gap:10px;grid-template-columns:repeat(auto-fit,minmax(18em,1fr))}
.safetylit .sl-group .sl-card{max-width:none}
.safetylit .sl-group .sl-text{max-height:16em;overflow:auto}
.safetylit mark.sl-diff{background:#fff0b3;color:#1f2328;padding:0 1px;border-radius:2px}
.safetylit ul.sl-evidence{margin:6px 0 0 0;padding-left:18px}
.safetylit ul.sl-evidence li{text-align:left}
"""

STYLE = f"<style>{CSS}</style>"
_ABSTRACT_FOLD = 160  # characters of an abstract shown before "more"


def wrap(body: str) -> str:
    """The display root: the scoped style, then ``body``."""
    return f"<div class='safetylit'>{STYLE}{body}</div>"


def link(url: str | None, text: str | None = None) -> str:
    """An ``<a>`` for web URLs; anything else (``javascript:``, bare ids) stays plain text."""
    if not url:
        return ""
    shown = escape(text if text is not None else url)
    if not re.match(r"(?i)https?://", url):
        return shown
    return f"<a href='{escape(url)}' target='_blank' rel='noopener noreferrer'>{shown}</a>"


def badge(text: str, kind: str = "") -> str:
    cls = f"sl-badge sl-{kind}" if kind else "sl-badge"
    return f"<span class='{cls}'>{escape(text)}</span>"


def severity_badge(severity: str) -> str:
    return badge(severity, severity)


def folded(text: str | None, limit: int = _ABSTRACT_FOLD) -> str:
    """A long text shown as its start and a "more" toggle; short texts as they are."""
    if not text:
        return ""
    if len(text) <= limit:
        return escape(text)
    cut = text.rfind(" ", 0, limit)
    head = text[: cut if cut > limit // 2 else limit]
    return (
        f"<details class='sl-fold'><summary>{escape(head)} … <b>more</b></summary>"
        f"{escape(text)}</details>"
    )


def date_text(paper: Paper) -> str:
    return "" if paper.date is None else paper.date.isoformat()


def url_cell(paper: Paper) -> str:
    """The URL kind as a link to the paper (the full URL in the tooltip)."""
    info = paper.url_info
    if paper.url is None or info is None:
        return ""
    label = info.kind.value if info.arxiv_id is None else f"arXiv {info.arxiv_id}"
    return link(paper.url, label)


def flags_cell(codes: Iterable[str], severities: Mapping[str, str] | None = None) -> str:
    severities = severities or {}
    return "".join(badge(code, severities.get(code, "")) for code in sorted(codes))


def table(headers: Sequence[str], rows: Iterable[str], *, attrs: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return (
        f"<table class='sl-table'{attrs}><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# --- papers ------------------------------------------------------------------------------


def paper_row(paper: Paper, severities: Mapping[str, str] | None = None) -> str:
    row = "" if paper.row is None else str(paper.row)
    # A one-line start of the abstract keeps the table scannable; "more" opens the rest.
    abstract = (
        f"<div class='sl-abstract'>{folded(paper.abstract, 110)}</div>" if paper.abstract else ""
    )
    cells = (
        f"<td class='sl-num'>{row}</td>",
        f"<td class='sl-nowrap'>{escape(paper.company)}</td>",
        f"<td class='sl-title'><b>{escape(paper.title)}</b>{abstract}</td>",
        f"<td class='sl-date'>{date_text(paper)}</td>",
        f"<td class='sl-nowrap'>{url_cell(paper)}</td>",
        f"<td>{escape(paper.category or '')}</td>",
        f"<td>{flags_cell(paper.flags, severities)}</td>",
    )
    return f"<tr>{''.join(cells)}</tr>"


PAPER_HEADERS = ("row", "company", "title", "date", "URL", "category", "flags")


def paperset_html(papers: PaperSet, max_rows: int = 30) -> str:
    errors = sum(p.severity == "error" for p in papers.problems)
    warnings = len(papers.problems) - errors
    groups = papers._cache.get("duplicates")
    counts = [
        f"<b>{len(papers):,}</b> papers",
        badge(f"{errors:,} errors", "error" if errors else ""),
        badge(f"{warnings:,} warnings", "warning" if warnings else ""),
        f"{len(papers.rejected):,} rejected rows",
    ]
    if groups is not None:
        counts.append(f"{len(groups):,} duplicate groups")
    severities = {p.code: p.severity for p in papers.problems}
    codes = Counter(p.code for p in papers.problems).most_common()
    by_code = " ".join(badge(f"{code} ×{n:,}", severities[code]) for code, n in codes)
    head = (
        f"<p class='sl-head'><b>PaperSet</b> <span class='sl-muted'>from "
        f"{escape(papers.source)}</span>: {' · '.join(counts)}</p>"
    )
    if by_code:
        head += f"<p class='sl-head'>{by_code}</p>"
    rows = [paper_row(p, severities) for p in papers[:max_rows]]
    more = ""
    if len(papers) > max_rows:
        more = (
            f"<p class='sl-muted'>… {len(papers) - max_rows:,} more papers not shown "
            f"(<code>summary_html(max_rows=…)</code> shows more).</p>"
        )
    return wrap(head + table(PAPER_HEADERS, rows) + more)


def paper_html(paper: Paper) -> str:
    info = paper.url_info
    meta = " · ".join(
        escape(part)
        for part in (
            paper.company,
            date_text(paper),
            paper.category or "",
            "" if paper.row is None else f"row {paper.row}",
        )
        if part
    )
    url = ""
    if paper.url is not None:
        kind = badge(info.kind.value, "kind") if info is not None else ""
        ids = f" {badge('arXiv ' + paper.arxiv_id)}" if paper.arxiv_id else ""
        url = f"<p class='sl-meta'>{kind}{ids} {link(paper.url)}</p>"
    flags = f"<p class='sl-meta'>{flags_cell(paper.flags)}</p>" if paper.flags else ""
    dup = f" {badge('[Duplicate] marker')}" if paper.marked_duplicate else ""
    abstract = (
        f"<div class='sl-abstract'>{folded(paper.abstract, 400)}</div>"
        if paper.abstract
        else f"<p class='sl-muted'>{badge('no abstract', 'warning')}</p>"
    )
    return wrap(
        f"<div class='sl-card'><h4>{escape(paper.title)}</h4><p class='sl-meta'>{meta}{dup}</p>"
        f"{url}{flags}{abstract}</div>"
    )


# --- problems ----------------------------------------------------------------------------

PROBLEM_HEADERS = ("severity", "code", "row", "line", "field", "value", "message")


def problem_row(problem: Problem | dict[str, Any]) -> str:
    data = problem.model_dump() if isinstance(problem, Problem) else problem
    row = "" if data.get("row") is None else str(data["row"])
    line = "" if data.get("line") is None else str(data["line"])
    return (
        f"<tr><td>{severity_badge(str(data['severity']))}</td><td class='sl-nowrap'>"
        f"<code>{escape(str(data['code']))}</code></td><td class='sl-num'>{row}</td>"
        f"<td class='sl-num'>{line}</td><td>{escape(str(data.get('field') or ''))}</td>"
        f"<td>{escape(str(data.get('value') or ''))}</td><td>{escape(str(data['message']))}</td>"
        "</tr>"
    )


def problem_html(problem: Problem) -> str:
    where = "" if problem.row is None else f" <span class='sl-muted'>row {problem.row}</span>"
    field = f" <span class='sl-muted'>· {escape(problem.field)}</span>" if problem.field else ""
    return wrap(
        f"<p class='sl-head'>{severity_badge(problem.severity)} <code>{escape(problem.code)}</code>"
        f"{where}{field}: {escape(problem.message)}</p>"
    )


def problems_table_html(rows: Sequence[dict[str, Any]], max_rows: int = 200) -> str:
    errors = sum(r.get("severity") == "error" for r in rows)
    head = (
        f"<p class='sl-head'><b>{len(rows):,} problems</b>: "
        f"{badge(f'{errors:,} errors', 'error' if errors else '')} "
        f"{badge(f'{len(rows) - errors:,} warnings', 'warning' if len(rows) > errors else '')}</p>"
    )
    more = ""
    if len(rows) > max_rows:
        more = f"<p class='sl-muted'>… {len(rows) - max_rows:,} more problems not shown.</p>"
    return wrap(head + table(PROBLEM_HEADERS, map(problem_row, rows[:max_rows])) + more)


# --- duplicate groups ----------------------------------------------------------------------

_TOKEN = re.compile(r"\S+")
_MIN_SHARED = 0.25  # share of words in common below which two texts are not compared


def _norm(word: str) -> str:
    return re.sub(r"[^\w]", "", word.lower())


def marked_differences(text: str, other: str) -> str:
    """``text`` escaped, with the words that ``other`` lacks (in order) marked.

    Words compare ignoring case and punctuation, so a re-wrapped or re-punctuated copy is clean.
    Texts with under a quarter of their words in common are returned unmarked.
    """
    words = _TOKEN.findall(text)
    theirs = [_norm(w) for w in _TOKEN.findall(other)]
    matcher = difflib.SequenceMatcher(None, [_norm(w) for w in words], theirs, autojunk=False)
    same = [False] * len(words)
    for block in matcher.get_matching_blocks():
        for k in range(block.a, block.a + block.size):
            same[k] = True
    # Against a missing or unrelated text every word would be marked, which shows nothing.
    if words and sum(same) < _MIN_SHARED * len(words):
        return escape(" ".join(words))
    out = []
    for word, kept in zip(words, same, strict=True):
        out.append(escape(word) if kept else f"<mark class='sl-diff'>{escape(word)}</mark>")
    return " ".join(out)


def group_cards(group: DuplicateGroup) -> str:
    """The group's papers side by side, each compared with the first (the first with the second)."""
    papers = group.papers
    cards = []
    for i, paper in enumerate(papers):
        other = papers[1 if i == 0 else 0]
        title = marked_differences(paper.title, other.title)
        abstract = (
            marked_differences(paper.abstract, other.abstract or "")
            if paper.abstract
            else badge("no abstract", "warning")
        )
        kind = badge(paper.url_info.kind.value, "kind") if paper.url_info is not None else ""
        meta = " · ".join(
            escape(x)
            for x in (f"row {paper.row}", paper.company, date_text(paper), paper.category or "")
            if x
        )
        cards.append(
            f"<div class='sl-card'><h4>{title}</h4><p class='sl-meta'>{meta}</p>"
            f"<p class='sl-meta'>{kind} {link(paper.url)}</p>"
            f"<div class='sl-abstract sl-text'>{abstract}</div></div>"
        )
    return f"<div class='sl-group'>{''.join(cards)}</div>"


def evidence_list(group: DuplicateGroup) -> str:
    items = []
    for evidence in group.evidence:
        signals = " ".join(badge(f"{name} {value:.2f}") for name, value in evidence.signals.items())
        rows = " + ".join(str(r) for r in evidence.rows)
        items.append(f"<li><b>rows {rows}</b>: {escape(evidence.reason)} {signals}</li>")
    return f"<ul class='sl-evidence'>{''.join(items)}</ul>"


def group_html(group: DuplicateGroup) -> str:
    rows = " + ".join(str(r) for r in group.rows)
    return wrap(
        f"<p class='sl-head'><b>DuplicateGroup</b> rows {rows} "
        f"<span class='sl-muted'>(score {group.score:.2f}; differing words marked)</span></p>"
        f"{group_cards(group)}{evidence_list(group)}"
    )
