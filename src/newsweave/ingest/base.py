"""What every input reader shares: the reader registry, byte decoding, record fields.

A reader turns one input (a file, a feed, a WARC) into a stream of :class:`Article` records
(``raw_text`` set, not yet cleaned) and :class:`ItemOutcome` rejections. It never raises for bad
input: a broken item becomes a rejection with a reason and the stream goes on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from newsweave.config import Settings
from newsweave.models import REJECTED, Article, ItemOutcome

Item = Article | ItemOutcome


class Reader(Protocol):
    """Reads one input path into articles and rejections."""

    def __call__(self, path: Path, settings: Settings) -> Iterator[Item]: ...


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """A registered reader: the file suffixes it takes and a cheap content sniffer."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    sniff: Callable[[bytes], bool] | None = None


_READERS: list[ReaderSpec] = []


def register_reader(
    name: str, suffixes: tuple[str, ...], sniff: Callable[[bytes], bool] | None = None
) -> Callable[[Reader], Reader]:
    """Class/function decorator registering a reader for ``suffixes`` (lower-case, with dot)."""

    def wrap(fn: Reader) -> Reader:
        _READERS.append(ReaderSpec(name, suffixes, fn, sniff))
        return fn

    return wrap


def readers() -> tuple[ReaderSpec, ...]:
    """Registered readers, in registration order."""
    return tuple(_READERS)


def reject(source: str, reason: str) -> ItemOutcome:
    """A rejection outcome for ``source``."""
    return ItemOutcome(source=source, status=REJECTED, reason=reason)


# -- bytes -> text ---------------------------------------------------------------------------


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we can trust."""


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters (images, archives, PDFs).

    UTF-16 text has NUL bytes too, so callers check BOMs first.
    """
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    # 5%: real text has essentially no C0 controls besides whitespace; tuned by eye on PDFs,
    # PNGs and gzip files, which run far above it.
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes, declared: Callable[[bytes], Iterable[str]] | None = None) -> str:
    """Decode ``data`` as text: BOM, then strict UTF-8, then a confident charset guess.

    Args:
        data: the bytes.
        declared: codecs to try, in order, between UTF-8 and the guess (the charsets a page
            declares, see :func:`newsweave.ingest.html.decode_html`); called only when
            ``data`` has no BOM and is not UTF-8.

    Raises:
        DecodeError: for binary data or bytes no encoding explains with confidence.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"broken {encoding} text ({exc.reason})") from exc
    if looks_binary(data):
        raise DecodeError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec in declared(data) if declared is not None else ():
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # chaos <= 0.2: charset_normalizer's "mess" ratio; above it the guess is gibberish-prone.
    if best is None or best.chaos > 0.2:
        raise DecodeError("not UTF-8 and no confident guess of its encoding")
    return str(best)


def clean_newlines(text: str) -> str:
    """Normalise line endings to ``\\n`` and drop NULs and other C0 controls except tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def content_hash(text: str) -> str:
    """Hash identifying an article's content, for idempotent re-ingest."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# -- record fields ---------------------------------------------------------------------------


def normalize_date(value: Any) -> str | None:
    """Turn a record's date value (ISO string, datetime, epoch, free text) into ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            # Epoch seconds; milliseconds when implausibly large.
            seconds = value / 1000 if value > 10**11 else value
            return datetime.fromtimestamp(seconds).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    import dateparser

    try:
        parsed = dateparser.parse(
            text[:100], settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False}
        )
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date().isoformat() if parsed else None


_ID_SAFE = re.compile(r"[^\w.\-~:]+")


def safe_id(value: str) -> str:
    """An article id made safe for URLs and file names (no slashes or spaces)."""
    return _ID_SAFE.sub("_", value.strip())[:200] or "article"


def read_limited(path: Path, settings: Settings) -> bytes:
    """Read a file, refusing (ValueError) files over ``settings.max_file_bytes``."""
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise ValueError(
            f"file is {size:,} bytes, over max_file_bytes={settings.max_file_bytes:,}; "
            "raise the limit (NEWSWEAVE_MAX_FILE_BYTES) to read it"
        )
    return path.read_bytes()


def item_label(article: Article) -> str:
    """The user-facing name of the input item an article came from (path#line N, url)."""
    base = article.path or article.url or article.source_key
    if "#" in article.source_key and article.path:
        fragment = article.source_key.rsplit("#", 1)[1]
        return f"{base}#line {fragment}" if fragment.isdigit() else f"{base}#{fragment}"
    return base
