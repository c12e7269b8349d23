"""The :class:`PaperSet` container that :func:`safetylit.load` returns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from safetylit.models import Paper, Problem, RejectedRow

__all__ = ["PaperSet"]


class PaperSet(Sequence[Paper]):
    """The papers of one export in row order, with every problem noticed and every rejected row.

    It behaves like a read-only list of :class:`Paper` (indexing, slicing, ``len``, iteration).

    Attributes:
        problems: Everything noticed, errors and warnings, each with its row.
        rejected: Rows that could not become a :class:`Paper`, with their raw text.
        source: Where the papers came from (a file name or ``"<string>"``).

    Example:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> len(papers), papers.by_row(2).company
        (80, 'Anthropic')
    """

    __slots__ = ("_by_row", "_cache", "_papers", "problems", "rejected", "source")

    def __init__(
        self,
        papers: Sequence[Paper] = (),
        problems: Sequence[Problem] = (),
        rejected: Sequence[RejectedRow] = (),
        *,
        source: str = "<string>",
    ) -> None:
        self._papers: tuple[Paper, ...] = tuple(papers)
        self.problems: list[Problem] = list(problems)
        self.rejected: list[RejectedRow] = list(rejected)
        self.source = source
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
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["papers"], state["problems"], state["rejected"], source=state["source"]
        )

    def by_row(self, row: int) -> Paper:
        """The paper that came from the export's row ``row``.

        Raises:
            KeyError: when no paper has that row number (empty, rejected or absent row).

        Example:
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

        Example:
            >>> PaperSet().errors()
            []
        """
        return [p for p in self.problems if p.severity == "error"]

    def warnings(self) -> list[Problem]:
        """The warning-severity problems.

        Example:
            >>> PaperSet().warnings()
            []
        """
        return [p for p in self.problems if p.severity == "warning"]

    def problems_for(self, row: int) -> list[Problem]:
        """Every problem reported for export row ``row``.

        Example:
            >>> PaperSet().problems_for(3)
            []
        """
        return [p for p in self.problems if p.row == row]

    def missing_abstracts(self) -> list[Paper]:
        """Papers whose abstract is empty or a placeholder.

        Example:
            >>> import safetylit
            >>> [p.row for p in safetylit.load(safetylit.sample_path()).missing_abstracts()]
            [217]
        """
        return [p for p in self._papers if p.abstract is None]

    def problems_table(self) -> list[dict[str, Any]]:
        """The problems as plain rows (dicts) a notebook can show, filter or hand to pandas.

        Example:
            >>> import safetylit
            >>> table = safetylit.load(safetylit.sample_path()).problems_table()
            >>> table[0]["code"], table[0]["row"]
            ('truncated-abstract', 16)
        """
        return [p.model_dump() for p in self.problems]

    def _derive(self, papers: Sequence[Paper]) -> PaperSet:
        """A set of some of these papers, keeping the problems of their rows."""
        rows = {p.row for p in papers}
        problems = [p for p in self.problems if p.row is None or p.row in rows]
        return PaperSet(papers, problems, (), source=self.source)
