"""JSONL that validates against the published schema; CSV and data frames that keep ids as text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import safetylit
from safetylit import Paper, PaperSet
from test_bibtex import every_kind


def validator() -> object:
    jsonschema = pytest.importorskip("jsonschema")
    schema = safetylit.record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def with_extra() -> PaperSet:
    return PaperSet([Paper(company="A", title="T", extra={"Notes": "n", "Authors": "X, Y"})])


@pytest.mark.parametrize(
    "papers",
    [
        pytest.param(lambda: safetylit.load(safetylit.sample_path()), id="sample"),
        pytest.param(every_kind, id="every-url-kind"),
        pytest.param(with_extra, id="extra-cells"),
    ],
)
def test_every_jsonl_line_validates(papers: object, tmp_path: Path) -> None:
    check = validator()
    path = papers().to_jsonl(tmp_path / "papers.jsonl")  # type: ignore[operator]
    lines = path.read_text("utf-8").splitlines()
    assert lines
    for line in lines:
        check.validate(json.loads(line))  # type: ignore[attr-defined]


def test_schema_rejects_what_is_no_record() -> None:
    check = validator()
    good = json.loads(json.dumps(safetylit._export.paper_to_dict(Paper(company="A", title="T"))))
    assert check.is_valid(good)  # type: ignore[attr-defined]
    for bad in (
        {**good, "surprise": 1},
        {**good, "title": ""},
        {**good, "date": "17-Jun-24"},
        {**good, "url_kind": "website"},
        {k: v for k, v in good.items() if k != "doi"},
        {**good, "extra": {"Notes": 3}},
    ):
        assert not check.is_valid(bad), bad  # type: ignore[attr-defined]


def test_csv_has_the_doi_column_and_ids_stay_text(tmp_path: Path) -> None:
    papers = PaperSet(
        [
            Paper(company="A", title="T", url="https://arxiv.org/abs/2310.17230"),
            Paper(company="A", title="U", url="https://doi.org/10.1038/nature14539"),
            Paper(company="A", title="V", url="https://arxiv.org/abs/2310.10000"),
        ]
    )
    path = papers.to_csv(tmp_path / "papers.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["DOI"] for r in rows] == ["", "10.1038/nature14539", ""]
    assert [r["arXiv_id"] for r in rows] == ["2310.17230", "", "2310.10000"]
    pd = pytest.importorskip("pandas")
    frame = papers.to_pandas()
    ids = frame["arxiv_id"]
    assert (ids[0], ids[2], bool(ids.isna()[1])) == ("2310.17230", "2310.10000", True)
    assert list(frame["doi"])[1] == "10.1038/nature14539"
    read = pd.read_csv(path, dtype=str, keep_default_na=False)  # as docs/export-format.md says
    assert list(read["arXiv_id"]) == ["2310.17230", "", "2310.10000"]
    pl = pytest.importorskip("polars")
    assert papers.to_polars()["arxiv_id"].to_list() == ["2310.17230", None, "2310.10000"]
    assert papers.to_polars().schema["arxiv_id"] == pl.String
