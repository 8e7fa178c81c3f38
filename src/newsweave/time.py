"""Days, ISO dates and written dates: the one set of helpers every stage uses (ground floor).

Dates travel between stages as ISO strings (``YYYY-MM-DD``); arithmetic on them uses day
numbers (proleptic ordinals), so "three days apart" is a subtraction.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
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
# Slash-separated path segments may drop the leading zero ("/2017/7/12/"); the separators make
# the reading unambiguous, unlike a compact "2017712".
_URL_DATE_SHORT = re.compile(
    r"/(?P<year>(?:19|20)\d{2})/(?P<month>[1-9]|1[0-2])/(?P<day>[1-9]|[12]\d|3[01])(?:/|\.html?|$)"
)
_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>0?[1-9]|1[0-2])/(?!\d)")


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
    """Publication day written in a URL path (``/2014/05/16/``, ``/20140516-``, ``/2017/7/12/``)."""
    if not url:
        return None
    for rx in (_URL_DATE, _URL_DATE_SHORT):
        for m in rx.finditer(url):
            d = valid_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
            if d is not None:
                return d
    return None


def url_month(url: str | None) -> tuple[int, int] | None:
    """``(year, month)`` of a URL path that names a month but no day (``/news/2011/12/slug``)."""
    if not url or url_date(url) is not None:
        return None
    m = _URL_MONTH.search(url)
    return (int(m.group("year")), int(m.group("month"))) if m else None


# -- written dates in several languages ----------------------------------------------------------

# Month names and abbreviations in English, German, French, Spanish, Italian, Portuguese and
# Dutch (the languages of the pages newsweave is measured on), lower case, without a dot.
_MONTH_WORDS = (
    "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari",
    "february feb februar feber février fevrier févr fevr febrero febbraio fevereiro fev februari",
    "march mar märz maerz mrz mär mars marzo março maart",
    "april apr avril avr abril aprile abr",
    "may mai mayo maggio mag maio mei",
    "june jun juni juin junio giugno giu junho",
    "july jul juli juillet juil julio luglio lug julho",
    "august aug august août aout agosto ago augustus",
    "september sep sept septembre septiembre settembre set setembro",
    "october oct oktober okt octobre octubre ottobre ott outubro out",
    "november nov novembre noviembre novembro",
    "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro",
)
WORLD_MONTHS: dict[str, int] = {
    word: i for i, words in enumerate(_MONTH_WORDS, start=1) for word in words.split()
}
_WORLD_MON = "|".join(sorted(map(re.escape, WORLD_MONTHS), key=len, reverse=True))
_W_YEAR = r"(?P<year>(?:19|20)\d{2})"
_YEAR_HINT = re.compile(r"(?:19|20)\d\d")
_WRITTEN = (
    # 5.3.2024, 05.03.2024 (day first: the dotted form is European)
    (
        "dmy",
        re.compile(
            r"(?<![\w.])(?P<day>[0-3]?\d)\.\s?(?P<month>[01]?\d)\.\s?" + _W_YEAR + r"(?!\w|\.\d)"
        ),
    ),
    # 05/03/2024: day or month first; when both readings exist both are kept (``other``)
    ("slash", re.compile(r"(?<![\w/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/" + _W_YEAR + r"(?![\w/])")),
    # 2024-03-05, 2024/03/05, 2024.03.05
    (
        "ymd",
        re.compile(
            r"(?<![\w.-])" + _W_YEAR + r"([-/.])(?P<month>[01]?\d)\2(?P<day>[0-3]?\d)(?![\d])"
        ),
    ),
    # 5 March 2024, 5. März 2024, 5th of March, 2024, 5 de marzo de 2024, 1er mars 2024
    (
        "dMy",
        re.compile(
            r"(?<![\w.])(?P<day>[0-3]?\d)(?:\.|st|nd|rd|th|er|º)?\s*(?:de\s+|of\s+)?"
            rf"(?P<mon>{_WORLD_MON})\.?,?\s+(?:de\s+)?{_W_YEAR}(?!\w)",
            re.I,
        ),
    ),
    # March 5, 2024, Mar. 5th 2024
    (
        "Mdy",
        re.compile(
            rf"(?<![\w])(?P<mon>{_WORLD_MON})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_W_YEAR}(?!\w)",
            re.I,
        ),
    ),
    # 2024年3月5日
    ("cjk", re.compile(_W_YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")),
)


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A full date written in text: its span, its day, and the other reading if ambiguous.

    ``other`` is set for a numeric date both of whose readings exist ("02/11/2023": 2 November
    or 11 February); ``day`` is then the earlier reading and neither should be trusted alone.
    """

    start: int
    end: int
    day: date
    other: date | None = None


def written_dates(
    text: str, earliest: date = date(1995, 1, 1), latest: date | None = None
) -> list[WrittenDate]:
    """Every full date (day, month, year) written in ``text``, in order of position.

    Reads numeric forms (``05.03.2024``, ``2024-03-05``, ``05/03/2024``), month names in the
    languages of :data:`WORLD_MONTHS` and ``2024年3月5日``; dates outside
    ``earliest``..``latest`` (default: tomorrow) are dropped.
    """
    if not _YEAR_HINT.search(text):
        return []  # most text nodes hold no year: skip the six patterns
    top = latest or date.today() + timedelta(days=1)
    found: dict[int, WrittenDate] = {}
    for kind, rx in _WRITTEN:
        for m in rx.finditer(text):
            if m.start() in found:
                continue
            year = int(m.group("year"))
            readings: list[date | None]
            if kind == "slash":
                a, b = int(m.group("a")), int(m.group("b"))
                readings = [valid_date(year, b, a), valid_date(year, a, b)]
            else:
                gd = m.groupdict()
                month = int(gd["month"]) if gd.get("month") else WORLD_MONTHS.get(gd["mon"].lower())
                readings = [valid_date(year, month, int(gd["day"])) if month else None]
            days = sorted({d for d in readings if d is not None and earliest <= d <= top})
            if days:
                other = days[1] if len(days) > 1 else None
                found[m.start()] = WrittenDate(m.start(), m.end(), days[0], other)
    return [found[k] for k in sorted(found)]
