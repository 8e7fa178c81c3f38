"""The store interface and its SQL implementation shared by SQLite and PostgreSQL.

:class:`Store` is what the pipeline, CLI and web app talk to. :class:`SQLStore` implements it
over any DB-API connection; a backend supplies the connection, the dialect name and its
placeholder style. All SQL is parameterized; schema changes go through numbered migrations.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsweave.errors import NotFoundError, StoreError
from newsweave.models import (
    DUPLICATE,
    INGESTED,
    Article,
    Coverage,
    Event,
    ItemOutcome,
    Quote,
    RunReport,
    Storyline,
)
from newsweave.store.migrations import MIGRATIONS

log = logging.getLogger(__name__)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: Marks around matched words in :attr:`SearchHit.snippet` (control characters that never occur
#: in cleaned text, so a caller can split on them and escape the pieces itself).
MATCH_START = "\x02"
MATCH_END = "\x03"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article matching a full-text query."""

    article_id: str
    rank: float  # higher is better; comparable only within one result list
    snippet: str  # plain text around the match, matches between MATCH_START and MATCH_END


@dataclass(frozen=True, slots=True)
class ArticleBrief:
    """The listing columns of an article, read without decoding its text."""

    id: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class ArticleQuotes:
    """The quotes of one article with the columns needed to place them in time and outlet."""

    article_id: str
    title: str | None
    outlet: str | None
    date: str | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class FeedState:
    """What `newsweave watch` remembers of one feed between polls."""

    url: str
    etag: str | None = None  # validator of the last stored version (If-None-Match)
    last_modified: str | None = None  # validator of the last stored version (If-Modified-Since)
    last_polled: str | None = None  # ISO time of the last poll, successful or not
    last_changed: str | None = None  # ISO time of the last poll that brought a new version
    last_status: str | None = None  # "changed" | "not-modified" | "error"
    last_error: str | None = None  # why the last poll failed, if it did
    items_total: int = 0  # feed items seen in all changed versions (new or not)


@dataclass(frozen=True, slots=True)
class Assignment:
    """The event an article joined in online clustering, and in which batch."""

    article_id: str
    event_id: str
    batch: int
    position: int  # order of the article within its batch


