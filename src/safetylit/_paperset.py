"""The :class:`PaperSet` container that :func:`safetylit.load` returns."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from safetylit import _export as export
from safetylit import _progress
from safetylit._models import Paper, Problem, RejectedRow
from safetylit._rules import Decision, decisions_from

if TYPE_CHECKING:
    from safetylit.duplicates import DuplicateGroup, Keep
    from safetylit.plot import PaperSetPlots
from safetylit.urls import UrlKind

__all__ = ["PaperSet", "ProblemTable"]


_MARKER_CODES = frozenset({"duplicate-marker-unmatched", "duplicate-unmarked"})


class ProblemTable(list[dict[str, Any]]):
    """A list of problems as dicts (``code``, ``severity``, ``row``, ...) that notebooks show
    as a table.

    It is a plain ``list`` otherwise: filter it, slice it or hand it to pandas.

    Examples:
        >>> table = ProblemTable([{"code": "bad-date", "severity": "error", "row": 7,
        ...                        "message": "Row 7: bad date."}])
        >>> table[0]["row"], "bad-date" in table._repr_html_()
        (7, True)
    """

    def _repr_html_(self) -> str:
        from safetylit._display import problems_table_html

        return problems_table_html(self)


class PaperSet(Sequence[Paper]):
    """The papers of one export in row order, with every problem noticed and every rejected row.

    It behaves like a read-only list of :class:`Paper` (indexing, slicing, ``len``, iteration).

    Attributes:
        problems: Everything noticed, errors and warnings, each with its row.
        rejected: Rows that could not become a :class:`Paper`, with their raw text.
        empty_rows: Row numbers of the export's empty rows (a number line with no cells), so
            every row number is accounted for: a paper, a rejected row, an empty row, or a
            ``row-number-as-text`` problem.
        source: Where the papers came from (a file name or ``"<string>"``).

    Examples:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> len(papers), papers.by_row(2).company
        (80, 'Anthropic')
    """

    __slots__ = (
        "_by_row",
        "_cache",
        "_decisions",
        "_papers",
        "empty_rows",
        "problems",
        "rejected",
        "source",
    )

    def __init__(
        self,
        papers: Sequence[Paper] = (),
        problems: Sequence[Problem] = (),
        rejected: Sequence[RejectedRow] = (),
        *,
        source: str = "<string>",
        decisions: Mapping[int, Sequence[tuple[str, str]]] | None = None,
        empty_rows: Sequence[int] = (),
    ) -> None:
        self._papers: tuple[Paper, ...] = tuple(papers)
        # Row -> the parser's (field, rule) records; see explain().
        self._decisions: Mapping[int, Sequence[tuple[str, str]]] = decisions or {}
        self.problems: list[Problem] = list(problems)
        self.rejected: list[RejectedRow] = list(rejected)
        self.source = source
        self.empty_rows: list[int] = list(empty_rows)
        self._by_row: dict[int, Paper] | None = None
        self._cache: dict[str, Any] = {}

    @overload
    def __getitem__(self, index: int) -> Paper: ...

    @overload
    def __getitem__(self, index: slice) -> PaperSet: ...

    def __getitem__(self, index: int | slice) -> Paper | PaperSet:
        if isinstance(index, slice):
            return self._derive(self._papers[index])
        return self._papers[index]

    def __len__(self) -> int:
        return len(self._papers)

    def __iter__(self) -> Iterator[Paper]:
        return iter(self._papers)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PaperSet):
            return NotImplemented
        return (
            self._papers == other._papers
            and self.problems == other.problems
            and self.rejected == other.rejected
        )

    __hash__ = None  # type: ignore[assignment]  # mutable problem lists: not hashable

    def __repr__(self) -> str:
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        return (
            f"<PaperSet {len(self)} papers from {self.source}: {errors} errors, "
            f"{warnings} warnings, {len(self.rejected)} rejected rows>"
        )

    def __getstate__(self) -> dict[str, Any]:
        return {
            "papers": self._papers,
            "problems": self.problems,
            "rejected": self.rejected,
            "source": self.source,
            "decisions": dict(self._decisions),
            "empty_rows": self.empty_rows,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["papers"],
            state["problems"],
            state["rejected"],
            source=state["source"],
            decisions=state.get("decisions"),
            empty_rows=state.get("empty_rows", ()),
        )

    def explain(self, row: int) -> list[Decision]:
        """Why the cells of row ``row`` were cut where they are: one :class:`Decision` per cut.

        Each names the rule (see :data:`safetylit.CUT_RULES`) that ended a cell, in the order
        the parser made them. Empty for rows read from JSONL or CSV, which need no cutting.

        Raises:
            KeyError: when no paper has that row number.

        Examples:
            >>> import safetylit
            >>> papers = safetylit.load(safetylit.sample_path())
            >>> [d.rule for d in papers.explain(454)]  # doctest: +NORMALIZE_WHITESPACE
            ['date:before-url-or-cell-end', 'url:before-known-category', 'title:day-digit-by-slug',
             'company:known-name', 'category:known-name']
        """
        self.by_row(row)  # the KeyError for a row with no paper
        return decisions_from(self._decisions.get(row, ()))

    def by_row(self, row: int) -> Paper:
        """The paper that came from the export's row ``row``.

        Raises:
            KeyError: when no paper has that row number (empty, rejected or absent row).

        Examples:
            >>> import safetylit
            >>> safetylit.load(safetylit.sample_path()).by_row(454).title
            'Extracting Concepts from GPT-4'
        """
        if self._by_row is None:
            self._by_row = {}
            for paper in self._papers:
                if paper.row is not None:
                    self._by_row.setdefault(paper.row, paper)
        try:
            return self._by_row[row]
        except KeyError:
            raise KeyError(f"{self.source}: no paper at row {row}") from None

    def errors(self) -> list[Problem]:
        """The error-severity problems.

        Examples:
            >>> PaperSet().errors()
            []
        """
        return [p for p in self.problems if p.severity == "error"]

    def warnings(self) -> list[Problem]:
        """The warning-severity problems.

        Examples:
            >>> PaperSet().warnings()
            []
        """
        return [p for p in self.problems if p.severity == "warning"]

    def problems_for(self, row: int) -> list[Problem]:
        """Every problem reported for export row ``row``.

        Examples:
            >>> PaperSet().problems_for(3)
            []
        """
        return [p for p in self.problems if p.row == row]

    def missing_abstracts(self) -> list[Paper]:
        """Papers whose abstract is empty or a placeholder.

        Examples:
            >>> import safetylit
            >>> [p.row for p in safetylit.load(safetylit.sample_path()).missing_abstracts()]
            [217]
        """
        return [p for p in self._papers if p.abstract is None]

    def problems_table(self) -> ProblemTable:
        """The problems as plain rows (dicts) a notebook can show, filter or hand to pandas.

        The result is a list of dicts; in a notebook it displays as a table.

        Examples:
            >>> import safetylit
            >>> table = safetylit.load(safetylit.sample_path()).problems_table()
            >>> table[0]["code"], table[0]["row"]
            ('truncated-abstract', 16)
        """
        return ProblemTable(p.model_dump() for p in self.problems)

    # --- duplicates ------------------------------------------------------------------------

    def duplicates(self, *, progress: bool | None = None) -> list[DuplicateGroup]:
        """Groups of papers that are the same work (cached; see :func:`safetylit.find_duplicates`).

        The first call also checks the sheet's own ``[Duplicate]`` markers against the groups and
        adds ``duplicate-marker-unmatched`` / ``duplicate-unmarked`` warnings to this set's
        :attr:`problems` (see :meth:`problems_for`); the papers themselves are not changed, as
        other sets may share them.

        Args:
            progress: Show the time spent while a long search runs, as for
                :func:`safetylit.load` (``None``: when a person is watching).

        Examples:
            >>> import safetylit
            >>> [g.rows for g in safetylit.load(safetylit.sample_path()).duplicates()]
            [(454, 476), (468, 477)]
        """
        from safetylit.duplicates import find_duplicates, marker_problems

        groups: list[DuplicateGroup] | None = self._cache.get("duplicates")
        if groups is None:
            with _progress.stage("finding duplicates", progress):
                groups = find_duplicates(self._papers)
            self._cache["duplicates"] = groups
            # The set's own problems: its papers may be shared with other sets, so they stay as
            # they are (their flags are what the load found).
            # A set unpickled, or built from problems a search already reported, has them.
            known = {(p.code, p.row, p.line) for p in self.problems if p.code in _MARKER_CODES}
            self.problems.extend(
                p
                for p in marker_problems(self._papers, groups)
                if (p.code, p.row, p.line) not in known
            )
        return groups

    def deduplicate(self, *, keep: Keep = "first") -> PaperSet:
        """One paper per duplicate group; the kept paper records the rows it absorbed.

        Args:
            keep: ``"first"``, ``"arxiv"``, ``"most_complete"`` or a callable ``group -> Paper``.

        Examples:
            >>> import safetylit
            >>> kept = safetylit.load(safetylit.sample_path()).deduplicate(keep="arxiv")
            >>> len(kept), kept.by_row(476).absorbed_rows
            (78, (454,))
        """
        from safetylit.duplicates import deduplicate

        kept = deduplicate(self._papers, self.duplicates(), keep=keep)
        absorbed = {row for paper in kept for row in paper.absorbed_rows}
        problems = [p for p in self.problems if p.row is None or p.row not in absorbed]
        return PaperSet(
            kept, problems, self.rejected, source=self.source, decisions=self._decisions
        )

    # --- filtering and counting ----------------------------------------------------------------

    def filter(
        self,
        *,
        company: str | Sequence[str] | None = None,
        category: str | Sequence[str] | None = None,
        since: _dt.date | str | None = None,
        until: _dt.date | str | None = None,
        url_kind: UrlKind | str | Sequence[UrlKind | str] | None = None,
        has_abstract: bool | None = None,
    ) -> PaperSet:
        """The papers matching every given condition, as a new :class:`PaperSet`.

        Args:
            company: A company name or several (exact match).
            category: A category or several.
            since: Keep papers dated on or after this date (``date`` or ISO string).
            until: Keep papers dated on or before this date; undated papers are dropped by either.
            url_kind: A :class:`~safetylit.UrlKind` (or its value) or several.
            has_abstract: True keeps papers with an abstract, False those without.

        Examples:
            >>> import safetylit
            >>> papers = safetylit.load(safetylit.sample_path())
            >>> len(papers.filter(company="OpenAI", url_kind="arxiv"))
            3
        """
        companies = _as_set(company)
        categories = _as_set(category)
        kinds = None if url_kind is None else {UrlKind(k) for k in _as_list(url_kind)}
        start = _as_date(since)
        end = _as_date(until)
        kept = []
        for paper in self._papers:
            if companies is not None and paper.company not in companies:
                continue
            if categories is not None and paper.category not in categories:
                continue
            if start is not None and (paper.date is None or paper.date < start):
                continue
            if end is not None and (paper.date is None or paper.date > end):
                continue
            if kinds is not None and (paper.url_info is None or paper.url_info.kind not in kinds):
                continue
            if has_abstract is not None and (paper.abstract is not None) != has_abstract:
                continue
            kept.append(paper)
        return self._derive(kept)

    def companies(self) -> dict[str, int]:
        """Papers per company, most first.

        Examples:
            >>> import safetylit
            >>> safetylit.load(safetylit.sample_path()).companies()["OpenAI"]
            13
        """
        return dict(Counter(p.company for p in self._papers).most_common())

    def categories(self) -> dict[str, int]:
        """Papers per category (``None`` for papers without one), most first.

        Examples:
            >>> import safetylit
            >>> safetylit.load(safetylit.sample_path()).categories()["Unlearning"]
            2
        """
        return dict(Counter(p.category for p in self._papers).most_common())  # type: ignore[arg-type]

    # --- exports ---------------------------------------------------------------------------

    def to_dicts(self) -> list[dict[str, Any]]:
        """JSON-safe dicts, one per paper, with ``url_kind``, ``arxiv_id``, ``doi`` and ``flags``.

        Examples:
            >>> import safetylit
            >>> safetylit.load(safetylit.sample_path()).to_dicts()[0]["date"]
            '2024-06-17'
        """
        return [export.paper_to_dict(p) for p in self._papers]

    def to_jsonl(self, path: str | Path) -> Path:
        """Write the papers as JSON Lines; returns the path (``load()`` reads it back).

        Examples:
            >>> import safetylit, tempfile, pathlib
            >>> papers = safetylit.load(safetylit.sample_path())
            >>> out = papers.to_jsonl(pathlib.Path(tempfile.mkdtemp()) / "papers.jsonl")
            >>> list(safetylit.load(out)) == list(papers)
            True
        """
        return export.write_jsonl(self._papers, path)

    def to_csv(self, path: str | Path) -> Path:
        """Write the papers as an RFC 4180 CSV (UTF-8); returns the path (``load()`` reads it).

        Examples:
            >>> import safetylit, tempfile, pathlib
            >>> papers = safetylit.load(safetylit.sample_path())
            >>> out = papers.to_csv(pathlib.Path(tempfile.mkdtemp()) / "papers.csv")
            >>> list(safetylit.load(out)) == list(papers)
            True
        """
        return export.write_csv(self._papers, path)

    def to_bibtex(self, path: str | Path | None = None) -> str:
        """BibTeX entries (``@misc``/``@article``/``@inproceedings``), also written to ``path``.

        Examples:
            >>> import safetylit
            >>> safetylit.load(safetylit.sample_path()).to_bibtex().split(",")[0]
            '@misc{anthropic2024sycophancy'
        """
        text = export.to_bibtex(self._papers)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per paper (needs ``pip install 'safetylit[pandas]'``).

        Examples:
            >>> import safetylit
            >>> safetylit.load(safetylit.sample_path()).to_pandas().shape  # doctest: +SKIP
            (80, 12)
        """
        return export.to_pandas(self._papers)

    def to_polars(self) -> Any:
        """A polars DataFrame, one row per paper (needs ``pip install 'safetylit[polars]'``).

        Examples:
            >>> import safetylit
            >>> safetylit.load(safetylit.sample_path()).to_polars().height  # doctest: +SKIP
            80
        """
        return export.to_polars(self._papers)

    def problems_frame(self) -> Any:
        """The problems as a pandas DataFrame (needs the ``pandas`` extra).

        Examples:
            >>> import safetylit
            >>> frame = safetylit.load(safetylit.sample_path()).problems_frame()
            >>> frame["code"][0]  # doctest: +SKIP
            'truncated-abstract'
        """
        return export.problems_frame(self.problems)

    @property
    def plot(self) -> PaperSetPlots:
        """Charts of these papers with matplotlib (needs ``pip install 'safetylit[plot]'``).

        ``papers.plot.timeline(by="company", freq="quarter")``, ``.categories()``,
        ``.url_kinds()`` and ``.problems()`` each return the matplotlib ``Axes`` drawn on; see
        :class:`safetylit.plot.PaperSetPlots`.

        Examples:
            >>> import safetylit
            >>> papers = safetylit.load(safetylit.sample_path())
            >>> ax = papers.plot.timeline(by="company", freq="quarter")  # doctest: +SKIP
        """
        from safetylit.plot import PaperSetPlots

        return PaperSetPlots(self._papers, self.problems)

    def to_html_report(self, path: str | Path, *, title: str | None = None) -> Path:
        """Write a self-contained HTML data-quality report; returns the path.

        One file that opens offline in any browser: the counts, charts (inline SVG), every
        problem by code (filterable), missing abstracts, duplicate groups side by side with the
        differing words marked, and URL kinds with their links. Needs no extra.

        Args:
            path: The ``.html`` file to write.
            title: The page title (default: "Data-quality report" and the file name).

        Returns:
            ``path`` as a :class:`~pathlib.Path`.

        Examples:
            >>> import safetylit, tempfile, pathlib
            >>> papers = safetylit.load(safetylit.sample_path())
            >>> out = papers.to_html_report(pathlib.Path(tempfile.mkdtemp()) / "report.html")
            >>> out.suffix
            '.html'
        """
        from safetylit.report import write_html_report

        return write_html_report(self, path, title=title)

    # --- notebook --------------------------------------------------------------------------

    def summary_html(self, max_rows: int = 30) -> str:
        """An HTML table of the papers under a line of counts (what notebooks show).

        The markup carries its own scoped style, so it reads the same under Jupyter's and
        VS Code's output styles: text left-aligned, dates on one line, URLs as links, flags as
        badges, long abstracts folded.

        Args:
            max_rows: How many papers to list (the counts always cover all of them).

        Returns:
            One ``<div class="safetylit">`` element, style included.

        Examples:
            >>> import safetylit
            >>> "80</b> papers" in safetylit.load(safetylit.sample_path()).summary_html()
            True
        """
        from safetylit._display import paperset_html

        return paperset_html(self, max_rows)

    def _repr_html_(self) -> str:
        return self.summary_html()

    def _derive(self, papers: Sequence[Paper]) -> PaperSet:
        """A set of some of these papers, keeping the problems of their rows."""
        rows = {p.row for p in papers}
        problems = [p for p in self.problems if p.row is None or p.row in rows]
        return PaperSet(papers, problems, (), source=self.source, decisions=self._decisions)


def _as_list(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value)


def _as_set(value: str | Sequence[str] | None) -> set[str] | None:
    return None if value is None else set(_as_list(value))


def _as_date(value: _dt.date | str | None) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(value)
