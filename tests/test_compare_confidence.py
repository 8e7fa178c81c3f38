"""Every claim of a comparison carries a confidence (issue 16). Invented outlets and text."""

from __future__ import annotations

import pytest

from newsweave.compare import (
    UNIQUE_MAX_LEXICAL,
    UNIQUE_MAX_SPECIFIC,
    Lexicon,
    compare_event,
    consensus_confidence,
    contradiction_confidence,
    omission_confidence,
    unique_confidence,
)
from newsweave.config import Settings
from newsweave.models import Article, Coverage, Event

POST = (
    "Dockworkers in Vellmora ended their strike on Tuesday after a pay deal.\n"
    "The union said 400 jobs had been saved by the agreement.\n"
    "The regional council will vote on an emergency budget next week.\n"
    "Harbourmaster Oren Falk counted 23 ships waiting at anchor."
)
COAST = (
    "The Vellmora dock strike is over after the union accepted a pay deal on Tuesday.\n"
    "According to the union, the agreement saved 400 jobs.\n"
    "The regional council will vote on an emergency budget next week.\n"
    "Some progress on pensions is expected next year."
)
MERIDIAN = (
    "Vellmora's dockworkers went back to work on Wednesday, ending the strike.\n"
    "The pay deal saved 450 jobs, the union said.\n"
    "A charity concert for the families is planned at the old cathedral."
)


def _coverage() -> Coverage:
    arts = [
        Article(id="a", outlet="Harbor Post", date="2031-04-02", text=POST),
        Article(id="b", outlet="Coastline News", date="2031-04-02", text=COAST),
        Article(id="c", outlet="Meridian Daily", date="2031-04-03", text=MERIDIAN),
    ]
    event = Event("e", "Strike ends", None, ("a", "b", "c"))
    return compare_event(event, arts, Settings(embeddings="off"), Lexicon(()))


def test_every_listed_claim_has_a_confidence_between_0_and_1() -> None:
    cov = _coverage()
    only = [c for cs in cov.unique.values() for c in cs]
    assert only, "the harbourmaster's count is the Post's alone"
    assert all(c.confidence is not None and 0.5 <= c.confidence <= 1.0 for c in only)
    assert cov.consensus and all(
        g.confidence is not None and 0.0 <= g.confidence <= 1.0 for g in cov.consensus
    )
    # consensus claims' members and contradictions' sides carry no "only" confidence
    assert all(c.confidence is None for g in cov.consensus for c in g.claims)
    for outlet, texts in cov.omissions.items():
        sure = cov.omission_confidence[outlet]
        assert len(sure) == len(texts) and all(0.0 < x <= 1.0 for x in sure)
    assert set(cov.omission_confidence) == set(cov.omissions)
    for con in cov.contradictions:
        assert con.confidence is not None and 0.5 <= con.confidence <= 1.0


def test_the_vote_is_omitted_by_the_one_outlet_without_it_only() -> None:
    cov = _coverage()
    assert any("council" in t for t in cov.omissions.get("Meridian Daily", ()))
    for outlet in ("Harbor Post", "Coastline News"):
        assert not any("council" in t for t in cov.omissions.get(outlet, ()))


def test_shared_facts_told_in_other_words_are_never_only_one_outlets() -> None:
    cov = _coverage()
    listed = [c.text for cs in cov.unique.values() for c in cs]
    assert not any("strike" in t or "jobs" in t for t in listed)


def test_unique_confidence_follows_the_margin() -> None:
    assert unique_confidence(0.0, UNIQUE_MAX_LEXICAL) == 1.0
    assert unique_confidence(UNIQUE_MAX_LEXICAL, UNIQUE_MAX_LEXICAL) == 0.5
    near = unique_confidence(0.06, UNIQUE_MAX_LEXICAL)
    far = unique_confidence(0.01, UNIQUE_MAX_LEXICAL)
    assert 0.5 < near < far < 1.0
    # the same reach is a wider margin under the limit for claims with a new number or name
    assert unique_confidence(0.06, UNIQUE_MAX_SPECIFIC) > near


def test_omission_confidence_grows_with_carriers_and_margin() -> None:
    assert omission_confidence(0.0, 0.1, 4, 5) == 1.0
    assert omission_confidence(0.0, 0.1, 2, 5) == pytest.approx(0.5)
    assert omission_confidence(0.09, 0.1, 4, 5) < omission_confidence(0.01, 0.1, 4, 5)


def test_consensus_and_contradiction_confidence_are_bounded_and_monotonic() -> None:
    assert consensus_confidence(1.0, 5, 5) == 1.0
    assert consensus_confidence(0.0, 2, 10) == pytest.approx(1 / 18, abs=1e-3)
    assert consensus_confidence(0.5, 3, 5) < consensus_confidence(0.5, 5, 5)
    assert consensus_confidence(0.4, 3, 5) < consensus_confidence(0.7, 3, 5)
    assert contradiction_confidence(0.0) == 0.5 and contradiction_confidence(2.0) == 1.0
    assert contradiction_confidence(0.3) < contradiction_confidence(0.6)


def test_a_contradiction_carries_its_confidence() -> None:
    one = (
        "The town of Vellmora is ready to rebuild its flooded harbour district.\n"
        "The flood destroyed 40 homes along the river, officials said."
    )
    two = (
        "Vellmora says it is ready to rebuild the flooded harbour district.\n"
        "The flood destroyed 55 homes along the river, officials said."
    )
    arts = [
        Article(id="x", outlet="Harbor Post", text=one),
        Article(id="y", outlet="Coastline News", text=two),
    ]
    cov = compare_event(
        Event("f", "Flood", None, ("x", "y")), arts, Settings(embeddings="off"), Lexicon(())
    )
    assert [c.kind for c in cov.contradictions] == ["number"]
    assert cov.contradictions[0].confidence is not None
    assert 0.8 < cov.contradictions[0].confidence <= 1.0  # same sentence but for the number
