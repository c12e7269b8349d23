"""The examples in examples/ run and do what their text says."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

import safetylit

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
QUICKSTART = EXAMPLES / "quickstart.py"
NOTEBOOK = EXAMPLES / "walkthrough.ipynb"


def run_quickstart(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-W", "error", str(QUICKSTART), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def expected_sample() -> safetylit.PaperSet:
    papers = safetylit.load(safetylit.sample_path())
    papers.duplicates()  # the script computes the groups first, which may add marker problems
    return papers


def test_quickstart_reports_and_writes_into_the_given_directory(tmp_path: Path) -> None:
    out_dir = tmp_path / "exports"
    output = run_quickstart(str(out_dir), cwd=tmp_path)
    papers = expected_sample()

    assert output.startswith(
        f"{len(papers)} papers, {len(papers.errors())} errors, "
        f"{len(papers.warnings())} warnings, {len(papers.rejected)} rejected rows\n"
    )
    assert output.startswith("80 papers, ")
    assert "Google DeepMind" in output
    problem_lines = [line for line in output.splitlines() if line.startswith("  row ")]
    assert len(problem_lines) == len(papers.problems)
    for line, problem in zip(problem_lines, papers.problems, strict=True):
        assert problem.code in line
        assert problem.message in line
    # The sample's placeholder abstract, in the script's own layout.
    assert re.search(r"^  row +217  warning  missing-abstract +Row 217, abstract: ", output, re.M)

    groups = papers.duplicates()
    assert f"Duplicate groups: {len(groups)}" in output
    assert "rows 454, 476 (score" in output
    assert "rows 468, 477 (score" in output
    assert output.count("    why: ") == sum(len(g.evidence) for g in groups)

    assert f"Wrote 80 papers to {out_dir}:" in output
    assert sorted(p.name for p in out_dir.iterdir()) == ["papers.bib", "papers.csv", "papers.jsonl"]
    assert list(safetylit.load(out_dir / "papers.jsonl")) == list(papers)
    assert list(safetylit.load(out_dir / "papers.csv")) == list(papers)
    assert (out_dir / "papers.bib").read_text("utf-8").startswith("@misc{anthropic2024sycophancy,")


def test_quickstart_defaults_to_a_temporary_directory(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "TEMP": str(tmp_path), "TMP": str(tmp_path)}
    work = tmp_path / "cwd"
    work.mkdir()
    output = run_quickstart(cwd=work, env=env)
    (created,) = [p for p in tmp_path.iterdir() if p.name.startswith("safetylit-quickstart-")]
    assert f"Wrote 80 papers to {created}:" in output
    assert sorted(p.name for p in created.iterdir()) == ["papers.bib", "papers.csv", "papers.jsonl"]
    assert list(work.iterdir()) == []


# --- the notebook ----------------------------------------------------------------------------


def notebook_cells() -> list[dict[str, Any]]:
    notebook = json.loads(NOTEBOOK.read_text("utf-8"))
    assert notebook["nbformat"] == 4
    return list(notebook["cells"])


def test_notebook_is_stored_without_outputs() -> None:
    code = [cell for cell in notebook_cells() if cell["cell_type"] == "code"]
    assert len(code) >= 10
    for cell in code:
        assert cell["outputs"] == []
        assert cell["execution_count"] is None


def run_notebook(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """Execute every code cell in order in one namespace, temporary files under ``tmp_path``."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    for index, cell in enumerate(notebook_cells()):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        exec(compile(source, f"{NOTEBOOK.name}[cell {index}]", "exec"), namespace)
    return namespace


def check_notebook_namespace(ns: dict[str, Any], tmp_path: Path) -> None:
    assert len(ns["papers"]) == 80
    assert ns["paper"].title == "Circuits Updates — May 2023"
    assert ns["preprint"].arxiv_id == "2406.04093"
    assert len(ns["openai_arxiv"]) == 3
    assert all(p.company == "OpenAI" for p in ns["openai_arxiv"])

    assert ns["cut"].flags == {"truncated-title"}
    assert ns["fixed"].title.endswith("Multiple Choice Capabilities in Chinchilla")
    assert ns["still_flagged"] == []

    assert [g.rows for g in ns["groups"]] == [(454, 476), (468, 477)]
    assert len(ns["deduped"]) == 78
    assert ns["deduped"].by_row(476).absorbed_rows == (454,)

    out_dir = ns["out_dir"]
    assert out_dir.parent == tmp_path
    assert sorted(p.name for p in out_dir.iterdir()) == ["papers.bib", "papers.csv", "papers.jsonl"]
    reloaded = ns["reloaded"]
    assert list(reloaded) == list(ns["corrected"])
    assert list(safetylit.load(ns["csv_path"])) == list(ns["corrected"])
    codes = {problem.code for problem in reloaded.problems}
    assert "truncated-title" not in codes
    assert "missing-abstract" in codes

    assert sum(ns["kinds"].values()) == 80
    assert ns["kinds"]["arxiv"] == sum(p.arxiv_id is not None for p in ns["papers"])


def test_notebook_runs_top_to_bottom(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ns = run_notebook(monkeypatch, tmp_path)
    check_notebook_namespace(ns, tmp_path)
    if ns["pandas"] is None:
        assert "frame" not in ns
    else:
        assert ns["frame"].shape == (78, 12)
        assert list(ns["frame"]["row"][:3]) == [2, 3, 4]


def test_notebook_runs_without_pandas(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes "import pandas" fail
    ns = run_notebook(monkeypatch, tmp_path)
    check_notebook_namespace(ns, tmp_path)
    assert ns["pandas"] is None
    assert "frame" not in ns
