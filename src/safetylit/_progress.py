"""Progress bars for long work, drawn by tqdm (the ``progress`` extra) when it is wanted.

Private. ``progress=None`` (the default everywhere) means: show a bar when a person is
watching, i.e. stderr is a terminal or the code runs in a Jupyter kernel, and never under
pytest or without tqdm. ``True`` insists (and names the extra when tqdm is missing); ``False``
never shows one. Bars appear only once the work has taken half a second, so quick loads stay
silent.

:func:`scope` lets :func:`safetylit.load` switch bars on for the code it calls without passing
the flag through every layer; :func:`track` is the one-line hook those layers use.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator, Sized
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from safetylit._optional import require

T = TypeVar("T")

_DELAY = 0.5  # seconds of work before a bar appears
_ACTIVE: ContextVar[bool] = ContextVar("safetylit_progress", default=False)


def _watched() -> bool:
    if "PYTEST_CURRENT_TEST" in os.environ:
        return False
    if "ipykernel" in sys.modules:
        return True
    stream = sys.stderr
    return stream is not None and hasattr(stream, "isatty") and stream.isatty()


def wanted(progress: bool | None) -> bool:
    """Whether to draw bars for a call made with ``progress=``.

    Raises:
        MissingExtraError: ``progress=True`` and tqdm is not installed.
    """
    if progress is None:
        import importlib.util  # here, not at import time: `import safetylit` stays as fast

        return _watched() and importlib.util.find_spec("tqdm") is not None
    if progress:
        require("tqdm", "progress")
    return bool(progress)


@contextmanager
def scope(progress: bool | None) -> Iterator[None]:
    """Bars on (or off) for the :func:`track` calls made inside the block."""
    token = _ACTIVE.set(wanted(progress))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _bar(desc: str, total: int | None, unit: str) -> Any:
    auto = require("tqdm.auto", "progress")
    return auto.tqdm(
        total=total, desc=desc, unit=unit, delay=_DELAY, leave=False, dynamic_ncols=True
    )


def track(
    items: Iterable[T], desc: str, *, total: int | None = None, unit: str = "rows"
) -> Iterable[T]:
    """``items`` unchanged, counted on a bar when the enclosing :func:`scope` wants bars."""
    if not _ACTIVE.get():
        return items
    if total is None and isinstance(items, Sized):
        total = len(items)
    return _counted(items, desc, total, unit)


def counted(
    items: Iterable[T], desc: str, progress: bool | None, unit: str = "rows"
) -> Iterator[T]:
    """``items`` counted on a bar if ``progress`` wants one (for generators, which a
    :func:`scope` cannot reach)."""
    if wanted(progress):
        yield from _counted(items, desc, None, unit)
    else:
        yield from items


def _counted(items: Iterable[T], desc: str, total: int | None, unit: str) -> Iterator[T]:
    with _bar(desc, total, unit) as bar:
        # Updating in batches keeps the bar's cost out of the per-row loop.
        pending = 0
        for item in items:
            yield item
            pending += 1
            if pending == 256:
                bar.update(pending)
                pending = 0
        bar.update(pending)


def stage(desc: str, progress: bool | None) -> AbstractContextManager[None]:
    """A bar that shows the time spent on one step whose size is unknown in advance."""
    return _timer(desc, wanted(progress))


def step(desc: str) -> AbstractContextManager[None]:
    """:func:`stage` for code inside a :func:`scope`, which decides whether bars are wanted."""
    return _timer(desc, _ACTIVE.get())


@contextmanager
def _timer(desc: str, enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    done = threading.Event()
    shown = threading.Event()
    with _bar(desc, None, "s") as bar:
        bar.bar_format = "{desc}: {elapsed}"

        def tick() -> None:
            while not done.wait(_DELAY or 0.5):
                bar.refresh()
                shown.set()

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            done.set()
            ticker.join()
            if shown.is_set():
                # tqdm erases only what its own updates drew; these refreshes it does not count.
                bar.clear()
