"""iter_papers: the same papers and problems as load, one row at a time."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import safetylit
from safetylit import Paper, Problem, RejectedRow
from safetylit._reader import iter_rows, split_rows
from safetylit._render import render_export, render_row

SAMPLE = safetylit.load(safetylit.sample_path())


def test_sample_streams_like_load() -> None:
    found: list[Problem] = []
    items = list(safetylit.iter_papers(safetylit.sample_path(), on_problem=found.append))
    assert items == list(SAMPLE)
    assert found == SAMPLE.problems
    assert items[-1].flags == SAMPLE[-1].flags


def test_rejected_rows_and_learning_from_later_rows(tmp_path: Path) -> None:
    text = render_export(
        [
            (
                2,
                [
                    "Acme LabsBetter Gadgets4-Mar-24https://acme.example/gWidget safetyWe study gadgets."
                ],
            ),
            (3, ["just words"]),
            (
                4,
                [
                    "Acme Labs",
                    "Safer Widgets",
                    "3-Mar-24",
                    "https://acme.example/w",
                    "Widget safety",
                    "We study widgets.",
                ],
            ),
        ]
    )
    path = tmp_path / "export.txt"
    path.write_text(text, "utf-8")
    found: list[Problem] = []
    items = list(safetylit.iter_papers(path, on_problem=found.append))
    loaded = safetylit.load(path)
    assert [type(i) for i in items] == [Paper, RejectedRow, Paper]
    assert items[0] == loaded[0]
    assert items[0].company == "Acme Labs"
    assert found == loaded.problems
    streamed = list(safetylit.iter_papers(io.StringIO(text)))
    assert [getattr(i, "row", None) for i in streamed] == [2, 3, 4]


def test_batches_split_like_the_whole_text() -> None:
    text = safetylit.sample_path().read_text("utf-8")
    whole, whole_problems, _ = split_rows(text)
    batched = []
    problems = []
    for rows, found in iter_rows(text.split("\n"), batch=40):
        batched += rows
        problems += found
    assert [(r.row, r.first_line, r.lines) for r in batched] == [
        (r.row, r.first_line, r.lines) for r in whole
    ]
    assert problems == whole_problems


def test_memory_stays_flat(tmp_path: Path) -> None:
    paper = SAMPLE.by_row(5)
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    for path, n in ((small, 500), (large, 5000)):
        rows = [
            (
                i + 2,
                render_row(
                    paper.model_copy(update={"url": f"https://x.example/p{i}"}), "head-url-tail"
                ),
            )
            for i in range(n)
        ]
        path.write_text(render_export(rows), "utf-8")
    peaks = []
    for path in (small, large):
        tracemalloc.start()
        count = sum(1 for _ in safetylit.iter_papers(path, checks=[]))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert count in (500, 5000)
    # Ten times the rows must not cost anywhere near ten times the memory.
    assert peaks[1] < 2 * peaks[0]  # bounded caches fill; then memory is flat


def test_empty_stream_warns() -> None:
    found: list[Problem] = []
    assert list(safetylit.iter_papers(io.StringIO(""), on_problem=found.append)) == []
    assert [p.code for p in found] == ["empty-export"]


def test_a_sheet_from_an_open_stream_is_read_as_a_sheet() -> None:
    import datetime as dt
    import io

    text = "Company,Title,Date,Notes\nA,First,17-Jun-24,x\n,,,\nB,Second,6/17/2024,\n"
    items = list(safetylit.iter_papers(io.StringIO(text)))
    assert [(p.row, p.title, p.date) for p in items] == [
        (2, "First", dt.date(2024, 6, 17)),
        (4, "Second", dt.date(2024, 6, 17)),
    ]
    assert items[0].extra == {"Notes": "x"}
    assert [p.title for p in safetylit.iter_papers(io.StringIO("[]"))] == []


def test_only_the_last_row_of_a_cut_off_file_counts_as_cut_off() -> None:
    # The line stream can end while iter_rows hands over a batch cut before the final lines;
    # that batch's last row must not be taken for the file's cut-off end.
    import sys

    from safetylit import _streaming

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import messy

    lines = messy.build(500, seed=1)[0]
    # 1024 lines fill the first batch exactly as the stream ends (the batch size of iter_rows).
    for n in (1023, 1024, 1025):
        found = [(row, cut) for row, cut, _ in _streaming._rows(iter(lines[:n])) if row]
        assert [row for row, cut in found if cut] in ([], [found[-1][0]]), n
        assert len(found) > 100


def test_a_utf16_path_streams_like_load(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(safetylit.sample_path().read_text("utf-8").encode("utf-16"))
    streamed = [item for item in safetylit.iter_papers(path) if isinstance(item, safetylit.Paper)]
    assert streamed == list(safetylit.load(path))
    assert len(streamed) == 80
