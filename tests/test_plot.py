"""``papers.plot``: each chart renders to a PNG that is not blank."""

from __future__ import annotations

import io
import sys

import pytest

import safetylit
from safetylit._optional import MissingExtraError

SAMPLE = safetylit.load(safetylit.sample_path())


@pytest.fixture(scope="module")
def plt():  # type: ignore[no-untyped-def]
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    yield pyplot
    pyplot.close("all")


def _png_ink(ax) -> float:  # type: ignore[no-untyped-def]
    """The share of pixels that are not background."""
    import matplotlib.image as mpimg

    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=60)
    buffer.seek(0)
    pixels = mpimg.imread(buffer)[..., :3]
    return float((pixels.min(axis=2) < 0.9).mean())


@pytest.mark.parametrize(
    ("name", "bars"),
    [
        pytest.param("categories", 9, id="categories"),
        pytest.param("url_kinds", 4, id="url_kinds"),
        pytest.param("problems", 5, id="problems"),
    ],
)
def test_bar_charts(plt, name: str, bars: int) -> None:  # type: ignore[no-untyped-def]
    ax = getattr(SAMPLE.plot, name)()
    assert len(ax.patches) == bars
    assert ax.get_xlabel()
    assert ax.get_title()
    assert _png_ink(ax) > 0.02
    plt.close(ax.figure)


def test_timeline(plt) -> None:  # type: ignore[no-untyped-def]
    ax = SAMPLE.plot.timeline(by="company", freq="quarter")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Google DeepMind", "Anthropic", "OpenAI"]
    assert ax.get_xlabel() == "quarter"
    assert ax.get_ylabel() == "papers"
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == len(SAMPLE)  # every paper is dated in the sample
    assert _png_ink(ax) > 0.02
    _fig, mine = plt.subplots()
    assert SAMPLE.plot.timeline(by=None, freq="year", ax=mine) is mine
    assert mine.get_legend() is None
    plt.close("all")


def test_many_periods_keep_labels_apart(plt) -> None:  # type: ignore[no-untyped-def]
    papers = [
        safetylit.Paper(company="Lab", title=f"T{i}", date=f"{2000 + i // 12}-{1 + i % 12:02d}-01")
        for i in range(240)
    ]
    ax = safetylit.PaperSet(papers).plot.timeline(freq="month")
    assert len(ax.get_xticks()) <= 12
    plt.close(ax.figure)


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"safetylit\[plot\]"):
        SAMPLE.plot.categories()
