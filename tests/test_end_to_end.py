"""End to end: the bundled example corpus (exact gold) and the real seed articles (properties)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.pipeline import Analysis, analyze
from tests.helpers import EXAMPLES

pytestmark = pytest.mark.slow


@cache
def example_analysis() -> Analysis:
    settings = Settings(ner="off", embeddings="off", outlets_file=str(EXAMPLES / "outlets.toml"))
    return analyze([EXAMPLES / "corpus"], settings)


@cache
def gold() -> dict:  # type: ignore[type-arg]
    return json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


def _gold_events() -> dict[str, set[str]]:
    """Gold partition, plus articles in later formats when newsweave ingested them."""
    events = {e["key"]: set(e["articles"]) for e in gold()["events"]}
    ingested = {a.id for a in example_analysis().articles}
    for fmt in gold().get("later_formats", []):
        for article in fmt["articles"]:
            if article["id"] in ingested:
                events[article["event"]].add(article["id"])
    return events


def test_example_events_exactly_as_expected() -> None:
    found = {frozenset(e.article_ids) for e in example_analysis().events}
    expected = {frozenset(v) for v in _gold_events().values()}
    assert found == expected


def test_example_storylines_as_expected() -> None:
    """Every gold storyline's articles share one found storyline, and no two gold storylines
    share one (article level, so it holds however the events inside are cut)."""
    result = example_analysis()
    story_of_event = {e.id: e.storyline_id for e in result.events}
    story_of = {a: story_of_event[e.id] for e in result.events for a in e.article_ids}
    events = _gold_events()
    found = {}
    for story in gold()["storylines"]:
        members = {story_of[a] for key in story["events"] for a in events[key]}
        assert len(members) == 1, (story["key"], members)
        found[story["key"]] = members.pop()
    assert len(set(found.values())) == len(found), found


def test_example_every_input_accounted_for() -> None:
    report = example_analysis().report
    rejected = {Path(i.source).name: i.reason for i in report.items if i.status == "rejected"}
    for bad in gold()["bad_files"]:
        name = Path(bad["path"]).name
        assert any(name in source for source in rejected) or any(
            name in i.source for i in report.items if i.status == "rejected"
        ), bad
    assert all(reason for reason in rejected.values())
    stored = {a.id for a in example_analysis().articles}
    assert set(gold()["outlets"]) <= stored


def test_example_misdated_article_is_flagged() -> None:
    by_id = {a.id: a for a in example_analysis().articles}
    for case in gold()["misdated"]:
        article = by_id[case["article"]]
        assert article.date_flags, case
        assert article.date == case["true"]
        assert any(f.claimed == case["claimed"] for f in article.date_flags)


def test_example_syndicated_copies_point_to_their_original() -> None:
    by_id = {a.id: a for a in example_analysis().articles}
    for group in gold()["syndicated"]:
        for copy in group["copies"]:
            assert by_id[copy].duplicate_of == group["original"], copy
        assert by_id[group["original"]].duplicate_of is None


def test_example_outlets_resolved() -> None:
    by_id = {a.id: a for a in example_analysis().articles}
    wrong = {
        aid: (by_id[aid].outlet, name)
        for aid, name in gold()["outlets"].items()
        if by_id[aid].outlet != name
    }
    assert not wrong


# -- the real seed articles (../shared/data/seeds) ---------------------------------------------

#: Gold, by 0-based line index (no third-party text in the repo): lines of each seed file that
#: are boilerplate (promos, subscribe prompts, credits, ids, disclaimers, site chrome) or
#: structure (header date line, headline) and must leave the body text.
SEED_NON_BODY = {
    "001": {7, 8},
    "002": {10},
    "003": {0, 1},
    "004": {0, 2, 35, 39, 40, 42},
}


@cache
def seed_analysis(seeds: Path) -> Analysis:
    return analyze([seeds], Settings(ner="off", embeddings="off"))


def test_seeds_two_events_in_one_storyline(seeds_dir: Path) -> None:
    result = seed_analysis(seeds_dir)
    groups = {frozenset(a[:3] for a in e.article_ids) for e in result.events}
    assert groups == {frozenset({"000", "001", "002", "003"}), frozenset({"004"})}
    assert len({e.storyline_id for e in result.events}) == 1


def test_seeds_in_one_storyline(seeds_dir: Path) -> None:
    result = seed_analysis(seeds_dir)
    assert len({e.storyline_id for e in result.events}) == 1


def test_seeds_misdated_article_flagged(seeds_dir: Path) -> None:
    by_prefix = {a.id[:3]: a for a in seed_analysis(seeds_dir).articles}
    late = by_prefix["004"]
    assert late.date_flags and late.date is not None and late.date.startswith("2025-10")
    assert late.claimed_date is not None and late.claimed_date.startswith("2024-01")


def test_seeds_boilerplate_gone_and_no_text_lost(seeds_dir: Path) -> None:
    for article in seed_analysis(seeds_dir).articles:
        prefix = article.id[:3]
        lines = article.raw_text.split("\n")
        removed = {r.line for r in article.removed_lines}
        for index in SEED_NON_BODY.get(prefix, set()):
            assert index in removed, (article.id, index)
            assert lines[index].strip() not in article.text
        for index, line in enumerate(lines):
            if not line.strip() or index in SEED_NON_BODY.get(prefix, set()):
                continue
            kept = line.strip() in article.text or line.strip() == (article.title or "")
            assert kept, (article.id, index)
