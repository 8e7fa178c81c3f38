"""What `newsweave watch` persists: feed state, clusterer checkpoints, online event assignments.

:class:`FeedState` and :class:`Assignment` are the records; :class:`WatchStateSQL` implements
the watch methods of :class:`~newsweave.store.base.Store` over a
:class:`~newsweave.store.connection.SQLConnection`, with the dialect's placeholder.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from newsweave.errors import StoreError
from newsweave.models import Coverage, Event, Storyline
from newsweave.store.connection import SQLConnection, dumps, now_iso


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


_FEED_COLS = (
    "url, etag, last_modified, last_polled, last_changed, last_status, last_error, items_total"
)


class WatchStateSQL(SQLConnection):
    """The watch methods of a SQL store: feeds, checkpoints, assignments, event upserts."""

    def feed_state(self, url: str) -> FeedState | None:
        ph = self.dialect.ph
        row = self._fetchone(f"SELECT {_FEED_COLS} FROM feeds WHERE url = {ph}", (url,))
        return None if row is None else FeedState(*row)

    def feed_states(self) -> list[FeedState]:
        rows = self._fetchall(f"SELECT {_FEED_COLS} FROM feeds ORDER BY url")
        return [FeedState(*row) for row in rows]

    def save_feed_state(self, state: FeedState) -> None:
        with self.transaction():
            self._execute(
                f"INSERT INTO feeds ({_FEED_COLS}, added_at) "
                f"VALUES ({self.dialect.marks(9)}) ON CONFLICT (url) DO UPDATE SET "
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
                    now_iso(),
                ),
            )

    def load_checkpoint(self, name: str) -> tuple[int, bytes] | None:
        ph = self.dialect.ph
        row = self._fetchone(f"SELECT batch, data FROM online_state WHERE name = {ph}", (name,))
        return None if row is None else (int(row[0]), bytes(row[1]))

    def save_checkpoint(self, name: str, batch: int, data: bytes) -> None:
        with self.transaction():
            self._execute(
                "INSERT INTO online_state (name, batch, data, updated_at) "
                f"VALUES ({self.dialect.marks(4)}) "
                "ON CONFLICT (name) DO UPDATE SET batch = excluded.batch, data = excluded.data, "
                "updated_at = excluded.updated_at",
                (name, batch, data, now_iso()),
            )

    def delete_checkpoint(self, name: str) -> None:
        with self.transaction():
            self._execute(f"DELETE FROM online_state WHERE name = {self.dialect.ph}", (name,))

    def add_assignments(self, assignments: Iterable[Assignment]) -> None:
        ph = self.dialect.ph
        with self.transaction():
            for a in assignments:
                taken = self._fetchone(
                    f"SELECT event_id FROM event_assignments WHERE article_id = {ph}",
                    (a.article_id,),
                )
                if taken is not None:
                    raise StoreError(
                        f"Article {a.article_id!r} is already assigned to event {taken[0]!r}; "
                        "online assignment must not run twice on one article."
                    )
                self._execute(
                    "INSERT INTO event_assignments (article_id, event_id, batch, position) "
                    f"VALUES ({self.dialect.marks(4)})",
                    (a.article_id, a.event_id, a.batch, a.position),
                )

    def assignments(self, since_batch: int = 0) -> Iterator[Assignment]:
        rows = self._fetchall(
            "SELECT article_id, event_id, batch, position FROM event_assignments "
            f"WHERE batch >= {self.dialect.ph} ORDER BY batch, position",
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
        ph = self.dialect.ph
        with self.transaction():
            for event in events:
                self._execute(f"DELETE FROM event_articles WHERE event_id = {ph}", (event.id,))
                self._execute(
                    "INSERT INTO events (id, title, date, storyline_id, data) "
                    f"VALUES ({self.dialect.marks(5)}) ON CONFLICT (id) DO UPDATE SET "
                    "title = excluded.title, date = excluded.date, "
                    "storyline_id = excluded.storyline_id, data = excluded.data",
                    (
                        event.id,
                        event.title,
                        event.date,
                        event.storyline_id,
                        dumps(event.to_dict()),
                    ),
                )
                for article_id in dict.fromkeys(event.article_ids):
                    self._execute(
                        f"INSERT INTO event_articles (event_id, article_id) VALUES ({ph}, {ph})",
                        (event.id, article_id),
                    )
            for cov in coverage:
                self._execute(
                    f"INSERT INTO coverage (event_id, data) VALUES ({ph}, {ph}) "
                    "ON CONFLICT (event_id) DO UPDATE SET data = excluded.data",
                    (cov.event_id, dumps(cov.to_dict())),
                )

    def upsert_storylines(self, storylines: Sequence[Storyline]) -> None:
        with self.transaction():
            for story in storylines:
                self._execute(
                    f"INSERT INTO storylines (id, title, data) VALUES ({self.dialect.marks(3)}) "
                    "ON CONFLICT (id) DO UPDATE SET title = excluded.title, data = excluded.data",
                    (story.id, story.title, dumps(story.to_dict())),
                )
