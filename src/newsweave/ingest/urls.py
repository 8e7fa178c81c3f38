"""URLs and URL lists: fetch politely (see :mod:`newsweave.ingest.fetch`), then read the page.

A URL answering with an HTML page is one article (extracted as HTML files are); one answering
with a feed yields the feed's items (see :mod:`newsweave.ingest.feeds`); plain text is one
article as is. The raw response is cached, so a rerun re-extracts without refetching (feeds
are revalidated with a conditional request, since they change).

An article read from a URL has ``id`` :func:`~newsweave.ingest.feeds.url_id` of the URL asked
for, ``source_key`` that URL, ``url`` the final URL after redirects, and ``meta`` with the
HTTP status, final URL and fetch time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from newsweave.config import Settings
from newsweave.ingest.base import (
    HTML_MODULES,
    DecodeError,
    Item,
    clean_newlines,
    content_hash,
    decode_bytes,
    missing_package,
    read_limited,
    register_reader,
    reject,
)
from newsweave.ingest.feeds import looks_like_feed, read_feed_bytes, url_id
from newsweave.ingest.fetch import (
    FEED_TYPES,
    TEXT_TYPES,
    Failure,
    Fetcher,
    Response,
    normalize_url,
)
from newsweave.ingest.html import decode_html, extract_html, page_article
from newsweave.models import Article


def is_url(value: str) -> bool:
    """True for a string that names an http(s) URL (what :func:`read_url` accepts)."""
    return value.strip().lower().startswith(("http://", "https://"))


def _response_meta(response: Response) -> dict[str, str]:
    return {
        "http_status": str(response.status),
        "final_url": response.final_url,
        "fetched_at": response.fetched_at,
        "content_type": response.content_type,
    }


def response_items(response: Response, settings: Settings, fetcher: Fetcher) -> Iterator[Item]:
    """The articles (or rejections) in a fetched response, by its content type."""
    source = response.url
    media = response.content_type
    body = response.body
    declared_feed = media in FEED_TYPES and media not in ("application/xml", "text/xml")
    if declared_feed or looks_like_feed(body):
        yield from read_feed_bytes(
            body,
            source=source,
            settings=settings,
            feed_url=response.final_url,
            source_key=source,
            fetcher=fetcher,
        )
        return
    if media in FEED_TYPES:
        yield reject(source, f"XML that is not an RSS/Atom feed ({media})")
        return
    if media in TEXT_TYPES:
        try:
            text = clean_newlines(decode_bytes(body)).strip()
        except DecodeError as exc:
            yield reject(source, f"cannot decode text: {exc}")
            return
        if not text:
            yield reject(source, "empty page")
            return
        yield Article(
            id=url_id(source),
            text=text,
            raw_text=text,
            url=response.final_url,
            source_key=source,
            content_hash=content_hash(text),
            meta=_response_meta(response),
        )
        return
    try:
        html = decode_html(body, response.charset)
    except DecodeError as exc:
        yield reject(source, f"cannot decode page: {exc}")
        return
    page = extract_html(html, response.final_url)
    if page is None:
        yield reject(source, "no article text found in the page")
        return
    yield page_article(
        page,
        article_id=url_id(source),
        source_key=source,
        path=None,
        url=response.final_url,
        meta=_response_meta(response),
    )


def read_url(url: str, settings: Settings, fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Fetch one URL (or take it from the cache) and read what it holds.

    Args:
        url: an absolute http(s) URL.
        settings: fetch settings (user agent, timeout, per-host delay, size limit).
        fetcher: the run's fetcher (keeps per-host delays and robots rules across URLs);
            a private one is made and closed when None.
    """
    own = fetcher is None
    active = fetcher if fetcher is not None else Fetcher(settings)
    try:
        normalized = normalize_url(url)
        if normalized is None:
            yield reject(url, "not an absolute http(s) URL")
            return
        cached = active.cache.get(normalized) if active.cache is not None else None
        # Feeds change: ask again (conditionally). Pages do not: the cached copy is the page.
        revalidate = cached is not None and (
            cached.content_type in FEED_TYPES or looks_like_feed(cached.body)
        )
        response = active.fetch(normalized, revalidate=revalidate)
        if isinstance(response, Failure):
            yield reject(url, response.reason)
            return
        try:
            yield from response_items(response, settings, active)
        except ImportError as exc:  # a broken install, not a bad page: stop the run
            raise missing_package("URL", exc) from exc
        except Exception as exc:  # extraction bugs must not stop the run
            yield reject(url, f"reading the response failed: {type(exc).__name__}: {exc}")
    finally:
        if own:
            active.close()


def read_url_list(
    path: str | os.PathLike[str], settings: Settings, fetcher: Fetcher | None = None
) -> Iterator[Item]:
    """Read every URL listed in a text file: one per line; blank lines and ``#`` comments skip.

    A line that is not an http(s) URL is rejected as ``FILE#line N``. One fetcher serves the
    whole list, so per-host delays and robots.txt rules hold across it.
    """
    source = str(path)
    own = fetcher is None
    active = fetcher if fetcher is not None else Fetcher(settings)
    try:
        try:
            data = read_limited(Path(path), settings)
        except (OSError, ValueError) as exc:
            yield reject(source, f"cannot read URL list: {exc}")
            return
        any_line = False
        for number, raw in enumerate(data.splitlines(), start=1):
            line = raw.decode("utf-8", "replace").strip()
            if not line or line.startswith("#"):
                continue
            any_line = True
            if not is_url(line) or normalize_url(line) is None:
                yield reject(f"{source}#line {number}", f"not an http(s) URL: {line[:200]!r}")
                continue
            yield from read_url(line, settings, active)
        if not any_line:
            yield reject(source, "URL list has no URLs")
    finally:
        if own:
            active.close()


@register_reader("urls", (".urls",), requires=("feedparser", *HTML_MODULES))
def read_url_file(path: Path, settings: Settings, fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Reader for ``.urls`` files: every listed URL is fetched and read."""
    yield from read_url_list(path, settings, fetcher)


__all__ = ["is_url", "read_url", "read_url_file", "read_url_list", "response_items"]
