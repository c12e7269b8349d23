"""Render papers back into the export format, in every layout the parser reads.

Private: the tests and the benchmark generator use it to build exports whose truth is known.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from safetylit._models import Paper

LAYOUTS = ("one-line", "head-url-tail", "cells-on-lines", "duplicate-line", "category-line")
WRAPS = ("long", "wrapped", "sentences")


def render_abstract(abstract: str | None, wrap: str, width: int = 80) -> list[str]:
    if abstract is None:
        return []
    out: list[str] = []
    for i, para in enumerate(abstract.split("\n\n")):
        if i:
            out.append("")
        if wrap == "wrapped":
            out.extend(
                textwrap.wrap(para, width=width, break_long_words=False, break_on_hyphens=False)
            )
        elif wrap == "sentences":
            out.extend(s for s in re.split(r"(?<=[.!?]) ", para) if s)
        else:
            out.append(para)
    return out


def _date(paper: Paper) -> str:
    return "" if paper.date is None else f"{paper.date.day}-{paper.date:%b}-{paper.date:%y}"


def render_row(paper: Paper, layout: str, *, sep: str = "", wrap: str = "long") -> list[str]:
    """The lines of one row (without its number line)."""
    date, url = _date(paper), paper.url or ""
    category = paper.category or ""
    marker = "[Duplicate] " if paper.marked_duplicate else ""
    body = render_abstract(paper.abstract, wrap)
    first_abs, rest_abs = (body[0], body[1:]) if body else ("", [])
    head = sep.join([paper.company, paper.title, date])
    if layout == "one-line":
        return [sep.join([head, url, marker + category, first_abs]), *rest_abs]
    if layout == "head-url-tail":
        return [head, url, sep.join([marker + category, first_abs]), *rest_abs]
    if layout == "cells-on-lines":
        return [
            paper.company,
            paper.title,
            date,
            url,
            sep.join([marker + category, first_abs]),
            *rest_abs,
        ]
    if layout == "duplicate-line":
        return [head, url, "[Duplicate] " + category, *body]
    if layout == "category-line":
        return [head, url, marker + category, *body]
    raise ValueError(layout)


def render_export(
    rows: Sequence[tuple[int, Sequence[str]]], *, newline: str = "\n", header: bool = True
) -> str:
    lines = ["ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    if header:
        lines += ["1", "CompanyTitleDateURL", "Safety_category", "Abstract"]
    for number, row_lines in rows:
        lines.append(str(number))
        lines.extend(row_lines)
    return newline.join(lines) + newline
