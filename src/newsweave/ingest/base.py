"""What every input reader shares: the reader registry, byte decoding, record fields.

A reader turns one input (a file, a feed, a WARC) into a stream of :class:`Article` records
(``raw_text`` set, not yet cleaned) and :class:`ItemOutcome` rejections. It never raises for bad
input: a broken item becomes a rejection with a reason and the stream goes on.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from newsweave.config import Settings
from newsweave.errors import MissingPackageError
from newsweave.models import REJECTED, Article, ItemOutcome

Item = Article | ItemOutcome


class Reader(Protocol):
    """Reads one input path into articles and rejections."""

    def __call__(self, path: Path, settings: Settings) -> Iterator[Item]: ...


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """A registered reader: the file suffixes it takes and a cheap content sniffer.

    ``exact`` marks a sniffer that recognises its format without doubt (a WARC header, a feed's
    root element): it is asked before the suffix decides, so a feed saved as ``.xml`` or
    ``.html`` is still read as a feed. Loose sniffers (HTML's "``<body`` near the start") are
    asked only for files no suffix claims.
    """

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    sniff: Callable[[bytes], bool] | None = None
    exact: bool = False


_READERS: list[ReaderSpec] = []

#: What page extraction (:mod:`newsweave.ingest.html`) imports, some of it only for some pages:
#: the readers that extract pages require these up front (``register_reader(requires=...)``),
#: so a broken install stops the run before the first item, not midway.
HTML_MODULES = ("lxml.html", "lxml.html.clean", "justext", "trafilatura", "htmldate")

#: Distributions (what to pip install) of imported modules named differently.
_PACKAGES = {"dateutil": "python-dateutil", "fastwarc": "FastWARC", "justext": "jusText"}
_NAMED_PROJECT = re.compile(r"separate project ([A-Za-z0-9_.\-]+)")


def missing_package(reader: str, exc: ImportError) -> MissingPackageError:
    """The error that stops a run whose ``reader`` hit ``exc`` importing a dependency."""
    problem = " ".join(f"{type(exc).__name__}: {exc}".split())
    package = None
    if exc.name:
        top = exc.name.split(".", 1)[0]
        package = _PACKAGES.get(top, top)
    else:  # lxml's stub: "lxml.html.clean module is now a separate project lxml_html_clean."
        named = _NAMED_PROJECT.search(str(exc))
        package = named.group(1).rstrip(".") if named else None
    return MissingPackageError(reader, problem, package)


def _needing_packages(name: str, fn: Reader, requires: tuple[str, ...]) -> Reader:
    """``fn`` that first imports ``requires`` and turns any ImportError into
    :class:`~newsweave.errors.MissingPackageError`: a missing dependency is a broken install,
    not a property of one input item, so it stops the run instead of rejecting every item."""

    @functools.wraps(fn)
    def read(*args: Any, **kwargs: Any) -> Iterator[Item]:
        try:
            for module in requires:
                importlib.import_module(module)
            yield from fn(*args, **kwargs)
        except ImportError as exc:
            raise missing_package(name, exc) from exc

    return read


def register_reader(
    name: str,
    suffixes: tuple[str, ...],
    sniff: Callable[[bytes], bool] | None = None,
    *,
    exact: bool = False,
    requires: tuple[str, ...] = (),
) -> Callable[[Reader], Reader]:
    """Decorator registering a reader for ``suffixes`` (lower-case, with dot).

    Args:
        name: the reader's name in messages ("html", "feed").
        suffixes: file name endings it reads.
        sniff: recognises its format from a file's first bytes (see :class:`ReaderSpec`).
        exact: ``sniff`` is certain and wins over the suffix.
        requires: modules imported before the first item is read, so a missing one stops the
            run at once (a module the reader imports later stops it too, when first needed).

    The decorated function is replaced by one that raises
    :class:`~newsweave.errors.MissingPackageError` for an ImportError.
    """

    def wrap(fn: Reader) -> Reader:
        read = _needing_packages(name, fn, requires)
        _READERS.append(ReaderSpec(name, suffixes, read, sniff, exact))
        return read

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
    # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
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


def mostly_utf8(data: bytes) -> str | None:
    """``data`` decoded as UTF-8 with U+FFFD for invalid bytes, when it is UTF-8 text with a few
    stray bytes (a pasted snippet, one mis-encoded attribute); else None.

    Valid multi-byte UTF-8 sequences almost never arise by accident in other encodings: text
    in single-byte legacy encodings (cp1252, latin-2, cp1251, koi8, Greek, Hebrew, Arabic)
    holds almost none, and the double-byte East Asian ones (GBK, Shift_JIS, EUC-JP, EUC-KR)
    and TIS-620 at most 0.32 valid sequence per invalid one (measured on invented sentences
    in 16 languages and 30 codecs). So 10 valid sequences per invalid one is UTF-8 by a wide
    margin; below it the bytes go to the declared charsets and the guess.
    """
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd")
    invalid = replaced - data.count(b"\xef\xbf\xbd")  # U+FFFD written in the text is valid
    valid = len(text) - len(text.encode("ascii", "ignore")) - replaced
    return text if invalid > 0 and valid >= 10 * invalid else None


def decode_bytes(data: bytes, declared: Callable[[bytes], Iterable[str]] | None = None) -> str:
    """Decode ``data`` as text: BOM, then UTF-8 (strict, else :func:`mostly_utf8`), then the
    declared charsets, then a confident charset guess.

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
    mostly = mostly_utf8(data)
    if mostly is not None:
        return mostly
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


# -- lone surrogates ---------------------------------------------------------------------------

#: A UTF-16 surrogate code point. In a Python str one stands alone (a JSON escape such as
#: ``"\ud83d"`` without its pair, a file name decoded with ``surrogateescape``): no UTF-8
#: encoder takes it, so SQLite, PostgreSQL and every writer would refuse the whole article.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: An XML/HTML character reference to a surrogate code point (``&#xD83D;``, ``&#55357;``):
#: feedparser's lenient parser encodes it and fails on the whole feed.
_SURROGATE_REF = re.compile(
    rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}(?![0-9a-fA-F])"
    rb"|0*(?:5529[6-9]|55[3-9]\d\d|56\d\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3])(?!\d));?"
)


