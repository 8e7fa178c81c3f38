"""JSON and JSON Lines files of article records.

A ``.jsonl`` file holds one record per line; a ``.json`` file holds one record, a list of
records, or an object with an ``articles`` list (newsweave's own export). A broken line is a
rejection of that line only; the other lines are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from newsweave.config import Settings
from newsweave.ingest.base import (
    DecodeError,
    Item,
    decode_bytes,
    read_limited,
    register_reader,
    reject,
    safe_id,
)
from newsweave.ingest.records import article_from_record


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


#: Bytes read at a time while skipping the rest of an over-long line.
_SKIP_CHUNK = 1 << 20


def _bounded_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of ``handle``; None for a line over ``limit`` bytes, which is skipped in
    chunks and never held whole (a 100 MB line costs no 100 MB of memory)."""
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:
                rest = handle.readline(_SKIP_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield raw


def iter_jsonl_lines(path: Path, settings: Settings) -> Iterator[tuple[int, str | None, str]]:
    """Yield ``(line number, decoded line or None, error)`` for each non-blank line, streaming."""
    limit = settings.max_file_bytes
    with path.open("rb") as handle:
        for number, raw in enumerate(_bounded_lines(handle, limit), start=1):
            if raw is None or len(raw.rstrip(b"\r\n")) > limit:
                yield number, None, f"line longer than max_file_bytes={limit:,}"
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
