"""newsweave's readers against the feed and WARC test corpora of feedparser, warcio and FastWARC
(../shared/data/robustness/feeds and robustness/warc), with the peer run beside in the same test.

For every file: an outcome (articles, or rejections that say why), no crash (no "reader
failed"), no hang (a time limit per file). Then, item by item:

- feeds: every entry feedparser recovers that holds text (a title, summary or content) is an
  article in newsweave, and the article keeps the words of that text (aggregate share
  printed and floored);
- WARC/ARC: every response record warcio reads with HTTP 200 and an HTML body is an article in
  newsweave for the same URL, unless newsweave's extractor finds no article text in the very
  body warcio read (then the rejection must say so). A file warcio cannot read at all
  (ArchiveLoadFailed on LZ4, on a gzip member that runs past its record) still gets an
  outcome from newsweave.

Teaser links are not fetched: the run's fetcher is replaced by one that always fails, as
offline. Run: ``pytest -m eval tests/test_robustness_corpora.py -s`` prints the figures.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from newsweave.config import Settings
from newsweave.ingest import read_inputs, reader_for
from newsweave.ingest.fetch import Failure
from newsweave.ingest.html import decode_html, extract_html
from newsweave.models import Article, ItemOutcome
from tests.helpers import SHARED_DATA

pytestmark = [pytest.mark.slow, pytest.mark.eval]

ROBUSTNESS = SHARED_DATA / "robustness"
SETTINGS = Settings()
#: Seconds one file may take; the slowest here takes well under one.
PER_FILE = 60
#: Share of the words of feedparser's entry texts found in newsweave's articles (measured
#: 0.980; the rest is markup read differently: the <title> of a whole HTML document embedded
#: in an item, text after a self-closed <iframe/>, which HTML makes iframe content).
WORD_FLOOR = 0.975
_WORD = re.compile(r"\w+")


class OfflineFetcher:
    """A fetcher that fails every request, as a machine without network would."""

    cache = None

    def fetch(self, url: str, **_: Any) -> Failure:
        return Failure(url, "offline (test)")

    def close(self) -> None:
        return None


@contextmanager
def time_limit(seconds: int, what: str) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"{what} took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr("newsweave.ingest._fetcher", lambda settings: OfflineFetcher())

    def read_one(path: Path) -> list[Article | ItemOutcome]:
        with time_limit(PER_FILE, str(path)):
            items = list(read_inputs([path], SETTINGS))
        assert items, f"{path}: no outcome"
        for item in items:
            if isinstance(item, ItemOutcome):
                assert item.reason, f"{item.source}: rejection without a reason"
                assert "reader failed" not in item.reason, f"{item.source}: {item.reason}"
        return items

    return read_one


def _files(kind: str) -> list[Path]:
    root = ROBUSTNESS / kind
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    if not files:
        pytest.skip(f"robustness corpus absent at {root}")
    return files


# -- feeds ------------------------------------------------------------------------------------


class _Text(HTMLParser):
    """Visible text of an HTML fragment, from the standard library (independent of lxml):
    no script/style/svg/head content, a space at every block boundary."""

    HIDDEN = frozenset("script style svg math template noscript head iframe object".split())
    BLOCKS = frozenset(
        "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 "
        "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    # An unterminated "<!..." at the end is markup to a browser (HTML5: a bogus comment or
    # DOCTYPE), though HTMLParser hands it back as text.
    value = re.sub(r"<![^>]*$", "", value)
    parser = _Text()
    parser.feed(value)
    parser.close()
    return " ".join("".join(parser.parts).split())


def entry_text(entry: Any) -> str:
    """The text a reader of feedparser's entry sees: its longest body, else its title."""
    bodies = [visible_text(c.get("value")) for c in entry.get("content") or []]
    bodies.append(visible_text(entry.get("summary")))
    body = max(bodies, key=lambda text: len(_WORD.findall(text)))
    return body or visible_text(entry.get("title"))


