"""Hostile input, mutations of real exports, and the promises a dependency must keep."""

from __future__ import annotations

import gzip
import inspect
import io
import pickle
import re
import threading
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import safetylit
from safetylit import ExportParseError, Paper, Problem
from safetylit._reader import split_rows
from safetylit._render import render_export, render_row

SAMPLE_TEXT = safetylit.sample_path().read_text("utf-8")
SAMPLE = safetylit.loads(SAMPLE_TEXT)
PAPER = SAMPLE.by_row(4)


def one_row_export(paper: Paper = PAPER, number: int = 2) -> str:
    return render_export([(number, render_row(paper, "one-line"))])


# --- bad input table -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", id="png"),
        pytest.param(gzip.compress(b"hello world" * 50), id="gzip"),
        pytest.param(b"", id="zip"),
        pytest.param(bytes(range(256)) * 4, id="random-bytes"),
    ],
)
def test_binary_data_is_refused_naming_the_file(payload: bytes, tmp_path: Path) -> None:
    if not payload:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("export.txt", SAMPLE_TEXT)
        payload = buffer.getvalue()
    path = tmp_path / "export.txt"
    path.write_bytes(payload)
    with pytest.raises(ExportParseError, match=r"export\.txt: not a text export") as info:
        safetylit.load(path)
    assert info.value.source == str(path)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_boms_decode(codec: str, tmp_path: Path) -> None:
    text = one_row_export()
    if codec == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif codec == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(codec)
    path = tmp_path / "export.txt"
    path.write_bytes(data)
    papers = safetylit.load(path)
    assert papers[0].title == PAPER.title
    assert papers.problems == []


def test_windows_1252_falls_back_with_a_warning(tmp_path: Path) -> None:
    paper = PAPER.model_copy(update={"title": "Café “quoted” jailbreaking"})
    path = tmp_path / "legacy.txt"
    path.write_bytes(one_row_export(paper).encode("cp1252"))
    papers = safetylit.load(path)
    assert papers[0].title == "Café “quoted” jailbreaking"
    (warning,) = papers.problems
    assert (warning.code, warning.severity, warning.value) == (
        "encoding-fallback",
        "warning",
        "cp1252",
    )
    assert "legacy.txt" in warning.message
    assert "cp1252" in warning.message


def test_explicit_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(one_row_export(PAPER.model_copy(update={"title": "Résumé"})).encode("latin-1"))
    papers = safetylit.load(path, encoding="latin-1")
    assert papers[0].title == "Résumé"
    assert papers.problems == []
    with pytest.raises(ExportParseError, match=r"latin\.txt"):
        safetylit.load(path, encoding="ascii")


def test_mojibake_is_left_and_warned() -> None:
    paper = PAPER.model_copy(update={"title": "Itâ€™s many-shot"})
    papers = safetylit.loads(one_row_export(paper, number=7))
    assert papers[0].title == "Itâ€™s many-shot"
    assert [(p.code, p.row, p.value) for p in papers.problems] == [("mojibake", 7, "â€™")]


def test_huge_single_line_abstract() -> None:
    abstract = "Word " + ("word " * 1_000_000).strip() + "."
    paper = PAPER.model_copy(update={"abstract": abstract})
    papers = safetylit.loads(one_row_export(paper))
    assert papers[0].abstract == abstract
    assert papers.problems == []


def test_many_empty_rows() -> None:
    lines = [str(n) for n in range(2, 100_002)]
    text = "\n".join(["ABCDEF", *lines, str(100_002), *render_row(PAPER, "one-line")]) + "\n"
    papers = safetylit.loads(text)
    assert [p.row for p in papers] == [100_002]
    assert papers.problems == []


def test_out_of_order_and_repeated_row_numbers() -> None:
    other = SAMPLE.by_row(5)
    text = render_export(
        [
            (9, render_row(PAPER, "one-line")),
            (4, render_row(other, "one-line")),
            (4, render_row(PAPER, "head-url-tail")),
        ]
    )
    papers = safetylit.loads(text)
    assert [(p.row, p.title) for p in papers] == [
        (9, PAPER.title),
        (4, other.title),
        (4, PAPER.title),
    ]
    assert [(p.code, p.row) for p in papers.problems if p.code != "duplicate-url"] == [
        ("row-out-of-order", 4),
        ("duplicate-row-number", 4),
    ]


