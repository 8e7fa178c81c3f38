"""Publication date of an HTML page, read at ingest from the page itself.

:func:`html_date` weighs what the page shows a reader against what it declares to machines:

1. the **byline date**: the date printed next to the article's headline ("By Ann Lee · 5 March
   2024", "Karlsruhe, (12.11.2021)", "02 Novembre 2023") — what the publisher shows as the
   article's day, in its own time zone;
2. a full date in the URL path (the publisher's local day, written when the story was filed);
3. a date the visible text introduces as the publication ("Veröffentlicht am 16.08.2019",
   "Published on ...");
4. the timestamp the page declares in structured metadata (JSON-LD ``datePublished``,
   ``article:published_time``, Dublin Core ...), as its **local day**: a timestamp with an offset
   gives the calendar day written in it, never converted to UTC; a UTC timestamp is moved to the
   publisher's day when the page states the same instant with its own offset elsewhere;
5. htmldate (``original_date=True``), fast search, then its extensive search, whose last
   resort (dateparser) reads only the languages the page declares, and English: dateparser
   otherwise loads every one of its locales (about 2 s once per process) to read one string;
6. when the URL names a month but no day (``/2011/12/slug``) and the answer falls outside that
   month, the first date of that month the page prints.

A numeric byline date that reads both ways ("02/11/2023") counts only when another signal
agrees with one of its readings. Dates inside the headline itself, in comment threads,
sidebars, navigation and footers are not bylines. :func:`page_date` is the ingest wrapper that
never raises. The order and the windows were tuned on the *tune* halves of
../shared/data/dates and ../shared/data/dates-more and measured on their *report* halves
(``python -m benchmarks --only dates``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from newsweave.time import WrittenDate, read_date, url_date, url_month, written_dates

# Explicit publication timestamps a page declares about itself (JSON-LD, Open Graph, Dublin
# Core, schema.org microdata, Parse.ly), as ISO 8601 only: an ambiguous "11/01/2023" proves
# nothing.
_ISO_VALUE = (
    r"(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)"
    r"(?:[T ](?P<clock>[0-2]\d:[0-5]\d(?::[0-5]\d)?)(?:\.\d+)?(?P<zone>Z|[+-][01]\d:?[0-5]\d)?"
    r"[^\"'<>]*)?"
)
_PUBLISHED_KEYS = (
    r"article:published_time|og:published_time|og:article:published_time|datepublished|"
    r"dc\.date\.issued|dcterms\.issued|dcterms\.created|parsely-pub-date|publication_date|"
    r"pubdate|publish-date|published_date|sailthru\.date"
)
_PUBLISHED_PATTERNS = (
    re.compile(r"[\"']datePublished[\"']\s*:\s*[\"']" + _ISO_VALUE, re.I),
    re.compile(
        r"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"'](?:" + _PUBLISHED_KEYS + r")[\"']"
        r"[^>]*?content\s*=\s*[\"']\s*" + _ISO_VALUE,
        re.I,
    ),
    re.compile(
        r"<meta\b[^>]*?content\s*=\s*[\"']\s*" + _ISO_VALUE + r"[\"'][^>]*?"
        r"(?:property|name|itemprop)\s*=\s*[\"'](?:" + _PUBLISHED_KEYS + r")[\"']",
        re.I,
    ),
    re.compile(
        r"<time\b[^>]*?itemprop\s*=\s*[\"']datePublished[\"'][^>]*?datetime\s*=\s*[\"']"
        + _ISO_VALUE,
        re.I,
    ),
)
# Any ISO timestamp with a non-zero UTC offset: the page stating its own time zone.
_ZONED_STAMP = re.compile(
    r"(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)[T ](?P<clock>[0-2]\d:[0-5]\d(?::[0-5]\d)?)"
    r"(?:\.\d+)?(?P<zone>[+-][01]\d:?[0-5]\d)"
)

# Words that introduce a publication date ("Veröffentlicht am", "Published on", "Publié le")
# just before it, or, in German, close it ("wurde am 3. Dezember 2011 ... veröffentlicht").
_PUBLISHED_CUE = re.compile(
    r"\b(?:ver[öo]ffentlicht|erstellt|publiziert|erschienen|published|posted|publié|publie|"
    r"pubblicato|publicado|gepubliceerd)\b(?:\s+(?:am|on|le|il|el|em|op|at))?[\s:,]*"
    r"(?:\w+,?\s+)?$",
    re.I,
)
_PUBLISHED_AFTER = re.compile(r"^[^.!?\n]{0,40}\bver[öo]ffentlicht\b", re.I)
# Words that mark a later revision ("Updated", "Aktualisiert am"): such a byline date counts
# only when the byline shows no other date.
_UPDATED_CUE = re.compile(
    r"\b(?:updated?|modified|edited|aktualisiert|ge[äa]ndert|mis à jour|actualizado|"
    r"aggiornato|bijgewerkt|last updated)\b[^\d]{0,20}$",
    re.I,
)
# Containers whose dates are not the article's: comment threads, sidebars, footers, menus,
# share bars, related-story lists. Matched against whole class/id tokens.
_NOT_ARTICLE_TOKENS = frozenset(
    "comment comments commentlist comment-list kommentare sidebar footer widget widgets related "
    "related-posts share sharing social navigation menu".split()
)
_NOT_ARTICLE_TAGS = frozenset({"footer", "aside", "nav", "form"})
# The same tokens as one pattern over the lowercased "class id" string: whole
# whitespace-separated tokens, as ``str.split`` cuts them.
_NOT_ARTICLE_NAMES = re.compile(
    r"(?<!\S)(?:" + "|".join(sorted(map(re.escape, _NOT_ARTICLE_TOKENS))) + r")(?!\S)"
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PageDateParams:
    """Tunables of :func:`html_date` (chosen on the tune halves of the date benchmarks).

    Attributes:
        before_headline: characters of visible text before the headline searched for a byline
            date (used only when none follows the headline: a site header's "today" stands
            before it).
        after_headline: characters of visible text after the headline searched for it.
        long_node: a text node longer than this is prose, not a byline ...
        node_lead: ... and counts only for a date in its first characters (a dateline).
        cue_window: characters before a date searched for a publication cue.
    """

    before_headline: int = 300
    after_headline: int = 500
    long_node: int = 120
    node_lead: int = 40
    cue_window: int = 40


DEFAULT_PARAMS = PageDateParams()


@dataclass(frozen=True, slots=True)
class Stamp:
    """A declared timestamp: the day as written, and the instant when a time and zone are given."""

    day: date
    instant: datetime | None  # the UTC instant (naive), None without a time or zone
    offset_minutes: int | None  # the stated UTC offset; 0 for "Z"


@dataclass(frozen=True, slots=True)
class PageDateEvidence:
    """Every signal :func:`html_date` reads from a page, before the htmldate fallback."""

    byline: WrittenDate | None
    url_day: date | None
    cue: date | None
    declared: Stamp | None
    local_day: date | None  # the declared stamp's day in the publisher's zone
    url_month_date: date | None  # the first date printed in the month the URL names


def _stamp(m: re.Match[str]) -> Stamp | None:
    day = read_date(m.group("iso"))
    if day is None:
        return None
    zone, clock = m.groupdict().get("zone"), m.groupdict().get("clock")
    if not zone or not clock:
        return Stamp(day, None, None)
    offset = 0
    if zone != "Z":
        digits = zone[1:].replace(":", "")
        offset = (int(digits[:2]) * 60 + int(digits[2:])) * (-1 if zone[0] == "-" else 1)
    try:
        parts = [int(p) for p in clock.split(":")] + [0]
        naive = datetime(day.year, day.month, day.day, parts[0], parts[1], parts[2])
    except ValueError:
        return Stamp(day, None, None)
    instant = naive - timedelta(minutes=offset)  # UTC, kept naive: compared with itself only
    return Stamp(day, instant, offset)


def declared_stamp(html: str, latest: date | None = None) -> Stamp | None:
    """The publication timestamp a page declares in its structured metadata (ISO only)."""
    top = latest or date.today() + timedelta(days=1)
    for rx in _PUBLISHED_PATTERNS:
        for m in rx.finditer(html):
            stamp = _stamp(m)
            if stamp is not None and date(1995, 1, 1) <= stamp.day <= top:
                return stamp
    return None


def declared_published(html: str, latest: date | None = None) -> date | None:
    """The publication day a page declares in its structured metadata, as written (ISO only)."""
    stamp = declared_stamp(html, latest)
    return stamp.day if stamp else None


def publisher_day(stamp: Stamp, html: str) -> date:
    """The day of ``stamp`` in the publisher's time zone.

    A stamp with a non-zero offset is already local: its written day. A UTC stamp ("Z",
    "+00:00") is moved to the zone of another timestamp of the page that states the same
    instant with a non-zero offset (``...T05:30:59Z`` and ``...T23:30:59-06:00``); without one
    the page states no zone and the written day stands.
    """
    if stamp.instant is None or stamp.offset_minutes != 0:
        return stamp.day
    for m in _ZONED_STAMP.finditer(html):
        other = _stamp(m)
        if other is not None and other.instant == stamp.instant and other.offset_minutes:
            return other.day
    return stamp.day


# -- the visible page -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Node:
    start: int  # offset in the joined visible text
    text: str
    in_headline: bool


def _not_article(el: Any) -> bool:
    if el.tag in _NOT_ARTICLE_TAGS:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return _NOT_ARTICLE_NAMES.search(names) is not None


def _drop(el: Any) -> None:
    """Remove ``el`` and its subtree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _text_of(el: Any) -> str:
    return "".join(t for t in el.itertext() if isinstance(t, str))


