"""The problem catalogue, the code that reports problems and the docs agree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import safetylit
from safetylit import DEFAULT_CHECKS
from safetylit._problems import PROBLEM_CODES, problem

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "safetylit"
DOCS = ROOT / "docs" / "problem-codes.md"
# Functions that take a problem code as their first string argument.
BUILDERS = {"problem", "_problem", "_report"}


def emitted_codes() -> dict[str, set[str]]:
    """Every code literal the source hands to a problem builder or a row rejection, by file."""
    found: dict[str, set[str]] = {}
    for path in SOURCE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            codes: list[str] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in BUILDERS:
                    literals = [
                        arg.value
                        for arg in node.args
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    ]
                    codes += literals[:1]
                assert name != "Problem" or path.name == "_problems.py", (
                    f"{path.name}:{node.lineno} builds a Problem directly; use _problems.problem"
                )
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Attribute) and target.attr == "reject"
                for target in node.targets
            ):
                value = node.value
                if isinstance(value, ast.Tuple) and isinstance(value.elts[0], ast.Constant):
                    codes.append(str(value.elts[0].value))
            for code in codes:
                found.setdefault(code, set()).add(path.name)
    return found


def test_every_code_the_source_can_emit_is_catalogued() -> None:
    found = emitted_codes()
    assert len(found) >= 30  # the scan sees the builders
    missing = {code: files for code, files in found.items() if code not in PROBLEM_CODES}
    assert missing == {}
    checks = {code for check in DEFAULT_CHECKS for code in check.emits}
    assert checks <= set(PROBLEM_CODES)
    # Every catalogued code is reported somewhere (a code that nothing emits is stale).
    code_variables = {"duplicate-row-number", "row-out-of-order"}  # chosen in one call
    assert set(PROBLEM_CODES) - set(found) - checks - code_variables == set()


def test_the_docs_list_exactly_the_catalogue_with_its_severities() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", DOCS.read_text(), re.MULTILINE)
    assert {code for code, _ in rows} == set(PROBLEM_CODES)
    for code, severity in rows:  # invalid-url has a row with the parser and one with the checks
        assert severity == PROBLEM_CODES[code].severity, code


def test_catalogued_kinds_are_whole() -> None:
    for code, kind in PROBLEM_CODES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+|mojibake", code), code
        assert kind.code == code
        assert kind.description
        assert kind.template
        assert not kind.template.endswith("."), code  # the builder ends the sentence


def test_the_builder_locates_and_refuses_unknown_codes() -> None:
    assert problem("missing-url", row=3, line=9).message == "Row 3, url: no URL found."
    assert problem("missing-url", line=9).message == "Line 9, url: no URL found."
    assert problem("row-out-of-order", row=3, line=9, value="3", last=5).message == (
        "Line 9: row number 3 comes after row 5; the row was read anyway."
    )
    found = problem("encoding-fallback", source="x.txt", value="cp1252")
    assert found.message.startswith("x.txt: not valid UTF-8; decoded it as cp1252.")
    assert problem("missing-title", row=2).message == "Row 2: the row has no title."
    with pytest.raises(KeyError, match="not in safetylit's catalogue"):
        problem("no-such-code", row=1)
    own = problem("arxiv-only", row=4, field="url", severity="warning", message="only arXiv")
    assert (own.code, own.message) == ("arxiv-only", "Row 4, url: only arXiv.")


def test_a_user_check_keeps_its_own_code_and_severity() -> None:
    def odd(paper: safetylit.Paper, ctx: safetylit.CheckContext) -> list[safetylit.Problem]:
        return [ctx.problem(paper, "odd-title", "title", "looks odd", severity="error")]

    papers = safetylit.loads(
        "1\n2\nAnthropicMany-shot jailbreaking2-Apr-24"
        "https://www.anthropic.com/research/many-shot-jailbreaking"
        "Safety evaluationsWe investigate long-context attacks.\n",
        extra_checks=[safetylit.Check("odd-title", odd)],
    )
    (found,) = [p for p in papers.problems if p.code == "odd-title"]
    assert (found.severity, found.message) == ("error", "Row 2, title: looks odd.")
    assert papers[0].flags == {"odd-title"}


def test_a_long_value_is_quoted_whole_and_kept_short() -> None:
    url = "https://example.org/" + "long-slug-" * 12 + ")"
    found = problem("repaired-url", row=2, value=url, canonical=url[:-1], repairs="dropped ')'")
    assert f"'{url}' was read as" in found.message
    assert found.value == url[:80]
