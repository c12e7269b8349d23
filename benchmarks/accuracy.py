"""Field accuracy of ``safetylit.load`` on exports whose truth is known.

    python benchmarks/accuracy.py --rows 2000 --seeds 1 2 3

scores, with the maintainers' ``check_export.py`` (looked for in ``../shared/data/real_dev/``
beside the repository; skipped with a message when absent), the development export ``real_dev``
and messy exports written by ``generate.py --variant messy`` for each seed (plus the first seed
again with CRLF line endings). One line per file, then a summary. ``--causes`` adds the checker's
"by cause" lines for each file; ``--keep DIR`` keeps each file's full ``-v`` report there.

The checker runs under this interpreter, so it scores the safetylit installed in the current
environment. Nothing from ``real_dev`` is copied: it is read where it lies.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import messy

import safetylit

ROOT = Path(__file__).resolve().parent.parent
REAL_DEV = ROOT.parent / "shared" / "data" / "real_dev"
DATA = Path(__file__).parent / "data" / "accuracy"
LAST = re.compile(r"field accuracy (\d+)/(\d+) \(([\d.]+)%\), rows lost (\d+), extra papers (\d+)")


def check(checker: Path, export: Path, gold: Path, keep: Path | None) -> tuple[dict, list[str]]:
    """Run the checker with ``-v``; its figures and its "by cause" lines."""
    proc = subprocess.run(
        [sys.executable, str(checker), str(export), str(gold), "-v"],
        capture_output=True,
        text=True,
        check=False,
    )
    out = proc.stdout
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{export.parent.name}_{export.stem}.report.txt").write_text(out, encoding="utf-8")
    match = LAST.search(out.strip().splitlines()[-1] if out.strip() else "")
    if match is None:
        raise SystemExit(f"{checker.name} gave no result for {export}:\n{out}\n{proc.stderr}")
    right, total, pct, lost, extra = match.groups()
    figures = {
        "right": int(right),
        "total": int(total),
        "pct": float(pct),
        "lost": int(lost),
        "extra": int(extra),
    }
    lines = out.splitlines()
    causes: list[str] = []
    if any(ln.startswith("-- by cause") for ln in lines):
        start = next(i for i, ln in enumerate(lines) if ln.startswith("-- by cause"))
        causes = [ln for ln in lines[start + 1 :] if ln.startswith("   ")]
    return figures, causes


def line(name: str, f: dict) -> str:
    return (
        f"{name:<28} field accuracy {f['right']:>6}/{f['total']:<6} ({f['pct']:6.2f}%)  "
        f"rows lost {f['lost']:>3}  extra papers {f['extra']:>3}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="sheet rows per messy export")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--no-crlf", action="store_true", help="skip the CRLF copy")
    parser.add_argument("--causes", action="store_true", help="print each file's causes")
    parser.add_argument("--keep", type=Path, help="keep each file's full -v report here")
    args = parser.parse_args()

    checker = REAL_DEV / "check_export.py"
    if not checker.exists():
        print(f"skipped: no check_export.py in ../shared/data/real_dev/ beside {ROOT.name}")
        return 0

    version = getattr(safetylit, "__version__", "?")
    print(f"safetylit {version} from {Path(safetylit.__file__).parent}")
    runs: list[tuple[str, Path, Path]] = []
    real = REAL_DEV / "real_dev.txt", REAL_DEV / "real_dev.gold.json"
    if all(p.exists() for p in real):
        runs.append(("real_dev", *real))
    else:
        print("real_dev: export or gold missing, skipped")
    for seed in args.seeds:
        export, gold = messy.write(args.rows, seed, DATA / f"seed{seed}")
        runs.append((f"messy_{args.rows} seed {seed}", export, gold))
    if not args.no_crlf and args.seeds:
        seed = args.seeds[0]
        export, gold = messy.write(args.rows, seed, DATA / f"seed{seed}_crlf", crlf=True)
        runs.append((f"messy_{args.rows} seed {seed} CRLF", export, gold))

    messy_total = {"right": 0, "total": 0, "lost": 0, "extra": 0}
    worst = 100.0
    for name, export, gold in runs:
        figures, causes = check(checker, export, gold, args.keep)
        print(line(name, figures), flush=True)
        if args.causes:
            print("\n".join(causes) if causes else "   (no failing rows)")
        if name.startswith("messy"):
            for k in messy_total:
                messy_total[k] += figures[k]
            worst = min(worst, figures["pct"])
    if messy_total["total"]:
        pct = 100.0 * messy_total["right"] / messy_total["total"]
        print(
            f"summary: messy exports {pct:.2f}% of fields right (worst file {worst:.2f}%), "
            f"{messy_total['lost']} rows lost, {messy_total['extra']} extra papers"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
