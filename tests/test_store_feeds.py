"""Store methods of `newsweave watch`: feed state, clusterer checkpoints, event assignments.

Every test runs on SQLite (memory and file) and on a real PostgreSQL server (marked).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.errors import StoreError
from newsweave.models import Article, Coverage, Event, Storyline
from newsweave.store import Store, open_store
from newsweave.store.base import Assignment, FeedState
from tests.conftest import pg_schema_url


@pytest.fixture(
    params=["sqlite-memory", "sqlite-file", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgres":
        with pg_schema_url() as url, open_store(url) as s:
            yield s
        return
    location = ":memory:" if request.param == "sqlite-memory" else str(tmp_path / "s.db")
    with open_store(location) as s:
        yield s


def _article(aid: str) -> Article:
    return Article(
        id=aid, text=f"Text of {aid}.", raw_text=f"Text of {aid}.", source_key=f"k/{aid}",
        content_hash=aid,
    )  # fmt: skip


def test_feed_state_round_trip_and_upsert(store: Store) -> None:
    assert store.feed_state("http://x.test/feed") is None
    first = FeedState("http://x.test/feed", etag='"v1"', last_polled="2026-01-01T00:00:00+00:00")
    store.save_feed_state(first)
    assert store.feed_state(first.url) == first
    second = FeedState(
        first.url, etag='"v2"', last_modified="Thu, 01 Jan 2026 00:00:00 GMT",
        last_polled="2026-01-02T00:00:00+00:00", last_changed="2026-01-02T00:00:00+00:00",
        last_status="changed", last_error=None, items_total=7,
    )  # fmt: skip
    store.save_feed_state(second)
    store.save_feed_state(FeedState("http://a.test/rss"))
    assert store.feed_state(first.url) == second
    assert [f.url for f in store.feed_states()] == ["http://a.test/rss", first.url]


def test_checkpoint_bytes_survive_exactly(store: Store) -> None:
    assert store.load_checkpoint("clusterer") is None
    blob = zlib.compress(bytes(range(256)) * 1000 + b"\x00\x00")
    store.save_checkpoint("clusterer", 3, blob)
    assert store.load_checkpoint("clusterer") == (3, blob)
    store.save_checkpoint("clusterer", 4, b"\x00new")
    assert store.load_checkpoint("clusterer") == (4, b"\x00new")
    store.delete_checkpoint("clusterer")
    store.delete_checkpoint("clusterer")  # absent: no error
    assert store.load_checkpoint("clusterer") is None


def test_assignments_are_recorded_once(store: Store) -> None:
    for aid in ("a", "b", "c"):
        store.add_article(_article(aid))
    assert store.unassigned_ids() == ["a", "b", "c"]
    store.add_assignments([Assignment("b", "e0001", 1, 0), Assignment("a", "e0001", 1, 1)])
    assert store.unassigned_ids() == ["c"]
    with pytest.raises(StoreError, match="already assigned"):
        store.add_assignments([Assignment("c", "e0002", 2, 0), Assignment("a", "e0002", 2, 1)])
    # The failed call wrote nothing (one transaction).
    assert store.unassigned_ids() == ["c"]
    store.add_assignments([Assignment("c", "e0002", 2, 0)])
    assert [(a.article_id, a.batch, a.position) for a in store.assignments()] == [
        ("b", 1, 0), ("a", 1, 1), ("c", 2, 0),
    ]  # fmt: skip
    assert [a.article_id for a in store.assignments(since_batch=2)] == ["c"]


def test_upsert_events_keeps_other_events(store: Store) -> None:
    for aid in ("a", "b", "c"):
        store.add_article(_article(aid))
    store.upsert_events(
        [Event("e0001", "One", "2026-01-01", ("a",)), Event("e0002", "Two", None, ("b",))],
        [Coverage("e0001")],
    )
    store.upsert_events([Event("e0001", "One grown", "2026-01-01", ("a", "c", "c"))])
    events = {e.id: e for e in store.events()}
    assert events["e0001"].title == "One grown" and events["e0001"].article_ids == ("a", "c", "c")
    assert events["e0002"].article_ids == ("b",)
    assert store.get_coverage("e0001") == Coverage("e0001")
    assert store.integrity_check() == []


def test_integrity_check_sees_assignment_problems(store: Store) -> None:
    store.add_article(_article("a"))
    store.add_article(_article("b"))
    store.upsert_events([Event("e0001", "One", None, ("a",))])
    store.add_assignments([Assignment("a", "e0001", 1, 0), Assignment("b", "e0001", 1, 1)])
    problems = store.integrity_check()
    assert problems == ["article b assigned to event e0001 but not listed in it"]
    store.upsert_events([Event("e0002", "Two", None, ("a",))])
    assert "article a is listed in 2 events" in store.integrity_check()


def test_batch_analysis_forgets_online_state(store: Store) -> None:
    store.add_article(_article("a"))
    store.add_assignments([Assignment("a", "e0001", 1, 0)])
    store.save_checkpoint("clusterer", 1, b"state")
    store.replace_analysis([Event("e0001", "One", None, ("a",))], [Storyline("s1", "S", ())], [])
    assert store.load_checkpoint("clusterer") is None
    assert store.unassigned_ids() == ["a"]
