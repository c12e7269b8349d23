"""The problem catalogue: every code safetylit reports, and the one function that builds them.

A code's severity, field, message and meaning are written once, here. ``docs/problem-codes.md``
is tested against :data:`PROBLEM_CODES`, and a test reads the source for every code the code can
emit, so a new code cannot be reported without being catalogued and documented.

To add a code: add a :class:`ProblemKind` to :data:`PROBLEM_CODES`, build the problem with
:func:`problem`, and add a row to ``docs/problem-codes.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from pydantic import ValidationError

from safetylit._models import Problem, Severity

__all__ = ["PROBLEM_CODES", "ProblemKind", "invalid_fields", "problem"]

Locate = Literal["row", "line", "source"]


@dataclass(frozen=True)
class ProblemKind:
    """What one problem code means and how its message reads.

    Attributes:
        code: The stable kebab-case code.
        severity: ``"error"`` (something was lost) or ``"warning"`` (kept, but worth a look).
        field: The :class:`~safetylit.Problem` field it concerns, or None for a row or the file.
        template: The message after its location, a :meth:`str.format` template over the
            problem's ``value`` and the details its reporter passes.
        description: When it is reported, in one sentence.
        locate: How the message starts: ``"row"`` (``Row 7``, or ``Line 12`` when the row has
            no number), ``"line"`` (``Line 12``) or ``"source"`` (the file's name).
        names_field: Whether the location names the field (``Row 7, date: ...``).

    Examples:
        >>> PROBLEM_CODES["bad-date"].severity
        'error'
    """

    code: str
    severity: Severity
    field: str | None
    template: str
    description: str
    locate: Locate = "row"
    names_field: bool = True


def _kinds(*kinds: ProblemKind) -> Mapping[str, ProblemKind]:
    return MappingProxyType({kind.code: kind for kind in kinds})


_ROW_READ = "; the row was read anyway"

#: Every problem code safetylit can report, by code.
PROBLEM_CODES: Mapping[str, ProblemKind] = _kinds(
    # Reading the file
    ProblemKind(
        "empty-export",
        "warning",
        None,
        "the export has no rows with content",
        "the input has no row with content",
        locate="source",
    ),
    ProblemKind(
        "encoding-fallback",
        "warning",
        None,
        "not valid UTF-8; decoded it as {value}. Re-save the export as UTF-8 or pass "
        "encoding= to be sure",
        "the file is not valid UTF-8 and has no byte-order mark; it was decoded as cp1252",
        locate="source",
    ),
    ProblemKind(
        "unrecognised-text",
        "warning",
        None,
        "text before the first row number was ignored",
        "text before the first row, or above a sheet's header row, was ignored",
        locate="line",
    ),
    ProblemKind(
        "row-out-of-order",
        "warning",
        "row",
        "row number {value} comes after row {last}" + _ROW_READ,
        "a row number lower than the previous one",
        locate="line",
    ),
    ProblemKind(
        "duplicate-row-number",
        "warning",
        "row",
        "row number {value} was already used" + _ROW_READ,
        "a row number already used",
        locate="line",
    ),
    ProblemKind(
        "row-number-as-text",
        "warning",
        "row",
        "the number {value} alone on its line was read as text of {taken_by} (no row cells "
        "follow it, and the text before it does not end a row); if it is a row, its cells are "
        "in that row's last field",
        "a line holding only a number was read as text of the open row",
        locate="line",
    ),
    ProblemKind(
        "unknown-column",
        "warning",
        None,
        "column {value!r} is no paper field; its cells are kept in Paper.extra[{value!r}] "
        "(or pass columns={{{value!r}: '<field>'}})",
        "a sheet's column whose header names no paper field",
        locate="source",
    ),
    ProblemKind(
        "missing-column",
        "warning",
        "company",
        "no column holds the companies, so every paper's company is empty; name one "
        "'Company' or pass columns={{'<header>': 'company'}}",
        "a sheet has no company column",
        locate="source",
    ),
    # Rows that could not be read
    ProblemKind(
        "unparseable-row",
        "error",
        None,
        "{reason}",
        "an export row whose cells cannot be told apart",
    ),
    ProblemKind(
        "invalid-record",
        "error",
        None,
        "could not read a paper ({reason})",
        "a JSON(L) line or record that is not a valid paper",
        locate="source",
    ),
    ProblemKind(
        "missing-title",
        "error",
        "title",
        "the row has no title",
        "nothing stands before the date or URL but a company name, or the title cell is empty",
        names_field=False,
    ),
    ProblemKind(
        "truncated-row",
        "error",
        None,
        "the file ends in the middle of this row; it was kept as raw text",
        "the file stops without a final line break in the middle of its last row",
    ),
    ProblemKind(
        "invalid-field",
        "error",
        None,
        "{reason}",
        "the cells read from a row fail Paper validation",
    ),
    # Fields lost or doubtful
    ProblemKind(
        "missing-company",
        "error",
        "company",
        "no company found",
        "no company could be told apart from the title",
    ),
    ProblemKind(
        "company-guessed",
        "warning",
        "company",
        "'{value}' was cut from the title at a change of case, and no other row names it; "
        "it could also be {others}",
        "an unknown company was cut at a change of case and other cuts were possible",
    ),
    ProblemKind("missing-date", "error", "date", "no date found", "no date cell in the row"),
    ProblemKind(
        "bad-date",
        "error",
        "date",
        "'{value}' is not a valid date",
        "a date cell that does not exist, or no date in a form safetylit reads",
    ),
    ProblemKind(
        "ambiguous-date",
        "warning",
        "date",
        "the title may end in '{longer}' or '{shorter}'; read the day as {day}",
        "a title ending in a number runs into a two-digit day and both readings are dates",
    ),
    ProblemKind("missing-url", "error", "url", "no URL found", "nothing after the date is a URL"),
    ProblemKind(
        "invalid-url",
        "error",
        "url",
        "'{value}' is not a valid URL",
        "the URL is not a valid http(s) URL",
    ),
    ProblemKind(
        "missing-category",
        "warning",
        "category",
        "no category found",
        "no category could be found after the URL",
    ),
    ProblemKind(
        "control-characters",
        "warning",
        None,
        "control characters were removed",
        "the row contained control characters; they were removed",
    ),
    ProblemKind(
        "mojibake",
        "warning",
        None,
        "'{value}' looks like UTF-8 text that was decoded as cp1252 somewhere before this "
        "export; it was left as is",
        "the row contains UTF-8 text that was decoded as Windows-1252 before the export",
    ),
    # Data-quality checks
    ProblemKind(
        "missing-abstract",
        "warning",
        "abstract",
        "the abstract is empty or a placeholder",
        "the abstract is empty or a placeholder",
    ),
    ProblemKind(
        "truncated-abstract",
        "warning",
        "abstract",
        "the abstract stops mid-sentence; it may have been cut",
        "the abstract ends mid-sentence",
    ),
    ProblemKind(
        "truncated-title",
        "warning",
        "title",
        "{reason}",
        "the title hits the cell limit or the slug says it was cut",
    ),
    ProblemKind(
        "date-arxiv-mismatch",
        "warning",
        "date",
        "the date {date} is far from the arXiv id's month {month} ({arxiv_id})",
        "the date is far from the arXiv id's month",
    ),
    ProblemKind(
        "future-date",
        "warning",
        "date",
        "the date {date} is in the future",
        "the date is after today",
    ),
    ProblemKind(
        "unknown-company",
        "warning",
        "company",
        "'{value}' is not a known company",
        "with a closed vocabulary: the company is not a known one",
    ),
    ProblemKind(
        "unknown-category",
        "warning",
        "category",
        "'{value}' is not a known category",
        "with a closed vocabulary: the category is not a known one",
    ),
    ProblemKind(
        "duplicate-url",
        "warning",
        "url",
        "row {first_row} carries the same URL",
        "an earlier row has the same canonical URL",
    ),
    ProblemKind(
        "repaired-url",
        "warning",
        "url",
        "'{value}' was read as '{canonical}' ({repairs})",
        "the URL could only be read after mending how it was typed",
    ),
    ProblemKind(
        "unbalanced-quotes",
        "warning",
        "title",
        "the {field} opens a quote or bracket it never closes",
        "a title or abstract opens a quote or bracket it never closes",
    ),
    # Duplicate markers
    ProblemKind(
        "duplicate-marker-unmatched",
        "warning",
        "marked_duplicate",
        "marked [Duplicate] but no other paper looks like the same work",
        "a row is marked [Duplicate] but no other paper looks like the same work",
    ),
    ProblemKind(
        "duplicate-unmarked",
        "warning",
        "marked_duplicate",
        "{names} look like the same work, but none is marked [Duplicate]",
        "a duplicate group none of whose papers is marked",
    ),
)

_UNSET: Any = object()


def problem(
    code: str,
    *,
    row: int | None = None,
    line: int | None = None,
    field: str | None = _UNSET,
    value: str | None = None,
    source: str | None = None,
    record: int | None = None,
    title: str | None = None,
    severity: Severity | None = None,
    message: str | None = None,
    at: Locate | None = None,
    **details: Any,
) -> Problem:
    """Build the :class:`~safetylit.Problem` of a catalogued ``code``.

    Args:
        code: A key of :data:`PROBLEM_CODES`.
        row: The export row, if any.
        line: The row's first line in the file, or the line concerned.
        field: The field, when it differs from the code's own (``unbalanced-quotes``).
        value: The offending text (``Problem.value`` keeps its first 80 characters; the
            message quotes it whole).
        source: The file's name (for file-level codes).
        record: The record's number in a JSON array.
        title: A paper's title, to locate a paper that has no row number.
        severity: The severity of a code that is not catalogued: a check a user wrote.
        message: The text after the location, instead of the code's template.
        at: How to locate it, instead of the code's own way.
        details: Values the template names besides ``value`` and ``field``.

    Returns:
        The problem, its message starting with where it is (``Row 7, date: ...``).

    Raises:
        KeyError: ``code`` is not catalogued and no ``severity`` was given.

    Examples:
        >>> problem("bad-date", row=7, line=9, value="31-Feb-24").message
        "Row 7, date: '31-Feb-24' is not a valid date."
    """
    kind = PROBLEM_CODES.get(code)
    if kind is None:
        if severity is None:
            raise KeyError(f"problem code {code!r} is not in safetylit's catalogue")
        kind = ProblemKind(code, severity, None, "", "")  # a user's own check
    field_name = kind.field if field is _UNSET else field
    # The message quotes the value whole; Problem.value keeps its first 80 characters.
    what = (
        message
        if message is not None
        else kind.template.format(value=value, field=field_name, **details)
    )
    shown = None if value is None else value[:80]
    where = locate(
        at or kind.locate, kind.names_field, row, line, field_name, source, record, title
    )
    return Problem(
        code=code,
        severity=severity or kind.severity,
        row=row,
        line=line,
        field=field_name,
        value=shown,
        message=f"{where}: {what}.",
    )


def invalid_fields(exc: ValidationError, row: int | None, line: int | None) -> list[Problem]:
    """One ``invalid-field`` problem per error of a failed :class:`~safetylit.Paper` validation."""
    return [
        problem(
            "invalid-field",
            row=row,
            line=line,
            field=".".join(str(part) for part in err["loc"]) or None,
            value=str(err.get("input", "")),
            reason=err["msg"],
        )
        for err in exc.errors()
    ]


def locate(
    how: Locate,
    names_field: bool,
    row: int | None,
    line: int | None,
    field: str | None,
    source: str | None,
    record: int | None = None,
    title: str | None = None,
) -> str:
    """The start of a problem's message: where in the file (or list) it is."""
    if how == "source":
        where = source or "<string>"
        if record is not None:
            return f"{where}, record {record}"
        return f"{where}, line {line}" if line is not None else where
    if how == "line" and line is not None:
        return f"Line {line}"
    if row is not None:
        where = f"Row {row}"
    elif line is not None:
        where = f"Line {line}"
    elif title is not None:
        where = f"Paper {title[:40]!r}"
    else:
        where = source or "<string>"
    return f"{where}, {field}" if names_field and field else where
