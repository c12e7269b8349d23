"""Known companies and categories: shipped defaults, what a file teaches, what the caller adds.

The parser needs them to cut cells that were pasted together with no separator
(``"Google DeepMindOn scalable oversight"``), so they are data, never hard-coded in the parser.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = ["Vocabulary", "default_categories", "default_companies"]


@lru_cache(maxsize=1)
def _defaults() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = resources.files("safetylit").joinpath("data/vocabulary.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return tuple(data["companies"]), tuple(data["categories"])


def default_companies() -> tuple[str, ...]:
    """The company names safetylit knows out of the box.

    Examples:
        >>> "Anthropic" in default_companies()
        True
    """
    return _defaults()[0]


def default_categories() -> tuple[str, ...]:
    """The safety categories safetylit knows out of the box.

    Examples:
        >>> "Robustness" in default_categories()
        True
    """
    return _defaults()[1]


@dataclass
class Vocabulary:
    """A set of names matched as prefixes of pasted-together cells, longest name first.

    Each load builds its own instance, so what one file teaches never leaks into another.

    Examples:
        >>> v = Vocabulary(["Google", "Google DeepMind"])
        >>> v.match_prefix("Google DeepMindOn scalable oversight")
        'Google DeepMind'
    """

    names: Iterable[str] = ()
    _known: set[str] = field(init=False, default_factory=set)
    # Names by first character, longest first: a lookup tries only the few that could match.
    _by_first: dict[str, list[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        names, self.names = self.names, ()
        for name in names:
            self.add(name)

    def add(self, name: str) -> bool:
        """Learn ``name``; returns True when it was new."""
        name = name.strip()
        if not name or name in self._known:
            return False
        self._known.add(name)
        bucket = self._by_first.setdefault(name[0], [])
        bucket.append(name)
        bucket.sort(key=len, reverse=True)
        return True

    def frozen(self) -> frozenset[str]:
        """Every name known now, as a set."""
        return frozenset(self._known)

    def __contains__(self, name: object) -> bool:
        return name in self._known

    def __len__(self) -> int:
        return len(self._known)

    def match_prefix(self, text: str, *, lowercase_ok: bool = False) -> str | None:
        """The longest known name that ``text`` starts with and that ends at a cell boundary.

        Args:
            text: Text that may start with a name pasted onto the next cell.
            lowercase_ok: Accept a name followed by a lowercase letter (the next cell may start
                in lowercase); by default that reads as one longer word, as in "Policymaking".
        """
        bucket = self._by_first.get(text[:1])
        if bucket is None:
            return None
        for name in bucket:
            if text.startswith(name) and _ends_cell(text, len(name), lowercase_ok):
                return name
        return None


def _ends_cell(text: str, end: int, lowercase_ok: bool = False) -> bool:
    """Whether a name may end at ``end``: the next cell never continues the word or the phrase."""
    if end >= len(text):
        return True
    nxt = text[end]
    if nxt.islower():
        return lowercase_ok
    # "Robustness of ..." with a space is still a phrase; a pasted cell follows with no space.
    return not (nxt == " " and end + 1 < len(text) and text[end + 1].islower())
