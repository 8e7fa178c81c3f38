"""A lone UTF-16 surrogate in input (issue 19: ``"\\ud83d"`` escaped in a JSONL text) becomes
U+FFFD where it enters, in every string of the item and for every reader that can produce one:
no UTF-8 writer (SQLite, PostgreSQL, a Spark output file) takes it, and ``analyze`` crashed
on it while ``cluster`` and the Spark job went on. Nothing else of the item changes, and the
other items are unaffected. All text is invented."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from newsweave.config import Settings
from newsweave.ingest import read_inputs
from newsweave.ingest.base import (
    content_hash,
    scrub_surrogates,
    without_surrogate_refs,
    without_surrogates,
)
from newsweave.models import Article, ItemOutcome
from newsweave.pipeline import analyze, cluster_jsonl, ingest_paths
from newsweave.store import SQLiteStore

SETTINGS = Settings(ner="off", embeddings="off", per_host_delay=0.0)
LONE = re.compile("[\ud800-\udfff]")

FIRE = (
    "Firefighters in Kessling fought a blaze at the harbour warehouse on Tuesday night and "
    "two workers were treated for smoke, the fire service said."
)
STORM = (
    "A storm hit the coast of Valmere overnight and cut power to thousands of homes, the "
    "utility said on Monday in a statement."
)


def _rows(mark: str) -> list[dict[str, Any]]:
    """Two records; the first carries ``mark`` in every kind of string field."""
    return [
        {
            "id": f"fire{mark}1",
            "title": f"Harbour fire {mark} update",
            "text": FIRE.replace(" night ", f" night {mark} "),
            "url": f"https://kess.example/fire{mark}",
            "outlet": {"name": f"Kessling {mark}Post"},
            "date": "2016-01-05",
            f"tag{mark}": f"local{mark}",
            "extra": [f"a{mark}", 3],
        },
        {"id": "storm", "title": "Storm hits Valmere", "text": STORM, "date": "2016-01-04"},
    ]


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    # ensure_ascii keeps a lone surrogate as its escape, as the input of the issue has it.
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _comparable(item: Article | ItemOutcome) -> dict[str, Any]:
    d = item.to_dict()
    for key in ("path", "source_key", "source"):
        d.pop(key, None)
    return d


def test_the_string_helpers_replace_lone_surrogates_only() -> None:
    assert without_surrogates("a\ud83db\udfffc") == "a\ufffdb\ufffdc"
    plain = "Ordinary prose: caf\u00e9, \u00a9 2016, \U0001f600 and \ufffd stay."
    assert without_surrogates(plain) is plain
    assert scrub_surrogates({"k\udc80": ["v\ud800", 1, None]}) == {"k\ufffd": ["v\ufffd", 1, None]}
    record = {"text": plain, "n": [1, "x"]}
    assert scrub_surrogates(record) is record  # nothing to replace: the same object
    refs = b"<t>a&#xD83D;b&#55357;c&#xdfff;d&#x1F600;e&#xD7FF;f&#552960;g&#xE000;</t>"
    assert without_surrogate_refs(refs) == (
        b"<t>a&#xFFFD;b&#xFFFD;c&#xFFFD;d&#x1F600;e&#xD7FF;f&#552960;g&#xE000;</t>"
    )


def test_a_jsonl_surrogate_becomes_fffd_in_every_field_and_nothing_else_changes(
    tmp_path: Path,
) -> None:
    broken = _write_jsonl(tmp_path / "a" / "feed.jsonl", _rows("\ud83d"))
    fixed = _write_jsonl(tmp_path / "b" / "feed.jsonl", _rows("\ufffd"))
    got = list(read_inputs([broken], SETTINGS))
    want = list(read_inputs([fixed], SETTINGS))
    assert [type(i) for i in got] == [Article, Article]
    assert not LONE.search(json.dumps(got[0].to_dict(), ensure_ascii=False))
    assert [_comparable(i) for i in got] == [_comparable(i) for i in want]
    first = got[0]
    assert isinstance(first, Article)
    assert first.title == "Harbour fire \ufffd update" and first.outlet == "Kessling \ufffdPost"
    assert first.meta["tag\ufffd"] == "local\ufffd" and "extra" in first.meta
    assert first.content_hash == content_hash(first.raw_text)
    assert len(first.raw_text) == len(FIRE) + 2  # the mark and its space, nothing lost
    # The other record is what it is when read alone.
    alone = list(read_inputs([_write_jsonl(tmp_path / "c.jsonl", _rows("")[1:])], SETTINGS))
    assert _comparable(got[1]) == _comparable(alone[0])


def test_analyze_stores_a_record_with_a_lone_surrogate(tmp_path: Path) -> None:
    """The crash of the issue: SQLite refused the text (UnicodeEncodeError)."""
    path = _write_jsonl(tmp_path / "sur.jsonl", _rows("\ud83d"))
    with SQLiteStore(tmp_path / "s.db") as store:
        report = ingest_paths([path], store, SETTINGS)
        assert [o.status for o in report.items] == ["ingested", "ingested"]
        article = store.get_article(str(report.items[0].article_id))
        assert "night \ufffd and" in article.text
    result = analyze([path], SETTINGS)
    assert sorted(a.id for a in result.articles) == ["fire_1", "storm"]  # a safe id


def test_cluster_reads_the_text_analyze_reads(tmp_path: Path) -> None:
    """``cluster`` (and the Spark job, through the same readers) sees U+FFFD too, so every
    path works on one text; the id it prints is the one given."""
    path = _write_jsonl(tmp_path / "sur.jsonl", _rows("\ud83d"))
    rows = list(cluster_jsonl(path, SETTINGS))
    assert [r["id"] for r in rows] == ["fire\ud83d1", "storm"]
    assert all("error" not in r for r in rows)


def test_a_json_file_and_an_html_field(tmp_path: Path) -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Harbour fire \\ud83d update", "datePublished": "2016-01-05"}</script>'
        f"</head><body><article><p>{FIRE}</p><p>{STORM}</p></article></body></html>"
    )
    records = [*_rows("\udc80"), {"id": "page", "html": page.replace("Harbour", "Dock\ud800")}]
    path = tmp_path / "all.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    items = list(read_inputs([path], SETTINGS))
    assert [type(i) for i in items] == [Article, Article, Article]
    for item in items:
        assert not LONE.search(json.dumps(item.to_dict(), ensure_ascii=False))
    first, _, from_html = items
    assert isinstance(first, Article) and first.title == "Harbour fire \ufffd update"
    assert isinstance(from_html, Article) and FIRE in from_html.text


def test_a_feed_with_a_reference_to_a_surrogate_is_read_whole(tmp_path: Path) -> None:
    """feedparser's lenient parser failed on ``&#xD83D;`` and the whole feed was lost."""
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Kessling Post</title>'
        "<item><title>Storm hits &#xD83D; coast</title><link>https://kess.example/storm</link>"
        f"<description>{STORM.replace(' overnight ', ' overnight &#55357; ')}</description>"
        "<pubDate>Mon, 04 Jan 2016 10:00:00 GMT</pubDate></item>"
        "<item><title>Harbour fire &#x1F525;</title><link>https://kess.example/fire</link>"
        f"<description>{FIRE}</description>"
        "<pubDate>Tue, 05 Jan 2016 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    (tmp_path / "k.rss").write_text(feed, encoding="utf-8")
    items = list(read_inputs([tmp_path / "k.rss"], SETTINGS))
    assert [type(i) for i in items] == [Article, Article], items
    storm, fire = items
    assert isinstance(storm, Article) and isinstance(fire, Article)
    assert storm.title == "Storm hits \ufffd coast" and "overnight \ufffd and" in storm.text
    assert fire.title == "Harbour fire \U0001f525" and fire.text.strip() == FIRE


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    try:
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / os.fsdecode(b"storm\xff.txt")).write_text(STORM, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    with SQLiteStore(tmp_path / "s.db") as store:
        report = ingest_paths([tmp_path / "in"], store, SETTINGS)
    assert [o.status for o in report.items] == ["ingested"]
    assert report.items[0].source.endswith("storm\ufffd.txt")
