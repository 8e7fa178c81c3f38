"""HTML pages: main text, plus title, authors, date and site name.

Main text (see :func:`extract_body`, method ``"auto"``): trafilatura in precision mode (its fast
path) reads the page first. Only when that reading is *unsure* -- it holds under
``unsure_min_chars`` characters, or under ``unsure_page_share`` of the page's visible text --
are second opinions asked: trafilatura's balanced mode replaces it when precision mode kept
under half of balanced mode's words (precision mode sometimes discards a whole short article)
unless balanced mode returned the whole page, menus and all; readability (trafilatura's fork)
replaces it when it finds several times more text, and jusText when the text is still short.
Three page-structure rules (:mod:`newsweave.ingest.pagelayout`) then apply: sub-headings
that precision mode dropped between two paragraphs it kept are put back; the lead (the
full-sentence standfirst between the headline ``<h1>`` and the first extracted paragraph, which
trafilatura drops as header furniture) is put back; and a trailer of short non-sentence lines
("Related topics", "Photo credits: X", "Last changed 14.02.2019") is cut. Neither rule may leave
a page without text: when it would, the text stays as it was. Every method's text is Unicode
NFC.

The agreement vote of earlier versions (a paragraph kept only when another extractor also has
it) is method ``"vote"``; it runs all four extractors on every page. When the vote would drop
every paragraph, the text it voted on is kept instead of rejecting the page.
``benchmarks/extraction.py`` measures both on the ScrapingHub benchmark and on trafilatura's
snippet evaluation, with trafilatura beside them in the same run.

One page is one article; its id is the file stem (files) or the record id (records).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gzip
import io
import re
import unicodedata
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
from newsweave.ingest.pagelayout import (
    BLOCK_TAGS,
    SKIP_TAGS,
    trim_trailer,
    with_lead,
    with_subheadings,
)
from newsweave.models import Article

#: Extraction methods of :func:`extract_body`.
METHODS = ("auto", "vote", "precision", "trafilatura")

# Agreement rule of method "vote", chosen on the *tune* half of ../shared/data/extraction:
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

    The defaults were chosen on the *tune* halves of ../shared/data/extraction (ScrapingHub) and
    ../shared/data/extraction-snippets (trafilatura's evaluation pages); ``python -m benchmarks
    --only extraction`` prints both halves of both sets.

    Attributes:
        vote_max_chars: pages longer than this (characters of HTML) get precision mode alone,
            without second opinions, page rules or vote (a 10 MB page takes seconds per
            extractor). The largest benchmark page is 1.5 MB.
        unsure_min_chars: precision mode's reading is *unsure* when it holds fewer non-space
            characters than this (short texts are where it most often dropped the article) ...
        unsure_page_share: ... or fewer than this share of the page's visible non-space
            characters. Tune half of the snippets: 0.15 asks second opinions on about one page
            in eight and scores as well as asking on every page.
        balanced_ratio: an unsure page takes trafilatura's balanced mode instead when
            precision mode has fewer than this share of its words ...
        dump_page_share: ... unless balanced mode's text holds this share of the page's
            visible characters or more ...
        dump_prose_share: ... and under this share of its words are in lines of ten words or
            more: it is then the whole page, menus and all (its fallback when it finds no
            article).
        readability_ratio: an unsure page takes readability's text when it is this many times
            longer (2, trafilatura's own factor, let menus replace good texts on the tune half).
        justext_min_chars: ... and jusText's when the text is still shorter than this and
            jusText finds more (trafilatura's MIN_EXTRACTED_SIZE).
        lead_min_words: a standfirst put back must have at least this many words and end like
            a sentence (shorter lines between headline and body are bylines, dates, reading
            times).
        lead_max_blocks: how many blocks before the body the standfirst may be (0 turns the
            standfirst off; ScrapingHub's gold leaves standfirsts out, trafilatura's snippets
            count them as text).
        trailer_max_words: trailing lines shorter than this that do not end like a sentence
            (nor are list items or table rows) are cut (0 turns the cut off).
        subheading_max_words: a dropped ``<h2>`` .. ``<h6>`` of at most this many words between
            two consecutive kept paragraphs, one of them its sibling, is put back (0 turns it
            off). Tune half of the snippets: +0.0024 F (3 snippets, no new false one); 12 or
            40 score the same; ScrapingHub unchanged.
    """

    vote_max_chars: int = 3_000_000
    unsure_min_chars: int = 500
    unsure_page_share: float = 0.15
    balanced_ratio: float = 0.5
    readability_ratio: float = 3.0
    dump_page_share: float = 0.9
    dump_prose_share: float = 0.3
    justext_min_chars: int = 250
    lead_min_words: int = 12
    lead_max_blocks: int = 12
    trailer_max_words: int = 8
    subheading_max_words: int = 20

    def __post_init__(self) -> None:
        for name in (
            "vote_max_chars",
            "unsure_min_chars",
            "justext_min_chars",
            "lead_min_words",
            "lead_max_blocks",
            "trailer_max_words",
            "subheading_max_words",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError(f"BodyParams.{name} must be an int; got {value!r}")
            if value < 0:
                raise ConfigError(
                    f"BodyParams.{name} must be >= 0 (vote_max_chars 0 turns second opinions "
                    f"off: precision mode alone); got {value}"
                )
        for name in (
            "unsure_page_share",
            "balanced_ratio",
            "readability_ratio",
            "dump_page_share",
            "dump_prose_share",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(f"BodyParams.{name} must be a number >= 0; got {value!r}")


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


def element_text(element: Any) -> str:
    """Text of an lxml element with one line per block element (paragraph, heading, item).

    lxml's ``text_content()`` glues ``<p>a</p><p>b</p>`` into ``ab``; news text needs the
    paragraph breaks (cleaning works line by line) and word boundaries.
    """
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if tag in SKIP_TAGS or not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in BLOCK_TAGS
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


def _trafilatura_text(tree: Any, url: str | None, *, precision: bool, fast: bool = False) -> str:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            copy.deepcopy(tree),
            url=url,
            fast=fast,
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
    method: str = "auto",
    params: BodyParams = DEFAULT_BODY_PARAMS,
) -> str:
    """The main text of a page, one paragraph per line ("" when there is none).

    Args:
        html: the page source.
        url: the page address, if known (helps trafilatura's link and site heuristics).
        method: ``"auto"`` (default; precision mode, second opinions when it is unsure, lead
            and trailer rules -- see the module docstring), ``"vote"`` (precision mode filtered
            by agreement with readability, jusText and trafilatura's baseline on every page),
            ``"precision"`` (trafilatura precision mode alone) or ``"trafilatura"``
            (trafilatura's defaults).
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
        return _nfc(_trafilatura_text(tree, url, precision=False))
    if method == "auto":
        return _nfc(_auto_body(tree, html, url, params))
    precise = _trafilatura_text(tree, url, precision=True)
    if method == "precision" or len(html) > params.vote_max_chars:
        return _nfc(precise)
    source = html if isinstance(html, str) else html.decode("utf-8", "replace")
    readability = _readability_text(tree)
    justext_text = _justext_text(source)
    base = precise
    if _words(precise) < PRECISION_FLOOR * max(_words(readability), _words(justext_text)):
        base = _trafilatura_text(tree, url, precision=False) or precise
    if not base.strip():
        return ""
    voted = vote_paragraphs(base, [readability, justext_text, _baseline_text(tree)])
    # No other extractor agreeing with any paragraph says they all failed on this page, not
    # that the page has no text: keep what was voted on rather than reject the page.
    return _nfc(voted if voted.strip() else base)


def _nfc(text: str) -> str:
    # Pages mix composed and decomposed forms (Bengali, Vietnamese, NFD from macOS tools);
    # search, dedup and quotes compare strings, so the text is NFC like most of the web.
    return unicodedata.normalize("NFC", text)


def _auto_body(tree: Any, html: str | bytes, url: str | None, params: BodyParams) -> str:
    """Method "auto": precision mode, second opinions only when it is unsure, page rules."""
    first = _trafilatura_text(tree, url, precision=True, fast=True)
    if len(html) > params.vote_max_chars:
        return first
    text = first
    if _unsure(first, tree, params):
        text = _second_opinions(tree, html, url, first, params)
    if not text.strip():
        return ""
    text = with_subheadings(tree, text, params.subheading_max_words)
    text = with_lead(tree, text, params.lead_min_words, params.lead_max_blocks)
    return trim_trailer(text, params.trailer_max_words)


def _chars(text: str) -> int:
    return sum(map(len, text.split()))


def _unsure(first: str, tree: Any, params: BodyParams) -> bool:
    """Whether precision mode's text is too short, absolutely or for the page, to trust."""
    found = _chars(first)
    if found < params.unsure_min_chars:
        return True
    return found < params.unsure_page_share * _page_chars(tree)


def _page_chars(tree: Any) -> int:
    """Non-space characters of the page's visible text (scripts and styles left out)."""
    from lxml import etree

    # Serialised text and str.split run in C; walking the page in Python costs more than
    # the extraction this figure decides about.
    body = tree.find(".//body")
    body = tree if body is None else body
    total = _chars(etree.tostring(body, method="text", encoding="unicode"))
    for hidden in body.iter("script", "style", "noscript", "template"):
        total -= _chars(etree.tostring(hidden, method="text", encoding="unicode", with_tail=False))
    return total


def _page_dump(text: str, tree: Any, params: BodyParams) -> bool:
    """Whether ``text`` is the whole page rather than an article: balanced mode falls back to
    the page's full text when it finds no article, menus and all. Such a text holds (nearly)
    all of the page's characters, most of them in lines of under ten words."""
    if _chars(text) < params.dump_page_share * _page_chars(tree):
        return False
    words = [_words(line) for line in text.split("\n")]
    prose = sum(n for n in words if n >= 10)
    return prose < params.dump_prose_share * max(1, sum(words))


def _second_opinions(
    tree: Any, html: str | bytes, url: str | None, first: str, params: BodyParams
) -> str:
    """The text of an unsure page: the first reading, or another extractor's when it clearly
    found the article the first reading missed (trafilatura's own fallback order)."""
    text = first
    balanced = _trafilatura_text(tree, url, precision=False, fast=True)
    if _words(first) < params.balanced_ratio * _words(balanced) and not _page_dump(
        balanced, tree, params
    ):
        text = balanced
    readability = _readability_text(tree)
    if readability.strip() and len(readability) > params.readability_ratio * len(text):
        text = readability
    if len(text) < params.justext_min_chars:
        source = html if isinstance(html, str) else html.decode("utf-8", "replace")
        justext_text = _justext_text(source)
        if len(justext_text) > len(text):
            text = justext_text
    return text


def _metadata(tree: Any, url: str | None) -> dict[str, Any]:
    """trafilatura's metadata of ``tree`` -- the fields the reader keeps (title, author, url,
    sitename, description, language), found as ``trafilatura.metadata.extract_metadata`` finds
    them, without the parts nothing here reads (categories, tags, licence) and without its
    date search: the date is newsweave's :func:`~newsweave.ingest.pagedate.page_date`, and
    trafilatura's (:func:`_metadata_date`) is asked only when that finds none. The tree is
    read, not changed, so it is not copied."""
    from trafilatura import metadata as tm

    try:
        found = tm.examine_meta(tree)
        if found.author and " " not in found.author:
            found.author = None  # as extract_metadata: a one-word author is no name
        with contextlib.suppress(Exception):  # bugs in trafilatura's json_metadata.py
            found = tm.extract_meta_json(tree, found)
        found.title = found.title or tm.extract_title(tree)
        found.author = found.author or tm.extract_author(tree)
        found.url = found.url or tm.extract_url(tree, url)
        found.sitename = found.sitename or tm.extract_sitename(tree)
        if found.sitename:
            found.sitename = found.sitename.lstrip("@")  # a Twitter handle
            if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
                found.sitename = found.sitename.title()
        elif found.url and (named := tm.META_URL.match(found.url)):
            found.sitename = named[1]
        found.clean_and_trim()
        return dict(found.as_dict())
    except Exception:  # metadata code walks arbitrary JSON-LD
        return {}


def _metadata_date(tree: Any, url: str | None) -> str | None:
    """The date trafilatura's metadata would give the page (htmldate, fast search), ISO."""
    from htmldate import find_date
    from trafilatura.settings import set_date_params

    try:
        found = find_date(tree, **{**set_date_params(False), "url": url})
    except Exception:  # htmldate raises assorted parser errors on broken markup
        return None
    return normalize_date(found) if found else None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def extract_html(
    html: str | bytes,
    url: str | None = None,
    *,
    method: str = "auto",
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
        date=page_date(source, url) or _metadata_date(tree, _clean(meta.get("url")) or url),
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
    requires=("lxml.html", "lxml.html.clean", "justext", "trafilatura", "htmldate"),
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
