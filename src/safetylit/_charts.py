"""What the charts show, counted once: the matplotlib plots and the report's SVG share it.

Private. Every function returns plain labels and counts, so the two renderings cannot disagree.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from safetylit._models import Paper, Problem

# Okabe & Ito's colour-blind-safe palette, darkest first so small series stay visible;
# yellow comes last because it fades on white. Grey is kept for "other".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
OTHER_COLOUR = "#999999"
SEVERITY_COLOURS = {"error": "#D55E00", "warning": "#E69F00"}
BAR_COLOUR = "#0072B2"

FREQS = ("year", "quarter", "month")
GROUPINGS = ("company", "category")


@dataclass(frozen=True)
class Timeline:
    """Papers per period, one series per group (largest first, the rest pooled as "other")."""

    periods: list[str]
    series: dict[str, list[int]]
    undated: int
    by: str | None
    freq: str


@dataclass(frozen=True)
class Bars:
    """Labelled counts, largest first; ``colours`` runs parallel to ``labels``."""

    labels: list[str]
    counts: list[int]
    colours: list[str]
    title: str
    xlabel: str
    note: str = ""


def _period(date: _dt.date, freq: str) -> tuple[int, int]:
    if freq == "year":
        return (date.year, 0)
    if freq == "quarter":
        return (date.year, (date.month - 1) // 3 + 1)
    return (date.year, date.month)


def _period_label(key: tuple[int, int], freq: str) -> str:
    year, part = key
    if freq == "year":
        return str(year)
    if freq == "quarter":
        return f"{year} Q{part}"
    return f"{year}-{part:02d}"


def _next(key: tuple[int, int], freq: str) -> tuple[int, int]:
    year, part = key
    last = {"year": 0, "quarter": 4, "month": 12}[freq]
    if part >= last:
        return (year + 1, 0 if freq == "year" else 1)
    return (year, part + 1)


def check_options(by: str | None, freq: str) -> None:
    """Raise ``ValueError`` for an unknown grouping or frequency."""
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS} or None, not {by!r}")
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, not {freq!r}")


def timeline(
    papers: Iterable[Paper], *, by: str | None = "company", freq: str = "quarter", top: int = 6
) -> Timeline:
    """Papers per period (every period from the first to the last, empty ones included)."""
    check_options(by, freq)
    counts: Counter[tuple[str, tuple[int, int]]] = Counter()
    totals: Counter[str] = Counter()
    undated = 0
    for paper in papers:
        if paper.date is None:
            undated += 1
            continue
        group = "papers" if by is None else (getattr(paper, by) or "(none)")
        counts[(group, _period(paper.date, freq))] += 1
        totals[group] += 1
    if not counts:
        return Timeline([], {}, undated, by, freq)
    keys = sorted({key for _, key in counts})
    periods = []
    key = keys[0]
    while key <= keys[-1]:
        periods.append(key)
        key = _next(key, freq)
    ranked = [name for name, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    shown = ranked if len(ranked) <= top + 1 else ranked[:top]
    series = {name: [counts[(name, p)] for p in periods] for name in shown}
    rest = [name for name in ranked if name not in series]
    if rest:
        series[f"{len(rest)} others"] = [sum(counts[(n, p)] for n in rest) for p in periods]
    return Timeline([_period_label(p, freq) for p in periods], series, undated, by, freq)


def series_colours(names: Sequence[str]) -> list[str]:
    """One palette colour per series, grey for the pooled "others"."""
    return [
        OTHER_COLOUR if name.endswith(" others") else PALETTE[i % len(PALETTE)]
        for i, name in enumerate(names)
    ]


def _top(counter: Counter[str], top: int) -> tuple[list[str], list[int], str]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    note = ""
    if len(ranked) > top + 1:
        rest = ranked[top:]
        note = f"{len(rest)} more with {sum(c for _, c in rest):,} papers not shown"
        ranked = ranked[:top]
    return [k for k, _ in ranked], [c for _, c in ranked], note


def categories(papers: Iterable[Paper], *, top: int = 15) -> Bars:
    """Papers per category, the ``top`` largest."""
    counter = Counter(p.category or "(no category)" for p in papers)
    labels, counts, note = _top(counter, top)
    return Bars(labels, counts, [BAR_COLOUR] * len(labels), "Papers by category", "papers", note)


def url_kinds(papers: Iterable[Paper]) -> Bars:
    """Papers per URL kind (``missing`` for papers without a URL)."""
    counter = Counter(
        p.url_info.kind.value if p.url_info is not None else "missing" for p in papers
    )
    labels, counts, _ = _top(counter, len(counter))
    colours = [OTHER_COLOUR if k in ("other", "invalid", "missing") else BAR_COLOUR for k in labels]
    return Bars(labels, counts, colours, "Papers by URL kind", "papers")


def problems(found: Iterable[Problem]) -> Bars:
    """Problems per code, coloured by severity (errors first)."""
    counter: Counter[tuple[str, str]] = Counter((p.severity, p.code) for p in found)
    ranked = sorted(counter.items(), key=lambda kv: (kv[0][0] != "error", -kv[1], kv[0][1]))
    labels = [code for (_, code), _ in ranked]
    counts = [count for _, count in ranked]
    colours = [SEVERITY_COLOURS[severity] for (severity, _), _ in ranked]
    return Bars(labels, counts, colours, "Problems by code", "problems")


def severities(found: Iterable[Problem]) -> dict[str, str]:
    """Each problem code's severity (the first seen)."""
    out: dict[str, str] = {}
    for problem in found:
        out.setdefault(problem.code, problem.severity)
    return out
