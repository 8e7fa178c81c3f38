"""Storylines: events chained by shared actors and thread; every event in exactly one."""

from __future__ import annotations

import pytest

from newsweave.cluster import EventClusterer, assign_storylines, link_storylines
from newsweave.errors import ConfigError
from newsweave.models import Article, Event

ARTICLES = [
    # Storyline 1: the Harlow mine collapse, then the inquiry months later.
    Article(
        id="m1",
        date="2023-01-10",
        text=(
            "Eleven miners were trapped after a tunnel collapsed at the Harlow Deep coal mine "
            "in Westmarch, operator Carrow Mining said. Rescue teams led by chief Ian Pell dug "
            "through the night."
        ),
    ),
    Article(
        id="m2",
        date="2023-01-11",
        text=(
            "Rescuers reached the eleven miners trapped at Harlow Deep, Carrow Mining said, and "
            "chief Ian Pell said all were alive after the collapse in Westmarch."
        ),
    ),
    Article(
        id="m3",
        date="2023-06-02",
        text=(
            "An inquiry into the Harlow Deep collapse in Westmarch blamed Carrow Mining for "
            "ignoring warnings about the tunnel, and rescue chief Ian Pell testified about the "
            "miners."
        ),
    ),
    # Storyline 2: unrelated, a river festival.
    Article(
        id="f1",
        date="2023-03-05",
        text=(
            "The Lindenau river festival opened with a boat parade and fireworks, organiser "
            "Greta Moll said, expecting 200,000 visitors over the weekend."
        ),
    ),
]


def _events() -> tuple[list[Event], dict[str, Article]]:
    # The inquiry is its own event (as a clusterer with a tight time window would find).
    events = [
        Event(id="e0001", title="collapse", date="2023-01-10", article_ids=("m1", "m2")),
        Event(id="e0002", title="inquiry", date="2023-06-02", article_ids=("m3",)),
        Event(id="e0003", title="festival", date="2023-03-05", article_ids=("f1",)),
    ]
    return events, {a.id: a for a in ARTICLES}


def test_follow_up_event_joins_the_storyline_of_its_actors() -> None:
    events, by_id = _events()
    event_of = {aid: e.id for e in events for aid in e.article_ids}
    stories = link_storylines(events, by_id)
    story_of = {eid: s.id for s in stories for eid in s.event_ids}
    assert story_of[event_of["m1"]] == story_of[event_of["m3"]] != story_of[event_of["f1"]]


def test_every_event_in_exactly_one_storyline_with_ordered_ids() -> None:
    events, by_id = _events()
    stories = link_storylines(events, by_id)
    listed = [eid for s in stories for eid in s.event_ids]
    assert sorted(listed) == sorted(e.id for e in events)
    assert [s.id for s in stories] == [f"s{i:04d}" for i in range(1, len(stories) + 1)]
    updated = assign_storylines(events, stories)
    assert all(e.storyline_id for e in updated)


def test_events_without_articles_or_dates_still_get_a_storyline() -> None:
    events = [
        Event(id="e0001", title="x", date=None, article_ids=("missing",)),
        Event(id="e0002", title="y", date=None, article_ids=()),
    ]
    stories = link_storylines(events, {})
    assert sorted(e for s in stories for e in s.event_ids) == ["e0001", "e0002"]


def test_threshold_is_validated() -> None:
    with pytest.raises(ConfigError, match="threshold"):
        link_storylines([], {}, threshold=3.0)


def test_storylines_of_clustered_events_cover_all_events() -> None:
    clusterer = EventClusterer(embeddings="off")
    clusterer.fit(ARTICLES)
    stories = link_storylines(clusterer.events_, {a.id: a for a in ARTICLES})
    assert sum(len(s.event_ids) for s in stories) == len(clusterer.events_)
