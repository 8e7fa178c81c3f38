"""Days and ISO dates, the one set of helpers every stage uses (ground floor).

Dates travel between stages as ISO strings (``YYYY-MM-DD``); arithmetic on them uses day
numbers (proleptic ordinals), so "three days apart" is a subtraction.
"""

from __future__ import annotations

import re
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
