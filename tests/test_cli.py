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


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"safetylit {safetylit.__version__}"


def test_strict_fails_on_no_papers_and_convert_refuses_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    assert run("report", str(empty)).returncode == 0
    strict = run("report", str(empty), "--strict")
    assert strict.returncode == 1
    assert "gave no papers" in strict.stderr
    out = tmp_path / "out.jsonl"
    refused = run("convert", str(empty), "-o", str(out))
    assert refused.returncode == 1
    assert "no papers" in refused.stderr
    assert "--allow-empty" in refused.stderr
    assert not out.exists()
    allowed = run("convert", str(empty), "-o", str(out), "--allow-empty")
    assert allowed.returncode == 0
    assert out.read_text("utf-8") == ""


def test_json_output_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "papers.json"
    assert run("convert", "--sample", "-o", str(out)).returncode == 0
    back = safetylit.load(out)
    sample = safetylit.load(safetylit.sample_path())
    assert list(back) == list(sample)
    report = json.loads(run("report", str(out), "--json").stdout)
    assert (report["papers"], report["errors"]) == (80, 0)


def test_format_error_is_a_sentence(tmp_path: Path) -> None:
    result = run("convert", "--sample", "-o", str(tmp_path / "x.xyz"))
    assert result.returncode == 2
    assert "('.jsonl'" not in result.stderr
    assert "name the file with one of .jsonl, .json, .csv, .bib." in result.stderr


def test_report_counts_codes_first_and_limits_the_list(tmp_path: Path) -> None:
    rows = "".join(
        f"{n}\nAnthropicPaper {n} on things31-Feb-24https://a.example/p{n}RobustnessWe study it.\n"
        for n in range(2, 40)
    )
    bad = tmp_path / "bad.txt"
    bad.write_text("1\n" + rows, "utf-8")
    result = run("report", str(bad))
    text = result.stdout
    assert text.index("Problems by code:") < text.index("Companies:") < text.index("Problems:\n")
    assert "     38  error    bad-date" in text
    listed = [line for line in text.splitlines() if line.startswith("  row ")]
    assert len(listed) == 20
    assert "... and 18 more" in text
    few = run("report", str(bad), "--limit", "5").stdout
    assert len([line for line in few.splitlines() if line.startswith("  row ")]) == 5
    assert "... and 33 more" in few
    every = run("report", str(bad), "--limit", "-1").stdout
    assert "more (--limit" not in every


def test_json_array_detection_is_narrow() -> None:
    # "[{" or "[]" is JSON; a "[Duplicate]" line opening a pasted export is not.
    assert len(safetylit.loads("[]")) == 0
    assert len(safetylit.loads("[" * 5000)) == 0  # deep nesting is no crash
    text = "[Duplicate] x\n1\n2\nAnthropicMany-shot jailbreaking2-Apr-24https://www.anthropic.com/research/x RobustnessWe x.\n"
    assert [p.title for p in safetylit.loads(text)] == ["Many-shot jailbreaking"]
