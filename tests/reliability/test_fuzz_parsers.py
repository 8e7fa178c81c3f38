"""Property-based fuzzing of every reader: no unhandled exception, every bad item reported,
every good item kept.

Each test drives one reader (bytes decoding, text files, JSON and JSON Lines, HTML, RSS/Atom,
WARC) with generated input -- hostile text (control characters, lone surrogates, bidi marks,
4-byte characters, huge numbers), structurally broken documents, and well-formed items
carrying a unique marker -- and checks the reader's contract:

- it returns (or yields) its documented result or raises only its documented error;
- a bad item comes back as a rejection with a reason, never as a crash or silence;
- a good item comes back whole (its marker is found, its text kept).

The parsers of dates, quotes, cleaning, sentences and user files are fuzzed in
test_fuzz_text.py. Runs are derandomized (hypothesis' fixed seed per test) so CI is
reproducible; the number of cases each test ran goes into the "reliability figures" summary.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import string
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave.config import Settings
from newsweave.models import Article, ItemOutcome
from tests.helpers import (
    any_text,
    count,
    fuzz,
    html_page,
    is_iso,
    json_values,
    nasty_text,
    printable,
    printable_nasty,
    rss,
    sentences,
    warc_record,
)

#: Thousands of generated cases: minutes, so out of ``make test-fast``.
pytestmark = pytest.mark.fuzz

SETTINGS = Settings(max_file_bytes=200_000, per_host_delay=0.0, fetch_timeout=1.0)


# -- strategies ------------------------------------------------------------------------------


def good_article_text(marker: str, draw: st.DrawFn) -> str:
    return "\n".join(sentences(draw, marker, draw(st.integers(1, 3))))


def _items(path: Path) -> list[Article | ItemOutcome]:
    """The items of ``path`` from its reader called directly: read_inputs would turn a reader
    crash into a "reader failed" rejection, which hides exactly what this suite looks for."""
    from newsweave.ingest import reader_for

    spec = reader_for(path)
    assert spec is not None, path
    return list(spec.read(path, SETTINGS))


def _assert_outcomes(items: list[Article | ItemOutcome]) -> None:
    for item in items:
        if isinstance(item, ItemOutcome):
            assert item.status == "rejected" and item.reason, item
            assert "reader failed" not in item.reason, item  # a crash the wrapper caught
        else:
            assert item.raw_text.strip() and item.source_key and item.id


# -- text, bytes and encodings ---------------------------------------------------------------


@fuzz(1500)
@given(data=st.binary(max_size=600) | any_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decode_bytes_returns_text_or_a_decode_error(data: bytes) -> None:
    from newsweave.ingest.base import DecodeError, decode_bytes

    count("fuzz cases: decode_bytes")
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(text, str)
    with contextlib.suppress(UnicodeDecodeError):
        assert text == data.decode("utf-8-sig")  # valid UTF-8 is always kept as is


@fuzz(300)
@given(st.data())
def test_text_files_one_outcome_good_text_kept(tmp_path_factory: Any, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("txt")
    good = data.draw(st.booleans())
    suffix = data.draw(st.sampled_from([".txt", ".md", ""]))
    if good:
        marker = "QZ" + data.draw(st.text(string.ascii_uppercase, min_size=6, max_size=6))
        text = "\n".join(sentences(data.draw, marker, data.draw(st.integers(1, 3))))
        extra = data.draw(printable_nasty)
        text = f"{text}\n{extra}"
        payload = text.encode("utf-8", "surrogatepass")
        if "\ud800" in text or "\udfff" in text:
            good = False  # lone surrogates are not UTF-8: a rejection is right
    else:
        payload = data.draw(st.binary(max_size=400))
    path = folder / f"item{suffix}"
    path.write_bytes(payload)
    items = _items(path)
    count("fuzz cases: text files")
    assert len(items) == 1
    _assert_outcomes(items)
    if good:
        article = items[0]
        assert isinstance(article, Article), article
        assert marker in article.raw_text


# -- JSON and JSON Lines ---------------------------------------------------------------------


@fuzz(500)
@given(
    record=st.dictionaries(
        st.sampled_from(["id", "text", "html", "title", "date", "url", "outlet", "extra"])
        | nasty_text,
        json_values,
        max_size=8,
    )
)
def test_any_record_becomes_an_article_or_a_reasoned_rejection(record: dict[str, Any]) -> None:
    from newsweave.ingest.records import article_from_record

    count("fuzz cases: JSON records")
    item = article_from_record(
        record, default_id="r", source_key="k", path=None, settings=SETTINGS, label="r"
    )
    _assert_outcomes([item])
    text = record.get("text")
    if (
        isinstance(text, str)
        and text.strip()
        and "\x00" not in text
        and all(isinstance(record.get(f), str | None) for f in ("html", "title", "url"))
        and isinstance(record.get("outlet"), str | None | dict)
    ):
        assert isinstance(item, Article), (record, item)


@st.composite
def jsonl_file(draw: st.DrawFn) -> tuple[bytes, list[str], int]:
    """(file bytes, markers of the good records, number of bad non-blank lines)."""
    lines: list[bytes] = []
    markers: list[str] = []
    bad = 0
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["good", "good", "json", "garbage", "bytes", "blank"]))
        if kind == "good":
            marker = f"JQ{i}X"
            record = {"id": f"r{i}", "text": good_article_text(marker, draw)}
            for key in draw(st.lists(st.sampled_from(["title", "date", "outlet", "url"]))):
                record[key] = draw(printable_nasty)
            lines.append(
                json.dumps(record, ensure_ascii=draw(st.booleans())).encode(
                    "utf-8", "surrogatepass"
                )
            )
            markers.append(marker)
        elif kind == "json":
            value = draw(json_values.filter(lambda v: not isinstance(v, dict) or not v.get("text")))
            lines.append(json.dumps(value).encode())
            bad += 1
        elif kind == "garbage":
            line = draw(nasty_text.filter(lambda t: t.strip() and "\n" not in t and "\r" not in t))
            try:
                json.loads(line)
                continue
            except ValueError:
                pass
            lines.append(line.encode("utf-8", "surrogatepass"))
            bad += 1
        elif kind == "bytes":
            raw = draw(
                st.binary(min_size=1, max_size=60).filter(
                    lambda b: b.strip() and b"\n" not in b and b"\r" not in b
                )
            )
            try:
                json.loads(raw)
                continue
            except ValueError:
                pass
            lines.append(raw)
            bad += 1
        else:
            lines.append(b"   ")
    return b"\n".join(lines), markers, bad


@fuzz(250)
@given(case=jsonl_file())
def test_jsonl_every_line_accounted_for(
    tmp_path_factory: Any, case: tuple[bytes, list[str], int]
) -> None:
    data, markers, bad = case
    path = tmp_path_factory.mktemp("jl") / "feed.jsonl"
    path.write_bytes(data)
    items = _items(path)
    count("fuzz cases: JSONL files")
    _assert_outcomes(items)
    articles = [i for i in items if isinstance(i, Article)]
    for marker in markers:
        assert sum(marker in a.raw_text for a in articles) == 1, marker
    rejected = [i for i in items if isinstance(i, ItemOutcome)]
    if markers or bad:
        assert len(articles) == len(markers), [i.reason for i in rejected]
        assert len(rejected) == bad, [i.reason for i in rejected]


@fuzz(300)
@given(value=json_values)
def test_json_files_any_shape(tmp_path_factory: Any, value: Any) -> None:
    path = tmp_path_factory.mktemp("js") / "doc.json"
    path.write_text(json.dumps(value), encoding="utf-8", errors="surrogatepass")
    items = _items(path)
    count("fuzz cases: JSON files")
    assert items
    _assert_outcomes(items)


# -- HTML ------------------------------------------------------------------------------------

TAGS = [
    "div",
    "p",
    "span",
    "article",
    "script",
    "style",
    "table",
    "td",
    "a",
    "b",
    "nav",
    "footer",
    "h1",
    "!--",
    "![CDATA[",
    "svg",
    "math",
    "template",
    "iframe",
    "meta",
    "br",
]


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.sampled_from(["open", "close", "text", "attr", "entity"]))
        if kind == "open":
            parts.append(f"<{tag}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "attr":
            parts.append(f"<{tag} {draw(nasty_text)[:20]}='{draw(nasty_text)[:20]}'")
        elif kind == "entity":
            parts.append(
                draw(
                    st.sampled_from(
                        [
                            "&amp;",
                            "&#0;",
                            "&#x110000;",
                            "&#99999999;",
                            "&nbsp",
                            "&bogus;",
                            "&#xD800;",
                        ]
                    )
                )
            )
        else:
            parts.append(draw(any_text))
    return "".join(parts)


@fuzz(200)
@given(soup=tag_soup(), url=st.none() | nasty_text)
def test_html_extraction_never_crashes(soup: str, url: str | None) -> None:
    from newsweave.ingest.html import extract_html, html_to_text

    count("fuzz cases: HTML pages")
    page = extract_html(soup, url)
    assert page is None or page.text.strip()
    assert isinstance(html_to_text(soup), str)


@fuzz(60)
@given(st.data())
def test_html_good_article_kept_despite_hostile_chrome(
    tmp_path_factory: Any, data: st.DataObject
) -> None:
    marker = "HQ" + data.draw(st.text(string.ascii_uppercase, min_size=6, max_size=6))
    paragraphs = sentences(data.draw, marker, data.draw(st.integers(4, 6)))
    page = html_page(
        paragraphs, title=data.draw(st.sampled_from(["Report", "<b>R</b>", "R&amp;D"]))
    )
    noise = printable(data.draw(tag_soup())).encode("utf-8", "surrogatepass")
    where = data.draw(st.sampled_from(["head", "tail", "none"]))
    if where == "head":
        page = page.replace(b"<nav>", b"<nav>" + noise.replace(b"<", b"&lt;"), 1)
    elif where == "tail":
        page = page.replace(b"<footer>", b"<footer>" + noise.replace(b"<", b"&lt;"), 1)
    zipped = data.draw(st.booleans())
    path = tmp_path_factory.mktemp("h") / ("page.html.gz" if zipped else "page.html")
    path.write_bytes(gzip.compress(page, mtime=0) if zipped else page)
    items = _items(path)
    count("fuzz cases: HTML files")
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    assert marker in items[0].raw_text


@fuzz(200)
@given(soup=tag_soup(), meta=st.none() | any_text, url=st.none() | any_text)
def test_html_date_never_crashes(soup: str, meta: str | None, url: str | None) -> None:
    from newsweave.ingest.pagedate import html_date

    count("fuzz cases: dates")
    if meta is not None:
        soup = f"<html><head><meta property='article:published_time' content='{meta}'></head>{soup}"
    assert is_iso(html_date(soup, url))


# -- RSS / Atom ------------------------------------------------------------------------------


def _xml_escape(text: str) -> str:
    keep = "".join(
        c
        for c in text
        if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
    )
    return keep.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def atom(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<entry><id>urn:x:{guid}</id><title>{title}</title><updated>2024-03-05T10:00:00Z"
        f"</updated><content type='html'>{text}</content></entry>"
        for guid, title, text in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Gen</title><id>urn:x:feed</id><updated>2024-03-05T10:00:00Z</updated>{entries}</feed>"
    ).encode()


@fuzz(300)
@given(st.data())
def test_feeds_keep_every_good_item_and_survive_damage(data: st.DataObject) -> None:
    from newsweave.ingest.feeds import read_feed_bytes

    n = data.draw(st.integers(1, 4))
    items = []
    for i in range(n):
        marker = f"FQ{i}Z"
        text = "<p>" + " ".join(sentences(data.draw, marker, 2)) + "</p>"
        title = _xml_escape(data.draw(nasty_text))[:80]
        items.append((f"g{i}", title, _xml_escape(text) if data.draw(st.booleans()) else text))
    use_atom = data.draw(st.booleans())
    feed = atom(items) if use_atom else rss([(g, t) for g, _, t in items])
    damage = data.draw(st.sampled_from(["none", "none", "cut", "flip", "encoding"]))
    if damage == "cut":
        feed = feed[: data.draw(st.integers(0, len(feed)))]
    elif damage == "flip":
        pos = data.draw(st.integers(0, len(feed) - 1))
        feed = feed[:pos] + data.draw(st.binary(min_size=1, max_size=8)) + feed[pos + 1 :]
    elif damage == "encoding":
        feed = feed.decode().encode("utf-16")
    out = list(read_feed_bytes(feed, source="f.xml", settings=SETTINGS, path="f.xml"))
    count("fuzz cases: feeds")
    assert out, "a feed yields at least one outcome"
    _assert_outcomes(out)
    if damage == "none":
        texts = [a.raw_text for a in out if isinstance(a, Article)]
        for i in range(n):
            assert sum(f"FQ{i}Z" in t for t in texts) == 1, (
                i,
                [o for o in out if isinstance(o, ItemOutcome)],
            )


# -- WARC ------------------------------------------------------------------------------------


@fuzz(150)
@given(st.data())
def test_warc_damage_loses_only_damaged_records(tmp_path_factory: Any, data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 4))
    records = []
    for i in range(n):
        marker = f"WQ{i}Z"
        page = html_page(sentences(data.draw, marker, 4))
        record = warc_record(f"https://news.example/{i}", page)
        # A fixed record id: a random one changes the gzip size between hypothesis replays.
        record = re.sub(rb"urn:uuid:[0-9a-f-]+", f"urn:uuid:{uuid.UUID(int=i)}".encode(), record)
        records.append(record)
    compressed = data.draw(st.booleans())
    members = [gzip.compress(r, mtime=0) if compressed else r for r in records]
    blob = b"".join(members)
    damage = data.draw(st.sampled_from(["none", "cut", "garbage", "flip"]))
    intact = set(range(n))
    if damage == "cut":
        cut = data.draw(st.integers(0, len(blob)))
        blob = blob[:cut]
        end = 0
        for i, m in enumerate(members):
            end += len(m)
            if end > cut:
                intact.discard(i)
    elif damage == "garbage":
        at = data.draw(st.integers(0, n))
        junk = data.draw(st.binary(min_size=1, max_size=300))
        blob = b"".join(members[:at]) + junk + b"".join(members[at:])
        intact = set(range(at)) if not compressed else intact  # resync is best effort on plain
    elif damage == "flip":
        victim = data.draw(st.integers(0, n - 1))
        start = sum(len(m) for m in members[:victim])
        pos = start + data.draw(st.integers(0, len(members[victim]) - 1))
        blob = blob[:pos] + bytes([blob[pos] ^ 0xFF]) + blob[pos + 1 :]
        intact = set(range(victim))
    path = tmp_path_factory.mktemp("w") / ("c.warc.gz" if compressed else "c.warc")
    path.write_bytes(blob)
    items = _items(path)
    count("fuzz cases: WARC files")
    assert items
    _assert_outcomes(items)
    texts = [a.raw_text for a in items if isinstance(a, Article)]
    for i in intact:
        assert sum(f"WQ{i}Z" in t for t in texts) == 1, (damage, i, items)
