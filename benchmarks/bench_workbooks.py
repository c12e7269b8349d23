"""Workbook readers compared: python-calamine against openpyxl, on one generated XLSX.

    python benchmarks/bench_workbooks.py --rows 10000 --repeat 3

Writes a sheet of ``--rows`` papers with openpyxl (every URL cell shows the label "paper" and
links the URL; a date cell in every row), then times, as medians of ``--repeat`` runs:

* calamine values (``to_python``), what safetylit reads cells with;
* the standard-library hyperlink scan safetylit adds (:func:`safetylit._workbooks.hyperlinks`);
* openpyxl read-only values (no hyperlinks there: read-only mode does not load them);
* openpyxl full load with hyperlinks, the only openpyxl mode that gives link targets;
* ``safetylit.load`` end to end (checks included).

Prints a markdown table (paste it into RESULTS.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import python_calamine

import safetylit
from safetylit._workbooks import hyperlinks


def make_book(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Company", "Title", "Date", "URL", "Safety category", "Abstract"])
    start = dt.datetime(2020, 1, 1)
    for n in range(rows):
        sheet.append(
            [
                f"Lab {n % 7}",
                f"A study of property {n} in model organisms",
                start + dt.timedelta(days=n % 1500),
                "paper",
                "Interpretability",
                f"We look at property {n}. It matters.",
            ]
        )
        cell = sheet.cell(row=n + 2, column=4)
        cell.hyperlink = f"https://arxiv.org/abs/2401.{n % 90000 + 10000:05d}"
        sheet.cell(row=n + 2, column=3).number_format = "d-mmm-yy"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def median_time(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--rows", type=int, default=10000)
    args.add_argument("--repeat", type=int, default=3)
    options = args.parse_args()
    data = make_book(options.rows)

    def calamine_values() -> object:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_index(0).to_python()

    def openpyxl_values() -> object:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(book.active.iter_rows(values_only=True))
        book.close()
        return rows

    def openpyxl_links() -> object:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        return [
            (c.value, c.hyperlink.target if c.hyperlink else None)
            for row in book.active.iter_rows()
            for c in row
        ]

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.xlsx"
        path.write_bytes(data)
        cases = {
            "calamine values": calamine_values,
            "stdlib hyperlink scan": lambda: hyperlinks(data, 0),
            "openpyxl read-only values (no links)": openpyxl_values,
            "openpyxl full load (values + links)": openpyxl_links,
            "safetylit.load (calamine + scan + checks)": lambda: safetylit.load(path),
        }
        print(f"{options.rows} rows, {len(data) / 1e6:.1f} MB, median of {options.repeat}\n")
        print("| reader | seconds |")
        print("| --- | ---: |")
        for name, work in cases.items():
            print(f"| {name} | {median_time(work, options.repeat):.3f} |")


if __name__ == "__main__":
    main()
