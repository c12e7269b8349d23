"""Finding and reading the Date cell.

The date is the anchor that separates a row's Company+Title from its URL, so the patterns here also
decide where the title ends. Values are read with python-dateutil with an explicit ``default=``, so
nothing is ever filled in from today, and two-digit years use a fixed pivot, never the clock.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from dateutil import parser as _dateutil_parser

__all__ = ["DATE_ANCHOR", "DATE_BEFORE_CELL", "parse_date_parts"]

_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_URL_START = r"(?:https?://|www\.)"
# What may follow a date cell: end of line, a TAB, or the URL (pasted on, or after a space).
_AFTER = rf"(?=[ \t]*$|\t|[ ]?{_URL_START}|[a-z0-9-]+(?:\.[a-z0-9-]+)+/)"

#: Matches a date cell in one of the accepted forms, followed by what may follow a date cell.
DATE_ANCHOR = re.compile(
    rf"(?:(?P<d1>\d{{1,2}})[- ](?P<m1>(?i:{_MON}))\.?(?:-|,? )(?P<y1>\d{{4}}|\d{{2}})"
    rf"|(?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})"
    rf"|(?P<m3>(?i:{_MON}))\.? (?P<d3>\d{{1,2}}),? (?P<y3>\d{{4}})){_AFTER}",
    re.MULTILINE,
)

#: A date cell pasted straight onto the next cell (a category, which may start in lowercase),
#: in a row without a URL:
#: ``"...wager15-Mar-17Alignment (general)The ..."``. Weaker evidence than :data:`DATE_ANCHOR`,
#: so the parser tries it only when that finds nothing.
DATE_BEFORE_CELL = re.compile(DATE_ANCHOR.pattern.replace(_AFTER, r"(?=[^\W\d_]|[\[(\"'“‘])"))

_DEFAULT = _dt.datetime(2000, 1, 1)  # only its date part is ever used
_PIVOT = 69  # POSIX strptime: 69-99 -> 1900s, 00-68 -> 2000s


def full_year(year: str) -> int:
    """Four-digit year for a two- or four-digit year string, with a fixed pivot."""
    value = int(year)
    if len(year) > 2:
        return value
    return value + (1900 if value >= _PIVOT else 2000)


@lru_cache(maxsize=8192)
def parse_date_parts(day: str, month: str, year: str) -> _dt.date | None:
    """Read a date from its parts (month as a name or a number); None when it does not exist.

    Examples:
        >>> parse_date_parts("24", "May", "23")
        datetime.date(2023, 5, 24)
        >>> parse_date_parts("31", "Feb", "24") is None
        True
    """
    number = _MONTH_NUMBERS.get(month.lower()) if not month.isdigit() else int(month)
    year_value = full_year(year)
    if number is not None and year_value >= 100:
        # The parts are already separated, so the constructor decides exactly what dateutil
        # would, at a fraction of its cost (it is called for every row).
        try:
            return _dt.date(year_value, number, int(day))
        except ValueError:
            return None
    # Rare spellings, and years written as 00xx, which dateutil reads with its own pivot.
    month_name = month if not month.isdigit() else _MONTH_NAMES.get(int(month), "")
    if not month_name:
        return None
    text = f"{int(day)} {month_name} {full_year(year)}"
    try:
        return _dateutil_parser.parse(text, default=_DEFAULT).date()
    except (ValueError, OverflowError):
        return None


_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_MONTH_NAMES = {
    1: "Jan",
    2: "Feb",
    3: "Mar",
    4: "Apr",
    5: "May",
    6: "Jun",
    7: "Jul",
    8: "Aug",
    9: "Sep",
    10: "Oct",
    11: "Nov",
    12: "Dec",
}
