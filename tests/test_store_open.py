"""Opening a store: only existing ones when asked (create=False), read-only ones readably, and
events listed in time order with undated events beside their storyline (issue 18)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.errors import StoreError
from newsweave.models import Article, Coverage, Event, Storyline
from newsweave.report import chronological
from newsweave.store import Store, open_store
from newsweave.store import sqlite as sqlite_store
from tests.helpers import pg_schema_url, small_fs


def _article(aid: str) -> Article:
    text = f"Body of {aid}."
    return Article(id=aid, text=text, raw_text=text, source_key=f"/in/{aid}", content_hash=aid)


# -- create=False ------------------------------------------------------------------------------


def test_create_false_refuses_a_missing_sqlite_file_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"No store at .*typo\.db") as info:
        open_store(tmp_path / "typo.db", create=False)
    assert "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_create_false_opens_an_existing_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        store.add_article(_article("a"))
    with open_store(tmp_path / "s.db", create=False) as store:
        assert store.count_articles() == 1


def test_create_false_refuses_a_sqlite_file_without_newsweave_tables(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (t TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not a newsweave store"):
        open_store(other, create=False)
    assert other.read_bytes() == before


@pytest.fixture
def pg_url() -> Iterator[str]:
    with pg_schema_url() as url:
        yield url


@pytest.mark.postgres
def test_postgres_create_false_refuses_an_empty_database_and_creates_nothing(pg_url: str) -> None:
    import psycopg

    with pytest.raises(StoreError, match="not a newsweave store"):
        open_store(pg_url, create=False)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('migrations')").fetchone() == (None,)
    with open_store(pg_url) as store:
        store.add_article(_article("a"))
    with open_store(pg_url, create=False) as store:
        assert store.count_articles() == 1


# -- read-only stores ------------------------------------------------------------------------


@pytest.fixture
def analysed(tmp_path: Path) -> Path:
    """A small store with articles, events and coverage (no -wal left: closed cleanly)."""
    db = tmp_path / "src" / "news.db"
    db.parent.mkdir()
    with open_store(db) as store:
        for aid in ("a", "b", "c"):
            store.add_article(_article(aid))
        store.replace_analysis(
            [Event("e0001", "Cranes idle", "2024-03-04", ("a", "b"), "s0001")],
            [Storyline("s0001", "Cranes idle", ("e0001",))],
            [Coverage(event_id="e0001")],
        )
    assert sorted(p.name for p in db.parent.iterdir()) == ["news.db"]
    return db


def test_an_unwritable_store_opens_read_only(
    analysed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_store, "_writable", lambda file: False)
    with open_store(analysed) as store:
        assert getattr(store, "read_only", False)
        assert store.count_articles() == 3 and [e.id for e in store.events()] == ["e0001"]
        with pytest.raises(StoreError, match="read-only"):
            store.add_article(_article("d"))
    with open_store(analysed) as store:  # the refused write left nothing behind
        assert store.count_articles() == 3


def test_a_read_only_store_of_an_older_schema_says_so(
    analysed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(analysed)
    conn.execute("DELETE FROM migrations WHERE version = (SELECT MAX(version) FROM migrations)")
    conn.commit()
    conn.close()
    monkeypatch.setattr(sqlite_store, "_writable", lambda file: False)
    with pytest.raises(StoreError, match="read-only and has schema version"):
        open_store(analysed)


def test_read_only_uri_reads_in_place_and_quotes_the_path(tmp_path: Path) -> None:
    odd = tmp_path / "a folder?#%" / "news.db"
    odd.parent.mkdir()
    open_store(odd).close()
    uri = sqlite_store.read_only_uri(odd)
    assert uri.startswith("file:/") and uri.endswith("?mode=ro")  # the folder is writable
    assert "?#%" not in uri.split("?mode")[0]
    conn = sqlite3.connect(uri, uri=True)
    assert conn.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] >= 1
    conn.close()


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_store_on_a_read_only_disk_is_readable_by_every_read_command(
    analysed: Path, tmp_path: Path
) -> None:
    before = analysed.read_bytes()
    with small_fs(tmp_path / "ro", 4096, read_only=True, seed=[analysed]) as ro:
        db = str(ro / analysed.name)
        code, out, err = _cli("events", "--db", db, "--json")
        assert code == 0, err
        assert [line for line in out.splitlines() if '"e0001"' in line]
        code, out, err = _cli("show", "e0001", "--db", db, "--json")
        assert code == 0 and '"Cranes idle"' in out, err
        code, out, err = _cli("export", "--db", db, "--format", "csv")
        assert code == 0 and len(out.splitlines()) == 4, err
        code, out, err = _cli("ingest", str(analysed.parent), "--db", db)
        assert code == 1 and err.startswith("Error: The store") and "read-only" in err
        assert err.count("\n") == 1
        assert sorted(p.name for p in ro.iterdir()) == ["news.db"]  # no -wal, -shm
        assert (ro / analysed.name).read_bytes() == before


def test_a_read_only_copy_with_its_write_ahead_log_shows_the_logged_changes(
    tmp_path: Path,
) -> None:
    src = tmp_path / "live"
    src.mkdir()
    db = src / "news.db"
    writer = open_store(db)
    writer.add_article(_article("a"))
    held = sqlite3.connect(db)  # a second connection keeps the log from being merged on close
    held.execute("PRAGMA wal_autocheckpoint = 0")
    writer._conn.execute("PRAGMA wal_autocheckpoint = 0")  # type: ignore[attr-defined]
    writer.add_article(_article("b"))
    files = [src / n for n in ("news.db", "news.db-wal", "news.db-shm")]
    assert all(f.exists() for f in files)
    try:
        with (
            small_fs(tmp_path / "ro", 8192, read_only=True, seed=files) as ro,
            open_store(ro / "news.db", create=False) as store,
        ):
            assert [a.id for a in store.iter_articles()] == ["a", "b"]
    finally:
        writer.close()
        held.close()


# -- event order -----------------------------------------------------------------------------

_ORDER_EVENTS = [
    Event("e0001", "Follow-up", "2024-03-05", ("a",), "s0001"),
    Event("e0002", "Undated start", None, ("b",), "s0001"),
    Event("e0003", "Elsewhere", "2024-03-01", ("c",), "s0002"),
    Event("e0004", "Alone, undated", None, ("d",), None),
    Event("e0005", "Undated storyline", None, ("e",), "s0003"),
    Event("e0006", "Same day elsewhere", "2024-03-05", ("f",), "s0004"),
    Event("e0007", "Later in s0001", "2024-03-09", ("g",), "s0001"),
]
_ORDER_STORIES = [
    Storyline("s0001", "Strike", ("e0001", "e0002", "e0007")),
    Storyline("s0002", "Elsewhere", ("e0003",)),
    Storyline("s0003", "Undated", ("e0005",)),
    Storyline("s0004", "Same day", ("e0006",)),
]
# An undated event stands just before the first dated event of its storyline (never after its
# own follow-up); undated events with no dated storyline mate come last, by id.
_EXPECTED = ["e0003", "e0002", "e0001", "e0006", "e0007", "e0004", "e0005"]


def test_undated_events_stand_before_their_storylines_first_dated_event(any_store: Store) -> None:
    for aid in "abcdefg":
        any_store.add_article(_article(aid))
    any_store.replace_analysis(_ORDER_EVENTS, _ORDER_STORIES, [])
    assert [e.id for e in any_store.events()] == _EXPECTED


def test_the_report_orders_events_as_the_store_does() -> None:
    assert [e.id for e in chronological(_ORDER_EVENTS)] == _EXPECTED
    # Membership may come from the storylines alone (events not yet given storyline_id).
    bare = [Event(e.id, e.title, e.date, e.article_ids) for e in _ORDER_EVENTS]
    assert [e.id for e in chronological(bare, _ORDER_STORIES)] == _EXPECTED
    # Dated events alone keep plain date-then-id order.
    dated = [e for e in _ORDER_EVENTS if e.date]
    assert [e.id for e in chronological(dated)] == ["e0003", "e0001", "e0006", "e0007"]


def test_events_cli_lists_the_same_order(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        for aid in "abcdefg":
            store.add_article(_article(aid))
        store.replace_analysis(_ORDER_EVENTS, _ORDER_STORIES, [])
    code, out, err = _cli("events", "--db", str(db), "--json")
    assert code == 0, err
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in rows] == _EXPECTED
    first = rows[1]  # the undated e0002: old keys kept, analyze --json's names added
    assert first["article_ids"] == first["articles"] == ["b"]
    assert first["storyline_id"] == first["storyline"] == "s0001"