def test_control_characters_nul_and_mixed_line_endings() -> None:
    text = one_row_export().replace("Many-shot", "Many\x00-shot\x07")
    text = text.replace("\n", "\r\n", 3).replace("\n2\n", "\r2\r")
    papers = safetylit.loads(text)
    assert papers[0].title == PAPER.title
    assert [(p.code, p.row) for p in papers.problems] == [("control-characters", 2)]


def test_text_before_the_first_row_is_reported() -> None:
    text = "Exported from Sheets on Monday\n" + one_row_export()
    papers = safetylit.loads(text)
    assert len(papers) == 1
    assert [(p.code, p.line) for p in papers.problems] == [("unrecognised-text", 1)]


# --- mutation fuzzing ------------------------------------------------------------------------

SAMPLE_LINES = SAMPLE_TEXT.split("\n")
ROW_SPANS = {}  # row -> (number line index, next number line index or len)
_rows, _, _ = split_rows(SAMPLE_TEXT)
for _i, _row in enumerate(_rows):
    if _row.row is not None and _row.lines:
        end = _rows[_i + 1].first_line - 2 if _i + 1 < len(_rows) else len(SAMPLE_LINES)
        ROW_SPANS[_row.row] = (_row.first_line - 2, end)
BEFORE = {p.row: p for p in SAMPLE}

junk = st.one_of(
    st.text(max_size=40),
    st.integers(0, 600).map(str),
    st.sampled_from(["\t", "", "[Duplicate]", "https://", "17-Jun-24", "Anthropic"]),
)


KINDS = ("delete", "duplicate", "swap", "truncate", "insert", "tabs", "crlf")


def mutate(kind: str, at: int, cut: int, payload: str) -> tuple[list[str], int]:
    """Apply one mutation to the sample's lines; returns the lines and the first line touched."""
    lines = list(SAMPLE_LINES)
    if kind == "delete":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "swap":
        lines[at - 1], lines[at] = lines[at], lines[at - 1]
        at -= 1
    elif kind == "truncate":
        lines = [*lines[:at], lines[at][: cut % (len(lines[at]) + 1)]]
    elif kind == "insert":
        lines.insert(at, payload)
    elif kind == "tabs":
        line = lines[at]
        cut %= len(line) + 1
        lines[at] = line[:cut] + "\t" + line[cut:]
    else:
        lines[at] = lines[at] + "\r"
    return lines, at


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(KINDS),
    st.integers(1, len(SAMPLE_LINES) - 1),
    st.integers(0, 5000),
    junk,
)
def test_mutated_exports_keep_their_invariants(kind: str, at: int, cut: int, payload: str) -> None:
    lines, at = mutate(kind, at, cut, payload)
    text = "\n".join(lines)
    papers = safetylit.loads(text)
    rows, _, _ = split_rows(text)
    assert len(papers) + len(papers.rejected) == sum(
        1 for r in rows if any(x.strip() for x in r.lines)
    )
    assert safetylit.loads(text) == papers  # deterministic
    counts = Counter(paper.row for paper in papers)
    # A mutation can create a second row with the same number; only unique numbers are compared.
    after = {paper.row: paper for paper in papers if counts[paper.row] == 1}
    # An inserted bare number that a row's cells follow contradicts the row number before it
    # when smaller, so that number can read as a footnote of the row before it: the rows of
    # the two number lines before the insertion are touched too.
    reach = 0
    if kind == "insert" and payload.strip().isdecimal():
        before_at = sorted(start for start, _end in ROW_SPANS.values() if start < at)
        reach = at - before_at[-2] if len(before_at) >= 2 else at
    for row, (start, end) in ROW_SPANS.items():
        untouched = not (start - 1 <= at <= end + 1 + reach) and end + 1 < len(lines) - 1
        if untouched and row in after:
            # Lines after an insertion or deletion move; everything else must stay as it was.
            shifted = BEFORE[row].model_copy(update={"lines": after[row].lines})
            assert after[row] == (BEFORE[row] if end < at else shifted), row


# --- promises of a dependency ----------------------------------------------------------------


def test_models_pickle_and_json_round_trip() -> None:
    problem = Problem(
        code="bad-date", severity="error", row=3, field="date", value="x", message="m"
    )
    for obj in (PAPER, problem, SAMPLE.rejected, SAMPLE):
        assert pickle.loads(pickle.dumps(obj)) == obj
    assert Paper.model_validate_json(PAPER.model_dump_json()) == PAPER
    assert Problem.model_validate_json(problem.model_dump_json()) == problem
    error = ExportParseError("f.txt: bad", [problem], "f.txt")
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.problems, again.source) == ("f.txt: bad", [problem], "f.txt")


