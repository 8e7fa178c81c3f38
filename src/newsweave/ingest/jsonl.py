"""JSON and JSON Lines files of article records.

A ``.jsonl`` file holds one record per line; a ``.json`` file holds one record, a list of
records, or an object with an ``articles`` list (newsweave's own export). A broken line is a
rejection of that line only; the other lines are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.ingest.base import (
    DecodeError,
    Item,
    article_from_record,
    decode_bytes,
    read_limited,
    register_reader,
    reject,
    safe_id,
)


def _records_of(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        articles = value.get("articles")
        if isinstance(articles, list) and "text" not in value and "html" not in value:
            return articles
        return [value]
    return None


@register_reader("json", (".json",))
def read_json(path: Path, settings: Settings) -> Iterator[Item]:
    """Read a JSON file of one or many article records."""
    source = str(path)
    try:
        value = json.loads(decode_bytes(read_limited(path, settings)))
    except (OSError, ValueError, DecodeError) as exc:
        yield reject(source, f"cannot read JSON: {exc}")
        return
    records = _records_of(value)
    if records is None:
        yield reject(source, f"not article records: top-level JSON {type(value).__name__}")
        return
    if not records:
        yield reject(source, "empty list of records")
        return
    stem = safe_id(path.stem)
    single = len(records) == 1
    for index, record in enumerate(records):
        key = source if single else f"{source}#{index}"
        yield article_from_record(
            record,
            default_id=stem if single else f"{stem}-{index}",
            source_key=str(path.resolve()) + ("" if single else f"#{index}"),
            path=str(path),
            settings=settings,
            label=key,
        )


def iter_jsonl_lines(path: Path, settings: Settings) -> Iterator[tuple[int, str | None, str]]:
    """Yield ``(line number, decoded line or None, error)`` for each non-blank line, streaming."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if len(raw) > settings.max_file_bytes:
                yield number, None, "line longer than max_file_bytes"
                continue
            if not raw.strip():
                continue
            try:
                yield number, decode_bytes(raw), ""
            except DecodeError as exc:
                yield number, None, str(exc)


@register_reader("jsonl", (".jsonl", ".ndjson"))
def read_jsonl(path: Path, settings: Settings) -> Iterator[Item]:
    """Read a JSON Lines file, one record per line, streaming (any size)."""
    source = str(path)
    stem = safe_id(path.stem)
    resolved = str(path.resolve())
    seen_any = False
    try:
        for number, line, error in iter_jsonl_lines(path, settings):
            seen_any = True
            key = f"{source}#line {number}"
            if line is None:
                yield reject(key, f"cannot decode line: {error}")
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield reject(key, f"invalid JSON: {exc}")
                continue
            yield article_from_record(
                record,
                default_id=f"{stem}-{number}",
                source_key=f"{resolved}#{number}",
                path=str(path),
                settings=settings,
                label=key,
            )
    except OSError as exc:
        yield reject(source, f"cannot read file: {exc}")
        return
    if not seen_any:
        yield reject(source, "empty file")
