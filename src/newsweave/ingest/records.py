"""JSON-like records (JSONL lines, JSON files, pipeline input) -> :class:`Article`.

A record holds ``text`` or ``html``; an ``html`` field goes through the HTML extractor
(:func:`newsweave.ingest.html.extract_html`), so this module sits above both
:mod:`newsweave.ingest.base` and :mod:`newsweave.ingest.html`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsweave.config import Settings
from newsweave.ingest.base import (
    Item,
    clean_newlines,
    content_hash,
    normalize_date,
    reject,
    safe_id,
    scrub_item,
    scrub_surrogates,
)
from newsweave.ingest.html import extract_html
from newsweave.models import Article


def article_from_record(
    record: Mapping[str, Any],
    *,
    default_id: str,
    source_key: str,
    path: str | None,
    settings: Settings,
    label: str | None = None,
) -> Item:
    """Build an :class:`Article` from a JSON-like record, or a rejection saying what is wrong.

    Fields: ``id``, ``text`` or ``html``, optional ``title``, ``date``, ``url``, ``outlet``;
    anything else is kept as string metadata. ``label`` names the item in rejections
    (default: ``source_key``). A lone surrogate (a JSON escape such as ``"\\ud83d"`` without
    its pair) becomes U+FFFD in every field, key and label: no store could write it.
    """
    item = _article_from_record(
        scrub_surrogates(record),
        default_id=default_id,
        source_key=source_key,
        path=path,
        settings=settings,
        key=label or source_key,
    )
    # And the other strings: a path or label, what an ``html`` field yields (its JSON-LD may
    # hold an escaped surrogate too).
    return scrub_item(item)


def _article_from_record(
    record: Mapping[str, Any],
    *,
    default_id: str,
    source_key: str,
    path: str | None,
    settings: Settings,
    key: str,
) -> Item:
    if not isinstance(record, Mapping):
        return reject(key, f"not an article record: a JSON {type(record).__name__}")
    text = record.get("text")
    html = record.get("html")
    title = record.get("title")
    url = record.get("url")
    outlet = record.get("outlet")
    for name, value in (("text", text), ("html", html), ("title", title), ("url", url)):
        if value is not None and not isinstance(value, str):
            return reject(key, f"field {name!r} must be a string")
    if isinstance(outlet, Mapping):
        outlet = outlet.get("name")
    if outlet is not None and not isinstance(outlet, str):
        return reject(key, "field 'outlet' must be a string or an object with a name")
    meta: dict[str, str] = {}
    if not (text and text.strip()) and html and html.strip():
        extracted = extract_html(html, url)
        if extracted is None:
            return reject(key, "html field holds no extractable article text")
        text = extracted.text
        title = title or extracted.title
        outlet = outlet or extracted.site_name
        if extracted.date and not record.get("date"):
            meta["html_date"] = extracted.date
    if not (text and text.strip()):
        return reject(key, "record has no 'text' or 'html' with content")
    if len(text) > settings.max_file_bytes:
        return reject(key, f"text longer than max_file_bytes={settings.max_file_bytes}")
    raw_id = record.get("id")
    article_id = safe_id(str(raw_id)) if raw_id not in (None, "") else default_id
    for field_name, value in record.items():
        if (
            field_name not in ("id", "text", "html", "title", "date", "url", "outlet")
            and value is not None
        ):
            meta[str(field_name)] = value if isinstance(value, str) else repr(value)[:500]
    raw_date = record.get("date")
    claimed = normalize_date(raw_date) or meta.get("html_date")
    if raw_date not in (None, "") and claimed is None:
        meta["unparsed_date"] = str(raw_date)[:100]
    raw = clean_newlines(text)
    return Article(
        id=article_id,
        text=raw,
        raw_text=raw,
        title=title.strip() or None if isinstance(title, str) else None,
        outlet=outlet.strip() or None if isinstance(outlet, str) else None,
        url=url or None,
        path=path,
        source_key=source_key,
        claimed_date=claimed,
        date=claimed,
        date_source="record" if claimed else None,
        content_hash=content_hash(raw),
        meta=meta,
    )


__all__ = ["article_from_record"]
