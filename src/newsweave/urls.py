"""Hosts and registered domains of URLs: the one host function every stage uses (ground floor).

Outlet detection, outlet lookup in the outlets file, feed ids and the web app all ask "whose
page is this?" through :func:`host_of`, so they see the same host for one URL: web-archive
URLs are unwrapped to the page they archive, ``www.`` and ports are dropped. Registered domains
come from the Public Suffix List shipped inside the ``publicsuffixlist`` package (read offline,
never fetched), so ``bbc.co.uk``, ``foo.github.io`` and ``yahoo.co.jp`` are domains of their own.

:func:`redact` hides the passwords URLs may carry (a ``postgresql://user:password@host``
store, a feed behind basic auth): every message, error and log line that can name a URL
goes through it.
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


# ``scheme://userinfo@``: the userinfo runs to the LAST "@" before the host (a password may hold
# an unescaped "@"), never past a "/", "?", "#" or white space.
_USERINFO = re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.-]*://)(?P<userinfo>[^/?#\s]*)@", re.I)
# ``password=...`` as a query parameter or libpq key/value (``?password=x``, ``password='x'``).
_PASSWORD_PARAM = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd)\s*=\s*)(?:'(?:[^'\\]|\\.)*'|\"[^\"]*\"|[^&\s;,)]+)",
    re.I,
)
#: What a hidden password is shown as.
HIDDEN = "***"


def redact(text: str) -> str:
    """``text`` with every password of a URL (or ``password=`` parameter) in it hidden.

    The user name and the rest stay, so a message still says which server and account it
    means.

    >>> redact("Cannot connect (postgresql://ana:s3cr%40t@db.example:5432/news)")
    'Cannot connect (postgresql://ana:***@db.example:5432/news)'
    >>> redact("postgresql://db.example/news?user=ana&password=s3cret")
    'postgresql://db.example/news?user=ana&password=***'
    >>> redact("news.db"), redact("https://token@feeds.example/rss")
    ('news.db', 'https://***@feeds.example/rss')
    """
    if "@" in text:
        text = _USERINFO.sub(_hide_userinfo, text)
    if "=" in text:
        text = _PASSWORD_PARAM.sub(lambda m: m.group("key") + HIDDEN, text)
    return text


def _hide_userinfo(match: re.Match[str]) -> str:
    user, colon, _ = match.group("userinfo").partition(":")
    # "user:password@" keeps the user; a lone "token@" is a credential of its own.
    shown = f"{user}:{HIDDEN}" if colon else HIDDEN
    return f"{match.group('scheme')}{shown}@"


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


__all__ = ["HIDDEN", "host_of", "redact", "registered_domain"]