def test_feed_corpus_every_file_has_an_outcome_and_feedparsers_items_are_kept(
    read: Any,
) -> None:
    import feedparser

    files = _files("feeds")
    not_feeds: list[str] = []
    lost: list[str] = []
    wanted = found = entries_with_text = 0
    for path in files:
        items = read(path)
        entries = feedparser.parse(path.read_bytes()).entries
        if not entries:
            continue
        spec = reader_for(path)
        if spec is None or spec.name != "feed":
            not_feeds.append(f"{path}: read as {spec.name if spec else 'nothing'}")
            continue
        assert len(items) == len(entries), f"{path}: {len(items)} items, {len(entries)} entries"
        for number, (entry, item) in enumerate(zip(entries, items, strict=True), start=1):
            text = entry_text(entry)
            if not text:
                continue
            entries_with_text += 1
            if not isinstance(item, Article):
                lost.append(f"{path}#item {number}: {item.reason}")
                continue
            words = set(_WORD.findall(text))
            kept = set(_WORD.findall(f"{item.title or ''} {item.text}"))
            wanted += len(words)
            found += len(words & kept)
    share = found / max(wanted, 1)
    print(
        f"\nfeeds: {len(files)} files, {entries_with_text} entries with text (feedparser); "
        f"kept {entries_with_text - len(lost)}; words kept {share:.3f}"
    )
    assert not not_feeds, not_feeds[:10]
    assert not lost, lost[:10]
    assert entries_with_text >= 400  # the corpus was read, not skipped over
    assert share >= WORD_FLOOR


# -- WARC -------------------------------------------------------------------------------------


def warcio_pages(path: Path) -> tuple[list[tuple[str, bytes, str | None]], str | None]:
    """(url, body, charset) of the HTML 200 responses warcio reads, and its error, if any."""
    from warcio.archiveiterator import ArchiveIterator

    from newsweave.ingest.fetch import HTML_TYPES, charset_of

    pages: list[tuple[str, bytes, str | None]] = []
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if str(record.http_headers.get_statuscode()) != "200":
                    continue
                content_type = str(record.http_headers.get_header("Content-Type") or "")
                media = content_type.split(";", 1)[0].strip().lower()
                if media and media not in HTML_TYPES:
                    continue
                headers = record.rec_headers  # ARC records name the URL "uri"
                uri = str(headers.get_header("WARC-Target-URI") or headers.get_header("uri") or "")
                body = record.content_stream().read()
                pages.append((uri.strip("<>").replace(" ", "%20"), body, charset_of(content_type)))
    except Exception as exc:  # warcio stops at the first damage it cannot read past
        return pages, f"{type(exc).__name__}: {str(exc).strip()[:80]}"
    return pages, None


def test_warc_corpus_every_file_has_an_outcome_and_warcios_pages_are_kept(read: Any) -> None:
    files = _files("warc")
    lost: list[str] = []
    pages_total = kept_total = 0
    warcio_failed = 0
    for path in files:
        items = read(path)
        articles = {a.url: a for a in items if isinstance(a, Article)}
        rejections = [i.reason or "" for i in items if isinstance(i, ItemOutcome)]
        pages, error = warcio_pages(path)
        warcio_failed += error is not None
        for url, body, charset in pages:
            pages_total += 1
            if url in articles:
                kept_total += 1
                continue
            try:
                page = extract_html(decode_html(body, charset), url)
            except ValueError:
                page = None
            if page is None and any(url in r and "no article text" in r for r in rejections):
                continue  # no article in the body warcio read either: the same outcome
            lost.append(f"{path.name}: {url} ({rejections[:2]})")
    print(
        f"\nwarc: {len(files)} files ({warcio_failed} warcio stops on); warcio HTML pages "
        f"{pages_total}, newsweave articles for them {kept_total}"
    )
    assert not lost, lost
    assert pages_total >= 40  # the corpus was read


def test_wrong_chunks_archive_is_recovered_like_warcio(read: Any) -> None:
    path = ROBUSTNESS / "warc" / "example-wrong-chunks.warc.gz"
    if not path.is_file():
        pytest.skip(f"{path} absent")
    items = read(path)
    (article,) = [i for i in items if isinstance(i, Article)]
    assert article.url == "http://example.com/" and "Example Domain" in (article.title or "")
    assert "warc_truncated" not in article.meta  # the HTTP Content-Length was off by one
    pages, _ = warcio_pages(path)
    assert [url for url, _, _ in pages] == ["http://example.com/"]