def _headline(root: Any, body: Any) -> Any:
    """The element holding the article's headline: the ``h1`` most like the page title."""
    heads = [h for h in body.iter("h1") if _text_of(h).strip()]
    if not heads:
        heads = [h for h in body.xpath(".//*[@itemprop='headline']") if _text_of(h).strip()]
    if not heads:
        return None
    title = ""
    for xpath in (
        "//meta[@property='og:title']/@content",
        "//meta[@name='twitter:title']/@content",
        "//title/text()",
    ):
        found = root.xpath(xpath)
        if found and str(found[0]).strip():
            title = str(found[0])
            break
    words = {w.lower() for w in _WORD.findall(title)}
    if not words:
        return heads[0]

    def overlap(h: Any) -> float:
        tokens = [w.lower() for w in _WORD.findall(_text_of(h))]
        return sum(w in words for w in tokens) / max(1, len(tokens))

    return max(heads, key=overlap)  # max keeps the first of equals


def _visible(html: str) -> list[_Node]:
    """Text nodes of the page body in reading order, headline marked, non-article parts out."""
    from lxml import etree

    try:
        parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = etree.fromstring(html.encode("utf-8", "replace"), parser)
    except (ValueError, etree.LxmlError):
        return []
    body = root.find("body") if root is not None else None
    if body is None:
        return []
    etree.strip_elements(
        body, "script", "style", "noscript", "template", "select", "button", with_tail=False
    )
    for el in body.xpath(
        ".//*[self::footer or self::aside or self::nav or self::form or @class or @id]"
    ):
        if _not_article(el):
            _drop(el)
    headline = _headline(root, body)
    nodes: list[_Node] = []
    offset, inside = 0, False
    for event, el in etree.iterwalk(body, events=("start", "end")):
        if el is headline:
            inside = event == "start"
        text = el.text if event == "start" else (el.tail if el is not body else None)
        if text and text.strip() and isinstance(el.tag, str):
            nodes.append(_Node(offset, text, inside))
            offset += len(text) + 1
    return nodes


