"""Batch clustering and storyline linking cost per article stays flat as the corpus grows.

A key shared by thousands of events (a common word of a large corpus) is scanned only for the
events that took it last (single passes, storylines) or nearest in time (refinement), at most
``BUCKET_SCAN`` of them; shorter buckets are scanned whole, as before. The counts below are
exact (calls and entries), not timings, so they cannot flake.
"""

from __future__ import annotations

import pytest

from newsweave.cluster import EventClusterer, link_storylines, passes, storylines
from newsweave.cluster.passes import _around, recent
from newsweave.evaluation.synthetic import synthetic_articles
from newsweave.models import Article, Event


def test_recent_counts_a_short_bucket_whole_and_a_long_one_newest_first() -> None:
    short = dict.fromkeys(range(5))
    assert list(recent(short)) == [0, 1, 2, 3, 4]
    long = dict.fromkeys(range(passes.BUCKET_SCAN + 40))
    scanned = list(recent(long))
    assert len(scanned) == passes.BUCKET_SCAN
    assert scanned[0] == passes.BUCKET_SCAN + 39 and min(scanned) == 40


def test_refinement_scans_the_events_nearest_in_time() -> None:
    entries = [(rank, 1000 + rank) for rank in range(0, 4 * passes.BUCKET_SCAN)]
    middle = 2 * passes.BUCKET_SCAN
    got = _around(entries, middle)
    assert len(got) == passes.BUCKET_SCAN
    assert 1000 + middle in got
    assert min(got) == 1000 + middle - passes.BUCKET_SCAN // 2
    assert _around(entries, 0) == {1000 + r for r in range(passes.BUCKET_SCAN)}  # at the start


def _story_events(n: int) -> tuple[list[Event], dict[str, Article]]:
    """``n`` one-article events sharing common words, each with its own name and words (few
    keys each, so the common words are among every event's top keys)."""
    events, articles = [], {}
    for i in range(n):
        word = "".join("bcdfghjklm"[int(d)] for d in f"{i:04d}")
        text = f"Harbour crane {word}a {word}o. Mayor {word.capitalize()} Veltraan spoke."
        aid = f"a{i}"
        day = f"2024-{1 + i // 300:02d}-{1 + (i // 10) % 28:02d}"
        articles[aid] = Article(id=aid, text=text, date=day)
        events.append(Event(id=f"e{i + 1:04d}", title=word, date=day, article_ids=(aid,)))
    return events, articles


def test_storyline_candidates_per_event_stay_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passes, "BUCKET_SCAN", 30)
    calls = {"n": 0}
    scores = storylines._scores

    def counted(scratch: object, ent: object, tok: object, cands: list[object]) -> object:
        calls["n"] += len(cands)
        return scores(scratch, ent, tok, cands)  # type: ignore[arg-type]

    monkeypatch.setattr(storylines, "_scores", counted)
    params = storylines.StorylineParams(bucket_scan=30)
    per_event = []
    for n in (300, 600):
        calls["n"] = 0
        events, articles = _story_events(n)
        found = link_storylines(events, articles, params=params)
        assert sorted(e for s in found for e in s.event_ids) == [e.id for e in events]
        per_event.append(calls["n"] / n)
    # Capped: every event weighs at most the 30 latest storylines of each shared key (three
    # common keys here), so doubling the corpus does not double the work per event
    # (uncapped it would: each event weighed nearly every earlier storyline).
    assert per_event[1] <= 3 * 30 + 5
    assert per_event[1] < 1.15 * per_event[0]


def test_batch_passes_scan_at_most_bucket_scan_per_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passes, "BUCKET_SCAN", 12)
    longest = {"recent": 0, "around": 0, "long_buckets": 0}
    real_recent, real_around = passes.recent, passes._around

    def spy_recent(bucket: dict[object, None]) -> object:
        out = list(real_recent(bucket))
        longest["recent"] = max(longest["recent"], len(out))
        longest["long_buckets"] += len(bucket) > 12
        return iter(out)

    def spy_around(entries: list[tuple[int, int]], rank: int) -> set[int]:
        out = real_around(entries, rank)
        longest["around"] = max(longest["around"], len(out))
        return out

    monkeypatch.setattr(passes, "recent", spy_recent)
    monkeypatch.setattr(passes, "_around", spy_around)
    articles = list(synthetic_articles(1500))
    labels = EventClusterer(embeddings="off", runs=2).fit(articles)
    assert len(labels) == 1500
    assert longest["long_buckets"] > 0  # the corpus has keys of more than 12 events
    assert 0 < longest["recent"] <= 12 and 0 < longest["around"] <= 12
