"""Small hand-written SVG charts for the HTML report (no plotting library needed).

Private. The charts are plain ``<svg>`` markup: text stays text (searchable, selectable, sharp
at any zoom), colours come from :mod:`safetylit._charts`, and every bar carries a ``<title>``
tooltip and ``data-`` attributes that the browser tests count.
"""

from __future__ import annotations

import math
from html import escape

from safetylit._charts import Bars, Timeline, series_colours

_FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif'"
_CHAR = 6.6  # average glyph width at 12px, for sizing label columns without a font engine


def nice_ticks(top: int, count: int = 5) -> list[int]:
    """Round tick values from 0 to at least ``top`` (about ``count`` of them)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step = max(1, math.ceil(step))
    last = math.ceil(top / step) * step
    return list(range(0, last + 1, step))


def _short(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def bar_chart(bars: Bars, *, width: int = 520) -> str:
    """A horizontal bar chart, one bar per label, largest first, values at the bar ends."""
    if not bars.labels:
        return _empty(bars.title, width)
    label_chars = min(32, max(len(label) for label in bars.labels))
    left = int(label_chars * _CHAR) + 14
    value_room = int(len(f"{max(bars.counts):,}") * _CHAR) + 10
    row = 22
    top_pad, bottom_pad = 8, 34
    height = top_pad + row * len(bars.labels) + bottom_pad
    plot_w = width - left - value_room - 8
    ticks = nice_ticks(max(bars.counts))
    scale = plot_w / ticks[-1]
    out = [
        f"<svg class='sl-chart sl-bars' xmlns='http://www.w3.org/2000/svg' role='img' "
        f"viewBox='0 0 {width} {height}' width='{width}' height='{height}' {_FONT} "
        f"font-size='12' aria-label='{escape(bars.title)}'>",
        f"<title>{escape(bars.title)}</title>",
    ]
    axis_y = top_pad + row * len(bars.labels)
    for tick in ticks:
        x = left + tick * scale
        out.append(
            f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top_pad}' y2='{axis_y}' stroke='#e3e3e3'/>"
            f"<text x='{x:.1f}' y='{axis_y + 14}' text-anchor='middle' fill='#555'>{tick:,}</text>"
        )
    for i, (label, count, colour) in enumerate(
        zip(bars.labels, bars.counts, bars.colours, strict=True)
    ):
        y = top_pad + i * row
        w = max(count * scale, 1.0 if count else 0.0)
        text = escape(_short(label, 32))
        out.append(
            f"<g class='sl-bar-row'><text x='{left - 6}' y='{y + 15}' text-anchor='end' "
            f"fill='#222'>{text}</text>"
            f"<rect class='sl-bar' data-label='{escape(label)}' data-count='{count}' x='{left}' "
            f"y='{y + 3}' width='{w:.1f}' height='{row - 6}' fill='{colour}' rx='2'>"
            f"<title>{escape(label)}: {count:,}</title></rect>"
            f"<text x='{left + w + 4:.1f}' y='{y + 15}' fill='#222'>{count:,}</text></g>"
        )
    out.append(
        f"<text x='{left + plot_w / 2:.1f}' y='{height - 4}' text-anchor='middle' "
        f"fill='#555'>{escape(bars.xlabel)}</text></svg>"
    )
    return "".join(out)


def timeline_chart(data: Timeline, *, width: int = 760, height: int = 300) -> str:
    """Stacked columns, one per period, one colour per series, with a legend on top."""
    title = "Papers per " + data.freq + ("" if data.by is None else f" by {data.by}")
    if not data.periods:
        return _empty(title, width)
    names = list(data.series)
    colours = series_colours(names)
    totals = [sum(col) for col in zip(*data.series.values(), strict=True)]
    ticks = nice_ticks(max(totals))
    # The legend wraps onto as many lines as it needs.
    legend: list[tuple[float, int, str, str]] = []
    x, line = 0.0, 0
    for name, colour in zip(names, colours, strict=True):
        item_w = 16 + len(name) * _CHAR + 18
        if x + item_w > width - 60 and x > 0:
            x, line = 0.0, line + 1
        legend.append((x, line, name, colour))
        x += item_w
    left = 30 + int(len(f"{ticks[-1]:,}") * _CHAR)  # room for the longest tick and the label
    right, top, bottom = 12, 12 + 18 * (line + 1), 46
    plot_w, plot_h = width - left - right, height - top - bottom
    scale = plot_h / ticks[-1]
    step = plot_w / len(data.periods)
    bar_w = max(1.0, step * 0.78)
    out = [
        f"<svg class='sl-chart sl-timeline' xmlns='http://www.w3.org/2000/svg' role='img' "
        f"viewBox='0 0 {width} {height}' width='{width}' height='{height}' {_FONT} "
        f"font-size='12' aria-label='{escape(title)}'>",
        f"<title>{escape(title)}</title>",
    ]
    for lx, ln, name, colour in legend:
        lx += left
        ly = 4 + 18 * ln
        out.append(
            f"<g class='sl-legend-item'><rect x='{lx:.1f}' y='{ly}' width='12' height='12' "
            f"fill='{colour}' rx='2'/><text x='{lx + 16:.1f}' y='{ly + 10}' fill='#222'>"
            f"{escape(name)}</text></g>"
        )
    base = top + plot_h
    for tick in ticks:
        y = base - tick * scale
        out.append(
            f"<line x1='{left}' x2='{left + plot_w}' y1='{y:.1f}' y2='{y:.1f}' stroke='#e3e3e3'/>"
            f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' fill='#555'>{tick:,}</text>"
        )
    heights = [0.0] * len(data.periods)
    for name, colour in zip(names, colours, strict=True):
        out.append(f"<g class='sl-series' data-series='{escape(name)}' fill='{colour}'>")
        for i, count in enumerate(data.series[name]):
            if not count:
                continue
            h = count * scale
            heights[i] += h
            x0 = left + i * step + (step - bar_w) / 2
            out.append(
                f"<rect class='sl-seg' x='{x0:.1f}' y='{base - heights[i]:.2f}' "
                f"width='{bar_w:.1f}' height='{h:.2f}'><title>{escape(data.periods[i])} · "
                f"{escape(name)}: {count:,}</title></rect>"
            )
        out.append("</g>")
    # At most about a dozen period labels, so they never overlap.
    stride = max(1, math.ceil(len(data.periods) * 60 / plot_w))
    for i in range(0, len(data.periods), stride):
        x = left + i * step + step / 2
        out.append(
            f"<text class='sl-period' x='{x:.1f}' y='{base + 16}' text-anchor='middle' "
            f"fill='#555'>{escape(data.periods[i])}</text>"
        )
    out.append(
        f"<line x1='{left}' x2='{left + plot_w}' y1='{base}' y2='{base}' stroke='#888'/>"
        f"<text x='{left + plot_w / 2:.1f}' y='{height - 6}' text-anchor='middle' fill='#555'>"
        f"{escape(data.freq)}</text>"
        f"<text transform='translate(13 {top + plot_h / 2:.1f}) rotate(-90)' text-anchor='middle'"
        f" fill='#555'>papers</text></svg>"
    )
    return "".join(out)


def _empty(title: str, width: int) -> str:
    return (
        f"<svg class='sl-chart sl-empty' xmlns='http://www.w3.org/2000/svg' role='img' "
        f"viewBox='0 0 {width} 40' width='{width}' height='40' {_FONT} font-size='12'>"
        f"<title>{escape(title)}</title><text x='8' y='24' fill='#555'>Nothing to chart.</text>"
        "</svg>"
    )
