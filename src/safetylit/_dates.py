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

__all__ = ["DATE_ANCHOR", "DATE_BEFORE_CELL", "date_from_serial", "parse_date_parts", "read_date"]

_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_URL_START = r"(?:https?(?::/{1,3}|//)|www\.)"
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


# A whole cell holding one date, in the export's forms (DATE_ANCHOR's three), with an optional
# time of day after an ISO date (what spreadsheets and pandas write), or with slashes or dots.
_CELL_DATE = re.compile(
    rf"(?P<d1>\d{{1,2}})[- ](?P<m1>(?i:{_MON}))\.?(?:-|,? )(?P<y1>\d{{4}}|\d{{2}})"
    rf"|(?P<y2>\d{{4}})[-/.](?P<m2>\d{{1,2}})[-/.](?P<d2>\d{{1,2}})"
    r"(?:[T ]0?0:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?"
    rf"|(?P<m3>(?i:{_MON}))\.? (?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y3>\d{{4}})"
    rf"|(?P<a4>\d{{1,2}})(?P<sep>[/.])(?P<b4>\d{{1,2}})(?P=sep)(?P<y4>\d{{4}}|\d{{2}})"
)


def read_date(text: str, *, dayfirst: bool = False) -> _dt.date | None:
    """Read a date cell as a spreadsheet shows it; None when it is no date that exists.

    The export's forms (``17-Jun-24``, ``2024-06-17``, ``17 June 2024``, ``June 17, 2024``) and
    the numeric forms sheets write: ``6/17/2024`` or, with ``dayfirst=True``, ``17/06/2024``
    (also with dots or two-digit years). A number above 12 decides the order whatever
    ``dayfirst`` says. An ISO date may carry a midnight time (``2024-06-17 00:00:00``).
    Two-digit years use the fixed pivot of :func:`full_year`; nothing comes from today.

    Examples:
        >>> read_date("17-Jun-24"), read_date("6/17/2024")
        (datetime.date(2024, 6, 17), datetime.date(2024, 6, 17))
        >>> read_date("05/06/2024", dayfirst=True)
        datetime.date(2024, 6, 5)
        >>> read_date("31-Feb-24") is None, read_date("soon") is None
        (True, True)
    """
    found = _CELL_DATE.fullmatch(text.strip())
    if found is None:
        return None
    parts = found.groupdict()
    for index in "123":
        if parts["y" + index] is not None:
            return parse_date_parts(parts["d" + index], parts["m" + index], parts["y" + index])
    first, second, year = parts["a4"], parts["b4"], parts["y4"]
    if int(first) > 12 or (dayfirst and int(second) <= 12):
        day, month = first, second
    else:
        day, month = second, first
    return parse_date_parts(day, month, year)


_SERIAL_EPOCH = _dt.date(1899, 12, 30)  # day 0 as Excel (after its 1900 leap-year bug) counts


def date_from_serial(serial: float) -> _dt.date | None:
    """The date a spreadsheet's day number stands for (``45460`` is 2024-06-17); None outside
    1900-03-01 .. 9999-12-31.

    Examples:
        >>> date_from_serial(45460)
        datetime.date(2024, 6, 17)
    """
    if not 61 <= serial < 2958466:
        return None
    return _SERIAL_EPOCH + _dt.timedelta(days=int(serial))
