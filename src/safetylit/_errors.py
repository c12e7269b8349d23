"""Exceptions and warnings raised by safetylit.

Every exception derives from :class:`SafetylitError`; every warning from :class:`SafetylitWarning`,
so callers can catch or filter the whole library with one name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safetylit._models import Problem

__all__ = [
    "ExportParseError",
    "SafetylitError",
    "SafetylitWarning",
]


class SafetylitError(Exception):
    """Base class of every exception safetylit raises on purpose.

    Examples:
        >>> try:
        ...     raise SafetylitError("boom")
        ... except SafetylitError as exc:
        ...     str(exc)
        'boom'
    """


class ExportParseError(SafetylitError, ValueError):
    """An export could not be read, or (with ``errors="raise"``) had error-severity problems.

    Args:
        message: A sentence naming the file and what went wrong.
        problems: Every error-severity :class:`~safetylit.Problem` found in the whole pass.
        source: The file name or ``"<string>"``.

    Examples:
        >>> err = ExportParseError("export.txt: not a text export", source="export.txt")
        >>> err.problems, err.source
        ([], 'export.txt')
    """

    def __init__(
        self,
        message: str,
        problems: Sequence[Problem] = (),
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems)
        self.source = source

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword state would be lost by the default Exception pickling, which replays only args.
        return (type(self), (str(self), self.problems, self.source))


class SafetylitWarning(UserWarning):
    """Base class of the warnings safetylit emits (filter them with ``warnings.filterwarnings``).

    Examples:
        >>> import warnings
        >>> warnings.simplefilter("ignore", SafetylitWarning)
    """
