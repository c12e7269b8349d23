"""Writing papers out: JSON-safe dicts, JSONL, CSV (RFC 4180), BibTeX, pandas and polars.

Everything here is reached through :class:`~safetylit.PaperSet` methods (``to_jsonl`` and so on);
the readers for the JSONL and CSV written here live beside the writers so the two stay in step.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from safetylit._models import Paper, Problem
from safetylit._optional import require
from safetylit._problems import problem
from safetylit.sheets import sniff_delimiter
from safetylit.urls import UrlKind

__all__ = [
    "CSV_COLUMNS",
    "paper_to_dict",
    "papers_from_jsonl",
    "record_schema",
    "to_bibtex",
    "write_csv",
    "write_jsonl",
]

#: Columns of the CSV safetylit writes: the sheet's six, then what safetylit adds; a sheet's
#: other columns (:attr:`Paper.extra`) follow, by their own headers.
CSV_COLUMNS = (
    "Company",
    "Title",
    "Date",
    "URL",
    "Safety_category",
    "Abstract",
    "Row",
    "Lines",
    "Marked_duplicate",
    "Absorbed_rows",
    "URL_kind",
    "arXiv_id",
    "DOI",
    "Flags",
)


def paper_to_dict(paper: Paper) -> dict[str, Any]:
    """A JSON-safe dict of a paper: its fields plus ``url_kind``, ``arxiv_id``, ``doi``, ``flags``.

    Examples:
        >>> paper_to_dict(Paper(company="X", title="T", url="https://arxiv.org/abs/2310.17230"))["arxiv_id"]
        '2310.17230'
    """
    data = paper.model_dump(mode="json")
    info = paper.url_info
    data["url_kind"] = None if info is None else info.kind.value
    data["arxiv_id"] = None if info is None else info.arxiv_id
    data["doi"] = None if info is None else info.doi
    data["flags"] = sorted(paper.flags)
    return data


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one record of :meth:`PaperSet.to_jsonl` and
    :func:`paper_to_dict`: the paper's fields plus ``url_kind``, ``arxiv_id``, ``doi``, ``flags``.

    Every key is required except ``extra`` (written only when a sheet had other columns); no
    other key is allowed, so a consumer learns of a new one from a new schema, not by surprise.

    Examples:
        >>> schema = record_schema()
        >>> schema["properties"]["url_kind"]["anyOf"][0]["enum"][:2]
        ['arxiv', 'openreview']
    """
    schema = Paper.model_json_schema()
    properties = schema["properties"]
    nullable_text = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
    properties["title"]["minLength"] = 1
    properties["url_kind"] = {
        "anyOf": [{"enum": [kind.value for kind in UrlKind]}, {"type": "null"}],
        "description": "What the URL points at (see UrlKind); null without a URL.",
    }
    properties["arxiv_id"] = {**nullable_text, "description": "arXiv id without version."}
    properties["doi"] = {**nullable_text, "description": "The DOI, lower case."}
    properties["flags"] = {
        "type": "array",
        "items": {"type": "string"},
        "description": "Codes of the problems reported for the paper, sorted.",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "safetylit paper record",
        "description": "One line of the JSONL safetylit writes (PaperSet.to_jsonl).",
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name != "extra"],
        "additionalProperties": False,
    }