def test_fast_construction_matches_pydantic() -> None:
    from safetylit._models import construct_paper

    fields = PAPER.model_dump(exclude={"absorbed_rows"})
    fast, slow = construct_paper(fields), Paper.model_construct(**fields)
    assert fast == slow
    assert fast.model_dump() == slow.model_dump()
    assert fast.model_fields_set == slow.model_fields_set
    assert pickle.loads(pickle.dumps(fast)) == fast
    assert Paper.model_validate_json(fast.model_dump_json()) == fast
    assert fast.__pydantic_private__ is slow.__pydantic_private__ is None
    assert repr(fast) == repr(slow)
    # The derived data the helper fills is what the cached properties would compute.
    from safetylit._models import with_flags
    from safetylit.urls import classify_url

    info = classify_url(fields["url"])
    filled = construct_paper(fields, url_info=info, flags=frozenset({"x"}))
    assert filled == slow
    assert filled.url_info == slow.url_info
    assert filled.url_info is info
    assert (filled.flags, slow.flags, fast.flags) == ({"x"}, frozenset(), frozenset())
    assert construct_paper(fields, url_info=classify_url("https://example.org/other")).url_info == (
        slow.url_info
    )  # a classification of another URL is not taken
    flagged = with_flags(slow, frozenset({"y"}))
    assert flagged == slow
    assert flagged.flags == {"y"}
    assert slow.flags == frozenset()
    assert flagged.model_fields_set == slow.model_fields_set
    again = pickle.loads(pickle.dumps(filled))
    assert again.flags == {"x"}
    assert again == filled
    with pytest.raises(AttributeError, match="frozen"):
        filled.flags = frozenset()  # type: ignore[misc]  # frozen like the fields
    with pytest.raises(ValidationError):
        filled.title = "Other"


