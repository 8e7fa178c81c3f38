"""HTML pages: main text by extractor agreement, plus title, authors, date and site name.

Main text (see :func:`extract_body`): trafilatura in precision mode gives the paragraphs; a
paragraph is kept only when at least one independent extractor -- readability (trafilatura's
fork), jusText or trafilatura's baseline -- also has most of it. Extractors disagree mostly on
page furniture (related links, "about the company" boxes, share prompts, timestamps) that one
of them takes for text, so agreement removes it while the body, which all of them find, stays.
When precision mode finds almost nothing (it sometimes discards a whole short article), the
default trafilatura mode is the base instead. ``benchmarks/extraction.py`` measures the result
on the ScrapingHub benchmark against each extractor alone.

One page is one article; its id is the file stem (files) or the record id (records).
"""

from __future__ import annotations

import copy
import functools
import gzip
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.errors import ConfigError
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
from newsweave.ingest.pagedate import page_date
from newsweave.models import Article

#: Extraction methods of :func:`extract_body`.
METHODS = ("vote", "precision", "trafilatura")

# Agreement rule, chosen on the *tune* half of ../shared/data/extraction and checked on the
# report half (python -m benchmarks.extraction prints both; rerun it after changing these):
# - a paragraph counts as found by another extractor when that extractor has >= half of the
#   paragraph's word 4-grams (0.3 and 0.7 gave the same scores: paragraphs are either there
#   or not);
# - one other extractor agreeing is enough (two lost body paragraphs jusText misses);
# - precision mode is replaced by default mode when it returns under a quarter of the words
#   of the longer of readability and jusText (it then dropped the article, not furniture).
MIN_SHARE = 0.5
MIN_VOTES = 1
PRECISION_FLOOR = 0.25
#: Paragraphs shorter than one shingle cannot be voted on; they are kept (headings, "Photo").
SHINGLE = 4


@dataclass(frozen=True, slots=True)
class BodyParams:
    """Tunables of :func:`extract_body` and :func:`extract_html`.

    Attributes:
        vote_max_chars: pages longer than this (characters of HTML) get trafilatura precision
            mode alone: the vote runs four extractors (~4x the time, 20 s on a 10 MB page).
            The largest page of both benchmark sets is 1.5 MB, so the figures are measured
            entirely with the vote.
    """

    vote_max_chars: int = 3_000_000

    def __post_init__(self) -> None:
        if isinstance(self.vote_max_chars, bool) or not isinstance(self.vote_max_chars, int):
            raise ConfigError("BodyParams.vote_max_chars must be an int (characters of HTML)")
        if self.vote_max_chars < 0:
            raise ConfigError(
                "BodyParams.vote_max_chars must be >= 0 (0 turns the vote off: precision mode "
                f"alone); got {self.vote_max_chars}"
            )


DEFAULT_BODY_PARAMS = BodyParams()

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What extraction found in a page."""

    text: str
    title: str | None = None
    date: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    description: str | None = None
    language: str | None = None


# -- text of lxml elements --------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_SKIP_TAGS = frozenset("script style noscript template head svg iframe object button".split())


def element_text(element: Any) -> str:
    """Text of an lxml element with one line per block element (paragraph, heading, item).

    lxml's ``text_content()`` glues ``<p>a</p><p>b</p>`` into ``ab``; news text needs the
    paragraph breaks (cleaning works line by line) and word boundaries.
    """
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if tag in _SKIP_TAGS or not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content), one line per paragraph."""
    from lxml import etree
    from lxml import html as lxml_html

    if "<" not in fragment:
        import html as stdlib_html

        return "\n".join(
            " ".join(line.split()) for line in stdlib_html.unescape(fragment).splitlines()
        ).strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    return element_text(root)


# -- decoding -------------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)


