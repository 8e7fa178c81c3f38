"""Store reading methods added for the web app: full-text search, article briefs, quotes.

Every backend runs the same tests (PostgreSQL joins when NEWSWEAVE_TEST_PG_URL is set).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from newsweave.models import Article, Quote
from newsweave.store import SQLiteStore, Store
from newsweave.store.base import MATCH_END, MATCH_START
from newsweave.store.sqlite import fts5_query


def _article(
    aid: str, text: str, title: str | None = None, outlet: str | None = None, **kw: object
) -> Article:
    return Article(
        id=aid,
        text=text,
        raw_text=text,
        title=title,
        outlet=outlet,
        source_key=f"/in/{aid}.txt",
        path=f"/in/{aid}.txt",
        content_hash=str(hash(text)),
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def filled(any_store: Store) -> Store:
    any_store.add_article(
        _article(
            "a",
            "Dockers walked out at the port of Valen on Monday.",
            "Port strike begins",
            "Kestrel Wire",
        )
    )
    any_store.add_article(
        _article(
            "b",
            "The harbour police cleared the blockade at gate four.",
            "Gate four cleared",
            "Harbour Daily",
        )
    )
    any_store.add_article(
        _article(
            "c",
            "Café owners near the quay said business had collapsed.",
            "Quayside cafés suffer",
            "Continental Ledger",
        )
    )
    return any_store


def test_words_stemming_and_ranking(filled: Store) -> None:
    hits = filled.search_articles("strikes")
    assert [h.article_id for h in hits] == ["a"]  # stemmed: strikes ~ strike
    assert filled.search_articles("police blockade")[0].article_id == "b"
    assert filled.search_articles("police dockers") == []  # all words must match
    assert {h.article_id for h in filled.search_articles("police OR dockers")} == {"a", "b"}
    assert [h.article_id for h in filled.search_articles("gate -police")] == []
    assert [h.article_id for h in filled.search_articles('"gate four" -dockers')] == ["b"]
    assert [h.article_id for h in filled.search_articles("harbour daily")] == ["b"]  # outlet


def test_title_outranks_body(any_store: Store) -> None:
    any_store.add_article(_article("body", "A long text that mentions the strike once.", "News"))
    any_store.add_article(_article("head", "Some text about other things.", "Strike news"))
    assert [h.article_id for h in any_store.search_articles("strike")] == ["head", "body"]


def test_snippet_marks_the_match(filled: Store) -> None:
    hit = filled.search_articles("blockade")[0]
    assert f"{MATCH_START}blockade{MATCH_END}" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "title:x",
        "a AND",
        "NEAR(a b)",
        "*",
        "^x",
        "-",
        "OR",
        "OR OR",
        "()",
        "%",
        ";--",
        "x' OR 1=1 --",
        '"unclosed phrase',
        "\x00",
        "-police",
        "   ",
    ],
)
def test_any_input_is_safe(filled: Store, query: str) -> None:
    hits = filled.search_articles(query)
    assert isinstance(hits, list)


def test_search_follows_updates(filled: Store) -> None:
    filled.save_articles(
        [
            _article(
                "c",
                "Cafés reopened after the blockade ended.",
                "Cafés reopen",
                "Continental Ledger",
            )
        ]
    )
    assert [h.article_id for h in filled.search_articles("reopened")] == ["c"]
    assert filled.search_articles("collapsed") == []


def test_briefs_and_quotes(any_store: Store) -> None:
    quote = Quote("We will not go back", "Ana Ruiz", "direct", 0, 19, "said")
    any_store.add_article(
        _article(
            "a", "We will not go back, Ruiz said.", "T", "O", date="2025-01-02", quotes=(quote,)
        )
    )
    any_store.add_article(_article("b", "No quotes here.", "U", None))
    briefs = any_store.article_briefs()
    assert [(b.id, b.title, b.outlet, b.date) for b in briefs] == [
        ("a", "T", "O", "2025-01-02"),
        ("b", "U", None, None),
    ]
    assert [b.id for b in any_store.article_briefs(["b", "zz", "a"])] == ["b", "a"]
    rows = list(any_store.article_quotes())
    assert [(r.article_id, r.quotes) for r in rows] == [("a", (quote,))]


def test_fts5_query_translation() -> None:
    assert fts5_query("strike port") == '("strike" "port")'
    assert fts5_query('"gate four" OR dockers -police') == '("gate four" OR "dockers") NOT "police"'
    assert fts5_query("covid-19") == '("covid 19")'
    assert fts5_query("-only -negatives") is None
    assert fts5_query('title:x NEAR("a")') == '("title x" "NEAR a")'


def test_migration_backfills_existing_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with SQLiteStore(path) as s:
        s.add_article(_article("a", "An old article about the strike.", "Old", "O"))
    # Pretend the store predates migration 2: drop the index and its record.
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE articles_fts")
        for trigger in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER articles_fts_{trigger}")
        conn.execute("DELETE FROM migrations WHERE version = 2")
    with SQLiteStore(path) as s:
        assert [h.article_id for h in s.search_articles("strike")] == ["a"]
        s.add_article(dataclasses.replace(_article("b", "A new one on the strike.", "New", "O")))
        assert {h.article_id for h in s.search_articles("strike")} == {"a", "b"}
