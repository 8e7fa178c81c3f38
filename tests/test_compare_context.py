""" "Only this outlet" is judged against the corpus, not only the event (issue 16): context
articles of other events (newsweave.compare.context) veto exclusives they carry, and nothing
else. Invented outlets and text."""

from __future__ import annotations

import pytest

from newsweave.compare import Lexicon, compare_event
from newsweave.compare.context import (
    ContextParams,
    article_keys,
    context_articles,
    pick_context,
)
from newsweave.config import Settings
from newsweave.errors import ConfigError
from newsweave.models import Article, Coverage, Event
from newsweave.pipeline import PipelineParams, WorkerPool, compare_events

POST = (
    "A fire broke out at the Carrowmere paper mill on Tuesday night.\n"
    "Firefighters from Lenhall and Drumbeg fought the blaze for six hours.\n"
    "Mill owner Tessaly Group said production would stop for a month.\n"
    "Inspector Rona Vickery said the fire started in a storage shed holding 340 tonnes of pulp."
)
COAST = (
    "Fire crews from Lenhall and Drumbeg battled a blaze at the Carrowmere paper mill "
    "overnight into Wednesday.\n"
    "The Tessaly Group, which owns the mill, expects a month without production.\n"
    "No one was injured, the fire service said."
)
# The other half of the split event: another outlet reports the storage-shed fact.
VALLEY = (
    "Investigators traced the Carrowmere mill fire to a shed where 340 tonnes of pulp were "
    "stored, Inspector Rona Vickery told reporters.\n"
    "The Tessaly Group has not said when the Carrowmere mill will reopen."
)
# Shares the mill's name and its owner but reports a different fact.
OTHER_FACT = (
    "Shares in the Tessaly Group rose on Thursday after a strong quarter in Carrowmere and "
    "Lenhall.\n"
    "Analysts expect the group to pay a larger dividend this year."
)
SETTINGS = Settings(embeddings="off")


def _art(aid: str, outlet: str, text: str, date: str = "2031-05-06") -> Article:
    return Article(id=aid, outlet=outlet, date=date, text=text)


def _event(*context: Article) -> Coverage:
    arts = [_art("a", "Harbor Post", POST), _art("b", "Coastline News", COAST)]
    event = Event("e1", "Mill fire", None, ("a", "b"))
    return compare_event(event, arts, SETTINGS, Lexicon(()), context=context)


def _only(cov: Coverage, outlet: str = "Harbor Post") -> list[str]:
    return [c.text for c in cov.unique.get(outlet, ())]


def _shed(texts: list[str]) -> bool:
    return any("storage shed" in t for t in texts)


def test_a_fact_the_other_half_of_a_split_event_reports_is_not_exclusive() -> None:
    alone = _event()
    assert _shed(_only(alone)), "within the event, only the Post reports the storage shed"
    with_half = _event(_art("c", "Valley Herald", VALLEY))
    assert not _shed(_only(with_half))
    # the veto touches nothing else
    assert with_half.consensus == alone.consensus
    assert with_half.omissions == alone.omissions
    assert with_half.summary == alone.summary
    assert with_half.quotes == alone.quotes


def test_ordinary_context_does_not_veto() -> None:
    # a different fact that only shares names
    assert _shed(_only(_event(_art("c", "Valley Herald", OTHER_FACT))))
    # generic words in common and no shared name or number: not the same fact
    generic = (
        "Storage sheds at farms across the county are checked for fire risks every spring.\n"
        "The county council meets on Monday."
    )
    assert _shed(_only(_event(_art("c", "Valley Herald", generic))))
    # the outlet's own article elsewhere is not another outlet's report
    assert _shed(_only(_event(_art("c", "Harbor Post", VALLEY))))
    # a copy of the Post's own story under another header is not independent
    copy = Article(id="c", outlet="Valley Herald", date="2031-05-06", text=POST, duplicate_of="a")
    assert _shed(_only(_event(copy)))


def test_confidence_stays_within_bounds_with_context() -> None:
    cov = _event(_art("c", "Valley Herald", OTHER_FACT))
    sure = [c.confidence for cs in cov.unique.values() for c in cs]
    assert sure and all(s is not None and 0.5 <= s <= 1.0 for s in sure)