def _codec(name: str | None) -> str | None:
    import codecs

    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    # WHATWG: pages labelled latin-1/ascii are decoded as windows-1252 by every browser.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML page: BOM, valid UTF-8, the declared charset (HTTP header, then ``<meta>``),
    then a confident guess (:func:`newsweave.ingest.base.decode_bytes` with the page's charsets).

    Valid UTF-8 wins over a declared charset because mislabelled UTF-8 pages are common and
    non-UTF-8 text almost never decodes as UTF-8 by accident.

    Raises:
        DecodeError: binary data, or bytes no charset explains.
    """
    return decode_bytes(data, lambda page: _declared_codecs(page, declared))


def _declared_codecs(data: bytes, declared: str | None) -> Iterator[str]:
    """The non-UTF-8 codecs the HTTP header (``declared``) and the ``<meta>`` charset name."""
    match = _META_CHARSET.search(data[:4096])
    for label in (declared, match.group(1).decode("ascii", "replace") if match else None):
        codec = _codec(label)
        if codec and codec != "utf-8":
            yield codec


# -- extractors -----------------------------------------------------------------------------


def _words(text: str) -> int:
    return len(_TOKEN.findall(text))


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def vote_paragraphs(
    base: str, others: Sequence[str], *, min_votes: int = MIN_VOTES, min_share: float = MIN_SHARE
) -> str:
    """Keep the paragraphs (lines) of ``base`` that at least ``min_votes`` of ``others`` contain.

    A paragraph is contained in another text when that text has at least ``min_share`` of the
    paragraph's word 4-grams (tokenisation and order differences between extractors do not
    matter). Paragraphs too short to have a 4-gram are kept.
    """
    other_sets = [_shingles(text) for text in others]
    kept = []
    for line in base.split("\n"):
        grams = _shingles(line)
        if not grams:
            if line.strip():
                kept.append(line)
            continue
        votes = sum(len(grams & other) >= min_share * len(grams) for other in other_sets)
        if votes >= min_votes:
            kept.append(line)
    return "\n".join(kept)


def _trafilatura_text(tree: Any, url: str | None, *, precision: bool) -> str:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            copy.deepcopy(tree),
            url=url,
            favor_precision=precision,
            include_comments=False,
            with_metadata=False,
        )
    except Exception:  # trafilatura/lxml raise many types on hostile markup
        return ""
    text = getattr(doc, "text", None) if doc is not None else None
    return str(text or "")


def _readability_text(tree: Any) -> str:
    try:
        from trafilatura.readability_lxml import Document  # trafilatura's maintained fork
    except ImportError:  # pragma: no cover - a trafilatura without its fork
        return ""
    try:
        summary = Document(copy.deepcopy(tree), min_text_length=25).summary()
    except Exception:  # the fork raises assorted errors on pages without candidates
        return ""
    from lxml import html as lxml_html

    try:
        return element_text(lxml_html.fromstring(summary))
    except Exception:  # lxml rejects empty or odd summaries
        return ""


@functools.cache
def _justext_stoplist() -> frozenset[str]:
    # All languages' stop words at once: pages come in any language and jusText's
    # classification only needs stop-word density (trafilatura's fallback does the same).
    import justext

    words: set[str] = set()
    for language in justext.get_stoplists():
        words.update(justext.get_stoplist(language))
    return frozenset(words)


def _justext_text(html: str) -> str:
    import justext

    try:
        paragraphs = justext.justext(html, _justext_stoplist())
    except Exception:  # jusText raises on unparsable or empty documents
        return ""
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _baseline_text(tree: Any) -> str:
    import trafilatura

    try:
        return str(trafilatura.baseline(copy.deepcopy(tree))[1] or "")
    except Exception:  # baseline walks arbitrary JSON-LD and markup
        return ""


def _parse(html: str | bytes) -> Any:
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except Exception:  # lxml raises on some byte soups
        return None


def extract_body(
    html: str | bytes,
    url: str | None = None,
    *,
    method: str = "vote",
    params: BodyParams = DEFAULT_BODY_PARAMS,
) -> str:
    """The main text of a page, one paragraph per line ("" when there is none).

    Args:
        html: the page source.
        url: the page address, if known (helps trafilatura's link and site heuristics).
        method: ``"vote"`` (default; trafilatura precision mode filtered by agreement with
            readability, jusText and trafilatura's baseline), ``"precision"`` (trafilatura
            precision mode alone) or ``"trafilatura"`` (trafilatura's defaults).
        params: tunables (:class:`BodyParams`).

    Raises:
        ValueError: for an unknown ``method``.
    """
    if method not in METHODS:
        raise ValueError(f"unknown extraction method {method!r}; use one of {', '.join(METHODS)}")
    tree = _parse(html)
    if tree is None:
        return ""
    return _body_of_tree(tree, html, url, method, params)


def _body_of_tree(
    tree: Any, html: str | bytes, url: str | None, method: str, params: BodyParams
) -> str:
    if method == "trafilatura":
        return _trafilatura_text(tree, url, precision=False)
    precise = _trafilatura_text(tree, url, precision=True)
    if method == "precision" or len(html) > params.vote_max_chars:
        return precise
    source = html if isinstance(html, str) else html.decode("utf-8", "replace")
    readability = _readability_text(tree)
    justext_text = _justext_text(source)
    base = precise
    if _words(precise) < PRECISION_FLOOR * max(_words(readability), _words(justext_text)):
        base = _trafilatura_text(tree, url, precision=False) or precise
    if not base.strip():
        return ""
    return vote_paragraphs(base, [readability, justext_text, _baseline_text(tree)])


def _metadata(tree: Any, url: str | None) -> dict[str, Any]:
    from trafilatura.metadata import extract_metadata

    try:
        # extensive=False: the date comes from newsweave's html_date; trafilatura's own date
        # search only needs to be cheap here.
        return dict(extract_metadata(copy.deepcopy(tree), url, extensive=False).as_dict())
    except Exception:  # metadata code walks arbitrary JSON-LD
        return {}


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def extract_html(
    html: str | bytes,
    url: str | None = None,
    *,
    method: str = "vote",
    params: BodyParams = DEFAULT_BODY_PARAMS,
) -> ExtractedPage | None:
    """Extract the main text and metadata of a page, or None when it holds no article text.

    Args:
        html: the page source (decoded text preferred; bytes are decoded by trafilatura).
        url: the page address, if known.
        method: see :func:`extract_body`.
        params: tunables (:class:`BodyParams`).
    """
    tree = _parse(html)
    if tree is None:
        return None
    try:
        text = _body_of_tree(tree, html, url, method, params).strip()
    except RecursionError:  # absurdly deep markup
        return None
    if not text:
        return None
    meta = _metadata(tree, url)
    source = html if isinstance(html, str) else html.decode("utf-8", "replace")
    author = meta.get("author") or ""
    return ExtractedPage(
        text=clean_newlines(text),
        title=_clean(meta.get("title")),
        date=page_date(source, url) or normalize_date(meta.get("date")),
        site_name=_clean(meta.get("sitename")),
        authors=tuple(a.strip() for a in str(author).split(";") if a.strip()),
        url=_clean(meta.get("url")) or url,
        description=_clean(meta.get("description")),
        language=_clean(meta.get("language")),
    )


def page_article(
    page: ExtractedPage,
    *,
    article_id: str,
    source_key: str,
    path: str | None,
    url: str | None = None,
    fallback_date: str | None = None,
    fallback_source: str | None = None,
    meta: dict[str, str] | None = None,
) -> Article:
    """An :class:`Article` from an extracted page (used by the HTML, WARC and URL readers).

    ``fallback_date`` (e.g. a WARC-Date or feed date) is the claimed date when the page
    declares none; ``fallback_source`` names where it came from.
    """
    date = page.date
    source = "html-metadata" if date else None
    if date is None and fallback_date:
        date, source = fallback_date, fallback_source
    extra = dict(meta or {})
    if page.description:
        extra.setdefault("description", page.description)
    if page.language:
        extra.setdefault("html_language", page.language)
    return Article(
        id=article_id,
        text=page.text,
        raw_text=page.text,
        title=page.title,
        outlet=page.site_name,
        url=url or page.url,
        path=path,
        source_key=source_key,
        claimed_date=date,
        date=date,
        date_source=source,
        authors=page.authors,
        content_hash=content_hash(page.text),
        meta=extra,
    )


# -- files ----------------------------------------------------------------------------------


def gunzip_limited(data: bytes, limit: int) -> bytes:
    """Decompress gzip ``data``, refusing (ValueError) output over ``limit`` bytes."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        out = handle.read(limit + 1)
    if len(out) > limit:
        raise ValueError(f"decompressed size over max_file_bytes={limit:,}")
    return out


def _looks_html(data: bytes) -> bool:
    # Markup first: a WARC or a mail file also holds "<body" somewhere in its first bytes.
    head = data[:2048].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return head.startswith(b"<") and (
        head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
    )


def _stem(path: Path) -> str:
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return name.rsplit(".", 1)[0] if "." in name else name


@register_reader(
    "html",
    (".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz", ".xhtml.gz"),
    sniff=_looks_html,
)
def read_html(path: Path, settings: Settings) -> Iterator[Item]:
    """Read an HTML page (optionally gzipped) as one article."""
    source = str(path)
    try:
        data = read_limited(path, settings)
        if path.name.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
            data = gunzip_limited(data, settings.max_file_bytes)
        html = decode_html(data)
    except (OSError, ValueError, EOFError, DecodeError, gzip.BadGzipFile) as exc:
        yield reject(source, f"cannot read HTML: {exc}")
        return
    if not html.strip():
        yield reject(source, "empty file")
        return
    page = extract_html(html)
    if page is None:
        yield reject(source, "no article text found in the HTML")
        return
    yield page_article(
        page, article_id=safe_id(_stem(path)), source_key=str(path.resolve()), path=str(path)
    )


__all__ = [
    "DEFAULT_BODY_PARAMS",
    "METHODS",
    "BodyParams",
    "ExtractedPage",
    "decode_html",
    "element_text",
    "extract_body",
    "extract_html",
    "gunzip_limited",
    "html_to_text",
    "page_article",
    "read_html",
    "vote_paragraphs",
]
