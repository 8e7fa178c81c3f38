from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.ingest import read_inputs, reader_for
from newsweave.ingest.feeds import local_day, looks_like_feed, read_feed_bytes, url_id
from newsweave.models import Article, ItemOutcome

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "more"
PARAGRAPH = (
    "The harbour authority said the northern quay would reopen next month after repairs to "
    "the storm wall, and fishing crews asked for compensation for the weeks they lost. "
)
LONG = "<p>" + PARAGRAPH * 12 + "</p>"

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>  Coast   Courier </title><link>https://courier.example/</link>
<item><title>Quay reopens</title><link>https://courier.example/news/quay-reopens.html</link>
<guid isPermaLink="true">https://courier.example/news/quay-reopens.html</guid>
<pubDate>Tue, 05 Mar 2024 00:30:00 +0200</pubDate>
<description>Teaser only.</description><content:encoded><![CDATA[{LONG}]]></content:encoded></item>
<item><title>No guid</title><link>https://courier.example/b</link>
<description><![CDATA[{LONG}]]></description></item>
<item><title>Headline only</title></item>
<item><guid isPermaLink="false">nothing-9</guid></item>
<item><guid isPermaLink="false">brief-7</guid><title>Brief</title>
<description>A short brief without a link, kept as it is.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Wire</title>
<entry><id>tag:wire.example,2024:42</id><title>Dam report</title>
<updated>2024-04-25T23:30:00-05:00</updated><link href="https://wire.example/42"/>
<author><name>Ana Petrova</name></author>
<content type="html">{LONG.replace("<", "&lt;").replace(">", "&gt;")}</content></entry>
</feed>"""


def _read(data: bytes) -> list[Article | ItemOutcome]:
    return list(read_feed_bytes(data, source="feed.rss", settings=Settings(), follow_links=False))


def test_example_feed_items_ingest_as_expected() -> None:
    items = list(read_inputs([EXAMPLES / "harbour-gazette.rss"], Settings()))
    assert [(i.id, i.outlet, i.date) for i in items if isinstance(i, Article)] == [
        ("hg-2024-0305-strike-fund", "Valen Harbour Gazette", "2024-03-05"),
        ("hg-2024-0322-deal-explainer", "Valen Harbour Gazette", "2024-03-22"),
    ]
    first = items[0]
    assert isinstance(first, Article) and first.title == "How long can the dockers hold out?"
    assert first.url and first.url.endswith("/how-long-can-the-dockers-hold-out")
    assert "40 crowns a day" in first.text and "<p>" not in first.text
    assert first.text.count("\n") >= 5  # one line per paragraph
    assert first.meta["summary"].startswith("The union's strike fund")


def test_rss_items_ids_dates_and_rejections() -> None:
    quay, no_guid, headline, empty, brief = _read(RSS.encode())
    assert isinstance(quay, Article) and quay.outlet == "Coast Courier"
    assert quay.id == url_id("https://courier.example/news/quay-reopens.html")
    assert quay.id.startswith("quay-reopens-")
    assert quay.date == "2024-03-05"  # the publisher's day, not UTC's 4 March
    assert quay.date_source == "feed" and PARAGRAPH.strip() in quay.text
    assert isinstance(no_guid, Article) and no_guid.id.startswith("b-") and no_guid.date is None
    # A headline without other text is kept as the item's text, and says so.
    assert isinstance(headline, Article) and headline.text == "Headline only"
    assert headline.meta["text_from"] == "title"
    assert isinstance(empty, ItemOutcome) and empty.source == "feed.rss#item 4"
    assert "no text" in (empty.reason or "")
    assert isinstance(brief, Article) and brief.id == "brief-7"
    assert brief.text == "A short brief without a link, kept as it is."
    # Stable: the same feed read again gives the same ids and keys.
    assert [getattr(i, "source_key", None) for i in _read(RSS.encode())] == [
        getattr(i, "source_key", None) for i in (quay, no_guid, headline, empty, brief)
    ]


def test_atom_entry() -> None:
    (entry,) = _read(ATOM.encode())
    assert isinstance(entry, Article)
    assert (entry.id, entry.outlet, entry.date, entry.authors) == (
        "tag:wire.example_2024:42",
        "Valley Wire",
        "2024-04-25",
        ("Ana Petrova",),
    )
    assert entry.url == "https://wire.example/42" and PARAGRAPH.strip() in entry.text


def test_broken_xml_keeps_recoverable_items_with_warning() -> None:
    data = RSS.encode()
    cut = data[: data.index(b"<item><title>Headline")]  # unclosed channel/rss
    items = _read(cut)
    assert [i.id for i in items if isinstance(i, Article)][:1] == [items[0].id]  # type: ignore[union-attr]
    assert all(isinstance(i, Article) and "feed_warning" in i.meta for i in items)


def test_wrong_declared_encoding_is_recovered() -> None:
    data = RSS.replace("Quay reopens", "Kai für Bürger").encode("latin-1")
    first = _read(data)[0]
    assert isinstance(first, Article) and first.title == "Kai für Bürger"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01 not xml at all", "broken feed"),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>',
            "no items",
        ),
        (b"<html><body><p>Not a feed</p></body></html>", "no items"),
    ],
)
def test_feeds_without_items_are_one_rejection(data: bytes, reason: str) -> None:
    (item,) = _read(data)
    assert isinstance(item, ItemOutcome) and reason in (item.reason or "")


def test_feed_files_by_suffix_and_by_sniffing(tmp_path: Path) -> None:
    (tmp_path / "a.atom").write_text(ATOM)
    (tmp_path / "b.xml").write_text(ATOM)
    (tmp_path / "c.rss").write_bytes(b"")
    items = list(read_inputs([tmp_path], Settings()))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "ItemOutcome"]
    assert items[0].source_key != items[1].source_key  # type: ignore[union-attr]
    assert looks_like_feed(ATOM.encode()) and not looks_like_feed(b"<html><rss")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 05 Mar 2024 00:30:00 +0200", "2024-03-05"),
        ("2024-04-25T23:30:00-05:00", "2024-04-25"),
        ("2024-04-25T23:30:00Z", "2024-04-25"),
        ("25 April 2024", "2024-04-25"),
        ("garbage", None),
        (None, None),
    ],
)
def test_local_day(value: str | None, expected: str | None) -> None:
    assert local_day(value) == expected


def test_url_id_is_readable_stable_and_distinct() -> None:
    a = url_id("https://x.example/news/2024/port-reopens.html")
    assert a == url_id("https://x.example/news/2024/port-reopens.html")
    assert a.startswith("port-reopens-") and len(a) == len("port-reopens-") + 8
    assert url_id("https://x.example/a/index.html") != url_id("https://x.example/b/index.html")
    assert url_id("https://x.example/").startswith("x-example-")


FEED_HEADS = [
    b'<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0"><r:channel>',
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY wire "Island &#62; Wire">\n'
    b'  <!ENTITY note "a > b, [c]">\n]>\n<rss version="2.0"><channel>',
    b'<?xml version="1.0"?>\n<!-- generated --><?xml-stylesheet href="s.xsl"?>\n<rss>',
    b'<feed xmlns:bogus="http://dom.test/ns"><entry>',  # Atom without its namespace
    b'<a:feed xmlns:a="http://www.w3.org/2005/Atom">',
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x">',
    b"<CHANNEL><ITEM><TITLE>CDF item</TITLE></ITEM></CHANNEL>",
    b"\xef\xbb\xbf<rss>",
]


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32-le"])
@pytest.mark.parametrize("head", FEED_HEADS)
def test_feed_roots_are_recognised_in_any_unicode_form(head: bytes, codec: str) -> None:
    data = head.decode("utf-8-sig").encode(codec)
    assert looks_like_feed(data)


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        b'"x.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><body><rss>',
        b"<!DOCTYPE html><html><body><p>Our rss feed moved to /feed</p>",
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="x"/></rdf:RDF>',  # RDF, but not RSS 1.0
        b'<svg xmlns="http://www.w3.org/2000/svg"><desc>rss feed</desc></svg>',
        b"Plain text that mentions <rss> and <feed> later.",
        b'{"rss": "not XML"}',
        b"",
        "<html><rss>".encode("utf-16"),
    ],
)
def test_other_documents_are_not_feeds(data: bytes) -> None:
    assert not looks_like_feed(data)


def test_a_feed_is_read_as_a_feed_whatever_its_suffix(tmp_path: Path) -> None:
    page = "<!DOCTYPE html><html><body><article>" + LONG + "</article></body></html>"
    (tmp_path / "feed.html").write_text(RSS)  # mis-named feed
    (tmp_path / "page.xml").write_text(page)  # an HTML page saved as .xml: still HTML
    (tmp_path / "wire.txt").write_text(ATOM)
    assert reader_for(tmp_path / "feed.html").name == "feed"  # type: ignore[union-attr]
    assert reader_for(tmp_path / "page.xml").name == "html"  # type: ignore[union-attr]
    assert reader_for(tmp_path / "wire.txt").name == "feed"  # type: ignore[union-attr]


def test_plain_text_constructs_lose_their_double_escaped_entities() -> None:
    atom = ATOM.replace(
        '<content type="html">',
        '<summary>Free&amp;nbsp;Description: a ferry&amp;nbsp;app</summary><content type="html">',
    )
    (entry,) = _read(atom.encode())
    assert isinstance(entry, Article) and "&nbsp;" not in entry.meta["summary"]
    assert entry.meta["summary"] == "Free Description: a ferry app"
