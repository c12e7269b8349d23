"""The command line, run as a user would: in a subprocess, checking output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import safetylit


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safetylit", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_report_on_sample() -> None:
    result = run("report", "--sample")
    assert result.returncode == 0
    assert "80 papers, 0 rejected rows, 0 errors, 6 warnings" in result.stdout
    assert "42  Google DeepMind" in result.stdout
    assert "Duplicate groups (rows): 454+476, 468+477" in result.stdout
    assert "row   217  warning  missing-abstract" in result.stdout
    assert result.stderr == ""


def test_report_json_and_strict(tmp_path: Path) -> None:
    data = json.loads(run("report", "--sample", "--json").stdout)
    assert data["papers"] == 80
    assert data["missing_abstracts"] == [217]
    assert data["by_company"]["OpenAI"] == 13
    assert {p["code"] for p in data["problems"]} >= {"missing-abstract", "truncated-title"}
    assert run("report", "--sample", "--strict").returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("1\n2\nAnthropicX31-Feb-24https://a.example/xRobustnessY.\n", "utf-8")
    strict = run("report", str(bad), "--strict")
    assert strict.returncode == 1
    assert "bad-date" in strict.stdout


def test_convert_formats(tmp_path: Path) -> None:
    for suffix in (".jsonl", ".json", ".csv", ".bib"):
        out = tmp_path / f"papers{suffix}"
        result = run("convert", "--sample", "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert "wrote 80 papers" in result.stdout
        assert out.stat().st_size > 10_000
    assert len(safetylit.load(tmp_path / "papers.jsonl")) == 80
    assert len(json.loads((tmp_path / "papers.json").read_text("utf-8"))) == 80
    deduped = tmp_path / "deduped.jsonl"
    assert run("convert", "--sample", "--dedupe", "-o", str(deduped)).returncode == 0
    kept = safetylit.load(deduped)
    assert len(kept) == 78
    assert kept.by_row(454).absorbed_rows == (476,)


def test_duplicates_command() -> None:
    result = run("duplicates", "--sample")
    assert result.returncode == 0
    assert result.stdout.startswith("2 duplicate groups")
    assert "row 454: Extracting Concepts from GPT-4" in result.stdout
    groups = json.loads(run("duplicates", "--sample", "--json").stdout)
    assert [g["rows"] for g in groups] == [[454, 476], [468, 477]]


def test_bad_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = run("report", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2
    assert missing.stderr.startswith("safetylit: error:")
    assert "nope.txt" in missing.stderr
    assert "Traceback" not in missing.stderr
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run("report", str(binary))
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "not a text export" in result.stderr
    assert run("convert", "--sample", "-o", str(tmp_path / "x.xyz")).returncode == 2
    assert run("report").returncode == 2
    assert run("frobnicate").returncode == 2


def test_closed_pipe_is_not_an_error() -> None:
    reader = subprocess.Popen(
        [sys.executable, "-m", "safetylit", "report", "--sample"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None
    reader.stdout.readline()
    reader.stdout.close()  # like `| head -n 1`
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0
    assert b"Traceback" not in err
    assert b"Broken pipe" not in err
