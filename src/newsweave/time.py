"""Days, ISO dates and written dates: the one set of helpers every stage uses (ground floor).

Dates travel between stages as ISO strings (``YYYY-MM-DD``); arithmetic on them uses day
numbers (proleptic ordinals), so "three days apart" is a subtraction.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")


def day_number(iso: str | None) -> int | None:
    """Proleptic ordinal of an ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), else None.

    >>> day_number("2024-03-05") - day_number("2024-03-01")
    4
    >>> day_number("2025-02-30") is None
    True
    """
    if not iso:
        return None
    parts = iso[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 and parts[1] else 1
        d = int(parts[2]) if len(parts) > 2 and parts[2] else 1
        return date(y, m, d).toordinal()
    except (ValueError, IndexError):
        return None  # impossible dates ("2025-02-30") are treated as unknown


def day_iso(day: int | None) -> str | None:
    """The ISO date of a day number (the inverse of :func:`day_number`), or None."""
    return date.fromordinal(day).isoformat() if day is not None else None


def iso_date(d: date | None) -> str | None:
    """``d`` as ``YYYY-MM-DD``, or None."""
    return d.isoformat() if d is not None else None


def from_iso(value: str | None) -> date | None:
    """The date at the start of an ISO string (``2024-03-05T10:00Z`` -> 2024-03-05), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def iso_day(value: Any) -> str | None:
    """The first ``YYYY-MM-DD`` of a date, datetime or string (a WARC-Date header), or None."""
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    match = _ISO_DAY.match(text)
    return match.group(1) if match else None


# -- written dates -----------------------------------------------------------------------------

_MONTH_NAMES = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
_MONTH_NAMES["sept"] = 9
#: Regex sources of a written month (``Jan.``, ``September``), day (``5th``) and year;
#: their groups are named ``mon``, ``day`` and ``year``.
MONTH_PATTERN = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DAY_PATTERN = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
YEAR_PATTERN = r"(?P<year>(?:19|20)\d{2})"
#: Full dates written in text: ``Jan. 5, 2025``, ``5 January 2025``, ISO ``2025-01-05``.
TEXT_DATES = (
    # Jan. 5, 2025
    re.compile(rf"\b{MONTH_PATTERN}\s+{DAY_PATTERN}(?:\s*,\s*|\s+){YEAR_PATTERN}\b", re.I),
    # 5 January 2025
    re.compile(rf"\b{DAY_PATTERN}\s+(?:of\s+)?{MONTH_PATTERN},?\s+{YEAR_PATTERN}\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),  # ISO
)

_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)?\d{2})\b")
# Year first with slashes or dots ("Published 2024/03/05", common on East Asian sites): always
# year-month-day, and dateparser misses it once a word precedes it.
_YMD = re.compile(
    r"\b(?P<year>(?:19|20)\d{2})(?P<sep>[/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})\b"
)
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/_-]?(?P<month>0[1-9]|1[0-2])[/_-]?(?P<day>0[1-9]|[12]\d|3[01])(?:[/_-]|\.html?|$)"
)


def valid_date(year: int, month: int, day: int) -> date | None:
    """The date ``year-month-day``, or None when no such day exists."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_number(token: str) -> int:
    """1-12 for an English month name or abbreviation ("Jan.", "sept", "December")."""
    name = token.lower().rstrip(".")
    return _MONTH_NAMES.get(name) or _MONTH_NAMES[name[:3]]


def parse_text_date(text: str) -> date | None:
    """First full date (day, month, year) written in ``text``, in an English or ISO form."""
    best: tuple[int, date] | None = None
    for rx in TEXT_DATES:
        for m in rx.finditer(text):
            gd = m.groupdict()
            month = int(gd["month"]) if gd.get("month") else month_number(gd["mon"])
            d = valid_date(int(gd["year"]), month, int(gd["day"]))
            if d is not None and (best is None or m.start() < best[0]):
                best = (m.start(), d)
            if d is not None:
                break
    return best[1] if best else None


def parse_date(text: str, languages: Sequence[str] | None = None) -> date | None:
    """Parse a dateline or metadata string ("Tuesday, 02 January 2024 12:17 GMT", "Jan. 5,
    2025", "2025-01-10", "05.01.2025", "Dienstag, 2. Januar 2024").

    Fast English/ISO regexes first; dateparser (any language) for the rest.
    """
    d = parse_text_date(text)
    if d is not None:
        return d
    ymd = _YMD.search(text)
    if ymd and (d := valid_date(int(ymd["year"]), int(ymd["month"]), int(ymd["day"]))):
        return d
    m = _NUMERIC.search(text)
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        y = y + 2000 if y < 100 else y
        # Day-first unless impossible: most of the world writes 05.01.2025 for 5 January.
        d = valid_date(y, b, a) or valid_date(y, a, b)
        if d is not None:
            return d
    import dateparser  # slow import (~0.5 s): only when a regex could not parse

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(
            text, languages=list(languages) if languages else None, settings=settings
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed is not None else None


def read_date(value: str | None) -> date | None:
    """The date of an ISO string (:func:`from_iso`), else of a written date (:func:`parse_date`)."""
    if not value:
        return None
    return from_iso(value) or parse_date(value)


def url_date(url: str | None) -> date | None:
    """Publication day written in a URL path (``/2014/05/16/``, ``/20140516-``)."""
    if not url:
        return None
    for m in _URL_DATE.finditer(url):
        d = valid_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        if d is not None:
            return d
    return None