def _text_before(nodes: list[_Node], i: int, start: int, width: int) -> str:
    """The ``width`` characters of visible text before ``start`` in node ``i``, across nodes."""
    text = nodes[i].text[:start]
    while len(text) < width and i > 0:
        i -= 1
        text = nodes[i].text + " " + text
    return re.sub(r"\s+", " ", text)[-width:]


def _byline(nodes: list[_Node], params: PageDateParams) -> WrittenDate | None:
    """The date printed nearest after the headline, else nearest before it.

    A date after a revision cue ("Updated:") counts only when no other one is near.
    """
    heads = [n for n in nodes if n.in_headline]
    if not heads:
        return None
    h_start, h_end = heads[0].start, heads[-1].start + len(heads[-1].text)
    lo, hi = h_start - params.before_headline, h_end + params.after_headline
    best: tuple[int, int, int, WrittenDate] | None = None
    for i, node in enumerate(nodes):
        if node.in_headline or node.start + len(node.text) < lo or node.start > hi:
            continue
        lead = len(node.text) - len(node.text.lstrip())
        prose = len(node.text.strip()) > params.long_node
        for wd in written_dates(node.text):
            at = node.start + wd.start
            if not lo <= at <= hi or (prose and wd.start - lead > params.node_lead):
                continue
            before = _text_before(nodes, i, wd.start, params.cue_window)
            rank = (
                1 if _UPDATED_CUE.search(before) else 0,
                0 if at >= h_end else 1,  # a site header's "today" stands before the headline
                abs(at - h_end),
            )
            if best is None or rank < best[:3]:
                best = (*rank, WrittenDate(at, node.start + wd.end, wd.day, wd.other))
    return best[3] if best else None