class Store(ABC):
    """Where articles, runs, events, storylines and coverage live."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """A context in which all writes commit together or not at all."""

    # -- articles ----------------------------------------------------------------------------

    @abstractmethod
    def add_article(self, article: Article, label: str | None = None) -> ItemOutcome:
        """Store a newly ingested article unless the same input is already stored.

        Returns the item's outcome: ``ingested`` (new, or its content changed), or
        ``duplicate`` (same source and content, or the same id and content from elsewhere).
        An id already used by a different article gets a stable suffix; the outcome says so.
        ``label`` names the input item in the outcome (default: its path, url or source key).
        """

    @abstractmethod
    def save_articles(self, articles: Iterable[Article]) -> None:
        """Write processed versions of stored articles (same ids), replacing their data."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article:
        """The article with ``article_id``; raises :class:`NotFoundError`."""

    @abstractmethod
    def iter_articles(
        self, ids: Sequence[str] | None = None, *, ingested: bool = False
    ) -> Iterator[Article]:
        """All articles (or those in ``ids``) in ingest order.

        ``ingested=True`` gives them as ingest stored them, before any processing: a batch
        analysis starts from there, so analysing a store twice (or again after a crash)
        gives the same result as analysing it once.
        """

    @abstractmethod
    def count_articles(self) -> int:
        """Number of stored articles."""

    # -- reading for listings and search -----------------------------------------------------

    @abstractmethod
    def search_articles(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Articles whose title, text or outlet match ``query``, best first.

        ``query`` is web-search syntax: words (all must match, English stemming), ``"a
        phrase"``, ``OR`` between alternatives and ``-word`` to exclude. It is never SQL or the
        backend's own query language, so any user input is safe and a query with nothing
        searchable returns ``[]``.
        """

    @abstractmethod
    def article_briefs(self, ids: Sequence[str] | None = None) -> list[ArticleBrief]:
        """Id, title, outlet, date, url and original of all articles (or ``ids``), cheaply."""

    @abstractmethod
    def article_quotes(self) -> Iterator[ArticleQuotes]:
        """The quotes of every article that has any, in ingest order (text not decoded)."""

    # -- analysis ----------------------------------------------------------------------------

    @abstractmethod
    def replace_analysis(
        self,
        events: Sequence[Event],
        storylines: Sequence[Storyline],
        coverage: Sequence[Coverage],
    ) -> None:
        """Atomically replace all events, storylines and coverage with a new analysis."""

    @abstractmethod
    def events(self) -> list[Event]:
        """All events, by date then id."""

    @abstractmethod
    def get_event(self, event_id: str) -> Event:
        """The event with ``event_id``; raises :class:`NotFoundError`."""

    @abstractmethod
    def storylines(self) -> list[Storyline]:
        """All storylines by id."""

    @abstractmethod
    def get_coverage(self, event_id: str) -> Coverage | None:
        """The coverage comparison of an event, if computed."""

    # -- runs --------------------------------------------------------------------------------

    @abstractmethod
    def start_run(self, command: str) -> str:
        """Open a run and return its id."""

    @abstractmethod
    def add_outcomes(self, run_id: str, outcomes: Iterable[ItemOutcome]) -> None:
        """Record item outcomes of a run, in order."""

    @abstractmethod
    def finish_run(self, run_id: str) -> RunReport:
        """Close a run and return its report."""

    @abstractmethod
    def run_report(self, run_id: str) -> RunReport:
        """The report of a run; raises :class:`NotFoundError`."""

    # -- watching feeds and online clustering ------------------------------------------------

    @abstractmethod
    def feed_state(self, url: str) -> FeedState | None:
        """The remembered state of feed ``url``, or None if it was never polled."""

    @abstractmethod
    def feed_states(self) -> list[FeedState]:
        """Every remembered feed, by URL."""

    @abstractmethod
    def save_feed_state(self, state: FeedState) -> None:
        """Insert or replace the state of ``state.url``."""

    @abstractmethod
    def load_checkpoint(self, name: str) -> tuple[int, bytes] | None:
        """``(batch, data)`` of the checkpoint called ``name``, or None."""

    @abstractmethod
    def save_checkpoint(self, name: str, batch: int, data: bytes) -> None:
        """Insert or replace checkpoint ``name`` (opaque bytes) as of ``batch``."""

    @abstractmethod
    def delete_checkpoint(self, name: str) -> None:
        """Forget checkpoint ``name`` (no error when absent)."""

    @abstractmethod
    def add_assignments(self, assignments: Iterable[Assignment]) -> None:
        """Record online event assignments; an article already assigned raises StoreError."""

    @abstractmethod
    def assignments(self, since_batch: int = 0) -> Iterator[Assignment]:
        """Recorded assignments of batch ``since_batch`` and later, by batch then position."""

    @abstractmethod
    def unassigned_ids(self) -> list[str]:
        """Ids of stored articles with no recorded assignment, in ingest order."""

    @abstractmethod
    def upsert_events(self, events: Sequence[Event], coverage: Sequence[Coverage] = ()) -> None:
        """Insert or replace ``events`` (with their members) and ``coverage``, keeping the rest."""

    # -- housekeeping ------------------------------------------------------------------------

    @abstractmethod
    def integrity_check(self) -> list[str]:
        """Problems found in the store (empty when healthy)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SQLStore(Store):
    """A :class:`Store` over a DB-API connection. Subclasses set the connection and dialect."""

    dialect = "sqlite"
    placeholder = "?"
    #: The driver's own exceptions. They never leave the store raw: a full disk, a read-only
    #: file or a lost server becomes a :class:`StoreError` saying what to do (see
    #: :meth:`failure`), which the CLI prints as one line and the web app answers with 503.
    driver_errors: tuple[type[Exception], ...] = ()

    def __init__(self, connection: Any) -> None:
        self._conn = connection
        # One connection is shared by the threads of a web server; DB-API connections are not
        # thread-safe, so every use goes through this lock (writes are serialized anyway).
        self._lock = threading.RLock()
        self._depth = 0
        self._migrate()

    # -- plumbing ----------------------------------------------------------------------------

    def _sql(self, query: str) -> str:
        return query if self.placeholder == "?" else query.replace("?", self.placeholder)

    def _begin(self) -> None:
        self._conn.execute("BEGIN")

    def _commit(self) -> None:
        self._conn.commit()

    def _rollback(self) -> None:
        self._conn.rollback()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Run the block in one transaction (nested blocks join the outer one)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            try:
                self._begin()
            except self.driver_errors as exc:
                raise self.failure(exc) from exc
            self._depth = 1
            try:
                yield self._conn
            except BaseException as exc:
                self._depth = 0
                self._safe_rollback()
                if isinstance(exc, self.driver_errors):
                    raise self.failure(exc) from exc
                raise
            else:
                self._depth = 0
                try:
                    self._commit()
                except self.driver_errors as exc:
                    self._safe_rollback()
                    raise self.failure(exc) from exc

    def _safe_rollback(self) -> None:
        try:
            self._rollback()
        except self.driver_errors:  # the original failure is what the caller must see
            log.warning("rollback failed after a store error", exc_info=True)

    def failure(self, exc: BaseException) -> StoreError:
        """The :class:`StoreError` a driver error becomes; backends word the common causes."""
        return StoreError(f"The store failed: {exc}. Check that it is reachable and rerun.")

    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            try:
                return self._conn.execute(self._sql(query), tuple(params))
            except self.driver_errors as exc:
                raise self.failure(exc) from exc

    def _fetchall(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return list(self._conn.execute(self._sql(query), tuple(params)).fetchall())
            except self.driver_errors as exc:
                raise self.failure(exc) from exc

    def _fetchone(self, query: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            try:
                return self._conn.execute(self._sql(query), tuple(params)).fetchone()
            except self.driver_errors as exc:
                raise self.failure(exc) from exc

    def _applied_versions(self) -> set[int]:
        with self.transaction():
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        return {row[0] for row in self._conn.execute("SELECT version FROM migrations").fetchall()}

    def _migrate(self) -> None:
        with self._lock:
            applied = self._applied_versions()
            known = {m.version for m in MIGRATIONS}
            if applied - known:
                raise StoreError(
                    f"The store has schema version {max(applied)}, newer than this newsweave "
                    f"knows ({max(known)}). Upgrade newsweave."
                )
            for step in MIGRATIONS:
                if step.version in applied:
                    continue
                with self.transaction():
                    # Another process opening the same new store may have applied this step
                    # since we looked; writers are serialized here, so look again.
                    done = self._fetchone(
                        "SELECT 1 FROM migrations WHERE version = ?", (step.version,)
                    )
                    if done is not None:
                        continue
                    for statement in step.statements(self.dialect):
                        self._conn.execute(statement)
                    self._conn.execute(
                        self._sql(
                            "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)"
                        ),
                        (step.version, step.name, _now()),
                    )

    def schema_version(self) -> int:
        """The highest applied migration number."""
        row = self._fetchone("SELECT MAX(version) FROM migrations")
        return int(row[0] or 0)

    # -- articles ----------------------------------------------------------------------------

    def _article_row(self, article: Article) -> tuple[Any, ...]:
        return (
            article.outlet,
            article.title,
            article.date,
            article.url,
            article.path,
            article.language,
            article.duplicate_of,
            _dumps(article.to_dict()),
        )

    def add_article(self, article: Article, label: str | None = None) -> ItemOutcome:
        label = label or article.path or article.url or article.source_key
        with self.transaction():
            row = self._fetchone(
                "SELECT id, content_hash FROM articles WHERE source_key = ?", (article.source_key,)
            )
            if row is not None:
                existing_id, existing_hash = row[0], row[1]
                if existing_hash == article.content_hash:
                    return ItemOutcome(label, DUPLICATE, existing_id, "already ingested")
                article = _with_id(article, existing_id)
                row_values = self._article_row(article)
                self._execute(
                    "UPDATE articles SET content_hash = ?, outlet = ?, title = ?, date = ?, "
                    "url = ?, path = ?, language = ?, duplicate_of = ?, data = ?, processed = 0, "
                    "ingested = ?, updated_at = ? WHERE id = ?",
                    (article.content_hash, *row_values, row_values[-1], _now(), existing_id),
                )
                return ItemOutcome(label, INGESTED, existing_id, "content changed; replaced")
            reason = None
            taken = self._fetchone(
                "SELECT content_hash, source_key FROM articles WHERE id = ?", (article.id,)
            )
            if taken is not None:
                if taken[0] == article.content_hash:
                    return ItemOutcome(
                        label,
                        DUPLICATE,
                        article.id,
                        f"same article already ingested from {taken[1]}",
                    )
                suffix = hashlib.sha1(article.source_key.encode()).hexdigest()[:6]
                new_id = f"{article.id}-{suffix}"
                reason = f"id {article.id!r} already taken by another article; stored as {new_id!r}"
                article = _with_id(article, new_id)
            now = _now()
            seq = int(self._fetchone("SELECT COALESCE(MAX(seq), 0) FROM articles")[0]) + 1
            row_values = self._article_row(article)
            self._execute(
                "INSERT INTO articles (id, seq, source_key, content_hash, outlet, title, date, "
                "url, path, language, duplicate_of, data, processed, ingested, ingested_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                (
                    article.id,
                    seq,
                    article.source_key,
                    article.content_hash,
                    *row_values,
                    row_values[-1],  # the ingested version, kept when processing rewrites data
                    now,
                    now,
                ),
            )
        return ItemOutcome(label, INGESTED, article.id, reason)

    def save_articles(self, articles: Iterable[Article]) -> None:
        now = _now()
        with self.transaction():
            for article in articles:
                cursor = self._execute(
                    "UPDATE articles SET outlet = ?, title = ?, date = ?, url = ?, path = ?, "
                    "language = ?, duplicate_of = ?, data = ?, processed = 1, updated_at = ? "
                    "WHERE id = ?",
                    (*self._article_row(article), now, article.id),
                )
                if cursor.rowcount == 0:
                    raise NotFoundError(
                        f"Article {article.id!r} is not in the store; ingest it before saving."
                    )

    def get_article(self, article_id: str) -> Article:
        row = self._fetchone("SELECT data FROM articles WHERE id = ?", (article_id,))
        if row is None:
            raise NotFoundError(f"No article {article_id!r}; `newsweave export` lists them.")
        return Article.from_dict(json.loads(row[0]))

    def iter_articles(
        self, ids: Sequence[str] | None = None, *, ingested: bool = False
    ) -> Iterator[Article]:
        # Stores made before migration 4 have no ingested version: their data is the best left.
        column = "COALESCE(ingested, data)" if ingested else "data"
        if ids is None:
            rows = self._fetchall(f"SELECT {column} FROM articles ORDER BY seq")
        else:
            rows = []
            wanted = list(dict.fromkeys(ids))
            for start in range(0, len(wanted), 500):  # stay under SQLite's parameter limit
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                found = {
                    json.loads(r[0])["id"]: r
                    for r in self._fetchall(
                        f"SELECT {column} FROM articles WHERE id IN ({marks})", chunk
                    )
                }
                rows.extend(found[i] for i in chunk if i in found)
        for row in rows:
            yield Article.from_dict(json.loads(row[0]))

    def count_articles(self) -> int:
        return int(self._fetchone("SELECT COUNT(*) FROM articles")[0])

    #: SQL expression giving the JSON array of an article's quotes from its ``data`` column.
    _quotes_sql = "json_extract(data, '$.quotes')"

    def article_briefs(self, ids: Sequence[str] | None = None) -> list[ArticleBrief]:
        cols = "id, title, outlet, date, url, duplicate_of"
        if ids is None:
            rows = self._fetchall(f"SELECT {cols} FROM articles ORDER BY seq")
            return [ArticleBrief(*row) for row in rows]
        wanted = list(dict.fromkeys(ids))
        found: dict[str, ArticleBrief] = {}
        for start in range(0, len(wanted), 500):  # stay under SQLite's parameter limit
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._fetchall(f"SELECT {cols} FROM articles WHERE id IN ({marks})", chunk):
                found[row[0]] = ArticleBrief(*row)
        return [found[i] for i in wanted if i in found]

    def article_quotes(self) -> Iterator[ArticleQuotes]:
        rows = self._fetchall(
            f"SELECT id, title, outlet, date, {self._quotes_sql} FROM articles ORDER BY seq"
        )
        for article_id, title, outlet, date, raw in rows:
            # SQLite hands back JSON text, psycopg an already decoded jsonb value.
            items = json.loads(raw) if isinstance(raw, str) else raw
            if items:
                quotes = tuple(Quote.from_dict(q) for q in items)
                yield ArticleQuotes(article_id, title, outlet, date, quotes)

    # -- analysis ----------------------------------------------------------------------------

    def replace_analysis(
        self,
        events: Sequence[Event],
        storylines: Sequence[Storyline],
        coverage: Sequence[Coverage],
    ) -> None:
        with self.transaction():
            # A batch analysis replaces every event, so online assignments and the clusterer
            # checkpoint that produced the old events are stale: `newsweave watch` re-derives
            # them from the stored articles on its next batch.
            for table in (
                "event_articles",
                "coverage",
                "events",
                "storylines",
                "event_assignments",
                "online_state",
            ):
                self._execute(f"DELETE FROM {table}")  # table names are constants above
            for story in storylines:
                self._execute(
                    "INSERT INTO storylines (id, title, data) VALUES (?, ?, ?)",
                    (story.id, story.title, _dumps(story.to_dict())),
                )
            for event in events:
                self._execute(
                    "INSERT INTO events (id, title, date, storyline_id, data) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        event.id,
                        event.title,
                        event.date,
                        event.storyline_id,
                        _dumps(event.to_dict()),
                    ),
                )
                for article_id in event.article_ids:
                    self._execute(
                        "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?)",
                        (event.id, article_id),
                    )
            for cov in coverage:
                self._execute(
                    "INSERT INTO coverage (event_id, data) VALUES (?, ?)",
                    (cov.event_id, _dumps(cov.to_dict())),
                )

    def events(self) -> list[Event]:
        rows = self._fetchall("SELECT data FROM events ORDER BY date IS NULL, date, id")
        return [Event.from_dict(json.loads(r[0])) for r in rows]

    def get_event(self, event_id: str) -> Event:
        row = self._fetchone("SELECT data FROM events WHERE id = ?", (event_id,))
        if row is None:
            raise NotFoundError(f"No event {event_id!r}; `newsweave events` lists them.")
        return Event.from_dict(json.loads(row[0]))

    def storylines(self) -> list[Storyline]:
        rows = self._fetchall("SELECT data FROM storylines ORDER BY id")
        return [Storyline.from_dict(json.loads(r[0])) for r in rows]

    def get_coverage(self, event_id: str) -> Coverage | None:
        row = self._fetchone("SELECT data FROM coverage WHERE event_id = ?", (event_id,))
        return None if row is None else Coverage.from_dict(json.loads(row[0]))

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, command: str) -> str:
        run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        with self.transaction():
            self._execute(
                "INSERT INTO runs (id, command, started) VALUES (?, ?, ?)",
                (run_id, command, _now()),
            )
        return run_id

    def add_outcomes(self, run_id: str, outcomes: Iterable[ItemOutcome]) -> None:
        with self.transaction():
            row = self._fetchone("SELECT COUNT(*) FROM run_items WHERE run_id = ?", (run_id,))
            seq = int(row[0])
            for outcome in outcomes:
                self._execute(
                    "INSERT INTO run_items (run_id, seq, source, status, article_id, reason) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        run_id,
                        seq,
                        outcome.source,
                        outcome.status,
                        outcome.article_id,
                        outcome.reason,
                    ),
                )
                seq += 1

    def finish_run(self, run_id: str) -> RunReport:
        with self.transaction():
            self._execute("UPDATE runs SET finished = ? WHERE id = ?", (_now(), run_id))
        return self.run_report(run_id)

    def run_report(self, run_id: str) -> RunReport:
        run = self._fetchone("SELECT started, finished FROM runs WHERE id = ?", (run_id,))
        if run is None:
            raise NotFoundError(f"No run {run_id!r}.")
        rows = self._fetchall(
            "SELECT source, status, article_id, reason FROM run_items "
            "WHERE run_id = ? ORDER BY seq",
            (run_id,),
        )
        return RunReport(
            run_id=run_id,
            items=tuple(ItemOutcome(*row) for row in rows),
            started=run[0],
            finished=run[1],
        )

    # -- watching feeds and online clustering ------------------------------------------------

    _FEED_COLS = (
        "url, etag, last_modified, last_polled, last_changed, last_status, last_error, items_total"
    )

    def feed_state(self, url: str) -> FeedState | None:
        row = self._fetchone(f"SELECT {self._FEED_COLS} FROM feeds WHERE url = ?", (url,))
        return None if row is None else FeedState(*row)

    def feed_states(self) -> list[FeedState]:
        rows = self._fetchall(f"SELECT {self._FEED_COLS} FROM feeds ORDER BY url")
        return [FeedState(*row) for row in rows]

    def save_feed_state(self, state: FeedState) -> None:
        with self.transaction():
            self._execute(
                f"INSERT INTO feeds ({self._FEED_COLS}, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                "etag = excluded.etag, last_modified = excluded.last_modified, "
                "last_polled = excluded.last_polled, last_changed = excluded.last_changed, "
                "last_status = excluded.last_status, last_error = excluded.last_error, "
                "items_total = excluded.items_total",
                (
                    state.url,
                    state.etag,
                    state.last_modified,
                    state.last_polled,
                    state.last_changed,
                    state.last_status,
                    state.last_error,
                    state.items_total,
                    _now(),
                ),
            )

    def load_checkpoint(self, name: str) -> tuple[int, bytes] | None:
        row = self._fetchone("SELECT batch, data FROM online_state WHERE name = ?", (name,))
        return None if row is None else (int(row[0]), bytes(row[1]))

    def save_checkpoint(self, name: str, batch: int, data: bytes) -> None:
        with self.transaction():
            self._execute(
                "INSERT INTO online_state (name, batch, data, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET batch = excluded.batch, data = excluded.data, "
                "updated_at = excluded.updated_at",
                (name, batch, data, _now()),
            )

    def delete_checkpoint(self, name: str) -> None:
        with self.transaction():
            self._execute("DELETE FROM online_state WHERE name = ?", (name,))

    def add_assignments(self, assignments: Iterable[Assignment]) -> None:
        with self.transaction():
            for a in assignments:
                taken = self._fetchone(
                    "SELECT event_id FROM event_assignments WHERE article_id = ?",
                    (a.article_id,),
                )
                if taken is not None:
                    raise StoreError(
                        f"Article {a.article_id!r} is already assigned to event {taken[0]!r}; "
                        "online assignment must not run twice on one article."
                    )
                self._execute(
                    "INSERT INTO event_assignments (article_id, event_id, batch, position) "
                    "VALUES (?, ?, ?, ?)",
                    (a.article_id, a.event_id, a.batch, a.position),
                )

    def assignments(self, since_batch: int = 0) -> Iterator[Assignment]:
        rows = self._fetchall(
            "SELECT article_id, event_id, batch, position FROM event_assignments "
            "WHERE batch >= ? ORDER BY batch, position",
            (since_batch,),
        )
        for row in rows:
            yield Assignment(row[0], row[1], int(row[2]), int(row[3]))

    def unassigned_ids(self) -> list[str]:
        rows = self._fetchall(
            "SELECT a.id FROM articles a LEFT JOIN event_assignments ea "
            "ON ea.article_id = a.id WHERE ea.article_id IS NULL ORDER BY a.seq"
        )
        return [r[0] for r in rows]

    def upsert_events(self, events: Sequence[Event], coverage: Sequence[Coverage] = ()) -> None:
        with self.transaction():
            for event in events:
                self._execute("DELETE FROM event_articles WHERE event_id = ?", (event.id,))
                self._execute(
                    "INSERT INTO events (id, title, date, storyline_id, data) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "title = excluded.title, date = excluded.date, "
                    "storyline_id = excluded.storyline_id, data = excluded.data",
                    (
                        event.id,
                        event.title,
                        event.date,
                        event.storyline_id,
                        _dumps(event.to_dict()),
                    ),
                )
                for article_id in dict.fromkeys(event.article_ids):
                    self._execute(
                        "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?)",
                        (event.id, article_id),
                    )
            for cov in coverage:
                self._execute(
                    "INSERT INTO coverage (event_id, data) VALUES (?, ?) "
                    "ON CONFLICT (event_id) DO UPDATE SET data = excluded.data",
                    (cov.event_id, _dumps(cov.to_dict())),
                )

    # -- housekeeping ------------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        problems: list[str] = []
        for article_id, data in self._fetchall("SELECT id, data FROM articles"):
            try:
                article = Article.from_dict(json.loads(data))
            except (ValueError, TypeError) as exc:
                problems.append(f"article {article_id}: unreadable data ({exc})")
                continue
            if article.id != article_id:
                problems.append(f"article {article_id}: data holds id {article.id}")
        orphans = self._fetchall(
            "SELECT ea.event_id, ea.article_id FROM event_articles ea "
            "LEFT JOIN articles a ON a.id = ea.article_id WHERE a.id IS NULL"
        )
        problems.extend(f"event {e} lists missing article {a}" for e, a in orphans)
        lost = self._fetchall(
            "SELECT ea.article_id FROM event_assignments ea "
            "LEFT JOIN articles a ON a.id = ea.article_id WHERE a.id IS NULL"
        )
        problems.extend(f"assignment of missing article {r[0]}" for r in lost)
        astray = self._fetchall(
            "SELECT ea.article_id, ea.event_id FROM event_assignments ea "
            "JOIN events e ON e.id = ea.event_id LEFT JOIN event_articles m "
            "ON m.event_id = ea.event_id AND m.article_id = ea.article_id "
            "WHERE m.article_id IS NULL"
        )
        problems.extend(
            f"article {a} assigned to event {e} but not listed in it" for a, e in astray
        )
        twice = self._fetchall(
            "SELECT article_id, COUNT(*) FROM event_articles "
            "GROUP BY article_id HAVING COUNT(*) > 1"
        )
        problems.extend(f"article {a} is listed in {n} events" for a, n in twice)
        return problems

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _with_id(article: Article, article_id: str) -> Article:
    import dataclasses

    return dataclasses.replace(article, id=article_id)
