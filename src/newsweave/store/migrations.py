"""Numbered schema migrations, registered with :func:`migration` and recorded in a table.

A migration is a function of the SQL dialect's name ("sqlite" or "postgresql") returning the
statements to run. Migrations only ever append: never edit one that has shipped; add the next
number instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DialectName = str  # "sqlite" | "postgresql"


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step."""

    version: int
    name: str
    statements: Callable[[DialectName], list[str]]


MIGRATIONS: list[Migration] = []


def migration(version: int, name: str) -> Callable[[Callable[[DialectName], list[str]]], Migration]:
    """Register ``fn`` as schema step ``version``; versions must be consecutive."""

    def wrap(fn: Callable[[DialectName], list[str]]) -> Migration:
        expected = len(MIGRATIONS) + 1
        if version != expected:
            raise ValueError(f"migration {version} registered out of order; expected {expected}")
        step = Migration(version, name, fn)
        MIGRATIONS.append(step)
        return step

    return wrap


@migration(1, "articles, runs, events, storylines, coverage")
def _initial(dialect: DialectName) -> list[str]:
    return [
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            source_key TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            outlet TEXT,
            title TEXT,
            date TEXT,
            url TEXT,
            path TEXT,
            language TEXT,
            duplicate_of TEXT,
            processed INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_hash ON articles (content_hash)",
        "CREATE INDEX articles_outlet ON articles (outlet)",
        "CREATE INDEX articles_date ON articles (date)",
        """CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            command TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT
        )""",
        """CREATE TABLE run_items (
            run_id TEXT NOT NULL REFERENCES runs (id),
            seq INTEGER NOT NULL,
            source TEXT NOT NULL,
            status TEXT NOT NULL,
            article_id TEXT,
            reason TEXT,
            PRIMARY KEY (run_id, seq)
        )""",
        """CREATE TABLE storylines (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            date TEXT,
            storyline_id TEXT,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE event_articles (
            event_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (event_id, article_id)
        )""",
        "CREATE INDEX event_articles_article ON event_articles (article_id)",
        """CREATE TABLE coverage (
            event_id TEXT PRIMARY KEY,
            data TEXT NOT NULL
        )""",
    ]


@migration(2, "full-text search over article title, text and outlet")
def _search(dialect: DialectName) -> list[str]:
    # Both indexes are kept in sync by the database itself (triggers / a generated column), so
    # every writer -- ingest, save_articles, another process -- updates search without code.
    # English stemming (porter / 'english') so "strikes" finds "strike"; accents folded on
    # SQLite. The article body lives in the JSON ``data`` column, hence the JSON extraction.
    if dialect == "postgresql":
        return [
            """ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', coalesce(title, '')), 'A')
                || setweight(to_tsvector('english', coalesce(outlet, '')), 'B')
                || setweight(to_tsvector('english', coalesce(data::jsonb ->> 'text', '')), 'C')
            ) STORED""",
            "CREATE INDEX articles_search ON articles USING GIN (search)",
        ]
    # A plain FTS5 table (its own copy of the text): SQLite 3.40 has no contentless delete, and
    # external content would need the body as a real column. rowid = articles.seq (stable).
    return [
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, outlet, tokenize = 'porter unicode61 remove_diacritics 2'
        )""",
        """INSERT INTO articles_fts (rowid, title, body, outlet)
            SELECT seq, coalesce(title, ''), coalesce(json_extract(data, '$.text'), ''),
                   coalesce(outlet, '') FROM articles""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, body, outlet)
            VALUES (new.seq, coalesce(new.title, ''),
                    coalesce(json_extract(new.data, '$.text'), ''), coalesce(new.outlet, ''));
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
            DELETE FROM articles_fts WHERE rowid = old.seq;
            INSERT INTO articles_fts (rowid, title, body, outlet)
            VALUES (new.seq, coalesce(new.title, ''),
                    coalesce(json_extract(new.data, '$.text'), ''), coalesce(new.outlet, ''));
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            DELETE FROM articles_fts WHERE rowid = old.seq;
        END""",
    ]


@migration(3, "feed state, online clustering checkpoints and event assignments")
def _watch(dialect: DialectName) -> list[str]:
    # Written by `newsweave watch` (see newsweave.watch). ``feeds`` keeps the validators of the
    # last successful poll, saved only after that poll's items are stored, so a crash never
    # turns into a 304 that skips unstored items. ``online_state`` holds a pickled, compressed
    # checkpoint of the online clusterer as of assignment batch ``batch``; ``event_assignments``
    # the event each article joined, written in the same transaction, so a rerun after a crash
    # never assigns an article twice.
    blob = "BYTEA" if dialect == "postgresql" else "BLOB"
    return [
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            last_polled TEXT,
            last_changed TEXT,
            last_status TEXT,
            last_error TEXT,
            items_total INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL
        )""",
        f"""CREATE TABLE online_state (
            name TEXT PRIMARY KEY,
            batch INTEGER NOT NULL,
            data {blob} NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE event_assignments (
            article_id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL,
            batch INTEGER NOT NULL,
            position INTEGER NOT NULL
        )""",
        "CREATE INDEX event_assignments_batch ON event_assignments (batch, position)",
        "CREATE INDEX event_assignments_event ON event_assignments (event_id)",
    ]


@migration(4, "articles keep their ingested version beside the processed one")
def _ingested(dialect: DialectName) -> list[str]:
    # Processing rewrites ``data`` (cleaned text, extracted outlet, title, date); a later batch
    # analysis must start again from what ingest read, or its result depends on history (the
    # cleaner groups boilerplate by outlet, which the first analysis filled in). Rows stored
    # before this step keep NULL and are read from ``data``.
    return ["ALTER TABLE articles ADD COLUMN ingested TEXT"]
