"""Store methods of `newsweave watch`: feed state, clusterer checkpoints, event assignments.

Every test runs on SQLite (memory and file) and on a real PostgreSQL server (marked).
"""

from __future__ import annotations

import zlib

import pytest

from newsweave.errors import StoreError
from newsweave.models import Article, Coverage, Event, Storyline
from newsweave.store import Store
from newsweave.store.watchstate import Assignment, FeedState


def _article(aid: str) -> Article:
    return Article(
        id=aid, text=f"Text of {aid}.", raw_text=f"Text of {aid}.", source_key=f"k/{aid}",
        content_hash=aid,
    )  # fmt: skip


def test_feed_state_round_trip_and_upsert(any_store: Store) -> None:
    assert any_store.feed_state("http://x.test/feed") is None
    first = FeedState("http://x.test/feed", etag='"v1"', last_polled="2026-01-01T00:00:00+00:00")
    any_store.save_feed_state(first)
    assert any_store.feed_state(first.url) == first
    second = FeedState(
        first.url, etag='"v2"', last_modified="Thu, 01 Jan 2026 00:00:00 GMT",
        last_polled="2026-01-02T00:00:00+00:00", last_changed="2026-01-02T00:00:00+00:00",
        last_status="changed", last_error=None, items_total=7,
    )  # fmt: skip
    any_store.save_feed_state(second)
    any_store.save_feed_state(FeedState("http://a.test/rss"))
    assert any_store.feed_state(first.url) == second
    assert [f.url for f in any_store.feed_states()] == ["http://a.test/rss", first.url]


def test_checkpoint_bytes_survive_exactly(any_store: Store) -> None:
    assert any_store.load_checkpoint("clusterer") is None
    blob = zlib.compress(bytes(range(256)) * 1000 + b"\x00\x00")
    any_store.save_checkpoint("clusterer", 3, blob)
    assert any_store.load_checkpoint("clusterer") == (3, blob)
    any_store.save_checkpoint("clusterer", 4, b"\x00new")
    assert any_store.load_checkpoint("clusterer") == (4, b"\x00new")
    any_store.delete_checkpoint("clusterer")
    any_store.delete_checkpoint("clusterer")  # absent: no error
    assert any_store.load_checkpoint("clusterer") is None


def test_assignments_are_recorded_once(any_store: Store) -> None:
    for aid in ("a", "b", "c"):
        any_store.add_article(_article(aid))
    assert any_store.unassigned_ids() == ["a", "b", "c"]
    any_store.add_assignments([Assignment("b", "e0001", 1, 0), Assignment("a", "e0001", 1, 1)])
    assert any_store.unassigned_ids() == ["c"]
    with pytest.raises(StoreError, match="already assigned"):
        any_store.add_assignments([Assignment("c", "e0002", 2, 0), Assignment("a", "e0002", 2, 1)])
    # The failed call wrote nothing (one transaction).
    assert any_store.unassigned_ids() == ["c"]
    any_store.add_assignments([Assignment("c", "e0002", 2, 0)])
    assert [(a.article_id, a.batch, a.position) for a in any_store.assignments()] == [
        ("b", 1, 0), ("a", 1, 1), ("c", 2, 0),
    ]  # fmt: skip
    assert [a.article_id for a in any_store.assignments(since_batch=2)] == ["c"]


def test_upsert_events_keeps_other_events(any_store: Store) -> None:
    for aid in ("a", "b", "c"):
        any_store.add_article(_article(aid))
    any_store.upsert_events(
        [Event("e0001", "One", "2026-01-01", ("a",)), Event("e0002", "Two", None, ("b",))],
        [Coverage("e0001")],
    )
    any_store.upsert_events([Event("e0001", "One grown", "2026-01-01", ("a", "c", "c"))])
    events = {e.id: e for e in any_store.events()}
    assert events["e0001"].title == "One grown" and events["e0001"].article_ids == ("a", "c", "c")
    assert events["e0002"].article_ids == ("b",)
    assert any_store.get_coverage("e0001") == Coverage("e0001")
    assert any_store.integrity_check() == []


def test_integrity_check_sees_assignment_problems(any_store: Store) -> None:
    any_store.add_article(_article("a"))
    any_store.add_article(_article("b"))
    any_store.upsert_events([Event("e0001", "One", None, ("a",))])
    any_store.add_assignments([Assignment("a", "e0001", 1, 0), Assignment("b", "e0001", 1, 1)])
    problems = any_store.integrity_check()
    assert problems == ["article b assigned to event e0001 but not listed in it"]
    any_store.upsert_events([Event("e0002", "Two", None, ("a",))])
    assert "article a is listed in 2 events" in any_store.integrity_check()


def test_batch_analysis_forgets_online_state(any_store: Store) -> None:
    any_store.add_article(_article("a"))
    any_store.add_assignments([Assignment("a", "e0001", 1, 0)])
    any_store.save_checkpoint("clusterer", 1, b"state")
    any_store.replace_analysis(
        [Event("e0001", "One", None, ("a",))], [Storyline("s1", "S", ())], []
    )
    assert any_store.load_checkpoint("clusterer") is None
    assert any_store.unassigned_ids() == ["a"]
