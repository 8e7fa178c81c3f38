"""Publication date of an HTML page, read at ingest from the page itself.

:func:`html_date` tries, in order, a timestamp the page declares in structured metadata,
htmldate (fast, then extensive search) and a date in the URL path; :func:`page_date` is the
ingest wrapper that never raises. Written-date parsing is shared with the extract stage through
:mod:`newsweave.time`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsweave.time import read_date, url_date

# Explicit publication timestamps a page declares about itself (JSON-LD, Open Graph, Dublin
# Core, schema.org microdata, Parse.ly), as ISO 8601 only: an ambiguous "11/01/2023" proves
# nothing.
_ISO_VALUE = r"(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)(?:[T ][0-2]\d:[0-5]\d[^\"'<>]*)?"
_PUBLISHED_KEYS = (
    r"article:published_time|og:published_time|og:article:published_time|datepublished|"
    r"dc\.date\.issued|dcterms\.issued|dcterms\.created|parsely-pub-date|publication_date|"
    r"pubdate|publish-date|published_date|sailthru\.date"
)
_PUBLISHED_PATTERNS = (
    re.compile(r"[\"']datePublished[\"']\s*:\s*[\"']" + _ISO_VALUE, re.I),
    re.compile(
        r"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"'](?:" + _PUBLISHED_KEYS + r")[\"']"
        r"[^>]*?content\s*=\s*[\"']\s*" + _ISO_VALUE,
        re.I,
    ),
    re.compile(
        r"<meta\b[^>]*?content\s*=\s*[\"']\s*" + _ISO_VALUE + r"[\"'][^>]*?"
        r"(?:property|name|itemprop)\s*=\s*[\"'](?:" + _PUBLISHED_KEYS + r")[\"']",
        re.I,
    ),
    re.compile(
        r"<time\b[^>]*?itemprop\s*=\s*[\"']datePublished[\"'][^>]*?datetime\s*=\s*[\"']"
        + _ISO_VALUE,
        re.I,
    ),
)


def declared_published(html: str, latest: date | None = None) -> date | None:
    """The publication date a page declares in its structured metadata, if any (ISO only)."""
    top = latest or date.today() + timedelta(days=1)
    for rx in _PUBLISHED_PATTERNS:
        for m in rx.finditer(html):
            d = read_date(m.group("iso"))
            if d is not None and date(1995, 1, 1) <= d <= top:
                return d
    return None


def html_date(html: str, url: str | None = None, *, extensive: bool | None = None) -> str | None:
    """Publication date (ISO) of a web page, or None.

    1. a publication timestamp the page declares in structured metadata (JSON-LD
       ``datePublished``, ``article:published_time``, Dublin Core ...), as written (the
       publisher's local day, not converted to UTC);
    2. htmldate with ``original_date=True`` (the first publication, not the last update),
       fast search;
    3. htmldate's extensive search (slow: the whole page text) when the fast one finds none;
    4. a date in the URL path.

    Rule order and the fast-then-extensive choice were tuned on half of ../shared/data/dates
    and checked on the other half (benchmarks/dates.py prints both).

    Args:
        html: the page source.
        url: the page address, if known.
        extensive: None runs the extensive search only when the fast one finds nothing;
            True or False force it on or off.
    """
    declared = declared_published(html)
    if declared is not None:
        return declared.isoformat()
    from htmldate import find_date  # imported here: lxml parsing setup is paid only for HTML

    passes = (False, True) if extensive is None else (extensive,)
    for ext in passes:
        try:
            found = find_date(
                html, url=url, original_date=True, extensive_search=ext, outputformat="%Y-%m-%d"
            )
        except Exception:  # htmldate raises assorted parser errors on broken markup
            found = None
        if found:
            return str(found)
    d = url_date(url)
    return d.isoformat() if d else None


def page_date(html: str, url: str | None = None) -> str | None:
    """Publication date of a page (ISO) by :func:`html_date`; None when it fails."""
    try:
        return html_date(html, url)
    except Exception:  # a date must never cost the article
        return None


__all__ = ["declared_published", "html_date", "page_date"]
