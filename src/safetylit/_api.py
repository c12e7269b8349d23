"""The functions users call to read a whole file: :func:`load`, :func:`loads`, :func:`sample_path`.

They are thin drivers of the one load pipeline in ``_pipeline.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Literal

from safetylit import _progress
from safetylit._paperset import PaperSet
from safetylit._pipeline import Options, Source, load_content, read_source
from safetylit.quality import Check
from safetylit.sheets import SheetOptions

__all__ = ["Errors", "Source", "load", "loads", "sample_path"]

Errors = Literal["collect", "raise"]


def sample_path() -> Path:
    """Path of the sample export bundled with safetylit (80 papers from three labs).

    Examples:
        >>> sample_path().name
        'sample_export.txt'
    """
    return Path(str(resources.files("safetylit").joinpath("data/sample_export.txt")))


def load(
    source: Source,
    *,
    errors: Errors = "collect",
    companies: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    encoding: str | None = None,
    checks: Iterable[Check] | None = None,
    extra_checks: Iterable[Check] | None = None,
    closed_vocabulary: bool = False,
    columns: Mapping[str, str] | None = None,
    dayfirst: bool = False,
    sheet: str | int | None = None,
    progress: bool | None = None,
) -> PaperSet:
    """Read an export file, or the sheet itself (CSV, TSV, XLSX, ODS), into validated papers.

    Args:
        source: A path (``str`` or path-like), or an open text or binary file.
        errors: ``"collect"`` (default) reports problems in :attr:`PaperSet.problems`;
            ``"raise"`` finishes the pass, then raises one :class:`ExportParseError` holding every
            error-severity problem.
        companies: Company names to know in addition to the defaults and what the file teaches.
        categories: Category names to know likewise.
        encoding: Force an encoding instead of detecting UTF-8 / UTF-16 (by BOM) or falling
            back to cp1252.
        checks: Data-quality checks to run instead of :data:`safetylit.DEFAULT_CHECKS`
            (``[]`` runs none).
        extra_checks: Checks to run in addition to the defaults.
        closed_vocabulary: Flag companies and categories outside the known vocabulary
            (``unknown-company`` / ``unknown-category``).
        columns: For a sheet: headers to read as a paper field, beyond
            :data:`safetylit.sheets.HEADER_SYNONYMS` (``{"Lab": "company"}``).
        dayfirst: For a sheet: read ``05/06/2024`` as 5 June (a number above 12 decides anyway).
        sheet: For a workbook: the sheet to read, by name or 0-based index (default the first).
        progress: Show a progress bar on long loads: ``None`` (default) when a person is
            watching (a terminal or a notebook, never under pytest) and tqdm is installed,
            ``True`` always (needs ``pip install 'safetylit[progress]'``), ``False`` never.

    Returns:
        A :class:`PaperSet` in row order.

    Raises:
        FileNotFoundError: the path does not exist.
        IsADirectoryError: the path is a directory.
        ExportParseError: the file is not a text export, or ``errors="raise"`` and errors
            were found, or a sheet has no title column.
        MissingExtraError: a workbook, without ``pip install 'safetylit[excel]'``.
        ValueError: both ``checks`` and ``extra_checks`` were given, or ``errors`` is unknown.
        MissingExtraError: ``progress=True`` without tqdm installed.

    Examples:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> papers[0].title
        'Sycophancy to subterfuge: Investigating reward tampering in language models'
    """
    sheet_options = SheetOptions(dict(columns or {}), dayfirst, sheet)
    options = Options(
        errors, companies, categories, checks, extra_checks, closed_vocabulary, sheet_options
    )
    content, name, problems = read_source(source, encoding)
    # Hand the only reference over, so the text can be freed once it is split into lines.
    holder = [content]
    del content
    with _progress.scope(progress):
        return load_content(holder, name, problems, options)


def loads(
    text: str,
    *,
    errors: Errors = "collect",
    companies: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    checks: Iterable[Check] | None = None,
    extra_checks: Iterable[Check] | None = None,
    closed_vocabulary: bool = False,
    columns: Mapping[str, str] | None = None,
    dayfirst: bool = False,
) -> PaperSet:
    """Parse an export (or a CSV/TSV sheet) already in memory. Options and result as :func:`load`.

    Examples:
        >>> papers = loads("1\\n2\\nAnthropicMany-shot jailbreaking2-Apr-24"
        ...                "https://www.anthropic.com/research/many-shot-jailbreaking"
        ...                "Safety evaluationsWe investigate long-context attacks.\\n")
        >>> papers[0].company, papers[0].category
        ('Anthropic', 'Safety evaluations')
    """
    if not isinstance(text, str):
        raise TypeError(
            f"loads() takes text (str), not {type(text).__name__}; use load() for files"
        )
    sheet_options = SheetOptions(dict(columns or {}), dayfirst)
    options = Options(
        errors, companies, categories, checks, extra_checks, closed_vocabulary, sheet_options
    )
    return load_content([text], "<string>", [], options)