def _has_surrogate(text: str) -> bool:
    # Every article passes here: ASCII is checked in no time, and the strict UTF-16 encoder
    # finds a surrogate ten times faster than a regular expression (2 ns a character).
    if text.isascii():
        return False
    try:
        text.encode("utf-16-le")
    except UnicodeEncodeError:
        return True
    return False


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (the same string when it has none)."""
    return _SURROGATE.sub("\ufffd", text) if _has_surrogate(text) else text


def without_surrogate_refs(data: bytes) -> bytes:
    """Markup bytes with each character reference to a surrogate replaced by ``&#xFFFD;``."""
    return _SURROGATE_REF.sub(b"&#xFFFD;", data) if b"&#" in data else data


def scrub_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings replaced by U+FFFD: strings, the keys
    and values of mappings, lists, tuples and (frozen) dataclasses such as an :class:`Article`
    or a rejection, recursively. Anything without one is returned as is (the same object);
    nothing but the surrogates changes."""
    kind = type(value)
    if kind is str:
        return without_surrogates(value)
    if value is None or kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        if not value:
            return value
        items = [scrub_surrogates(v) for v in value]
        if not any(new is not old for new, old in zip(items, value, strict=True)):
            return value
        return items if kind is list else tuple(items)
    if isinstance(value, Mapping):
        pairs = [(scrub_surrogates(k), scrub_surrogates(v)) for k, v in value.items()]
        olds = value.items()
        if not any(k is not a or v is not b for (k, v), (a, b) in zip(pairs, olds, strict=True)):
            return value
        return dict(pairs)
    if is_dataclass(value) and not isinstance(value, type):
        changed = {}
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
        for name in names:
            old = getattr(value, name)
            new = scrub_surrogates(old)
            if new is not old:
                changed[name] = new
        if not changed:
            return value
        # An article's hash is of the text as read: re-hash what is kept (a hash of other
        # bytes, such as a page's, stays).
        if (
            isinstance(value, Article)
            and "raw_text" in changed
            and value.content_hash == content_hash(value.raw_text)
        ):
            changed["content_hash"] = content_hash(changed["raw_text"])
        return replace(value, **changed)
    if isinstance(value, str):  # a str subclass (an enum member)
        return value if not _has_surrogate(value) else without_surrogates(value)
    return value


_SCALARS = (int, float, bool)
#: The field names of each dataclass met (a cache: ``fields()`` costs more than the scan).
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def scrub_item(item: Item) -> Item:
    """An article or rejection without lone surrogates in any string field (see
    :func:`scrub_surrogates`): every reader's items pass through it."""
    scrubbed: Item = scrub_surrogates(item)
    return scrubbed


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
