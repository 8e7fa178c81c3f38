"""WARC and WARC.gz archives (e.g. Common Crawl CC-NEWS): one article per HTML response record.

Records are streamed (FastWARC; warcio for ARC files and when FastWARC is not installed): the
archive is never loaded whole, so multi-gigabyte CC-NEWS segments read in constant memory, and
the ``max_file_bytes`` limit applies to each record's body, not to the archive. Gzip and LZ4
(FastWARC only) compression are recognised by content; the older ARC format (``.arc``,
``.arc.gz``, the Internet Archive's before WARC) is read too.

Items are the ``response`` records; request, metadata, warcinfo and revisit records are parts
of the archive, not items. A response record becomes:

- an article: ``id`` the WARC-Record-ID's UUID, ``url`` the WARC-Target-URI, text and metadata
  extracted as for HTML files, claimed date from the page, else the WARC-Date (``date_source``
  ``"warc-date"``), ``source_key`` ``<archive>#<record id>``;
- or a rejection naming the record: HTTP status other than 200, a content type that is not
  HTML, a body over the size limit, no article text.

Damaged archives are read as warcio reads them, keeping every readable record:

- a record whose payload ends before the length its WARC header announces (a download cut
  short, a crawler's clipped record) is read as far as it goes; its article carries
  ``meta["warc_truncated"]`` with the missing byte count and the record's offset. An HTTP
  ``Content-Length`` that disagrees with the record (a header off by one, a recompressed
  body) is not damage: the WARC record's own length decides;
- corrupt compressed data is one rejection naming its byte offset, and reading resumes at
  the next gzip member or LZ4 frame (each record of a .warc.gz is its own member) or,
  uncompressed, at the next ``WARC/`` header line.
"""

from __future__ import annotations

import re
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from newsweave.config import Settings
from newsweave.ingest.base import (
    HTML_MODULES,
    DecodeError,
    Item,
    register_reader,
    reject,
    safe_id,
)
from newsweave.ingest.fetch import HTML_TYPES, charset_of
from newsweave.ingest.html import decode_html, extract_html, page_article
from newsweave.time import iso_day

#: Bytes scanned per step when looking for the next record after corrupt data.
_SCAN_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"
_LZ4_MAGIC = b"\x04\x22\x4d\x18"
_WARC_MAGIC = b"\nWARC/1."
_ARC_MAGIC = b"filedesc://"
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
    missing: int  # payload bytes the record announces but the archive lacks (0: complete)
    offset: int  # byte offset of the record in the (possibly compressed) archive


class CorruptData(Exception):
    """Damaged archive bytes at ``offset`` (raised by the record iterators)."""

    def __init__(self, offset: int, reason: str) -> None:
        reason = " ".join(reason.split())  # warcio's messages span lines
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
        # After the HTTP headers, content_length counts the payload bytes the record announces
        # (before decoding). Decoded bodies (chunked, gzip) differ in length by design, so a
        # shortfall is measured on bodies sent as they are.
        encoded = http is not None and (
            http.get("Transfer-Encoding") or http.get("Content-Encoding")
        )
        missing = 0
        if status == 200 and not encoded and len(body) <= limit:
            missing = max(0, int(record.content_length) - len(body))
        yield WarcResponse(
            record_id=str(record.record_id or ""),
            target_uri=_target_uri(headers.get("WARC-Target-URI")),
            warc_date=iso_day(headers.get("WARC-Date")),
            status=status,
            content_type=str(record.http_content_type or "").lower(),
            charset=record.http_charset or None,
            body=body,
            missing=missing,
            offset=last,
        )


def _target_uri(value: str | None) -> str | None:
    """A WARC-Target-URI as a URL: WARC 1.0's (and wget's) ``<...>`` dropped, spaces escaped
    (as warcio does)."""
    if not value:
        return None
    uri = value.strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()
    return uri.replace(" ", "%20") or None


# -- warcio fallback ------------------------------------------------------------------------


def _warcio_records(stream: IO[bytes], limit: int, arc: bool = False) -> Iterator[WarcResponse]:
    from warcio.archiveiterator import ArchiveIterator

    # arc2warc: ARC records come with WARC headers (their record ids are random: replaced).
    archive = ArchiveIterator(stream, arc2warc=True)
    iterator = iter(archive)
    last = stream.tell()
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # warcio raises assorted errors on damaged archives
            raise CorruptData(last, f"{type(exc).__name__}: {exc}") from exc
        last = int(archive.offset)  # where this record starts (get_record_offset() reads it)
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
        left = getattr(record.raw_stream, "limit", 0)  # warcio's LimitReader: bytes not found
        missing = int(left) if status == 200 and len(body) <= limit else 0
        headers = record.rec_headers
        record_id = str(headers.get_header("WARC-Record-ID") or "")
        uri = _target_uri(headers.get_header("WARC-Target-URI"))
        if arc:  # stable across runs: the capture's URL, time and place in the file
            key = f"arc|{uri}|{headers.get_header('WARC-Date')}|{last}"
            record_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}>"
        yield WarcResponse(
            record_id=record_id,
            target_uri=uri,
            warc_date=iso_day(headers.get_header("WARC-Date")),
            status=status,
            content_type=content_type.split(";", 1)[0].strip().lower(),
            charset=charset_of(content_type),
            body=body,
            missing=missing,
            offset=last,
        )


# -- resynchronisation ----------------------------------------------------------------------


class UnsupportedArchive(ValueError):
    """An archive this installation cannot read (LZ4 without FastWARC)."""


