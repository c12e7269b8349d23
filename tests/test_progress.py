"""Progress bars: off under pytest by default, on when asked, named extra when tqdm is missing."""

from __future__ import annotations

import sys

import pytest

import safetylit
from safetylit import _progress
from safetylit._optional import MissingExtraError


def test_off_by_default_in_tests() -> None:
    assert _progress.wanted(None) is False
    assert _progress.wanted(False) is False


@pytest.fixture
def eager(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")
    monkeypatch.setattr(_progress, "_DELAY", 0)


@pytest.mark.usefixtures("eager")
def test_load_iter_and_duplicates_show_bars(capsys: pytest.CaptureFixture[str]) -> None:
    papers = safetylit.load(safetylit.sample_path(), progress=True)
    shown = capsys.readouterr().err
    assert "reading rows" in shown
    assert len(list(safetylit.iter_papers(safetylit.sample_path(), progress=True))) == 80
    assert "reading rows" in capsys.readouterr().err
    papers.duplicates(progress=True)
    assert "finding duplicates" in capsys.readouterr().err
    assert list(papers) == list(safetylit.load(safetylit.sample_path(), progress=False))
    assert capsys.readouterr().err == ""


def test_missing_tqdm_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    with pytest.raises(MissingExtraError, match=r"safetylit\[progress\]"):
        safetylit.load(safetylit.sample_path(), progress=True)
