"""WARC and WARC.gz archives (e.g. Common Crawl CC-NEWS): one article per HTML response record.

Records are streamed (FastWARC, or warcio when FastWARC is not installed): the archive is never
loaded whole, so multi-gigabyte CC-NEWS segments read in constant memory, and the
``max_file_bytes`` limit applies to each record's body, not to the archive.

Items are the ``response`` records; request, metadata, warcinfo and revisit records are parts
of the archive, not items. A response record becomes:

- an article: ``id`` the WARC-Record-ID's UUID, ``url`` the WARC-Target-URI, text and metadata
  extracted as for HTML files, claimed date from the page, else the WARC-Date (``date_source``
  ``"warc-date"``), ``source_key`` ``<archive>#<record id>``;
- or a rejection naming the record: HTTP status other than 200, a content type that is not
  HTML, a body over the size limit or cut short, no article text.

Damaged archives: a record whose body ends early (truncated download) is rejected and reading
goes on. Corrupt compressed data is rejected with its byte offset, and reading resumes at the
next gzip member (each record of a .warc.gz is its own member) or, uncompressed, at the next
``WARC/`` header line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsweave.config import Settings
from newsweave.ingest.base import DecodeError, Item, register_reader, reject, safe_id
from newsweave.ingest.fetch import HTML_TYPES, charset_of
from newsweave.ingest.html import decode_html, extract_html, page_article
from newsweave.time import iso_day

#: Bytes scanned per step when looking for the next record after corrupt data.
_SCAN_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"\nWARC/1."
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """One response record, parsed: what the reader needs, independent of the WARC library."""

    record_id: str
    target_uri: str | None
    warc_date: str | None  # ISO day
    status: int | None
    content_type: str  # media type, lower-case, no parameters
    charset: str | None
    body: bytes
    declared_length: int | None  # HTTP payload length the record announces
    offset: int  # byte offset of the record in the (possibly compressed) archive


class CorruptData(Exception):
    """Damaged archive bytes at ``offset`` (raised by the record iterators)."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


def _record_uuid(record_id: str) -> str:
    found = _UUID.search(record_id)
    return found.group(0).lower() if found else record_id.strip("<>")


# -- FastWARC -------------------------------------------------------------------------------


def _fastwarc_records(stream: IO[bytes], limit: int) -> Iterator[WarcResponse]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    iterator = ArchiveIterator(
        stream, record_types=WarcRecordType.response, parse_http=True, auto_decode="all"
    )
    last = stream.tell()
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (OSError, ValueError) as exc:
            raise CorruptData(last, f"{type(exc).__name__}: {exc}") from exc
        last = int(record.stream_pos)  # absolute: FastWARC asks the Python stream
        headers = record.headers
        http = record.http_headers if record.is_http_parsed else None
        status = int(http.status_code) if http is not None and http.status_code else None
        try:
            body = record.reader.read(limit + 1) if status == 200 else b""
        except (OSError, ValueError) as exc:
            raise CorruptData(last, f"{type(exc).__name__}: {exc}") from exc
        yield WarcResponse(
            record_id=str(record.record_id or ""),
            target_uri=headers.get("WARC-Target-URI"),
            warc_date=iso_day(headers.get("WARC-Date")),
            status=status,
            content_type=str(record.http_content_type or "").lower(),
            charset=record.http_charset or None,
            body=body,
            declared_length=_declared_length(http),
            offset=last,
        )


def _declared_length(http: Any) -> int | None:
    if http is None:
        return None
    value = http.get("Content-Length")
    if value and str(value).strip().isdigit():
        return int(str(value).strip())
    return None


# -- warcio fallback ------------------------------------------------------------------------


def _warcio_records(stream: IO[bytes], limit: int) -> Iterator[WarcResponse]:
    from warcio.archiveiterator import ArchiveIterator

    iterator = iter(ArchiveIterator(stream))
    last = stream.tell()
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # warcio raises assorted errors on damaged archives
            raise CorruptData(last, f"{type(exc).__name__}: {exc}") from exc
        if record.rec_type != "response":
            continue
        http = record.http_headers
        status = None
        if http is not None:
            code = str(http.get_statuscode() or "")
            status = int(code) if code.isdigit() else None
        content_type = str(http.get_header("Content-Type") or "") if http is not None else ""
        try:
            body = record.content_stream().read(limit + 1) if status == 200 else b""
        except Exception as exc:  # a broken chunked/gzip payload inside a sound record
            raise CorruptData(last, f"{type(exc).__name__}: {exc}") from exc
        length = http.get_header("Content-Length") if http is not None else None
        yield WarcResponse(
            record_id=str(record.rec_headers.get_header("WARC-Record-ID") or ""),
            target_uri=record.rec_headers.get_header("WARC-Target-URI"),
            warc_date=iso_day(record.rec_headers.get_header("WARC-Date")),
            status=status,
            content_type=content_type.split(";", 1)[0].strip().lower(),
            charset=charset_of(content_type),
            body=body,
            declared_length=int(length) if length and str(length).isdigit() else None,
            offset=last,
        )


