"""RSS and Atom feeds (files or URLs): one article per item, with feedparser.

Each item becomes an :class:`~newsweave.models.Article`:

- ``id``: the item's guid when it is a plain token (``hg-2024-0305-strike-fund``); when the
  guid is a URL, or there is only a link, an id derived from the link (:func:`url_id`); failing
  both, a hash of the feed, title and date. Stable across runs and feed re-fetches.
- ``title``, ``url`` (the link), ``outlet`` (the feed's title), ``authors``, and the claimed
  date from ``published`` (else ``updated``), read as written -- the publisher's local day,
  not converted to UTC as feedparser's ``*_parsed`` fields are.
- ``text``: the item's full content (``content:encoded``, Atom ``content``) as plain text, else
  its summary. When the item carries fewer than :data:`FOLLOW_WORDS` words and has a link,
  the link is fetched (politely, cached; see :mod:`newsweave.ingest.fetch`) and the page
  extracted; if that fails the summary is kept and ``meta["link_error"]`` says why. An item
  with a title and no other text is its headline (``meta["text_from"] = "title"``).

Broken feeds: feedparser's loose parser recovers what it can from malformed XML and wrong
encodings (it sets ``bozo``); every recovered item is read and carries
``meta["feed_warning"]``; a feed with no recoverable item is one rejection with the parser's
reason. An item with neither text nor title is a rejection of that item only.

Files are recognised as feeds by their root element (:func:`looks_like_feed`), whatever their
suffix: RSS, Atom, RDF and CDF roots, with a namespace prefix (``<r:rss>``), after a DOCTYPE
declaring entities, in UTF-8, UTF-16 or UTF-32 with or without a byte-order mark.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newsweave.config import Settings
from newsweave.ingest.base import (
    HTML_MODULES,
    Item,
    clean_newlines,
    content_hash,
    normalize_date,
    read_limited,
    register_reader,
    reject,
    safe_id,
)
from newsweave.ingest.html import html_to_text
from newsweave.models import Article
from newsweave.urls import host_of

#: Items with fewer words than this carry a teaser, not the article: their link is followed.
#: Feed descriptions and teasers run 20-80 words; full-content feeds carry hundreds. Not tuned
#: on data; a feed of genuinely short items (briefs) only costs one cached fetch per item.
FOLLOW_WORDS = 120

_WORD = re.compile(r"\w+")
_SLUG_JUNK = re.compile(r"\.(s?html?|php|aspx?|jsp|cms)$", re.IGNORECASE)


def url_id(url: str) -> str:
    """A readable, stable article id from a URL: last path segment slug + 8 hex of its hash.

    ``https://x.example/news/port-reopens.html`` -> ``port-reopens-1a2b3c4d``. The hash keeps
    ids of different URLs with the same slug (``index``, numeric ids) apart.
    """
    digest = hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    try:
        parts = urlsplit(url)
        segments = [unquote(s) for s in parts.path.split("/") if s]
    except ValueError:
        segments, parts = [], None
    slug = ""
    for segment in reversed(segments):
        candidate = _SLUG_JUNK.sub("", segment)
        if candidate and candidate.lower() not in ("index", "default", "article", "story"):
            slug = candidate
            break
    if not slug:
        slug = host_of(url) or "page"
    slug = re.sub(r"[^\w\-]+", "-", slug).strip("-").lower()[:80] or "page"
    return safe_id(f"{slug}-{digest}")


def local_day(value: Any) -> str | None:
    """ISO day of an RSS (RFC 822) or Atom (ISO 8601) date string, in the writer's time zone."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed: datetime | None = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
    if parsed is not None:
        try:
            return parsed.date().isoformat()
        except (OverflowError, ValueError):
            return None
    return normalize_date(text)


def _parsed_day(entry: Mapping[str, Any]) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value[0], value[1], value[2]).isoformat()
            except (TypeError, ValueError, IndexError):
                continue
    return None


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _detail_text(detail: Any) -> str:
    """Plain text of a feedparser text construct (a dict with ``value`` and ``type``)."""
    if not isinstance(detail, Mapping):
        return ""
    value = detail.get("value")
    if not isinstance(value, str):
        return ""
    # Plain-text constructs too: entities left in them ("Free&nbsp;Описание") are HTML
    # escaped twice, and read as HTML they become the characters they stand for.
    return html_to_text(value)


