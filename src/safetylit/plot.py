"""Charts of a :class:`~safetylit.PaperSet` with matplotlib: ``papers.plot.timeline()`` and co.

Needs the ``plot`` extra (``pip install 'safetylit[plot]'``); matplotlib is imported only when a
chart is drawn. Each method returns the matplotlib ``Axes`` it drew on (``ax.figure`` is the
figure), so the chart can be restyled, saved or combined like any other; pass ``ax=`` to draw
into an existing one. The counts are the ones the HTML report's charts show.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from safetylit import _charts
from safetylit._models import Paper, Problem
from safetylit._optional import require

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["PaperSetPlots"]


class PaperSetPlots:
    """The charts of a set of papers; reached as :attr:`~safetylit.PaperSet.plot`.

    Args:
        papers: The papers to chart.
        problems: Their problems (for :meth:`problems`).

    Examples:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> ax = papers.plot.categories()  # doctest: +SKIP
        >>> ax.figure.savefig("categories.png")  # doctest: +SKIP
    """

    def __init__(self, papers: Sequence[Paper], problems: Sequence[Problem] = ()) -> None:
        self._papers = papers
        self._problems = problems

    def timeline(
        self,
        by: str | None = "company",
        freq: str = "quarter",
        *,
        top: int = 6,
        ax: Axes | None = None,
    ) -> Axes:
        """Papers per period as stacked bars, one colour per company (or category).

        Args:
            by: ``"company"``, ``"category"`` or ``None`` (one series of all papers).
            freq: ``"year"``, ``"quarter"`` or ``"month"``.
            top: How many groups get their own colour; the rest are pooled as "N others".
            ax: Draw into this ``Axes`` instead of a new figure.

        Returns:
            The matplotlib ``Axes``. Undated papers are left out (the title says how many).

        Raises:
            MissingExtraError: matplotlib is not installed.
            ValueError: ``by`` or ``freq`` is not one of the values above.

        Examples:
            >>> import safetylit
            >>> papers = safetylit.load(safetylit.sample_path())
            >>> papers.plot.timeline(by="company", freq="year").get_xlabel()  # doctest: +SKIP
            'year'
        """
        _charts.check_options(by, freq)
        data = _charts.timeline(self._papers, by=by, freq=freq, top=top)
        ax = _axes(ax, (9, 4))
        x = list(range(len(data.periods)))
        bottom = [0] * len(x)
        names = list(data.series)
        for name, colour in zip(names, _charts.series_colours(names), strict=True):
            counts = data.series[name]
            ax.bar(x, counts, bottom=bottom, color=colour, label=name, width=0.8)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        title = f"Papers per {freq}" + ("" if by is None else f" by {by}")
        if data.undated:
            title += f" ({data.undated:,} undated not shown)"
        ax.set_title(title)
        ax.set_xlabel(freq)
        ax.set_ylabel("papers")
        if x:
            # As many labels as fit side by side in the plot (less the room the legend will
            # take from it), so they never overlap.
            label_pt = 7 * max(len(p) for p in data.periods) + 14
            figure: Any = ax.figure
            width_pt = ax.bbox.width * 72 / figure.dpi * (0.85 if by is not None else 1.0)
            fits = max(2, int(width_pt / label_pt))
            stride = max(1, -(-len(x) // fits))
            ax.set_xticks(x[::stride], data.periods[::stride])
        _counts_axis(ax.yaxis)
        if by is not None and names:
            # Beside the plot, never over the bars.
            ax.legend(title=by, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        _tidy(ax, grid_axis="y")
        return ax

    def categories(self, *, top: int = 15, ax: Axes | None = None) -> Axes:
        """Papers per category as horizontal bars, largest on top.

        Args:
            top: How many categories to show (the title counts the rest).
            ax: Draw into this ``Axes`` instead of a new figure.

        Returns:
            The matplotlib ``Axes``.

        Raises:
            MissingExtraError: matplotlib is not installed.

        Examples:
            >>> import safetylit
            >>> ax = safetylit.load(safetylit.sample_path()).plot.categories()  # doctest: +SKIP
        """
        return _bars(_charts.categories(self._papers, top=top), ax)

    def url_kinds(self, *, ax: Axes | None = None) -> Axes:
        """Papers per URL kind (``missing`` for papers without a URL) as horizontal bars.

        Args:
            ax: Draw into this ``Axes`` instead of a new figure.

        Returns:
            The matplotlib ``Axes``; unclassified kinds (``other``, ``invalid``) are grey.

        Raises:
            MissingExtraError: matplotlib is not installed.

        Examples:
            >>> import safetylit
            >>> ax = safetylit.load(safetylit.sample_path()).plot.url_kinds()  # doctest: +SKIP
        """
        return _bars(_charts.url_kinds(self._papers), ax)

    def problems(self, *, ax: Axes | None = None) -> Axes:
        """Problems per code as horizontal bars, coloured (and labelled) by severity.

        Args:
            ax: Draw into this ``Axes`` instead of a new figure.

        Returns:
            The matplotlib ``Axes``.

        Raises:
            MissingExtraError: matplotlib is not installed.

        Examples:
            >>> import safetylit
            >>> ax = safetylit.load(safetylit.sample_path()).plot.problems()  # doctest: +SKIP
        """
        bars = _charts.problems(self._problems)
        ax = _bars(bars, ax)
        patches = require("matplotlib.patches", "plot")
        seen = _charts.severities(self._problems)
        handles = [
            patches.Patch(color=colour, label=severity)
            for severity, colour in _charts.SEVERITY_COLOURS.items()
            if severity in seen.values()
        ]
        if handles:
            ax.legend(
                handles=handles,
                title="severity",
                frameon=False,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
            )
        return ax


def _axes(ax: Axes | None, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    plt = require("matplotlib.pyplot", "plot")
    _figure, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _bars(bars: _charts.Bars, ax: Axes | None) -> Axes:
    ax = _axes(ax, (7, max(2.2, 0.9 + 0.32 * len(bars.labels))))
    y = list(range(len(bars.labels)))
    drawn = ax.barh(y, bars.counts, color=bars.colours, height=0.7)
    ax.set_yticks(y, bars.labels)
    ax.invert_yaxis()  # largest first, at the top
    ax.bar_label(drawn, labels=[f"{c:,}" for c in bars.counts], padding=3, fontsize=9)
    ax.set_title(bars.title + (f" ({bars.note})" if bars.note else ""))
    ax.set_xlabel(bars.xlabel)
    ax.margins(x=0.12)
    _counts_axis(ax.xaxis)
    _tidy(ax, grid_axis="x")
    return ax


def _counts_axis(axis: Any) -> None:
    ticker = require("matplotlib.ticker", "plot")
    # Few ticks: counts like "10,500" are wide, and the bars carry exact values anyway.
    axis.set_major_locator(ticker.MaxNLocator(nbins=5, integer=True))
    axis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))


def _tidy(ax: Any, grid_axis: str) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis=grid_axis, color="#e3e3e3", linewidth=0.8)
    ax.set_axisbelow(True)
