"""Regression tests for the reading defects of issue 17, one per file of
../shared/data/robustness/cases (skipped with the reason when the data is absent), each with an
invented twin that always runs.

- A page that declares UTF-8 and holds one invalid byte is UTF-8 (the byte becomes U+FFFD), not
  cp1250 mojibake ("SchĂ¤fer").
- A feed is read as a feed whatever its suffix (``.xml``, ``.html``, none), even when its first
  item embeds ``<html><body>``, and in UTF-16/UTF-32 with or without a byte-order mark; every
  item feedparser finds is kept.
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from newsweave.config import Settings
from newsweave.ingest import read_inputs, reader_for
from newsweave.models import Article, ItemOutcome
from tests.helpers import SHARED_DATA

CASES = SHARED_DATA / "robustness" / "cases"
SETTINGS = Settings()


def _case(name: str) -> Path:
    path = CASES / name
    if not path.is_file():
        pytest.skip(f"robustness case {name} absent at {CASES}")
    return path


def _read(path: Path) -> list[Article | ItemOutcome]:
    return list(read_inputs([path], SETTINGS))


def _articles(items: list[Article | ItemOutcome]) -> list[Article]:
    assert all(isinstance(i, Article) for i in items), [
        i.reason for i in items if isinstance(i, ItemOutcome)
    ]
    return [i for i in items if isinstance(i, Article)]


# -- a UTF-8 page with one stray byte ---------------------------------------------------------


def test_case_utf8_page_with_one_stray_byte_reads_like_the_clean_one() -> None:
    (clean,) = _articles(_read(_case("utf8_clean.html")))
    (stray,) = _articles(_read(_case("utf8_one_stray_byte.html")))
    assert stray.title == clean.title == "Schäfer prüfen Größe"
    assert stray.text == clean.text
    assert "München" in stray.text and "Ă" not in stray.text + (stray.title or "")


GERMAN = (
    "<p>Die Fähre nach Südholm fährt wieder, teilte die Gemeinde am Dienstag mit; "
    "die Brücke über den Fluss wird bis zum Frühjahr repariert.</p>"
)


def _german_page(alt: bytes) -> bytes:
    return (
        b'<!DOCTYPE html><html><head><meta charset="UTF-8"><title>F\xc3\xa4hre f\xc3\xa4hrt '
        b"wieder</title></head><body><article><h1>F\xc3\xa4hre f\xc3\xa4hrt wieder</h1>"
        + GERMAN.encode() * 6
        + b'</article><img src="x.png" alt="'
        + alt
        + b'"></body></html>'
    )


def test_invented_utf8_page_with_one_stray_byte(tmp_path: Path) -> None:
    (tmp_path / "clean.html").write_bytes(_german_page(b"Gem\xc3\xbcse"))
    (tmp_path / "stray.html").write_bytes(_german_page(b"Gem\xfcse"))  # a latin-1 byte
    clean, stray = _articles(_read(tmp_path))
    assert stray.text == clean.text and "Südholm" in stray.text
    assert stray.title == "Fähre fährt wieder"


# -- feeds whatever the suffix ------------------------------------------------------------------


def _item_ids(items: list[Article | ItemOutcome]) -> list[str]:
    return [a.id for a in _articles(items)]


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("feed_body_in_first_item.rss", ["story-1", "story-2", "story-3"]),
        ("feed_body_in_first_item.xml", ["story-1", "story-2", "story-3"]),
        ("feed_plain.xml", ["plain-1", "plain-2", "plain-3"]),
        ("feed_utf16.xml", ["u16-1", "u16-2", "u16-3"]),
    ],
)
def test_case_feeds_keep_every_item_feedparser_finds(name: str, ids: list[str]) -> None:
    path = _case(name)
    spec = reader_for(path)
    assert spec is not None and spec.name == "feed"
    items = _read(path)
    assert _item_ids(items) == ids
    entries = feedparser.parse(path.read_bytes()).entries
    assert [e.get("id") for e in entries] == ids
    assert all("Port workers" in a.text for a in _articles(items))


@pytest.mark.parametrize("suffix", [".xml", ".html", ".txt", ""])
def test_case_feed_with_html_body_in_first_item_under_any_suffix(
    tmp_path: Path, suffix: str
) -> None:
    data = _case("feed_body_in_first_item.xml").read_bytes()
    path = tmp_path / f"wire{suffix}"
    path.write_bytes(data)
    assert _item_ids(_read(path)) == ["story-1", "story-2", "story-3"]


@pytest.mark.parametrize(
    "codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_case_utf16_feed_in_every_unicode_form(tmp_path: Path, codec: str) -> None:
    # "utf-16"/"utf-32" write a byte-order mark; the -le/-be forms write none.
    text = _case("feed_utf16.xml").read_bytes().decode("utf-16")
    text = text.replace('encoding="utf-16"', f'encoding="{codec[:6]}"')
    path = tmp_path / "wire.xml"
    path.write_bytes(text.encode(codec))
    assert _item_ids(_read(path)) == ["u16-1", "u16-2", "u16-3"]


ITEM = (
    "<item><title>{title}</title><guid>{guid}</guid><description><![CDATA[{body}]]>"
    "</description></item>"
)
PARAGRAPH = (
    "The island council said the ferry would run twice a day from Monday, and the harbour "
    "master asked drivers to book their crossings in advance. "
)


def invented_feed(first_body: str) -> str:
    items = [
        ITEM.format(title="Ferry returns", guid="ferry-1", body=first_body),
        ITEM.format(title="Timetable", guid="ferry-2", body=f"<p>{PARAGRAPH * 10}</p>"),
        ITEM.format(title="Fares", guid="ferry-3", body=f"<p>{PARAGRAPH * 10}</p>"),
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>Island Wire</title>{''.join(items)}</channel></rss>"
    )


@pytest.mark.parametrize("suffix", [".xml", ".rss", ".html", ""])
def test_invented_feed_whose_first_item_is_a_whole_page(tmp_path: Path, suffix: str) -> None:
    feed = invented_feed(f"<html><body><p>{PARAGRAPH * 10}</p></body></html>")
    assert feed.index("<body") < 2048  # what made it look like one HTML page
    path = tmp_path / f"island{suffix}"
    path.write_text(feed, encoding="utf-8")
    assert _item_ids(_read(path)) == ["ferry-1", "ferry-2", "ferry-3"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-32"])
def test_invented_feed_in_utf16_and_utf32(tmp_path: Path, codec: str) -> None:
    feed = invented_feed(f"<p>{PARAGRAPH * 10}</p>").replace('encoding="utf-8"', "")
    path = tmp_path / "island.xml"
    path.write_bytes(feed.encode(codec))
    assert _item_ids(_read(path)) == ["ferry-1", "ferry-2", "ferry-3"]
