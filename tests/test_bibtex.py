"""BibTeX that strict readers accept: pybtex (its command line and a standard style) and
bibtexparser v2, on the sample and on papers with every kind of URL."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import safetylit
from safetylit import Paper, PaperSet, UrlKind

# One URL per kind (INVALID is left out: such a paper has no usable URL to write).
URL_OF_KIND = {
    UrlKind.ARXIV: "https://arxiv.org/abs/2310.17230v2",
    UrlKind.OPENREVIEW: "https://openreview.net/forum?id=AbC_12-x",
    UrlKind.DOI: "https://doi.org/10.1000/x_y%z<1>",
    UrlKind.PROCEEDINGS: "https://proceedings.neurips.cc/paper/2020/hash/abc-Abstract.html",
    UrlKind.PUBLISHER: "https://www.nature.com/articles/s41586-021-03819-2",
    UrlKind.BLOG: "https://www.anthropic.com/research/many-shot-jailbreaking",
    UrlKind.PUBLICATION_PAGE: "https://deepmind.google/research/publications/12345/",
    UrlKind.FORUM: "https://www.lesswrong.com/posts/abc/title_with_underscores",
    UrlKind.CODE: "https://github.com/owner/repo",
    UrlKind.VIDEO: "https://www.youtube.com/watch?v=abc&t=10",
    UrlKind.AGGREGATOR: "https://huggingface.co/papers/2310.17230",
    UrlKind.PDF: "https://example.org/files/paper%20one.pdf",
    UrlKind.OTHER: "https://example.org/page#section~1",
}


def every_kind() -> PaperSet:
    papers = [
        Paper(
            company="Lab & Co_",
            title=f"A {{tricky}} title about {kind.value}: 100% $x$",
            date=dt.date(2024, 6, 17),
            url=url,
            category="Robustness",
            abstract="We study it. It works #1.",
        )
        for kind, url in URL_OF_KIND.items()
    ]
    papers.append(Paper(company="", title="No company, no date, no URL"))
    papers.append(Paper(company="X", title="Old style", url="https://arxiv.org/abs/hep-th/9901001"))
    return PaperSet(papers)


def test_every_kind_is_covered() -> None:
    kinds = {p.url_info.kind for p in every_kind() if p.url_info is not None}
    assert kinds == set(UrlKind) - {UrlKind.INVALID}


@pytest.fixture(params=["sample", "every-kind"])
def bib(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    papers = safetylit.load(safetylit.sample_path()) if request.param == "sample" else every_kind()
    path = tmp_path / "papers.bib"
    papers.to_bibtex(path)
    return path


def test_pybtex_command_line_strict(bib: Path, tmp_path: Path) -> None:
    pytest.importorskip("pybtex")
    # The script sits beside this interpreter, even when its folder is not on PATH.
    here = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    command = shutil.which("pybtex-format", path=here)
    assert command is not None
    for style in ("plain", "unsrt", "alpha"):
        result = subprocess.run(
            [command, "--strict", "--style", style, str(bib), str(tmp_path / "out.txt")],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def test_pybtex_reads_entries_without_invented_authors(bib: Path) -> None:
    database = pytest.importorskip("pybtex.database")
    data = database.parse_file(str(bib), bib_format="bibtex")
    assert data.entries
    for entry in data.entries.values():
        assert entry.type == "misc"
        assert not entry.persons  # never an invented author


def test_pybtex_reads_ids_verbatim() -> None:
    database = pytest.importorskip("pybtex.database")
    data = database.parse_string(every_kind().to_bibtex(), bib_format="bibtex")
    dois = {e.fields["doi"] for e in data.entries.values() if "doi" in e.fields}
    assert "10.1000/x_y%z<1>" in dois
    eprints = {e.fields["eprint"] for e in data.entries.values() if "eprint" in e.fields}
    assert {"2310.17230", "hep-th/9901001"} <= eprints


def test_bibtexparser_v2(bib: Path) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    library = bibtexparser.parse_string(bib.read_text("utf-8"))
    assert library.failed_blocks == []
    assert library.entries
    for entry in library.entries:
        assert entry.entry_type == "misc"
        assert "author" not in entry.fields_dict


def test_fields_for_ids() -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    library = bibtexparser.parse_string(every_kind().to_bibtex())
    by_title = {e.fields_dict["title"].value: e.fields_dict for e in library.entries}
    arxiv = next(f for t, f in by_title.items() if "arxiv" in t)
    assert (arxiv["eprint"].value, arxiv["archiveprefix"].value) == ("2310.17230", "arXiv")
    assert "primaryclass" not in arxiv
    old = by_title["{Old style}"]
    assert (old["eprint"].value, old["primaryclass"].value) == ("hep-th/9901001", "hep-th")
    doi = next(f for t, f in by_title.items() if "about doi" in t)
    assert doi["doi"].value == "10.1000/x_y%z<1>"
    assert doi["url"].value == "https://doi.org/10.1000/x_y%z<1>"
    publisher = next(f for t, f in by_title.items() if "publisher" in t)
    assert publisher["doi"].value == "10.1038/s41586-021-03819-2"
    assert publisher["organization"].value == r"Lab \& Co\_"
    bare = by_title["{No company, no date, no URL}"]
    assert set(bare) == {"title"}