def test_threads_match_sequential_loads(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(render_export([(2, render_row(SAMPLE.by_row(5), "cells-on-lines"))]), "utf-8")
    expected = [safetylit.load(safetylit.sample_path()), safetylit.load(other)]
    results: dict[int, list[safetylit.PaperSet]] = {0: [], 1: []}

    def work(index: int, source: Path) -> None:
        for _ in range(5):
            results[index].append(safetylit.load(source))

    threads = [
        threading.Thread(target=work, args=(0, safetylit.sample_path())),
        threading.Thread(target=work, args=(1, other)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected[0] for r in results[0])
    assert all(r == expected[1] for r in results[1])


def test_library_code_never_prints() -> None:
    source = Path(safetylit.__file__).parent
    offenders = [
        p.name
        for p in source.glob("*.py")
        if p.name not in ("cli.py", "__main__.py")
        and re.search(r"^\s*print\(", p.read_text("utf-8"), re.M)
    ]
    assert offenders == []


def test_warning_classes() -> None:
    assert issubclass(safetylit.SafetylitWarning, UserWarning)
    assert issubclass(ExportParseError, safetylit.SafetylitError)
    assert issubclass(ExportParseError, ValueError)


PUBLIC_SIGNATURES = {
    "load": "(source: 'Source', *, errors: 'Errors' = 'collect', companies: 'Iterable[str] | None' = None, categories: 'Iterable[str] | None' = None, encoding: 'str | None' = None, checks: 'Iterable[Check] | None' = None, extra_checks: 'Iterable[Check] | None' = None, closed_vocabulary: 'bool' = False, columns: 'Mapping[str, str] | None' = None, dayfirst: 'bool' = False, sheet: 'str | int | None' = None, progress: 'bool | None' = None) -> 'PaperSet'",
    "loads": "(text: 'str', *, errors: 'Errors' = 'collect', companies: 'Iterable[str] | None' = None, categories: 'Iterable[str] | None' = None, checks: 'Iterable[Check] | None' = None, extra_checks: 'Iterable[Check] | None' = None, closed_vocabulary: 'bool' = False, columns: 'Mapping[str, str] | None' = None, dayfirst: 'bool' = False) -> 'PaperSet'",
    "record_schema": "() -> 'dict[str, Any]'",
    "sample_path": "() -> 'Path'",
    "classify_url": "(url: 'str', *, rules: 'Sequence[HostRule] | None' = None) -> 'UrlInfo'",
    # level= (issue 14): "same-record" by default, the level bib-dedupe's labels are scored at.
    "find_duplicates": "(papers: 'Iterable[Paper]', *, threshold: 'float' = 0.6, scorer: 'Scorer | None' = None, workers: 'int' = 1, method: \"Literal['auto', 'brute', 'blocked']\" = 'auto', level: 'Level' = 'same-record') -> 'list[DuplicateGroup]'",
}


def test_public_api_is_frozen() -> None:
    assert sorted(safetylit.__all__) == sorted(EXPECTED_ALL)
    for name, signature in PUBLIC_SIGNATURES.items():
        assert str(inspect.signature(getattr(safetylit, name))) == signature, name


EXPECTED_ALL = [
    "CUT_RULES",
    "Check",
    "CheckContext",
    "DEFAULT_CHECKS",
    "Decision",
    "DuplicateGroup",
    "Evidence",
    "ExportParseError",
    "HostRule",
    "PROBLEM_CODES",
    "Paper",
    "PaperSet",
    "Problem",
    "ProblemKind",
    "ProblemTable",
    "RejectedRow",
    "SafetylitError",
    "SafetylitWarning",
    "UrlInfo",
    "UrlKind",
    "__version__",
    "classify_url",
    "default_categories",
    "default_companies",
    "find_duplicates",
    "iter_papers",
    "load",
    "loads",
    "record_schema",
    "sample_path",
]


def test_a_load_leaves_the_collector_as_it_found_it() -> None:
    import gc

    from safetylit._collector import LOAD_THRESHOLDS

    found = (gc.get_threshold(), gc.isenabled())
    during: list[tuple[int, int, int]] = []

    def spy(paper: Paper, ctx: safetylit.CheckContext) -> list[Problem]:
        during.append(gc.get_threshold())
        return []

    def boom(paper: Paper, ctx: safetylit.CheckContext) -> list[Problem]:
        raise RuntimeError("a check failed")

    safetylit.load(safetylit.sample_path(), extra_checks=[safetylit.Check("spy", spy)])
    assert during[0] == LOAD_THRESHOLDS
    assert (gc.get_threshold(), gc.isenabled()) == found
    with pytest.raises(ExportParseError):
        safetylit.loads("1\n2\nno cells here\n", errors="raise")
    assert (gc.get_threshold(), gc.isenabled()) == found
    with pytest.raises(RuntimeError, match="a check failed"):
        safetylit.load(safetylit.sample_path(), extra_checks=[safetylit.Check("boom", boom)])
    assert (gc.get_threshold(), gc.isenabled()) == found
    safetylit.find_duplicates(safetylit.load(safetylit.sample_path()))
    assert (gc.get_threshold(), gc.isenabled()) == found
    gc.disable()  # a host that turned the collector off keeps it off
    try:
        safetylit.find_duplicates(safetylit.load(safetylit.sample_path()))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert (gc.get_threshold(), gc.isenabled()) == found


def test_thresholds_another_thread_sets_during_a_load_stand() -> None:
    import gc

    found = gc.get_threshold()

    def setter(paper: Paper, ctx: safetylit.CheckContext) -> list[Problem]:
        if paper.row == 2:
            gc.set_threshold(2000, 20, 20)  # as another thread of the host might
        return []

    try:
        safetylit.load(safetylit.sample_path(), extra_checks=[safetylit.Check("set", setter)])
        assert gc.get_threshold() == (2000, 20, 20)
    finally:
        gc.set_threshold(*found)


def test_objects_the_host_froze_stay_frozen_and_safetylit_freezes_nothing() -> None:
    import gc
    import sys

    from safetylit import duplicates

    forks = sys.platform.startswith("linux")  # where find_duplicates' workers are forked
    assert gc.get_freeze_count() == 0  # the test process freezes nothing
    papers = safetylit.load(safetylit.sample_path())
    if forks:
        assert list(duplicates._in_forks(len, [[1], [2, 3]], 2, papers)) == [1, 2]
    assert gc.get_freeze_count() == 0  # everything is back under the collector
    held = [object(), [1, 2], {"a": []}]  # tracked containers, as a pre-fork server freezes
    gc.freeze()
    try:
        papers = safetylit.load(safetylit.sample_path())
        safetylit.find_duplicates(papers)
        if forks:
            assert list(duplicates._in_forks(len, [[1], [2, 3]], 2, papers)) == [1, 2]
        # Frozen objects are in none of the collector's generations: the host's still are not.
        assert not any(found is held for found in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(found is held for found in gc.get_objects())
