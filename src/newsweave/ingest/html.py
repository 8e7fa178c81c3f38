"""HTML pages: main text and metadata with trafilatura.

One page is one article; its id is the file stem (files) or the record id (records).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsweave.config import Settings
from newsweave.ingest.base import (
    DecodeError,
    Item,
    clean_newlines,
    content_hash,
    decode_bytes,
    normalize_date,
    read_limited,
    register_reader,
    reject,
    safe_id,
)
from newsweave.models import Article


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What trafilatura found in a page."""

    text: str
    title: str | None = None
    date: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None


def extract_html(html: str | bytes, url: str | None = None) -> ExtractedPage | None:
    """Extract the main text and metadata of a page, or None when it holds no article text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception:  # trafilatura/lxml raise many types on hostile markup
        return None
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        return None
    author = data.get("author") or ""
    return ExtractedPage(
        text=clean_newlines(text),
        title=(data.get("title") or None),
        date=normalize_date(data.get("date")),
        site_name=(data.get("sitename") or None),
        authors=tuple(a.strip() for a in author.split(";") if a.strip()),
        url=data.get("url") or url,
    )


def gunzip_limited(data: bytes, limit: int) -> bytes:
    """Decompress gzip ``data``, refusing (ValueError) output over ``limit`` bytes."""
    import io

    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        out = handle.read(limit + 1)
    if len(out) > limit:
        raise ValueError(f"decompressed size over max_file_bytes={limit:,}")
    return out


def _looks_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


@register_reader("html", (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"), sniff=_looks_html)
def read_html(path: Path, settings: Settings) -> Iterator[Item]:
    """Read an HTML page (optionally gzipped) as one article."""
    source = str(path)
    try:
        data = read_limited(path, settings)
        if path.name.lower().endswith(".gz"):
            data = gunzip_limited(data, settings.max_file_bytes)
        html = decode_bytes(data)
    except (OSError, ValueError, EOFError, DecodeError) as exc:
        yield reject(source, f"cannot read HTML: {exc}")
        return
    page = extract_html(html)
    if page is None:
        yield reject(source, "no article text found in the HTML")
        return
    stem = path.name.split(".")[0] if path.name.lower().endswith(".gz") else path.stem
    yield Article(
        id=safe_id(stem),
        text=page.text,
        raw_text=page.text,
        title=page.title,
        outlet=page.site_name,
        url=page.url,
        path=str(path),
        source_key=str(path.resolve()),
        claimed_date=page.date,
        date=page.date,
        date_source="html-metadata" if page.date else None,
        authors=page.authors,
        content_hash=content_hash(page.text),
    )
