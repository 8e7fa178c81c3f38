"""The store contract; every backend runs the same tests (PostgreSQL joins via the fixture)."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from pathlib import Path

import pytest

from newsweave.errors import NotFoundError, StoreError
from newsweave.models import (
    Article,
    Claim,
    ClaimGroup,
    Coverage,
    Event,
    ItemOutcome,
    Storyline,
)
from newsweave.store import SQLiteStore, SQLStore, Store


def _article(aid: str, text: str = "Body text.", source: str | None = None) -> Article:
    return Article(
        id=aid,
        text=text,
        raw_text=text,
        source_key=source or f"/in/{aid}.txt",
        path=source or f"/in/{aid}.txt",
        content_hash=str(hash(text)),
    )


def test_add_is_idempotent(any_store: Store) -> None:
    first = any_store.add_article(_article("a"))
    again = any_store.add_article(_article("a"))
    assert (first.status, again.status) == ("ingested", "duplicate")
    assert any_store.count_articles() == 1


def test_changed_content_replaces(any_store: Store) -> None:
    any_store.add_article(_article("a", "Old."))
    out = any_store.add_article(_article("a", "New."))
    assert out.status == "ingested" and out.reason == "content changed; replaced"
    assert any_store.get_article("a").text == "New."


def test_id_collision_gets_stable_suffix(any_store: Store) -> None:
    any_store.add_article(_article("a", "One."))
    out = any_store.add_article(_article("a", "Two.", source="/other/a.txt"))
    assert out.status == "ingested" and out.article_id and out.article_id.startswith("a-")
    same = any_store.add_article(_article("a", "One.", source="/copy/a.txt"))
    assert same.status == "duplicate"
    assert [a.text for a in any_store.iter_articles()] == ["One.", "Two."]


def test_save_and_read_processed(any_store: Store) -> None:
    any_store.add_article(_article("a"))
    any_store.add_article(_article("b"))
    any_store.save_articles([dataclasses.replace(_article("b"), outlet="Daily", language="en")])
    assert any_store.get_article("b").outlet == "Daily"
    assert [a.id for a in any_store.iter_articles(["b", "a", "zz"])] == ["b", "a"]
    with pytest.raises(NotFoundError):
        any_store.save_articles([_article("zz")])
    with pytest.raises(NotFoundError, match="No article"):
        any_store.get_article("nope")


def test_analysis_replaced_atomically(any_store: Store) -> None:
    any_store.add_article(_article("a"))
    claim = Claim("a#0", "a", "Daily", "Body text.", 0, 10)
    event = Event("e1", "Story", "2025-01-10", ("a",), "s1")
    cov = Coverage("e1", consensus=(ClaimGroup("Body text.", (claim,), ("Daily",), ("a",)),))
    any_store.replace_analysis([event], [Storyline("s1", "Thread", ("e1",))], [cov])
    assert any_store.events() == [event]
    assert any_store.get_event("e1") == event
    assert any_store.get_coverage("e1") == cov
    assert any_store.storylines()[0].event_ids == ("e1",)
    with pytest.raises(RuntimeError), any_store.transaction():  # type: ignore[attr-defined]
        any_store.replace_analysis([], [], [])
        raise RuntimeError("crash mid-way")
    assert any_store.events() == [event]  # rolled back
    with pytest.raises(NotFoundError):
        any_store.get_event("e9")


def test_runs_record_every_outcome(any_store: Store) -> None:
    run = any_store.start_run("ingest")
    any_store.add_outcomes(
        run, [ItemOutcome("x", "ingested", "a"), ItemOutcome("y", "rejected", None, "empty")]
    )
    any_store.add_outcomes(run, [ItemOutcome("z", "duplicate", "a")])
    report = any_store.finish_run(run)
    assert [i.source for i in report.items] == ["x", "y", "z"]
    assert report.counts == {"ingested": 1, "duplicate": 1, "rejected": 1}
    assert report.finished is not None
    assert any_store.integrity_check() == []


#: Placeholder look-alikes of both drivers (SQLite ``?``, psycopg ``%s`` and ``%(name)s``).
_MARKS = "Why? 100%s sure, %(x)s and %% too?"


def test_placeholder_lookalikes_in_values_survive(any_store: Store) -> None:
    article = dataclasses.replace(_article("q?", f"Body {_MARKS}"), title=f"Title {_MARKS}")
    assert any_store.add_article(article).status == "ingested"
    assert any_store.add_article(article).status == "duplicate"
    stored = any_store.get_article("q?")
    assert (stored.title, stored.text) == (article.title, article.text)
    assert [(b.id, b.title) for b in any_store.article_briefs(["q?"])] == [("q?", article.title)]
    any_store.save_articles([dataclasses.replace(article, outlet=f"Outlet {_MARKS}")])
    assert [a.outlet for a in any_store.iter_articles(["q?"])] == [f"Outlet {_MARKS}"]
    event = Event("e?%s", f"Event {_MARKS}", None, ("q?",))
    any_store.replace_analysis([event], [], [])
    assert any_store.get_event("e?%s") == event
    run = any_store.start_run(f"ingest {_MARKS}")
    any_store.add_outcomes(run, [ItemOutcome(f"/in/{_MARKS}", "rejected", None, _MARKS)])
    assert any_store.finish_run(run).items[0].reason == _MARKS


def test_literal_question_mark_in_a_statement_is_kept(any_store: Store) -> None:
    # Statements are written with the dialect's own placeholder, never rewritten afterwards: a
    # literal "?" in SQL text stays a "?" on every backend.
    assert isinstance(any_store, SQLStore)
    ph = any_store.dialect.ph
    row = any_store._fetchone(f"SELECT 'a?b', {ph} || '?'", ("c",))
    assert tuple(row) == ("a?b", "c?")


def test_integrity_check_finds_orphans(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        store.replace_analysis([Event("e1", "t", None, ("ghost",))], [], [])
        assert store.integrity_check() == ["event e1 lists missing article ghost"]


def test_not_a_database_and_missing_folder(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"not a database|Is it a SQLite file"):
        SQLiteStore(junk)
    with pytest.raises(StoreError, match="is missing"):
        SQLiteStore(tmp_path / "no" / "dir" / "s.db")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migrations VALUES (999, 'future', 'now')")
    with pytest.raises(StoreError, match="Upgrade newsweave"):
        SQLiteStore(path)


def test_two_writers_are_serialized(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    errors: list[BaseException] = []

    def writer(prefix: str) -> None:
        try:
            with SQLiteStore(path) as s:
                for i in range(50):
                    s.add_article(_article(f"{prefix}{i}", f"{prefix} text {i}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in "xy"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with SQLiteStore(path) as s:
        assert s.count_articles() == 100
        assert s.integrity_check() == []
