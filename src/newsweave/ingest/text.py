"""Plain text and Markdown files: one article per file, id = the file stem."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from newsweave.config import Settings
from newsweave.ingest.base import (
    DecodeError,
    Item,
    clean_newlines,
    content_hash,
    decode_bytes,
    read_limited,
    register_reader,
    reject,
    safe_id,
)
from newsweave.models import Article

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """Strip the Markdown syntax that would pollute sentences (links, emphasis, heading marks).

    Line structure is kept so that cleaning still sees one paragraph per line.
    """
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def text_article(path: Path, text: str, *, markdown: bool = False) -> Article:
    """An article from a text file's decoded content."""
    raw = clean_newlines(text)
    if markdown:
        raw = markdown_to_text(raw)
    return Article(
        id=safe_id(path.stem),
        text=raw,
        raw_text=raw,
        path=str(path),
        source_key=str(path.resolve()),
        content_hash=content_hash(raw),
    )


@register_reader("text", (".txt", ".text", ".md", ".markdown", ""))
def read_text(path: Path, settings: Settings) -> Iterator[Item]:
    """Read a plain-text or Markdown file as one article."""
    source = str(path)
    try:
        data = read_limited(path, settings)
        text = decode_bytes(data)
    except (OSError, ValueError, DecodeError) as exc:
        yield reject(source, f"cannot read text: {exc}")
        return
    if not text.strip():
        yield reject(source, "empty file")
        return
    yield text_article(path, text, markdown=path.suffix.lower() in (".md", ".markdown"))