def _entry_body(entry: Mapping[str, Any]) -> tuple[str, str]:
    """(full content text, summary text) of a feed entry."""
    contents = entry.get("content")
    full = ""
    if isinstance(contents, list):
        texts = [_detail_text(c) for c in contents]
        full = max(texts, key=len, default="")
    summary = _detail_text(entry.get("summary_detail"))
    if not summary and isinstance(entry.get("summary"), str):
        summary = html_to_text(str(entry.get("summary")))
    return full, summary


def _http_link(entry: Mapping[str, Any]) -> str | None:
    link = entry.get("link")
    if isinstance(link, str) and link.strip().lower().startswith(("http://", "https://")):
        return link.strip()
    return None


def _item_id(entry: Mapping[str, Any], link: str | None, fallback: str) -> tuple[str, str]:
    """(article id, key of the item within its feed)."""
    guid = entry.get("id")
    if isinstance(guid, str) and guid.strip():
        guid = guid.strip()
        if guid.lower().startswith(("http://", "https://")):
            return url_id(guid), guid
        return safe_id(guid), guid
    if link:
        return url_id(link), link
    return fallback, fallback


def parse_feed(data: bytes) -> Any:
    """feedparser's result for feed bytes (UTF-16/32 given to it as UTF-8: :func:`utf8_feed`).

    The bytes go in as a stream: given a str feedparser fetches URLs, and given bytes it first
    tries to open them as a file name.
    """
    import io

    import feedparser

    from newsweave.ingest.base import without_surrogate_refs

    # A reference to a surrogate (``&#xD83D;``) made feedparser fail on the whole feed.
    return feedparser.parse(
        io.BytesIO(without_surrogate_refs(utf8_feed(data))),
        sanitize_html=False,
        resolve_relative_uris=True,
    )


