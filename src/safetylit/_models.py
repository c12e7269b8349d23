"""The records safetylit produces: :class:`Paper`, :class:`Problem` and :class:`RejectedRow`."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from safetylit._dates import read_date
from safetylit._text import clean_line, is_placeholder, join_paragraphs

if TYPE_CHECKING:
    from safetylit.urls import UrlInfo

__all__ = ["Paper", "Problem", "RejectedRow", "Severity"]

Severity = Literal["error", "warning"]

_DUPLICATE_MARKER = re.compile(r"^\s*[\[(]\s*duplicate\s*[\])]\s*", re.IGNORECASE)


class Paper(BaseModel):
    """One paper of an export, validated and normalised.

    Build it directly or get it from :func:`safetylit.load`. Validation normalises text the same
    way the parser does, so a paper you construct equals the one parsed from its rendering.

    Attributes:
        company: The lab or organisation (whitespace collapsed).
        title: Non-empty; whitespace collapsed, NBSP turned into a space.
        date: Publication date, or ``None`` when missing or impossible.
        url: The URL as written, stripped; ``None`` when missing or malformed.
        category: The safety category, without any ``[Duplicate]`` marker.
        abstract: Lines joined (hard wraps become spaces, paragraph breaks ``"\\n\\n"``);
            ``None`` when empty or a placeholder such as ``"Abstract not found"``.
        marked_duplicate: The row carried a ``[Duplicate]`` marker.
        row: The export's own row number.
        lines: First and last physical line (1-based) of the row in the file.
        absorbed_rows: Rows merged into this paper by :meth:`PaperSet.deduplicate`.
        extra: Cells of a sheet's columns that are no paper field (``{"Notes": "..."}``), by
            header; empty for the text export. Left out of dumps when empty. Never change it
            in place: papers without extras share one empty dict.

    Raises:
        pydantic.ValidationError: on an empty title or a wrongly typed field.

    Examples:
        >>> p = Paper(company="Anthropic", title="Many-shot  jailbreaking",
        ...           category="[Duplicate] Safety")
        >>> p.title, p.category, p.marked_duplicate
        ('Many-shot jailbreaking', 'Safety', True)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    company: str
    title: str
    date: _dt.date | None = None
    url: str | None = None
    category: str | None = None
    abstract: str | None = None
    marked_duplicate: bool = False
    row: int | None = None
    lines: tuple[int, int] | None = None
    absorbed_rows: tuple[int, ...] = ()
    extra: dict[str, str] = {}

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = normalise_fields(data)
            if data.get("title") == "":
                raise ValueError("title must not be empty")
        return data

    @model_validator(mode="after")
    def _share_fields_set(self) -> Paper:
        # A set of field names per paper is about 700 bytes, a quarter of a typical paper:
        # papers given the same fields share one (see shared_fields_set). Pydantic runs this
        # again for a paper put in another model (a DuplicateGroup): then it is shared already.
        if id(self.__pydantic_fields_set__) in _SHARED_SET_IDS:
            return self
        names = sorted(self.__pydantic_fields_set__)
        object.__setattr__(self, "__pydantic_fields_set__", shared_fields_set(names))
        return self

    @field_validator("date", mode="before")
    @classmethod
    def _read_date(cls, value: Any) -> Any:
        # Every path reads dates with the export parser's reader, so "17-Jun-24" is valid here.
        if not isinstance(value, str):
            return value
        if not value.strip():
            return None
        found = read_date(value)
        if found is None:
            raise ValueError(f"{value.strip()!r} is no date that exists in a form safetylit reads")
        return found

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        # Papers from the text export have no extra cells; their dumps stay as they were.
        if not self.extra:
            data.pop("extra", None)
        return data

    @field_validator("lines")
    @classmethod
    def _check_lines(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 1 <= value[0] <= value[1]:
            raise ValueError("lines must be (first, last) with 1 <= first <= last")
        return value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Paper):
            return NotImplemented
        return type(self) is type(other) and all(
            getattr(self, name) == getattr(other, name) for name in type(self).model_fields
        )

    def __hash__(self) -> int:
        return hash(
            tuple(
                tuple(sorted(value.items())) if isinstance(value, dict) else value
                for value in (getattr(self, name) for name in type(self).model_fields)
            )
        )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Paper:
        """A copy with ``update`` applied (not validated, as in pydantic); URL data is recomputed.

        Examples:
            >>> p = Paper(company="X", title="T", url="https://openai.com/index/x/")
            >>> p.url_info.kind.value, p.model_copy(update={"url": "https://arxiv.org/abs/2310.17230"}).arxiv_id
            ('blog', '2310.17230')
        """
        copy = super().model_copy(update=update, deep=deep)
        if update and "url" in update:
            copy.__dict__.pop("url_info", None)  # the cached classification was of the old URL
        return copy

    def __setattr__(self, name: str, value: Any) -> None:
        # Pydantic lets a cached property be set even on a frozen model; the derived data is
        # filled once, when the paper is made (see construct_paper), and never after.
        if name in _DERIVED:
            raise AttributeError(f"Paper is frozen: its {name} cannot be set")
        super().__setattr__(name, value)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # A repr fit for a console: long abstracts shortened, empty defaults left out.
        for name, value in super().__repr_args__():
            if name == "abstract" and isinstance(value, str) and len(value) > 60:
                value = value[:57] + "..."
            if name in ("absorbed_rows", "marked_duplicate", "extra") and not value:
                continue
            yield name, value

    def _repr_html_(self) -> str:
        from safetylit._display import paper_html

        return paper_html(self)

    @cached_property
    def flags(self) -> frozenset[str]:
        """Codes of the problems the load that made this paper reported for its row: what the
        parser noticed and what the checks found.

        Fixed when the paper is made (:func:`safetylit.load` sets them; a paper you build has
        none); sets a paper belongs to keep their own problems (:meth:`PaperSet.problems_for`).
        Derived data: left out of equality and dumps (:func:`~safetylit.PaperSet.to_dicts`
        adds it as a column).

        Examples:
            >>> Paper(company="X", title="T").flags
            frozenset()
            >>> import safetylit
            >>> sorted(safetylit.load(safetylit.sample_path()).by_row(217).flags)
            ['missing-abstract']
        """
        return _NO_FLAGS

    @cached_property
    def url_info(self) -> UrlInfo | None:
        """What kind of URL :attr:`url` is, with its ids (``None`` when there is no URL).

        Examples:
            >>> Paper(company="X", title="T", url="https://arxiv.org/pdf/2310.17230v1").url_info.kind
            <UrlKind.ARXIV: 'arxiv'>
        """
        from safetylit.urls import classify_url

        return None if self.url is None else classify_url(self.url)

    @property
    def arxiv_id(self) -> str | None:
        """The arXiv id (without version) of :attr:`url`, if it names an arXiv paper.

        Examples:
            >>> Paper(company="X", title="T", url="https://arxiv.org/abs/2310.17230v2").arxiv_id
            '2310.17230'
        """
        info = self.url_info
        return None if info is None else info.arxiv_id


