"""safetylit: clean, validated, typed data from spreadsheet exports of AI-safety paper lists.

Examples:
    >>> import safetylit
    >>> papers = safetylit.load(safetylit.sample_path())
    >>> len(papers), papers.by_row(14).title
    (80, 'Circuits Updates — May 2023')
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from safetylit.api import load, loads, sample_path
from safetylit.duplicates import DuplicateGroup, Evidence, find_duplicates
from safetylit.errors import ExportParseError, SafetylitError, SafetylitWarning
from safetylit.export import record_schema
from safetylit.models import Paper, Problem, RejectedRow
from safetylit.paperset import PaperSet
from safetylit.quality import DEFAULT_CHECKS, Check, CheckContext
from safetylit.rules import CUT_RULES, Decision
from safetylit.streaming import iter_papers
from safetylit.urls import HostRule, UrlInfo, UrlKind, classify_url
from safetylit.vocabulary import default_categories, default_companies

try:
    __version__ = version("safetylit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
    __version__ = "0.0.0"

__all__ = [
    "CUT_RULES",
    "DEFAULT_CHECKS",
    "Check",
    "CheckContext",
    "Decision",
    "DuplicateGroup",
    "Evidence",
    "ExportParseError",
    "HostRule",
    "Paper",
    "PaperSet",
    "Problem",
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