#: What may stand before a feed's root element: XML declaration and processing instructions,
#: comments, and a DOCTYPE whose internal subset declares entities (``<!ENTITY x "...">``).
_PROLOG = re.compile(
    r"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE\s[^\[>]*(?:\[.*?\]\s*)?>)*",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = re.compile(r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")
#: Root elements (local names, any namespace prefix) of the feed formats feedparser reads:
#: RSS 0.9x/2.0, Atom, RSS 1.0 / 0.90 (RDF), and Microsoft's CDF (``<CHANNEL>``).
_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_XML_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _xml_encoding(data: bytes) -> tuple[int, str]:
    """(length of the byte-order mark, codec) of an XML document, as XML 1.0 (appendix F)
    detects it: a byte-order mark, else the pattern of NUL bytes around the first ``<``
    (UTF-16/32 without a mark), else ``latin-1`` standing for any ASCII-compatible encoding
    (its declaration, read by feedparser, says which)."""
    for bom, codec in _XML_BOMS:
        if data.startswith(bom):
            return len(bom), codec
    first = data[:4].ljust(4, b"\x01")
    if first[:3] == b"\x00\x00\x00":
        return 0, "utf-32-be"
    if first[0] and first[1:] == b"\x00\x00\x00":
        return 0, "utf-32-le"
    if first[0] == 0 and first[1]:
        return 0, "utf-16-be"
    if first[0] and first[1] == 0:
        return 0, "utf-16-le"
    return 0, "latin-1"


def _decoded(data: bytes, bom: int, codec: str) -> str:
    width = 4 if "32" in codec else 2 if "16" in codec else 1
    data = data[bom:]
    return data[: len(data) - len(data) % width].decode(codec, "replace")


def _xml_head(data: bytes) -> str:
    """The start of an XML document as text, for finding its root element (only the ASCII
    markup matters)."""
    bom, codec = _xml_encoding(data)
    return _decoded(data, bom, codec)


_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml\b[^>]*?)\sencoding\s*=\s*["'][^"']*["']""")


def utf8_feed(data: bytes) -> bytes:
    """A UTF-16/UTF-32 feed (with or without a byte-order mark) as UTF-8 with its encoding
    declaration dropped; other bytes unchanged.

    feedparser reads UTF-16 only when the document also declares it, and UTF-32 hardly at all;
    as UTF-8 (XML's default) it reads them like any feed.
    """
    bom, codec = _xml_encoding(data)
    if codec in ("utf-8", "latin-1"):
        return data
    return _DECLARED_ENCODING.sub(r"\1", _decoded(data, bom, codec), count=1).encode("utf-8")


def feed_root(data: bytes) -> str | None:
    """Local name of the root element of XML ``data`` (lower-case), or None when none is found
    before other content."""
    head = _xml_head(data)
    prolog = _PROLOG.match(head)
    root = _ROOT.match(head, prolog.end() if prolog else 0)
    return root.group(1).rsplit(":", 1)[-1].lower() if root else None


def looks_like_feed(data: bytes) -> bool:
    """True for bytes whose root element is an RSS, Atom, RDF or CDF feed's (any namespace
    prefix, any XML encoding, after any prolog). An RDF root counts when a ``channel``
    follows: RDF/XML that is not RSS 1.0 has none."""
    root = feed_root(data)
    if root == "rdf":
        return "channel" in _xml_head(data[:65536]).lower()
    return root in _FEED_ROOTS


def read_feed_bytes(
    data: bytes,
    *,
    source: str,
    settings: Settings,
    path: str | None = None,
    feed_url: str | None = None,
    source_key: str | None = None,
    fetcher: Any = None,
    follow_links: bool = True,
) -> Iterator[Item]:
    """Read the items of a feed given as bytes.

    Args:
        data: the feed document.
        source: how the feed is named in rejections (its path or URL).
        settings: size limits, and fetch settings when links are followed.
        path: the feed file, if any (set on every article).
        feed_url: the feed's URL, if it was fetched.
        source_key: stable key of the feed (default: ``source``); items add ``#<guid>``.
        fetcher: a :class:`~newsweave.ingest.fetch.Fetcher` to follow teaser links with; one
            is made (and closed) on first need when None.
        follow_links: False never fetches (items keep their summaries).
    """
    try:
        feed = parse_feed(data)
    except ImportError:
        raise  # a broken install: the reader's wrapper stops the run (base.register_reader)
    except Exception as exc:  # feedparser is robust, but a reader must never raise
        yield reject(source, f"cannot parse feed: {type(exc).__name__}: {exc}")
        return
    entries = list(feed.get("entries") or [])
    warning = ""
    if feed.get("bozo"):
        problem = feed.get("bozo_exception")
        warning = f"{type(problem).__name__}: {problem}"[:300] if problem else "malformed feed"
    if not entries:
        reason = f"broken feed ({warning})" if warning else "feed has no items"
        yield reject(source, reason)
        return
    info = feed.get("feed") or {}
    outlet = info.get("title") if isinstance(info.get("title"), str) else None
    outlet = " ".join(outlet.split()) or None if outlet else None
    key_base = source_key or source
    stem = safe_id(Path(path).stem) if path else safe_id(host_of(feed_url) or "feed")
    own_fetcher = None
    seen: dict[str, int] = {}
    try:
        for number, entry in enumerate(entries, start=1):
            label = f"{source}#item {number}"
            link = _http_link(entry)
            title_raw = entry.get("title")
            title = " ".join(title_raw.split()) or None if isinstance(title_raw, str) else None
            published = entry.get("published") or entry.get("updated") or entry.get("created")
            claimed = local_day(published) or _parsed_day(entry)
            fallback = safe_id(
                f"{stem}-"
                + hashlib.sha1(f"{key_base}|{title}|{published}".encode()).hexdigest()[:10]
            )
            article_id, item_key = _item_id(entry, link, fallback)
            # Feeds sometimes repeat a guid; the second copy gets its own key, not a clash.
            seen[item_key] = seen.get(item_key, 0) + 1
            if seen[item_key] > 1:
                item_key = f"{item_key}~{seen[item_key]}"
            full, summary = _entry_body(entry)
            # The one with more words; with no words in either ("…"), the longer one.
            text = max((full, summary), key=lambda t: (_words(t), len(t.strip())))
            meta: dict[str, str] = {}
            if warning:
                meta["feed_warning"] = warning
            if summary and summary != text:
                meta["summary"] = summary[:2000]
            if feed_url:
                meta["feed_url"] = feed_url
            page_title = page_outlet = page_date = None
            if _words(text) < FOLLOW_WORDS and link and follow_links:
                if fetcher is None and own_fetcher is None:
                    from newsweave.ingest.fetch import Fetcher

                    own_fetcher = Fetcher(settings)
                got = _follow(link, fetcher or own_fetcher)
                if isinstance(got, str):
                    meta["link_error"] = got
                else:
                    if text:
                        meta.setdefault("summary", text[:2000])
                    text = got.text
                    page_title, page_outlet, page_date = got.title, got.site_name, got.date
                    meta["followed_link"] = link
            if not clean_newlines(text).strip() and title and clean_newlines(title).strip():
                # A headline-only item (tickers, link-only feeds whose page failed): the
                # headline is what the publisher said; meta says so.
                text = title
                meta["text_from"] = "title"
            if not clean_newlines(text).strip():
                reason = "item has no text"
                if meta.get("link_error"):
                    reason += f" and its link failed: {meta['link_error']}"
                elif not link:
                    reason += " and no link"
                yield reject(label, reason)
                continue
            if len(text) > settings.max_file_bytes:
                yield reject(label, f"item text over max_file_bytes={settings.max_file_bytes}")
                continue
            raw = clean_newlines(text).strip()
            claimed = claimed or page_date
            authors = tuple(
                a["name"].strip()
                for a in entry.get("authors") or []
                if isinstance(a, Mapping) and isinstance(a.get("name"), str) and a["name"].strip()
            )
            yield Article(
                id=article_id,
                text=raw,
                raw_text=raw,
                title=title or page_title,
                outlet=outlet or page_outlet,
                url=link,
                path=path,
                source_key=f"{key_base}#{item_key}",
                claimed_date=claimed,
                date=claimed,
                date_source=("feed" if local_day(published) or _parsed_day(entry) else "html")
                if claimed
                else None,
                authors=authors,
                content_hash=content_hash(raw),
                meta=meta,
            )
    finally:
        if own_fetcher is not None:
            own_fetcher.close()


def _follow(link: str, fetcher: Any) -> Any:
    """The extracted page behind ``link``, or a string saying why there is none."""
    from newsweave.ingest.fetch import HTML_TYPES, Failure
    from newsweave.ingest.html import decode_html, extract_html

    response = fetcher.fetch(link, accept=HTML_TYPES)
    if isinstance(response, Failure):
        return response.reason
    try:
        html = decode_html(response.body, response.charset)
    except ValueError as exc:
        return f"cannot decode the linked page: {exc}"
    page = extract_html(html, response.final_url)
    if page is None:
        return "no article text in the linked page"
    return page


@register_reader(
    "feed",
    (".rss", ".atom", ".rdf", ".rss.xml", ".atom.xml"),
    sniff=looks_like_feed,
    exact=True,
    requires=("feedparser", *HTML_MODULES),
)
def read_feed(path: Path, settings: Settings, fetcher: Any = None) -> Iterator[Item]:
    """Read an RSS/Atom/RDF feed file: one article per item.

    ``fetcher`` (the run's :class:`~newsweave.ingest.fetch.Fetcher`) follows teaser links;
    without one, a private fetcher is made on first need.
    """
    source = str(path)
    try:
        data = read_limited(path, settings)
    except (OSError, ValueError) as exc:
        yield reject(source, f"cannot read feed: {exc}")
        return
    if not data.strip():
        yield reject(source, "empty file")
        return
    yield from read_feed_bytes(
        data,
        source=source,
        settings=settings,
        path=source,
        source_key=str(path.resolve()),
        fetcher=fetcher,
    )


__all__ = [
    "FOLLOW_WORDS",
    "feed_root",
    "local_day",
    "looks_like_feed",
    "parse_feed",
    "read_feed",
    "read_feed_bytes",
    "url_id",
]
