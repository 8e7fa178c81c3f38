"""Hosts and registered domains of URLs: the one host function every stage uses (ground floor).

Outlet detection, outlet lookup in the outlets file, feed ids and the web app all ask "whose
page is this?" through :func:`host_of`, so they see the same host for one URL: web-archive
URLs are unwrapped to the page they archive, ``www.`` and ports are dropped. Registered domains
come from the Public Suffix List shipped inside the ``publicsuffixlist`` package (read offline,
never fetched), so ``bbc.co.uk``, ``foo.github.io`` and ``yahoo.co.jp`` are domains of their own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

# Web archives wrap the original URL: http://web.archive.org/web/20151026092316/http://q13fox.com/...
_ARCHIVE = re.compile(
    r"^https?://(?:web\.archive\.org|archive\.(?:org|today|is|ph)|webcache\.googleusercontent\.com)"
    r"/(?:web/)?[^/]*/(?P<url>(?:https?:/?/?)?[^/]+\..*)$",
    re.I,
)


def host_of(url: str | None) -> str | None:
    """Host of ``url`` without ``www.`` and port, unwrapping web-archive URLs; None if absent.

    >>> host_of("http://web.archive.org/web/20151026092316/http://www.q13fox.com/x")
    'q13fox.com'
    >>> host_of("example.org/news") is None, host_of("") is None
    (False, True)
    """
    if not url:
        return None
    url = url.strip()
    m = _ARCHIVE.match(url)
    if m:
        url = m.group("url")
        url = re.sub(r"^(https?):/+", r"\1://", url)
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@lru_cache(maxsize=1)  # parsing the list takes ~50 ms; it is read-only, one per process
def _suffixes() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registered_domain(host: str) -> str:
    """The domain a registrant owns: ``chicago.suntimes.com`` -> ``suntimes.com``,
    ``news.bbc.co.uk`` -> ``bbc.co.uk``, ``foo.github.io`` stays. A host that is itself a
    public suffix (or not a domain) is returned unchanged.

    >>> registered_domain("miami.cbslocal.com"), registered_domain("www.bbc.co.uk")
    ('cbslocal.com', 'bbc.co.uk')
    """
    found: str | None = _suffixes().privatesuffix(host.lower().rstrip("."))
    return found or host


__all__ = ["host_of", "registered_domain"]
