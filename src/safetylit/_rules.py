"""The named rules that decide where the parser cuts a row into cells.

Every cut the parser makes between two pasted cells is decided by one rule, and the parser records
which (``PaperSet.explain(row)``), the way :attr:`UrlInfo.rule` explains a URL's kind. This
module lists the rules in the order the parser tries them for each cell, with what each means,
so a wrong cut can be traced to its rule and the rule to its code (search ``_parser.py`` and
``_url_cell.py`` for its name).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

__all__ = ["CUT_RULES", "Decision", "decisions_from"]

#: Rule name -> what it means, grouped by the cell it ends, in the order the parser tries them.
CUT_RULES: dict[str, str] = {
    # The date cell: the anchor between Company+Title and the URL.
    "date:before-url-or-cell-end": "a date cell followed by the URL, a TAB or the line's end",
    "date:before-pasted-cell": (
        "no URL in the row: a date pasted straight onto the next cell (a capital follows it)"
    ),
    "title:day-digit-by-slug": (
        "a title ending in digits ran into a two-digit day; the URL slug names the title's "
        "number with the day's first digit, so that digit is the title's"
    ),
    "title:day-digit-by-day": (
        "a title ending in a number ran into a two-digit day that does not exist; its first "
        "digit is the title's"
    ),
    "title:day-digit-completes-number": (
        "a title ending in a number that needs one more digit ('Gemini 1.', 'v') ran into the "
        "date: the day's first digit is the title's"
    ),
    # Where Company+Title ends when there is no date.
    "title:ends-at-url": "no date in the row: Company+Title runs up to the URL",
    "title:tab-cells-without-date-or-url": (
        "neither date nor URL: TABs separate the cells, so Company+Title ends at the second TAB"
    ),
    "title:lines-without-date-or-url": (
        "neither date nor URL: the company stands alone on the first line, the title on the second"
    ),
    "title:first-line-of-row-without-date-or-url": (
        "neither date nor URL: the first line is Company+Title, the next starts with a category"
    ),
    "title:ends-at-known-category": (
        "neither date nor URL on one line: Company+Title ends where a known category is pasted on"
    ),
    "title:ends-before-short-name": (
        "neither date nor URL, one line, no known category: the title ends where a short name "
        "stands between two pasted boundaries before a long text (the category, then the "
        "abstract)"
    ),
    # The company, cut from the title.
    "company:cell-alone": "the company stands alone on its line (or before a TAB): taken whole",
    "company:known-name": "a known or learned company name starts the row",
    "company:known-name-extended": (
        "a known name followed by a space goes on to the next pasted boundary "
        "('Meta AI ResearchCorrelating ...' is 'Meta AI Research')"
    ),
    "company:case-boundary": (
        "an unknown company ends where a pasted title starts: a change of case with no space "
        "('University of WashingtonAI Debate ...'); warned as company-guessed when other cuts "
        "were possible"
    ),
    # The URL cell.
    "url:before-duplicate-marker": "the URL ends where a [Duplicate] marker is pasted on",
    "url:before-known-category": "the URL ends where a known category name is pasted on",
    "url:line-end": "the URL ends its line, so it ends there (mixed-case ids and paths kept)",
    "url:before-separator": ("a TAB, or a space and a capital, follows the URL: a cell separator"),
    "url:arxiv-id-end": "an arXiv id is complete and a capital follows it",
    "url:capitalised-word-after-path": (
        "in the URL's last path segment, a capitalised word running to the next space is the "
        "category's first word ('.../thoughts-on-human-modelsLearning human intent')"
    ),
    "url:token-end": "the URL runs to the next space or TAB",
    # The category, cut from the abstract.
    "category:cell-alone": "the category stands alone on its line or before a TAB",
    "category:known-name": "a known or learned category name starts the cell",
    "category:known-name-extended": (
        "a known name followed by a space goes on to the next pasted boundary or the row's end "
        "('Alignment (general)I suggest ...' is 'Alignment (general)')"
    ),
    "category:case-boundary": (
        "an unknown category ends where the abstract starts: a change of case with no space, "
        "preferring one after a lowercase letter or a bracket"
    ),
    "category:alone-at-row-end": "the row ends with a short name and no abstract",
}


class Decision(BaseModel):
    """Why one cell of a row ends where it does: the rule that cut it.

    Attributes:
        field: The cell the rule ended (``"company"``, ``"url"``, ...).
        rule: The rule's name, a key of :data:`CUT_RULES`.
        description: What the rule means.

    Examples:
        >>> import safetylit
        >>> papers = safetylit.load(safetylit.sample_path())
        >>> [d.rule for d in papers.explain(2)][:2]
        ['date:before-url-or-cell-end', 'url:before-known-category']
    """

    model_config = ConfigDict(frozen=True)

    field: str
    rule: str
    description: str

    def __str__(self) -> str:
        return f"{self.field}: {self.rule} ({self.description})"


def decisions_from(pairs: Iterable[tuple[str, str]]) -> list[Decision]:
    """:class:`Decision` models for the parser's ``(field, rule)`` records."""
    return [
        Decision(field=field, rule=rule, description=CUT_RULES.get(rule, ""))
        for field, rule in pairs
    ]
