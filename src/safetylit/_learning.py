"""What a file teaches the parser: the company and category names its rows show.

A row whose company stands alone on its line, or whose category is a known one, names it for
every other row; a company prefix that several rows were cut at by guesswork is taken as a
name too. Rows cut before the file had taught what they needed are read again at the end.
:func:`safetylit.load` and :func:`safetylit.iter_papers` both learn through :class:`Learner`,
so they cut every row alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from safetylit._parser import RowResult
from safetylit._vocabulary import Vocabulary

__all__ = ["Learner", "Lesson"]


@dataclass(slots=True)
class Lesson:
    """The names one row taught, in the order the vocabularies learned them."""

    index: int
    companies: list[str]
    categories: list[str]


@dataclass
class Learner:
    """Learns names row by row and says, at the end, which rows to read again.

    Attributes:
        companies: The company vocabulary, grown as rows teach it.
        categories: The category vocabulary, likewise.
        lessons: Every row that taught a new name, in row order: enough to replay the
            vocabularies as they stood at any row (see :meth:`replay`).
    """

    companies: Vocabulary
    categories: Vocabulary
    lessons: list[Lesson] = field(default_factory=list)
    _counts: Counter[str] = field(default_factory=Counter)
    _guessed: list[int] = field(default_factory=list)
    _uncut: list[tuple[int, str]] = field(default_factory=list)
    _learned: bool = False

    def take(self, index: int, result: RowResult) -> bool:
        """Learn from the ``index``-th row's first cut; True when it may be read again."""
        if result.learned_companies or result.learned_categories or result.company_candidates:
            companies = [name for name in result.learned_companies if self.companies.add(name)]
            categories = [name for name in result.learned_categories if self.categories.add(name)]
            if companies or categories:
                self.lessons.append(Lesson(index, companies, categories))
                self._learned = True
            self._counts.update(result.company_candidates)
        # Rows cut by guesswork, and rows no rule could cut, may read better once the whole
        # file has taught its names.
        if result.company_candidates or result.category_guessed or result.reject is not None:
            self._guessed.append(index)
            return True
        if result.uncut_head is not None:
            self._uncut.append((index, result.uncut_head))
            return True
        return False

    def finish(self) -> list[int]:
        """Learn what only the whole file shows; the rows to read again, in order."""
        learned = self._learned
        # A company no case change marks ("Leverhulme CFIAI ...") may be one that another row
        # offered as a candidate.
        if self._uncut:
            offered = Vocabulary(self._counts)
            for index, head in self._uncut:
                name = offered.match_prefix(head)
                if name is not None:
                    learned |= self.companies.add(name)
                    self._guessed.append(index)
            self._guessed.sort()
        learned |= self._take_shared_candidates()
        return self._guessed if learned else []

    def _take_shared_candidates(self) -> bool:
        """A guessed company prefix that two or more rows share is taken as a company name,
        unless a shorter shared prefix of it is found in more rows: then the longer one is that
        company followed by titles that start alike ("ClearSignal" + "Cyber..." in two rows)."""
        shared = {name: count for name, count in self._counts.items() if count >= 2}
        added = False
        for name, count in shared.items():
            if not any(shared.get(name[:end], 0) > count for end in range(1, len(name))):
                added |= self.companies.add(name)
        return added

    def replay(self, companies: Vocabulary, categories: Vocabulary) -> Replay:
        """Grow fresh vocabularies as this learner's grew, row by row (see :class:`Replay`)."""
        return Replay(companies, categories, iter(self.lessons))


@dataclass
class Replay:
    """Vocabularies that stand, at each row, as a :class:`Learner`'s stood when it read it."""

    companies: Vocabulary
    categories: Vocabulary
    _lessons: Iterator[Lesson]  # consumed in row order
    _next: Lesson | None = None

    def __post_init__(self) -> None:
        self._next = next(self._lessons, None)

    def after(self, index: int) -> None:
        """Learn what the ``index``-th row taught (call once per row, in order)."""
        while self._next is not None and self._next.index <= index:
            for name in self._next.companies:
                self.companies.add(name)
            for name in self._next.categories:
                self.categories.add(name)
            self._next = next(self._lessons, None)
