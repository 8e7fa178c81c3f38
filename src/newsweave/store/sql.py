"""The SQL implementation of :class:`~newsweave.store.base.Store`, shared by SQLite and PostgreSQL.

:class:`SQLStore` adds articles, listings, analyses, runs and the integrity check to the watch
state of :class:`~newsweave.store.watchstate.WatchStateSQL` and the plumbing of
:class:`~newsweave.store.connection.SQLConnection`. A backend supplies the connection, its
:class:`~newsweave.store.connection.Dialect` (name, placeholder) and its full-text search.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from newsweave.errors import NotFoundError
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
from newsweave.store.base import ArticleBrief, ArticleQuotes, Store
from newsweave.store.connection import dumps, now_iso
from newsweave.store.watchstate import WatchStateSQL


class SQLStore(WatchStateSQL, Store):
    """A :class:`Store` over a DB-API connection. Subclasses set the connection and dialect."""

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
            dumps(article.to_dict()),
        )

    def add_article(
        self, article: Article, label: str | None = None, *, processed: bool = False
    ) -> ItemOutcome:
        label = label or article.path or article.url or article.source_key
        ph = self.dialect.ph
        done = int(processed)
        with self.transaction():
            row = self._fetchone(
                f"SELECT id, content_hash FROM articles WHERE source_key = {ph}",
                (article.source_key,),
            )
            if row is not None:
                existing_id, existing_hash = row[0], row[1]
                if existing_hash == article.content_hash:
                    if processed:  # the processed version replaces the stored one
                        self.save_articles([_with_id(article, existing_id)])
                    return ItemOutcome(label, DUPLICATE, existing_id, "already ingested")
                article = _with_id(article, existing_id)
                row_values = self._article_row(article)
                self._execute(
                    f"UPDATE articles SET content_hash = {ph}, outlet = {ph}, title = {ph}, "
                    f"date = {ph}, url = {ph}, path = {ph}, language = {ph}, duplicate_of = {ph}, "
                    f"data = {ph}, processed = {done}, ingested = {ph}, updated_at = {ph} "
                    f"WHERE id = {ph}",
                    (article.content_hash, *row_values, row_values[-1], now_iso(), existing_id),
                )
                return ItemOutcome(label, INGESTED, existing_id, "content changed; replaced")
            reason = None
            taken = self._fetchone(
                f"SELECT content_hash, source_key FROM articles WHERE id = {ph}", (article.id,)
            )
            if taken is not None:
                if taken[0] == article.content_hash:
                    if processed:
                        self.save_articles([article])
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
            now = now_iso()
            seq = int(self._fetchone("SELECT COALESCE(MAX(seq), 0) FROM articles")[0]) + 1
            row_values = self._article_row(article)
            self._execute(
                "INSERT INTO articles (id, seq, source_key, content_hash, outlet, title, date, "
                "url, path, language, duplicate_of, data, processed, ingested, ingested_at, "
                f"updated_at) VALUES ({self.dialect.marks(12)}, {done}, {self.dialect.marks(3)})",
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
        ph = self.dialect.ph
        now = now_iso()
        with self.transaction():
            for article in articles:
                cursor = self._execute(
                    f"UPDATE articles SET outlet = {ph}, title = {ph}, date = {ph}, url = {ph}, "
                    f"path = {ph}, language = {ph}, duplicate_of = {ph}, data = {ph}, "
                    f"processed = 1, updated_at = {ph} WHERE id = {ph}",
                    (*self._article_row(article), now, article.id),
                )
                if cursor.rowcount == 0:
                    raise NotFoundError(
                        f"Article {article.id!r} is not in the store; ingest it before saving."
                    )

    def get_article(self, article_id: str) -> Article:
        ph = self.dialect.ph
        row = self._fetchone(f"SELECT data FROM articles WHERE id = {ph}", (article_id,))
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
                marks = self.dialect.marks(len(chunk))
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

    def article_briefs(self, ids: Sequence[str] | None = None) -> list[ArticleBrief]:
        cols = "id, title, outlet, date, url, duplicate_of"
        if ids is None:
            rows = self._fetchall(f"SELECT {cols} FROM articles ORDER BY seq")
            return [ArticleBrief(*row) for row in rows]
        wanted = list(dict.fromkeys(ids))
        found: dict[str, ArticleBrief] = {}
        for start in range(0, len(wanted), 500):  # stay under SQLite's parameter limit
            chunk = wanted[start : start + 500]
            marks = self.dialect.marks(len(chunk))
            for row in self._fetchall(f"SELECT {cols} FROM articles WHERE id IN ({marks})", chunk):
                found[row[0]] = ArticleBrief(*row)
        return [found[i] for i in wanted if i in found]

    def article_quotes(self) -> Iterator[ArticleQuotes]:
        rows = self._fetchall(
            f"SELECT id, title, outlet, date, {self.dialect.quotes_json} FROM articles ORDER BY seq"
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
        ph = self.dialect.ph
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
                    f"INSERT INTO storylines (id, title, data) VALUES ({self.dialect.marks(3)})",
                    (story.id, story.title, dumps(story.to_dict())),
                )
            for event in events:
                self._execute(
                    "INSERT INTO events (id, title, date, storyline_id, data) "
                    f"VALUES ({self.dialect.marks(5)})",
                    (
                        event.id,
                        event.title,
                        event.date,
                        event.storyline_id,
                        dumps(event.to_dict()),
                    ),
                )
                for article_id in event.article_ids:
                    self._execute(
                        f"INSERT INTO event_articles (event_id, article_id) VALUES ({ph}, {ph})",
                        (event.id, article_id),
                    )
            for cov in coverage:
                self._execute(
                    f"INSERT INTO coverage (event_id, data) VALUES ({ph}, {ph})",
                    (cov.event_id, dumps(cov.to_dict())),
                )

    def events(self) -> list[Event]:
        # The order of newsweave.report.chronological: an undated event stands at the date of
        # its storyline's first event, before the dated ones (never after its own follow-up).
        rows = self._fetchall(
            "SELECT e.data FROM events e LEFT JOIN (SELECT storyline_id, MIN(date) AS first "
            "FROM events WHERE storyline_id IS NOT NULL GROUP BY storyline_id) s "
            "ON s.storyline_id = e.storyline_id "
            "ORDER BY COALESCE(e.date, s.first) IS NULL, COALESCE(e.date, s.first), "
            "e.date IS NOT NULL, e.date, e.id"
        )
        return [Event.from_dict(json.loads(r[0])) for r in rows]

    def get_event(self, event_id: str) -> Event:
        ph = self.dialect.ph
        row = self._fetchone(f"SELECT data FROM events WHERE id = {ph}", (event_id,))
        if row is None:
            raise NotFoundError(f"No event {event_id!r}; `newsweave events` lists them.")
        return Event.from_dict(json.loads(row[0]))

    def storylines(self) -> list[Storyline]:
        rows = self._fetchall("SELECT data FROM storylines ORDER BY id")
        return [Storyline.from_dict(json.loads(r[0])) for r in rows]

    def get_coverage(self, event_id: str) -> Coverage | None:
        ph = self.dialect.ph
        row = self._fetchone(f"SELECT data FROM coverage WHERE event_id = {ph}", (event_id,))
        return None if row is None else Coverage.from_dict(json.loads(row[0]))

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, command: str) -> str:
        run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        with self.transaction():
            self._execute(
                f"INSERT INTO runs (id, command, started) VALUES ({self.dialect.marks(3)})",
                (run_id, command, now_iso()),
            )
        return run_id

    def add_outcomes(self, run_id: str, outcomes: Iterable[ItemOutcome]) -> None:
        ph = self.dialect.ph
        with self.transaction():
            row = self._fetchone(f"SELECT COUNT(*) FROM run_items WHERE run_id = {ph}", (run_id,))
            seq = int(row[0])
            for outcome in outcomes:
                self._execute(
                    "INSERT INTO run_items (run_id, seq, source, status, article_id, reason) "
                    f"VALUES ({self.dialect.marks(6)})",
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
        ph = self.dialect.ph
        with self.transaction():
            self._execute(f"UPDATE runs SET finished = {ph} WHERE id = {ph}", (now_iso(), run_id))
        return self.run_report(run_id)

    def run_report(self, run_id: str) -> RunReport:
        ph = self.dialect.ph
        run = self._fetchone(f"SELECT started, finished FROM runs WHERE id = {ph}", (run_id,))
        if run is None:
            raise NotFoundError(f"No run {run_id!r}.")
        rows = self._fetchall(
            "SELECT source, status, article_id, reason FROM run_items "
            f"WHERE run_id = {ph} ORDER BY seq",
            (run_id,),
        )
        return RunReport(
            run_id=run_id,
            items=tuple(ItemOutcome(*row) for row in rows),
            started=run[0],
            finished=run[1],
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


def _with_id(article: Article, article_id: str) -> Article:
    import dataclasses

    return dataclasses.replace(article, id=article_id)