def _fields_only(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise TypeError(f"expected a JSON object, got {type(data).__name__}")
    return {k: v for k, v in data.items() if k in Paper.model_fields}


def write_jsonl(papers: Iterable[Paper], path: str | Path) -> Path:
    """Write one JSON object per line (UTF-8); returns the path, so ``load()`` can read it back."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for paper in papers:
            out.write(json.dumps(paper_to_dict(paper), ensure_ascii=False) + "\n")
    return path


def papers_from_jsonl(text: str, source: str) -> tuple[list[Paper], list[Problem]]:
    """Read JSONL that :func:`write_jsonl` wrote (or the JSON array ``convert -o x.json``
    writes); a bad line or record becomes an error ``Problem``."""
    papers: list[Paper] = []
    problems: list[Problem] = []
    if is_json_array(text):
        return _papers_from_json_array(text, source)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            papers.append(Paper.model_validate(_fields_only(json.loads(line))))
        except (ValueError, TypeError) as exc:
            problems.append(_line_problem(source, number, line, exc))
    return papers, problems


_JSON_ARRAY = re.compile(r"\s*\[\s*[{\]]")


def is_json_array(text: str) -> bool:
    """Whether ``text`` starts like a JSON array of records (``[{`` or ``[]``), which no text
    export does (a ``[Duplicate]`` marker is followed by a word)."""
    return _JSON_ARRAY.match(text) is not None


def _papers_from_json_array(text: str, source: str) -> tuple[list[Paper], list[Problem]]:
    papers: list[Paper] = []
    problems: list[Problem] = []
    try:
        records = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return [], [_line_problem(source, getattr(exc, "lineno", 1), text, exc)]
    if not isinstance(records, list):
        records = [records]
    for number, record in enumerate(records, start=1):
        try:
            papers.append(Paper.model_validate(_fields_only(record)))
        except (ValueError, TypeError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            problems.append(
                problem(
                    "invalid-record",
                    source=source,
                    record=number,
                    value=json.dumps(record, ensure_ascii=False),
                    reason=reason,
                )
            )
    return papers, problems


def write_csv(papers: Iterable[Paper], path: str | Path) -> Path:
    """Write an RFC 4180 CSV (UTF-8, CRLF, quoted where needed) with :data:`CSV_COLUMNS`.

    Every cell is text: read it elsewhere as text (``pandas.read_csv(path, dtype=str)``), or
    ids such as ``2310.17230`` turn into numbers and lose digits.
    """
    path = Path(path)
    papers = list(papers)
    # The union of the papers' extra headers, in the order the papers first show them.
    extra = list(dict.fromkeys(key for paper in papers for key in paper.extra))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([*CSV_COLUMNS, *extra])
        for paper in papers:
            data = paper_to_dict(paper)
            writer.writerow(
                [
                    paper.company,
                    paper.title,
                    data["date"] or "",
                    paper.url or "",
                    paper.category or "",
                    paper.abstract or "",
                    "" if paper.row is None else paper.row,
                    "" if paper.lines is None else f"{paper.lines[0]}-{paper.lines[1]}",
                    "yes" if paper.marked_duplicate else "",
                    " ".join(str(r) for r in paper.absorbed_rows),
                    data["url_kind"] or "",
                    data["arxiv_id"] or "",
                    data["doi"] or "",
                    " ".join(data["flags"]),
                    *(paper.extra.get(key, "") for key in extra),
                ]
            )
    return path


def looks_like_table(first_line: str) -> str | None:
    """The delimiter when ``first_line`` is a sheet's CSV/TSV header row, else None."""
    return sniff_delimiter(first_line)


def _line_problem(
    source: str, line: int, text: str, exc: Exception, row: int | None = None
) -> Problem:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return problem("invalid-record", row=row, line=line, source=source, value=text, reason=reason)


# --- BibTeX ----------------------------------------------------------------------------------

_BIB_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_SPECIAL = re.compile(r"[\\{}%&$#_~^]")


def bib_escape(text: str) -> str:
    """Escape the characters BibTeX and LaTeX treat specially.

    Examples:
        >>> print(bib_escape("50% & co_"))
        50\\% \\& co\\_
    """
    return _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPES[m.group(0)], text)


def citation_key(paper: Paper) -> str:
    """A stable key: company, year and the title's first long word (``anthropic2024sycophancy``)."""
    company = re.sub(r"[^a-z0-9]", "", paper.company.lower()) or "anon"
    year = "" if paper.date is None else str(paper.date.year)
    words = [w for w in re.findall(r"[a-z0-9]+", paper.title.lower()) if len(w) > 3]
    return f"{company}{year}{words[0] if words else 'paper'}"


def to_bibtex(papers: Sequence[Paper]) -> str:
    """One BibTeX entry per paper; keys made unique with ``a``, ``b``... in row order."""
    seen: dict[str, int] = {}
    entries = []
    for paper in papers:
        key = citation_key(paper)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key += _suffix(count)
        entries.append(_entry(paper, key))
    return "\n".join(entries)


def _suffix(count: int) -> str:
    letters = ""
    while count:
        count, rem = divmod(count - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def _entry(paper: Paper, key: str) -> str:
    # Always @misc: the sheet never names the venue, and @article or @inproceedings without
    # their journal or booktitle is an error to strict readers (pybtex, biber). No author
    # either: the lab is not the authors, so it goes to organization and note.
    info = paper.url_info
    fields: list[tuple[str, str]] = [("title", "{" + bib_escape(paper.title) + "}")]
    if paper.company:
        fields.append(("organization", bib_escape(paper.company)))
    if paper.date is not None:
        fields += [("year", str(paper.date.year)), ("month", paper.date.strftime("%b").lower())]
    if info is not None and info.arxiv_id is not None:
        fields += [("eprint", _verbatim(info.arxiv_id)), ("archiveprefix", "arXiv")]
        if "/" in info.arxiv_id:  # old-style ids name their archive; new-style ones do not
            fields.append(("primaryclass", info.arxiv_id.partition("/")[0]))
    if info is not None and info.doi is not None:
        fields.append(("doi", _verbatim(info.doi)))
    if paper.url is not None:
        fields.append(("url", _verbatim(paper.url)))
    if paper.abstract is not None:
        fields.append(("abstract", bib_escape(paper.abstract)))
    note = "; ".join(x for x in (paper.company, paper.category) if x)
    if note:
        fields.append(("note", bib_escape(note)))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@misc{{{key},\n{body}\n}}\n"


def _verbatim(text: str) -> str:
    """A doi, url or eprint as written (biblatex reads them verbatim): only braces, which
    would end the field, and a backslash are percent-encoded."""
    return text.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


# --- data frames -----------------------------------------------------------------------------


def _columns(papers: Sequence[Paper]) -> dict[str, list[Any]]:
    rows = [paper_to_dict(p) for p in papers]
    names = (
        "row",
        "company",
        "title",
        "date",
        "url",
        "url_kind",
        "arxiv_id",
        "doi",
        "category",
        "abstract",
        "marked_duplicate",
        "flags",
    )
    return {name: [r[name] for r in rows] for name in names}


def to_pandas(papers: Sequence[Paper]) -> Any:
    """A pandas DataFrame, one row per paper (``date`` datetime64, ``url_kind`` categorical)."""
    pd = require("pandas", "pandas")
    columns = _columns(papers)
    frame = pd.DataFrame(columns)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["url_kind"] = frame["url_kind"].astype("category")
    frame["row"] = frame["row"].astype("Int64")
    return frame


def to_polars(papers: Sequence[Paper]) -> Any:
    """A polars DataFrame, one row per paper (``date`` Date, ``url_kind`` Categorical)."""
    pl = require("polars", "polars")
    columns = _columns(papers)
    columns["date"] = [p.date for p in papers]
    text = dict.fromkeys(
        ("company", "title", "url", "url_kind", "arxiv_id", "doi", "category", "abstract"),
        pl.String,
    )
    frame = pl.DataFrame(
        columns,
        schema_overrides={
            **text,
            "row": pl.Int64,
            "date": pl.Date,
            "marked_duplicate": pl.Boolean,
            "flags": pl.List(pl.String),
        },
    )
    return frame.with_columns(pl.col("url_kind").cast(pl.Categorical))


def problems_frame(problems: Sequence[Problem]) -> Any:
    """The problems as a pandas DataFrame."""
    pd = require("pandas", "pandas")
    return pd.DataFrame(
        [p.model_dump() for p in problems],
        columns=["code", "severity", "row", "line", "field", "value", "message"],
    )
