"""Deterministic generator of large, realistic exports in the sample's format.

    python benchmarks/generate.py --rows 10000 100000 --seed 7

writes ``benchmarks/data/export_<rows>.txt`` (the messy export) and ``export_<rows>.csv`` (the
same papers as a clean CSV, for the pandas baseline). Papers are built from the bundled sample:
titles and abstracts are recombined, companies and categories drawn from a wider set, and every
layout, wrap style, TAB/no-TAB variant, placeholder, empty row and row-number gap appears.

    python benchmarks/generate.py --variant messy --rows 2000 --seed 1 [--crlf]

writes ``benchmarks/data/messy_<rows>.txt`` (``rows`` sheet rows, empty ones included) and its
gold ``messy_<rows>.gold.json`` for ``check_export.py``: invented organisations, categories,
titles, URLs and abstracts outside the default vocabulary, rendered by ``messy.py``'s own code
(see its docstring), so the truth is known without the parser's help.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
from pathlib import Path

import messy

import safetylit
from safetylit import Paper
from safetylit._render import LAYOUTS, WRAPS, render_row

DATA = Path(__file__).parent / "data"
LABS = ["Anthropic", "OpenAI", "Google DeepMind", "Meta AI", "Redwood Research", "Apollo Research"]
EXTRA_CATEGORIES = ["Scalable oversight", "AI control", "Red teaming", "Jailbreaks"]
PLACEHOLDERS = ["Abstract not found", "N/A", "TBD", "-"]


def make_papers(n: int, seed: int) -> list[Paper]:
    """``n`` papers, the same for the same seed."""
    rng = random.Random(seed)
    sample = list(safetylit.load(safetylit.sample_path(), checks=[]))
    sentences = [s for p in sample if p.abstract for s in re.split(r"(?<=\.) ", p.abstract)]
    words = [w for p in sample for w in p.title.split() if w.isalpha()]
    categories = sorted({p.category for p in sample if p.category} | set(EXTRA_CATEGORIES))
    papers = []
    for i in range(n):
        base = rng.choice(sample)
        title = f"{base.title.split(':')[0]} {rng.choice(words)} {rng.choice(words).lower()}"
        if rng.random() < 0.05:
            title += f" {rng.randint(1, 2030)}"
        date = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 2900))
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        if rng.random() < 0.4:
            url = (
                f"https://arxiv.org/pdf/{date:%y%m}.{rng.randint(1, 29999):05d}v{rng.randint(1, 3)}"
            )
        else:
            url = f"https://www.example-lab.org/research/{slug}-{i}"
        roll = rng.random()
        if roll < 0.02:
            abstract: str | None = rng.choice(PLACEHOLDERS)
        else:
            abstract = " ".join(rng.sample(sentences, rng.randint(3, 9)))
            if roll > 0.97:
                abstract = abstract.replace(". ", ".\n\n", 1)
        papers.append(
            Paper(
                company=rng.choice(LABS),
                title=title,
                date=date,
                url=url,
                category=rng.choice(categories),
                abstract=abstract,
                marked_duplicate=rng.random() < 0.02,
            )
        )
    return papers


def render(papers: list[Paper], seed: int) -> str:
    """The papers as an export with every layout, wrap, TAB variant, gaps and empty rows."""
    rng = random.Random(seed + 1)
    lines = [
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "1",
        "CompanyTitleDateURL",
        "Safety_category",
        "Abstract",
    ]
    number = 1
    for paper in papers:
        number += 1
        while rng.random() < 0.03:
            lines.append(str(number))  # an empty row
            number += 1 + rng.randint(0, 3)
        layout = rng.choice(LAYOUTS)
        if layout == "duplicate-line" and not paper.marked_duplicate:
            layout = "category-line"
        sep = "\t" if rng.random() < 0.2 else ""
        lines.append(str(number))
        lines.extend(render_row(paper, layout, sep=sep, wrap=rng.choice(WRAPS)))
    return "\n".join(lines) + "\n"


def write_csv(papers: list[Paper], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Company", "Title", "Date", "URL", "Safety_category", "Abstract"])
        for p in papers:
            writer.writerow([p.company, p.title, p.date, p.url, p.category, p.abstract or ""])


def generate(rows: int, seed: int = 7) -> tuple[Path, Path]:
    """Write the export and its clean CSV twin (if not already there); returns both paths."""
    DATA.mkdir(exist_ok=True)
    export, clean = DATA / f"export_{rows}.txt", DATA / f"export_{rows}.csv"
    if not export.exists() or not clean.exists():
        papers = make_papers(rows, seed)
        export.write_text(render(papers, seed), encoding="utf-8")
        write_csv(papers, clean)
    return export, clean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--variant",
        choices=["default", "messy"],
        default="default",
        help="default: the speed benchmarks' export and CSV; messy: an export and its gold",
    )
    parser.add_argument("--crlf", action="store_true", help="messy only: CRLF line endings")
    parser.add_argument("--out", type=Path, default=DATA, help="messy only: output folder")
    args = parser.parse_args()
    if args.variant == "messy":
        for rows in args.rows:
            export, gold = messy.write(rows, args.seed, args.out, crlf=args.crlf)
            print(f"{export} ({export.stat().st_size / 1e6:.1f} MB), {gold}")
        return
    if args.crlf or args.out != DATA:
        parser.error("--crlf and --out apply to --variant messy only")
    for rows in args.rows:
        export, clean = generate(rows, args.seed)
        print(f"{export} ({export.stat().st_size / 1e6:.1f} MB), {clean}")


if __name__ == "__main__":
    main()
