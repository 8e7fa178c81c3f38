"""`newsweave watch` links storylines as events arrive (issue 19: `serve` showed 0 after watch).

Articles are put in the store directly and assigned by :meth:`Watcher.assign_pending`, as a
watch cycle does after polling: no feed server is needed. The texts are invented.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.cluster import link_storylines
from newsweave.config import Settings
from newsweave.models import Article, Event, Storyline
from newsweave.store import Store, open_store
from newsweave.watch import StorylineLinker, StorylineParams, Watcher
from tests.helpers import pg_schema_url

_TEXTS = [
    # the Harlow Deep collapse, the rescue, and an inquiry five months later
    ("m1", "2023-01-10", "Miners trapped at Harlow Deep",
     "Eleven miners were trapped after a tunnel collapsed at the Harlow Deep coal mine in "
     "Westmarch, operator Carrow Mining said. Rescue teams led by chief Ian Pell dug through "
     "the night."),
    ("m2", "2023-01-11", "Harlow Deep miners alive",
     "Rescuers reached the eleven miners trapped at Harlow Deep, Carrow Mining said, and chief "
     "Ian Pell said all were alive after the collapse in Westmarch."),
    ("f1", "2023-03-05", "Lindenau river festival opens",
     "The Lindenau river festival opened with a boat parade and fireworks, organiser Greta Moll "
     "said, expecting 200,000 visitors over the weekend."),
    ("f2", "2023-03-06", "Festival crowds on the Lindenau",
     "Crowds lined the Lindenau for the river festival's boat parade, organiser Greta Moll said, "
     "and fireworks closed the first night."),
    ("m3", "2023-06-02", "Inquiry blames Carrow Mining",
     "An inquiry into the Harlow Deep collapse in Westmarch blamed Carrow Mining for ignoring "
     "warnings about the tunnel, and rescue chief Ian Pell testified about the trapped miners."),
    ("m4", "2023-06-03", "Carrow Mining rejects Harlow Deep findings",
     "Carrow Mining rejected the inquiry's findings on the Harlow Deep collapse in Westmarch, "
     "saying the tunnel warnings were passed to rescue chief Ian Pell's team."),
]  # fmt: skip


def _settings(tmp_path: Path, min_idle: int = 5_000) -> Settings:
    return Settings(
        db=str(tmp_path / "w.db"),
        per_host_delay=0.0,
        ner="off",
        embeddings="off",
        min_idle=min_idle,
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgres":
        with pg_schema_url() as url, open_store(url) as s:
            yield s
        return
    with open_store(tmp_path / "w.db") as s:
        yield s


def _fill(store: Store) -> None:
    for aid, date, title, text in _TEXTS:
        article = Article(
            id=aid, text=text, raw_text=text, title=title, date=date, source_key=f"/in/{aid}"
        )
        store.add_article(article)


def _partition(storylines: list[Storyline]) -> set[frozenset[str]]:
    return {frozenset(s.event_ids) for s in storylines}


def _members(store: Store, events: list[Event]) -> set[frozenset[str]]:
    """Storylines as sets of their events' articles (event ids differ between runs)."""
    articles = {e.id: e.article_ids for e in events}
    return {frozenset(a for e in s.event_ids for a in articles[e]) for s in store.storylines()}


def _consistent(store: Store) -> list[Event]:
    """Every stored event is in exactly one stored storyline, the one it names."""
    events = store.events()
    stories = store.storylines()
    placed = [e for s in stories for e in s.event_ids]
    assert sorted(placed) == sorted(e.id for e in events)
    story_of = {e: s.id for s in stories for e in s.event_ids}
    assert all(e.storyline_id == story_of[e.id] for e in events)
    return events


def test_one_batch_links_the_storylines_the_batch_linker_finds(
    store: Store, tmp_path: Path
) -> None:
    _fill(store)
    with Watcher(store, _settings(tmp_path), compare=False) as watcher:
        watcher.assign_pending()
    events = _consistent(store)
    assert len(store.storylines()) >= 2
    articles = {a.id: a for a in store.iter_articles()}
    ordered = sorted(events, key=lambda e: int(e.id[1:]))
    assert _partition(store.storylines()) == _partition(link_storylines(ordered, articles))


def test_batches_link_events_across_months_and_keep_unrelated_ones_apart(
    store: Store, tmp_path: Path
) -> None:
    _fill(store)
    # min_idle 0: events close as they leave the 30-day window, so the collapse is closed (and
    # written for the last time) when the inquiry arrives, and the inquiry is an event apart.
    settings = _settings(tmp_path, min_idle=0)
    with Watcher(store, settings, compare=False, max_batch=2) as watcher:
        batches = watcher.assign_pending()
    assert len(batches) == 3 and sum(b.events_closed for b in batches) >= 1
    events = _consistent(store)
    assert len(events) >= 3  # the collapse, the festival and the inquiry are events apart
    stories = _members(store, events)
    assert frozenset({"m1", "m2", "m3", "m4"}) in stories
    assert frozenset({"f1", "f2"}) in stories


def test_a_restarted_watch_continues_the_storylines(tmp_path: Path) -> None:
    """Stopping between batches changes nothing: the linker is in the checkpoint."""
    results = []
    for stops in (False, True):
        with open_store(tmp_path / f"w{stops}.db") as store:
            _fill(store)
            if stops:
                with Watcher(store, _settings(tmp_path), compare=False, max_batch=2) as w:
                    w._load_state()
                    w._assign_batch(store.unassigned_ids()[:2])  # one batch, then a restart
            with Watcher(store, _settings(tmp_path), compare=False, max_batch=2) as w:
                w.assign_pending()
            results.append(([e.to_dict() for e in store.events()], store.storylines()))
    assert results[0] == results[1]
    assert results[0][1]


def test_an_idle_storyline_closes_after_the_horizon() -> None:
    """A storyline no event joined within ``horizon_days`` is no candidate any more: the same
    actors a year and a half later start a new storyline, and the linker forgets the old one."""
    linker = StorylineLinker(StorylineParams(horizon_days=365))
    text = dict((aid, (date, title, body)) for aid, date, title, body in _TEXTS)
    first = [Article(id="m1", text=text["m1"][2], date="2023-01-10")]
    linker.update(first, ["e0001"], [Event("e0001", "collapse", "2023-01-10", ("m1",))])
    later = [Article(id="m3", text=text["m3"][2], date="2024-09-01")]
    changed = linker.update(later, ["e0002"], [Event("e0002", "inquiry", "2024-09-01", ("m3",))])
    assert [s.event_ids for s in changed] == [("e0002",)]
    assert list(linker.stories) == [changed[0].id]
    near = StorylineLinker(StorylineParams(horizon_days=365))
    near.update(first, ["e0001"], [Event("e0001", "collapse", "2023-01-10", ("m1",))])
    mid = [Article(id="m3", text=text["m3"][2], date="2023-06-02")]
    joined = near.update(mid, ["e0002"], [Event("e0002", "inquiry", "2023-06-02", ("m3",))])
    assert [s.event_ids for s in joined] == [("e0001", "e0002")]