def normalise_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Clean a paper's text fields the one way safetylit does (validation and the parser share it).

    Moves a ``[Duplicate]`` marker from the category to ``marked_duplicate``, collapses blanks,
    joins hard-wrapped abstract lines and turns placeholder abstracts into ``None``. Idempotent.
    """
    out = dict(data)
    category = out.get("category")
    if isinstance(category, str) and _DUPLICATE_MARKER.match(category):
        out["category"] = _DUPLICATE_MARKER.sub("", category, count=1)
        out["marked_duplicate"] = True
    for name in ("company", "title"):
        value = out.get(name)
        if isinstance(value, str):
            out[name] = clean_line(value)
    for name in ("url", "category"):
        value = out.get(name)
        if isinstance(value, str):
            out[name] = clean_line(value) or None
    abstract = out.get("abstract")
    if isinstance(abstract, str):
        out["abstract"] = normal_abstract(abstract)
    return out


def normal_abstract(abstract: str) -> str | None:
    """An abstract cell as a paper holds it: wrapped lines joined, a placeholder made None."""
    return None if is_placeholder(abstract) else (join_paragraphs(abstract) or None)


def construct_paper(
    fields: dict[str, Any],
    *,
    url_info: UrlInfo | None = None,
    flags: frozenset[str] = frozenset(),
) -> Paper:
    """A :class:`Paper` from fields that are already typed and normalised, without validation.

    Does what ``Paper.model_construct`` does for this model at a fraction of its cost, which
    matters at 100k rows; ``tests/test_reliability.py`` checks the two stay equal. It is the one
    place that fills the derived data a paper caches (:attr:`Paper.url_info`, when the parser
    classified the URL already, and :attr:`Paper.flags`), once, before anyone sees the paper.
    """
    paper = Paper.__new__(Paper)
    # Copying the defaults keeps the declaration order, which dumps and reprs follow.
    values = _PAPER_DEFAULTS.copy()
    values.update(fields)
    if len(values) != len(_PAPER_DEFAULTS):  # keys that are no field are dropped, as before
        values = {name: values[name] for name in _PAPER_DEFAULTS}
    if url_info is not None and url_info.url == values["url"]:
        values["url_info"] = url_info  # the cached property's slot: classified once
    if flags:
        values["flags"] = flags
    object.__setattr__(paper, "__dict__", values)
    object.__setattr__(paper, "__pydantic_fields_set__", shared_fields_set(fields))
    object.__setattr__(paper, "__pydantic_extra__", None)
    object.__setattr__(paper, "__pydantic_private__", None)
    return paper


def with_flags(paper: Paper, flags: frozenset[str]) -> Paper:
    """A copy of ``paper`` (built by :func:`construct_paper` or validated) carrying ``flags``."""
    values = paper.__dict__
    fields = {name: values[name] for name in _PAPER_DEFAULTS}
    copy = construct_paper(fields, url_info=values.get("url_info"), flags=flags)
    object.__setattr__(copy, "__pydantic_fields_set__", paper.__pydantic_fields_set__)
    return copy


_NO_FLAGS: frozenset[str] = frozenset()
_DERIVED = frozenset({"flags", "url_info"})


_SHARED_FIELDS_SETS: dict[tuple[str, ...], set[str]] = {}
_SHARED_SET_IDS: set[int] = set()  # theirs, kept alive by the dict


def shared_fields_set(fields: Iterable[str]) -> set[str]:
    """One ``set`` of field names per distinct key sequence, shared by all models built so.

    A set per record costs about 700 bytes, more than most of a paper's text. Sharing is safe
    for frozen models: pydantic copies the set before it changes it (``model_copy``). But
    ``model_fields_set`` hands out the shared set itself: it must never be changed in place.
    """
    key = tuple(fields)
    found = _SHARED_FIELDS_SETS.get(key)
    if found is None:
        found = _SHARED_FIELDS_SETS.setdefault(key, set(key))
        _SHARED_SET_IDS.add(id(found))
    return found


# Every field in declaration order (so dumps and reprs keep it), required ones without a default.
_PAPER_DEFAULTS: dict[str, Any] = {
    name: None if info.is_required() else info.default for name, info in Paper.model_fields.items()
}


class Problem(BaseModel):
    """Something noticed while reading or checking an export: an error or a warning.

    Attributes:
        code: Stable kebab-case code, e.g. ``"bad-date"`` (see the docs for every code).
        severity: ``"error"`` (a field was lost or a row rejected) or ``"warning"``.
        row: The export's row number, when the problem belongs to a row.
        line: The physical line (1-based) where it was seen.
        field: The field concerned (``"date"``, ``"url"``, ...), if any.
        value: The offending text, shortened.
        message: A sentence a person can act on, naming row and field.

    Examples:
        >>> Problem(code="bad-date", severity="error", row=7, field="date", value="31-Feb-24",
        ...         message="Row 7: date '31-Feb-24' is not a valid date.").row
        7
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    row: int | None = None
    line: int | None = None
    field: str | None = None
    value: str | None = None
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.message} [{self.code}]"

    def _repr_html_(self) -> str:
        from safetylit._display import problem_html

        return problem_html(self)


class RejectedRow(BaseModel):
    """A non-empty row that could not become a :class:`Paper`, kept with its raw text.

    Examples:
        >>> RejectedRow(row=9, lines=(30, 31), raw="???", problems=()).raw
        '???'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    row: int | None
    lines: tuple[int, int] | None
    raw: str
    problems: tuple[Problem, ...] = ()