def _cue_date(nodes: list[_Node], params: PageDateParams) -> date | None:
    """The first unambiguous date the visible text introduces as the publication day.

    As for a byline, a date deep inside a paragraph of prose does not count ("the book was
    published on 3 March 2001" dates the book, not the page).
    """
    for i, node in enumerate(nodes):
        lead = len(node.text) - len(node.text.lstrip())
        prose = len(node.text.strip()) > params.long_node
        for wd in written_dates(node.text):
            if wd.other is not None or (prose and wd.start - lead > params.node_lead):
                continue
            before = _text_before(nodes, i, wd.start, params.cue_window)
            if _PUBLISHED_CUE.search(before) or _PUBLISHED_AFTER.search(node.text[wd.end :]):
                return wd.day
    return None


def _printed_in(nodes: list[_Node], year: int, month: int) -> date | None:
    """The first unambiguous date of ``year``-``month`` the visible text prints."""
    for node in nodes:
        for wd in written_dates(node.text):
            if wd.other is None and (wd.day.year, wd.day.month) == (year, month):
                return wd.day
    return None


def page_evidence(
    html: str, url: str | None = None, params: PageDateParams = DEFAULT_PARAMS
) -> PageDateEvidence:
    """Every date signal of a page except htmldate's, for inspection (see :func:`html_date`)."""
    nodes = _visible(html)
    declared = declared_stamp(html)
    month = url_month(url)
    return PageDateEvidence(
        byline=_byline(nodes, params),
        url_day=url_date(url),
        cue=_cue_date(nodes, params),
        declared=declared,
        local_day=publisher_day(declared, html) if declared else None,
        url_month_date=_printed_in(nodes, *month) if month else None,
    )


# -- htmldate's dateparser, restricted to the page's languages -------------------------------

# The language a page declares: <html lang="de-CH">, <meta http-equiv="content-language">,
# og:locale ("fr_FR"). Read from the head of the source, where they stand.
_DECLARED_LANGUAGE = (
    re.compile(r"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?\s*([a-z]{2,3})(?![a-z])", re.I),
    re.compile(
        r"<meta\b[^>]*?http-equiv\s*=\s*[\"']content-language[\"'][^>]*?content\s*=\s*[\"']"
        r"\s*([a-z]{2,3})(?![a-z])",
        re.I,
    ),
    re.compile(
        r"<meta\b[^>]*?property\s*=\s*[\"']og:locale[\"'][^>]*?content\s*=\s*[\"']"
        r"\s*([a-z]{2,3})(?![a-z])",
        re.I,
    ),
)
_HEAD_CHARS = 30_000
# The page's languages while htmldate runs on it (None: every locale, htmldate's own way).
_PAGE_LANGUAGES: ContextVar[tuple[str, ...] | None] = ContextVar(
    "newsweave_page_languages", default=None
)
# Whether htmldate's string cache may hold a dateparser reading (made under some languages).
_CACHE_HOLDS_READINGS = [False]


def page_languages(html: str) -> tuple[str, ...]:
    """dateparser's codes of the languages ``html`` declares, then English, in that order;
    () when it declares none that dateparser knows (then every locale is tried)."""
    from dateparser.data.languages_info import language_order  # a list of codes, no locales

    known = set(language_order)
    head = html[:_HEAD_CHARS]
    found: list[str] = []
    for rx in _DECLARED_LANGUAGE:
        for m in rx.finditer(head):
            code = m.group(1).lower()
            if code in known and code not in found:
                found.append(code)
    if not found:
        return ()
    return (*found, *(() if "en" in found else ("en",)))


@lru_cache(maxsize=32)
def _language_parser(languages: tuple[str, ...]) -> Any:
    """A dateparser with htmldate's settings, reading only ``languages`` (loaded once each)."""
    from dateparser import DateDataParser

    original = _install_language_parser().newsweave_original()  # type: ignore[attr-defined]
    return DateDataParser(
        languages=list(languages),
        settings={
            name: getattr(original._settings, name)
            for name in (
                "NORMALIZE",
                "PARSERS",
                "PREFER_DATES_FROM",
                "PREFER_LOCALE_DATE_ORDER",
                "RETURN_AS_TIMEZONE_AWARE",
                "STRICT_PARSING",
            )
        },
    )