# -- resynchronisation ----------------------------------------------------------------------


def _next_start(stream: IO[bytes], after: int, compressed: bool) -> int | None:
    """Offset of the next gzip member / WARC header after byte ``after``, or None."""
    magic = _GZIP_MAGIC if compressed else _WARC_MAGIC
    position = after + 1
    stream.seek(position)
    carry = b""
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        if not chunk:
            return None
        window = carry + chunk
        found = window.find(magic)
        if found >= 0:
            start = position - len(carry) + found
            return start + (0 if compressed else 1)  # skip the newline before "WARC/"
        carry = window[-(len(magic) - 1) :]
        position += len(chunk)


def iter_responses(
    path: Path, settings: Settings, *, engine: str = "auto"
) -> Iterator[WarcResponse | CorruptData]:
    """Stream the response records of a WARC file, with a :class:`CorruptData` per damaged spot.

    Args:
        path: a ``.warc`` or ``.warc.gz`` file.
        settings: ``max_file_bytes`` bounds each record body read.
        engine: ``"fastwarc"``, ``"warcio"`` or ``"auto"`` (FastWARC when installed).
    """
    if engine == "auto":
        try:
            import fastwarc  # noqa: F401
        except ImportError:
            engine = "warcio"
        else:
            engine = "fastwarc"
    records = _fastwarc_records if engine == "fastwarc" else _warcio_records
    with path.open("rb") as stream:
        head = stream.read(5)
        # A damaged head must not hide that the rest is gzip members: trust the suffix then,
        # or resynchronisation looks for plain WARC headers inside compressed data.
        compressed = head[:3] == _GZIP_MAGIC or (
            not head.startswith(b"WARC/") and path.name.lower().endswith(".gz")
        )
        start = 0
        read_since_damage = True
        while True:
            stream.seek(start)
            try:
                for record in records(stream, settings.max_file_bytes):
                    read_since_damage = True
                    yield record
                return
            except CorruptData as damage:
                # One damaged region often fails twice (reading into it, then resuming at the
                # member it cut short): report it once.
                if read_since_damage:
                    yield damage
                read_since_damage = False
                resume = _next_start(stream, max(damage.offset, start), compressed)
                if resume is None:
                    return
                start = resume


# -- reader ---------------------------------------------------------------------------------


def _record_item(path: Path, record: WarcResponse, settings: Settings) -> Item:
    record_key = record.record_id.strip("<>") or f"record at byte {record.offset}"
    label = f"{path}#{record_key}"
    uri = record.target_uri
    if not uri:
        return reject(label, "malformed or truncated WARC record (no WARC-Target-URI)")
    if record.status != 200:
        status = "no HTTP status" if record.status is None else f"HTTP {record.status}"
        return reject(label, f"{status} for {uri}")
    if record.content_type and record.content_type not in HTML_TYPES:
        return reject(label, f"not HTML ({record.content_type}) for {uri}")
    limit = settings.max_file_bytes
    if len(record.body) > limit:
        return reject(label, f"record body over max_file_bytes={limit:,} for {uri}")
    if record.declared_length is not None and len(record.body) < record.declared_length:
        return reject(
            label,
            f"truncated record: {len(record.body):,} of {record.declared_length:,} body bytes "
            f"for {uri}",
        )
    try:
        html = decode_html(record.body, record.charset)
    except DecodeError as exc:
        return reject(label, f"cannot decode page: {exc} for {uri}")
    page = extract_html(html, uri)
    if page is None:
        return reject(label, f"no article text found for {uri}")
    return page_article(
        page,
        article_id=safe_id(_record_uuid(record_key)),
        source_key=f"{path.resolve()}#{record_key}",
        path=str(path),
        url=uri,
        fallback_date=record.warc_date,
        fallback_source="warc-date",
        meta={"warc_record_id": record_key, "warc_date": record.warc_date or ""},
    )


def _sniff_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/1.")


@register_reader("warc", (".warc", ".warc.gz"), sniff=_sniff_warc)
def read_warc(path: Path, settings: Settings) -> Iterator[Item]:
    """Read the HTML response records of a WARC or WARC.gz file, streaming."""
    source = str(path)
    seen_any = False
    try:
        for record in iter_responses(path, settings):
            seen_any = True
            if isinstance(record, CorruptData):
                yield reject(
                    f"{source}#damage after byte {record.offset}",
                    f"corrupt WARC data ({record.reason}); skipped to the next record",
                )
                continue
            try:
                yield _record_item(path, record, settings)
            except Exception as exc:  # one bad record must not stop the archive
                yield reject(
                    f"{source}#{record.record_id}", f"record failed: {type(exc).__name__}: {exc}"
                )
    except OSError as exc:
        yield reject(source, f"cannot read WARC: {exc}")
        return
    if not seen_any:
        yield reject(source, "no response records in the WARC file")


__all__ = ["CorruptData", "WarcResponse", "iter_responses", "read_warc"]