def _corpus() -> tuple[list[Event], list[Article]]:
    arts = [
        _art("a", "Harbor Post", POST),
        _art("b", "Coastline News", COAST),
        _art("c", "Valley Herald", VALLEY, "2031-05-07"),
        _art("d", "Valley Herald", VALLEY.replace("340", "12"), "2031-09-30"),  # far in time
        _art("f", "Hill Gazette", "The Hill Gazette's choir sang in Lenhall on Sunday.\n"),
        _art("g", "Harbor Post", VALLEY),  # the Post's own other article
    ]
    events = [
        Event("e1", "Mill fire", None, ("a", "b")),
        Event("e2", "Mill fire cause", None, ("c",)),
        Event("e3", "Later", None, ("d",)),
        Event("e4", "Choir", None, ("f",)),
        Event("e5", "Post follow-up", None, ("g",)),
    ]
    return events, arts


def test_pick_context_finds_the_other_half_and_nothing_ordinary() -> None:
    events, arts = _corpus()
    picked = pick_context(events, arts)
    assert "c" in picked["e1"] and "g" in picked["e1"]
    assert "d" not in picked["e1"], "published months later"
    assert "f" not in picked["e1"], "shares one common name only"
    # a one-outlet event never gets its own outlet's articles as context
    assert "a" not in picked["e5"] and "c" in picked["e5"]
    by_id = {a.id: a for a in arts}
    assert [a.id for a in context_articles(picked, events[0], by_id)] == list(picked["e1"])
    # order of the input does not change the choice
    assert pick_context(events[::-1], arts[::-1]) == picked


def test_pick_context_is_bounded_and_skips_common_keys() -> None:
    events, arts = _corpus()
    assert all(len(ids) <= 1 for ids in pick_context(events, arts, ContextParams(1)).values())
    # with every key "common", nothing ties the events together
    assert pick_context(events, arts, ContextParams(max_key_articles=1)) == {}
    assert "n:rona" in article_keys(arts[0]) and "#:340" in article_keys(arts[0])
    assert "n:the" not in article_keys(arts[0])
    with pytest.raises(ConfigError):
        ContextParams(max_articles=0)


def test_same_outlet_events_give_no_context() -> None:
    events = [Event("x", "", None, ("a",)), Event("y", "", None, ("g",))]
    arts = [_art("a", "Harbor Post", POST), _art("g", "Harbor Post", VALLEY)]
    assert pick_context(events, arts) == {}


def test_compare_events_uses_context_in_process_and_in_workers() -> None:
    events, arts = _corpus()
    here = compare_events(events, arts, SETTINGS)
    assert not _shed(_only(here["e1"]))
    with WorkerPool(PipelineParams(workers=2, min_parallel_articles=1)) as pool:
        there = compare_events(events, arts, SETTINGS, pool=pool)
    assert there == here


def test_the_spark_jobs_executor_functions_compare_with_the_same_context() -> None:
    """The Spark job routes each event's context articles to its group (memberships) and
    compares there (compare_group): the same comparisons as the local path, vetoes included."""
    from collections import defaultdict

    from newsweave.distributed.outputs import compare_group, memberships, read_comparisons

    events, arts = _corpus()
    local = compare_events(events, arts, SETTINGS)
    picked = pick_context(events, arts)
    by_id = {a.id: a for a in arts}
    grouped: dict[str, list[Article]] = defaultdict(list)
    for event in events:
        for aid, eid in memberships(event, picked):
            grouped[eid].append(by_id[aid])
    groups = [(e.id, (grouped[e.id], [e])) for e in events]
    lines = [line for _, line, problem in compare_group(groups, SETTINGS, picked) if not problem]
    assert read_comparisons(lines) == local
    assert not _shed(_only(local["e1"]))
    # without the context the event alone keeps the shed fact as the Post's exclusive
    alone = [(e.id, ([by_id[i] for i in e.article_ids], [e])) for e in events]
    lines = [line for _, line, _ in compare_group(alone, SETTINGS)]
    assert _shed(_only(read_comparisons(lines)["e1"]))