def _next_start(stream: IO[bytes], after: int, container: str) -> int | None:
    """Offset of the next gzip member / LZ4 frame / WARC header after byte ``after``, or None."""
    magic = {"gzip": _GZIP_MAGIC, "lz4": _LZ4_MAGIC}.get(container, _WARC_MAGIC)
    skip = 1 if magic == _WARC_MAGIC else 0  # the newline before "WARC/"
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
            return position - len(carry) + found + skip
        carry = window[-(len(magic) - 1) :]
        position += len(chunk)


def _container(head: bytes, name: str) -> str:
    """``"gzip"``, ``"lz4"`` or ``"plain"``: by content, else (a damaged head) by suffix, so
    resynchronisation does not look for plain WARC headers inside compressed data."""
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith(_LZ4_MAGIC):
        return "lz4"
    if head.startswith((b"WARC/", _ARC_MAGIC)):
        return "plain"
    name = name.lower()
    return "gzip" if name.endswith(".gz") else "lz4" if name.endswith(".lz4") else "plain"


def _first_bytes(head: bytes, container: str) -> bytes:
    """The first bytes of the archive's content (the first gzip member decompressed)."""
    if container != "gzip":
        return head
    try:
        return zlib.decompressobj(31).decompress(head, 64)
    except zlib.error:
        return b""


def iter_responses(
    path: Path, settings: Settings, *, engine: str = "auto"
) -> Iterator[WarcResponse | CorruptData]:
    """Stream the response records of a WARC or ARC file, with a :class:`CorruptData` per
    damaged spot.

    Args:
        path: a ``.warc``, ``.warc.gz``, ``.warc.lz4``, ``.arc`` or ``.arc.gz`` file.
        settings: ``max_file_bytes`` bounds each record body read.
        engine: ``"fastwarc"``, ``"warcio"`` or ``"auto"`` (FastWARC when installed; ARC
            files are always read with warcio).

    Raises:
        UnsupportedArchive: an LZ4 archive without FastWARC.
    """
    with path.open("rb") as stream:
        head = stream.read(4096)
        container = _container(head, path.name)
        arc = _first_bytes(head, container).startswith(_ARC_MAGIC) or path.name.lower().endswith(
            (".arc", ".arc.gz")
        )
        if arc:
            engine = "warcio"
        elif engine == "auto":
            try:
                import fastwarc  # noqa: F401
            except ImportError:
                engine = "warcio"
            else:
                engine = "fastwarc"
        if container == "lz4" and engine != "fastwarc":
            raise UnsupportedArchive(
                "LZ4-compressed WARC needs FastWARC (`pip install FastWARC`), or decompress it"
            )

        def records(source: IO[bytes]) -> Iterator[WarcResponse]:
            if engine == "fastwarc":
                return _fastwarc_records(source, settings.max_file_bytes)
            return _warcio_records(source, settings.max_file_bytes, arc=arc)

        start = 0
        read_since_damage = True
        while True:
            stream.seek(start)
            try:
                for record in records(stream):
                    read_since_damage = True
                    yield record
                return
            except CorruptData as damage:
                # One damaged region often fails twice (reading into it, then resuming at the
                # member it cut short): report it once.
                if read_since_damage:
                    yield damage
                read_since_damage = False
                resume = _next_start(stream, max(damage.offset, start), container)
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
    truncated = ""
    if record.missing:
        announced = len(record.body) + record.missing
        truncated = (
            f"{record.missing:,} of {announced:,} payload bytes missing "
            f"(record at byte {record.offset})"
        )
    try:
        html = decode_html(record.body, record.charset)
    except DecodeError as exc:
        return reject(label, f"cannot decode page: {exc} for {uri}")
    page = extract_html(html, uri)
    if page is None:
        cut = f" (truncated record: {truncated})" if truncated else ""
        return reject(label, f"no article text found for {uri}{cut}")
    meta = {"warc_record_id": record_key, "warc_date": record.warc_date or ""}
    if truncated:
        meta["warc_truncated"] = truncated
    return page_article(
        page,
        article_id=safe_id(_record_uuid(record_key)),
        source_key=f"{path.resolve()}#{record_key}",
        path=str(path),
        url=uri,
        fallback_date=record.warc_date,
        fallback_source="warc-date",
        meta=meta,
    )


def _sniff_warc(head: bytes) -> bool:
    """A WARC or ARC file, plain or gzipped (any suffix: a ``.warc.gz.1`` is still a WARC)."""
    first = _first_bytes(head, _container(head, ""))
    return first.startswith((b"WARC/1.", b"WARC/0.", _ARC_MAGIC))


@register_reader(
    "warc",
    (".warc", ".warc.gz", ".warc.lz4", ".arc", ".arc.gz"),
    sniff=_sniff_warc,
    exact=True,
    requires=HTML_MODULES,
)
def read_warc(path: Path, settings: Settings) -> Iterator[Item]:
    """Read the HTML response records of a WARC/ARC file (plain, gzip, LZ4), streaming."""
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
            except ImportError:
                raise  # a broken install: the reader's wrapper stops the run
            except Exception as exc:  # one bad record must not stop the archive
                yield reject(
                    f"{source}#{record.record_id}", f"record failed: {type(exc).__name__}: {exc}"
                )
    except (OSError, UnsupportedArchive) as exc:
        yield reject(source, f"cannot read WARC: {exc}")
        return
    if not seen_any:
        yield reject(source, "no response records in the WARC file")


__all__ = ["CorruptData", "UnsupportedArchive", "WarcResponse", "iter_responses", "read_warc"]
