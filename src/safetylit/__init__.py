"""safetylit: clean, validated, typed data from spreadsheet exports of AI-safety paper lists.

Examples:
    >>> import safetylit
    >>> papers = safetylit.load(safetylit.sample_path())
    >>> len(papers), papers.by_row(14).title
    (80, 'Circuits Updates — May 2023')
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from safetylit._api import load, loads, sample_path
from safetylit._errors import ExportParseError, SafetylitError, SafetylitWarning
from safetylit._export import record_schema
from safetylit._models import Paper, Problem, RejectedRow
from safetylit._paperset import PaperSet, ProblemTable
from safetylit._problems import PROBLEM_CODES, ProblemKind
from safetylit._rules import CUT_RULES, Decision
from safetylit._streaming import iter_papers
from safetylit._vocabulary import default_categories, default_companies
from safetylit.duplicates import DuplicateGroup, Evidence, find_duplicates
from safetylit.quality import DEFAULT_CHECKS, Check, CheckContext
from safetylit.urls import HostRule, UrlInfo, UrlKind, classify_url

try:
    __version__ = version("safetylit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
    __version__ = "0.0.0"

__all__ = [
    "CUT_RULES",
    "DEFAULT_CHECKS",
    "PROBLEM_CODES",
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