def _install_language_parser() -> Callable[[], Any]:
    """Route htmldate's dateparser through :data:`_PAGE_LANGUAGES` (once per process).

    htmldate asks ``get_external_parser()`` for its one dateparser, built with every locale;
    outside :func:`_reading_languages` the original is returned, so htmldate called directly
    behaves as it always does.
    """
    from htmldate import extractors

    current = extractors.get_external_parser
    if getattr(current, "newsweave_languages", False):
        return current
    original = current

    def get_external_parser() -> Any:
        _CACHE_HOLDS_READINGS[0] = True
        languages = _PAGE_LANGUAGES.get()
        return original() if languages is None else _language_parser(languages)

    get_external_parser.newsweave_languages = True  # type: ignore[attr-defined]
    get_external_parser.newsweave_original = original  # type: ignore[attr-defined]
    extractors.get_external_parser = get_external_parser  # type: ignore[assignment]
    return get_external_parser


def _forget_readings() -> None:
    """Empty htmldate's process-wide cache of parsed strings if dateparser filled part of it:
    a string read under other languages is read again, so a page's date never depends on the
    pages read before it (strings read without dateparser stay cached)."""
    if _CACHE_HOLDS_READINGS[0]:
        from htmldate import extractors

        extractors.try_date_expr.cache_clear()
        _CACHE_HOLDS_READINGS[0] = False


@contextmanager
def _reading_languages(languages: tuple[str, ...]) -> Iterator[None]:
    """htmldate's dateparser reads only ``languages`` inside the block."""
    _install_language_parser()
    _forget_readings()
    token = _PAGE_LANGUAGES.set(languages)
    try:
        yield
    finally:
        _PAGE_LANGUAGES.reset(token)
        _forget_readings()


def _htmldate(html: str, url: str | None, extensive: bool) -> date | None:
    from htmldate import find_date  # imported here: lxml parsing setup is paid only for HTML

    try:
        languages = page_languages(html) if extensive else ()
        if languages:
            with _reading_languages(languages):
                found = find_date(
                    html,
                    url=url,
                    original_date=True,
                    extensive_search=True,
                    outputformat="%Y-%m-%d",
                )
        else:  # fast search, or a page declaring no language: dateparser tries every locale
            found = find_date(
                html,
                url=url,
                original_date=True,
                extensive_search=extensive,
                outputformat="%Y-%m-%d",
            )
    except Exception:  # htmldate raises assorted parser errors on broken markup
        return None
    return read_date(str(found)) if found else None


def decide(
    html: str,
    url: str | None = None,
    *,
    extensive: bool | None = None,
    params: PageDateParams = DEFAULT_PARAMS,
) -> date | None:
    """The publication day of a page (see :func:`html_date`); signals are read lazily."""
    nodes = _visible(html)
    byline = _byline(nodes, params)
    found: date | None = None
    if byline is not None and byline.other is None:
        found = byline.day
    found = found or url_date(url) or _cue_date(nodes, params)
    if found is None:
        declared = declared_stamp(html)
        local = publisher_day(declared, html) if declared else None
        if byline is not None and declared is not None:
            # "02/11/2023": whichever reading the page's declared timestamp confirms.
            found = next(
                (d for d in (local, declared.day) if d in (byline.day, byline.other)), None
            )
        found = found or local
    if found is None:
        passes = (False, True) if extensive is None else (extensive,)
        for ext in passes:
            found = _htmldate(html, url, ext)
            if found is not None:
                break
    month = url_month(url)
    if found is not None and month is not None and (found.year, found.month) != month:
        # The URL names another month: the page's own date of that month, if it prints one.
        found = _printed_in(nodes, *month) or found
    return found


def html_date(
    html: str,
    url: str | None = None,
    *,
    extensive: bool | None = None,
    params: PageDateParams = DEFAULT_PARAMS,
) -> str | None:
    """Publication date (ISO) of a web page, or None (the rules are in the module docstring).

    Args:
        html: the page source.
        url: the page address, if known.
        extensive: None runs htmldate's extensive search only when its fast one finds nothing;
            True or False force it on or off.
        params: the tunables.
    """
    found = decide(html, url, extensive=extensive, params=params)
    return found.isoformat() if found else None


def page_date(html: str, url: str | None = None) -> str | None:
    """Publication date of a page (ISO) by :func:`html_date`; None when it fails."""
    try:
        return html_date(html, url)
    except Exception:  # a date must never cost the article
        return None


__all__ = [
    "DEFAULT_PARAMS",
    "PageDateEvidence",
    "PageDateParams",
    "Stamp",
    "decide",
    "declared_published",
    "declared_stamp",
    "html_date",
    "page_date",
    "page_evidence",
    "page_languages",
    "publisher_day",
]
