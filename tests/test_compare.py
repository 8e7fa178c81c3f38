"""compare_event end to end on a small hand-written event (fictional outlets and people)."""

from __future__ import annotations

import pickle
import time

import pytest

from newsweave.compare import (
    CompareParams,
    Lexicon,
    LexiconConcept,
    compare_event,
    origins_of,
)
from newsweave.config import Settings
from newsweave.errors import ConfigError
from newsweave.models import Article, Coverage, Event, Quote

HARBOR = (
    "Mayor Elena Brask said on Tuesday that the town of Vellmora is ready to rebuild the "
    "flooded harbour district.\n"
    "The flood destroyed 40 homes along the river, officials said.\n"
    '"No conditions are required for federal aid to reach us," Brask told reporters.\n'
    "The regional council will vote on an emergency budget next week.\n"
    "Local fishermen lost most of their boats in the storm surge."
)
MERIDIAN = (
    "Vellmora's mayor, Elena Brask, said Tuesday the town is prepared to rebuild the flooded "
    "harbour district.\n"
    "Officials said the flood destroyed 40 homes along the river.\n"
    'Brask said: "No preconditions are necessary for federal aid to reach us."\n'
    "A charity concert for the victims is planned at the old cathedral."
)
COASTLINE = (
    "The town of Vellmora is ready to rebuild its flooded harbour district, Mayor Elena Brask "
    "said on Tuesday.\n"
    "The flood destroyed 55 homes along the river, officials said.\n"
    "The regional council will vote on an emergency budget next week.\n"
    "Is the town prepared for the next storm?\n"
    "Harbour Recovery Plan"
)


def _articles() -> list[Article]:
    q1 = HARBOR.index("No conditions")
    q2 = MERIDIAN.index("No preconditions")
    harbor = Article(
        id="h1",
        text=HARBOR,
        outlet="Harbor Post",
        quotes=(
            Quote(
                text="No conditions are required for federal aid to reach us,",
                speaker="Elena Brask",
                kind="direct",
                start=q1,
                end=q1 + 55,
            ),
        ),
    )
    meridian = Article(
        id="m1",
        text=MERIDIAN,
        outlet="Daily Meridian",
        quotes=(
            Quote(
                text="No preconditions are necessary for federal aid to reach us.",
                speaker="Brask",
                kind="direct",
                start=q2,
                end=q2 + 59,
            ),
        ),
    )
    coast = Article(id="c1", text=COASTLINE, outlet="Coastline News")
    # A syndicated copy of the Harbor Post story in another outlet.
    copy = Article(
        id="n1",
        text=HARBOR,
        outlet="Northern Ledger",
        duplicate_of="h1",
        quotes=harbor.quotes,
    )
    return [harbor, meridian, coast, copy]


@pytest.fixture()
def coverage() -> Coverage:
    arts = _articles()
    event = Event(
        id="e1", title="Vellmora flood", date="2031-04-01", article_ids=tuple(a.id for a in arts)
    )
    return compare_event(event, arts, Settings(embeddings="off"), Lexicon(()))


def _group_with(cov: Coverage, needle: str) -> tuple[str, ...]:
    for g in cov.consensus:
        if any(needle in c.text for c in g.claims):
            return g.outlets
    return ()


def test_consensus_groups_paraphrases_across_outlets(coverage: Coverage) -> None:
    outlets = _group_with(coverage, "ready to rebuild")
    assert {"Harbor Post", "Daily Meridian", "Coastline News"} <= set(outlets)
    quote_outlets = _group_with(coverage, "No conditions are required")
    assert {"Harbor Post", "Daily Meridian"} <= set(quote_outlets)
    for g in coverage.consensus:
        assert len(set(g.sources)) == len(g.claims)  # every supporting sentence, one per article
        assert g.text in {c.text for c in g.claims}


def test_syndicated_copy_carries_but_does_not_corroborate(coverage: Coverage) -> None:
    # The fishermen sentence is only in the Harbor Post story and its copy: not consensus.
    assert not _group_with(coverage, "fishermen")
    assert any("fishermen" in c.text for c in coverage.unique.get("Harbor Post", ()))
    # The copy's outlet carries the consensus claims, so it omits nothing Harbor Post has.
    assert "Northern Ledger" in _group_with(coverage, "ready to rebuild")


def test_unique_and_omissions(coverage: Coverage) -> None:
    meridian_only = [c.text for c in coverage.unique.get("Daily Meridian", ())]
    assert any("charity concert" in t for t in meridian_only)
    # The council vote is in Harbor Post (+copy) and Coastline News, not in Daily Meridian.
    assert any("regional council" in t for t in coverage.omissions["Daily Meridian"])
    assert "Harbor Post" not in coverage.omissions or not any(
        "ready to rebuild" in t for t in coverage.omissions["Harbor Post"]
    )


def test_non_claims_are_skipped(coverage: Coverage) -> None:
    texts = [c.text for g in coverage.consensus for c in g.claims]
    texts += [c.text for cs in coverage.unique.values() for c in cs]
    assert not any(t.endswith("?") for t in texts)
    assert "Harbour Recovery Plan" not in texts


def test_contradiction_on_numbers(coverage: Coverage) -> None:
    kinds = {(c.kind, c.a.outlet, c.b.outlet) for c in coverage.contradictions}
    assert any(k == "number" and "Coastline News" in (a, b) for k, a, b in kinds)
    found = next(c for c in coverage.contradictions if c.kind == "number")
    assert "40" in found.detail and "55" in found.detail


def test_quotes_grouped_with_verdict(coverage: Coverage) -> None:
    multi = [g for g in coverage.quotes if g.verdict != "single"]
    assert len(multi) == 1
    group = multi[0]
    assert group.speaker == "Elena Brask"
    assert {v.outlet for v in group.variants} == {
        "Harbor Post",
        "Daily Meridian",
        "Northern Ledger",
    }
    assert group.verdict == "paraphrased"


def test_summary_cites_and_labels(coverage: Coverage) -> None:
    summary = coverage.summary
    assert 1 <= len(summary) <= 7
    labels = [s.label for s in summary]
    assert labels[0] == "consensus"
    assert labels == sorted(labels, key=lambda x: x != "consensus")  # consensus block first
    texts = {a.id: a.text for a in _articles()}
    for s in summary:
        assert s.cites and set(s.cites) <= set(texts)
        assert any(s.text in texts[c] for c in s.cites)  # extracted, never written
    assert len({s.text for s in summary}) == len(summary)


def test_unknown_outlets_never_merge() -> None:
    a = Article(id="x1", text=HARBOR)
    b = Article(id="x2", text=MERIDIAN)
    cov = compare_event(Event("e", "t", None, ("x1", "x2")), [a, b], lexicon=Lexicon(()))
    outlets = {o for g in cov.consensus for o in g.outlets}
    assert outlets == {"[x1]", "[x2]"}


def test_event_article_ids_restrict_the_comparison() -> None:
    arts = _articles()
    cov = compare_event(Event("e", "t", None, ("h1", "c1")), arts, lexicon=Lexicon(()))
    outlets = {o for g in cov.consensus for o in g.outlets}
    assert outlets == {"Harbor Post", "Coastline News"}


def test_lexicon_terms_reported_when_outlets_split() -> None:
    lex = Lexicon([LexiconConcept("flood barrier", ("sea wall", "dike"))])
    a = Article(
        id="a", text="The old sea wall failed during the night, engineers said.", outlet="A"
    )
    b = Article(id="b", text="The old dike failed during the night, engineers said.", outlet="B")
    c = Article(
        id="c", text="The old sea wall failed during the night, engineers said.", outlet="C"
    )
    cov = compare_event(Event("e", "t", None, ("a", "b", "c")), [a, b, c], lexicon=lex)
    lexical = [t for t in cov.terms if t.source == "lexicon"]
    assert lexical and lexical[0].concept == "flood barrier"
    assert dict(lexical[0].variants) == {"sea wall": ("A", "C"), "dike": ("B",)}


def test_empty_and_single_article_events() -> None:
    cov = compare_event(Event("e", "t", None, ()), [])
    assert cov.consensus == () and cov.summary == ()
    one = Article(id="a", text=HARBOR, outlet="Harbor Post")
    cov = compare_event(Event("e", "t", None, ("a",)), [one], lexicon=Lexicon(()))
    assert cov.consensus == ()
    assert cov.summary and all(s.label == "single-outlet" for s in cov.summary)
    assert cov.omissions == {}


def test_origins_follow_copy_chains() -> None:
    arts = [
        Article(id="a", text="x"),
        Article(id="b", text="x", duplicate_of="a"),
        Article(id="c", text="x", duplicate_of="b"),
        Article(id="d", text="x", duplicate_of="zzz"),  # original not in the event
    ]
    assert origins_of(arts) == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_coverage_round_trips_and_pickles(coverage: Coverage) -> None:
    assert Coverage.from_dict(coverage.to_dict()) == coverage
    assert pickle.loads(pickle.dumps(coverage)) == coverage


def test_ten_article_event_is_fast() -> None:
    arts = []
    for i in range(10):
        base = (HARBOR, MERIDIAN, COASTLINE)[i % 3]
        extra = f"\nOutlet {i} also reported that volunteers cleared debris from street number {i}."
        arts.append(Article(id=f"a{i}", text=(base + extra) * 4, outlet=f"Outlet {i}"))
    compare_event(Event("e", "t", None, ()), arts)  # warm caches (lexicon file, imports)
    start = time.perf_counter()
    compare_event(Event("e", "t", None, tuple(a.id for a in arts)), arts)
    assert time.perf_counter() - start < 1.0


def test_huge_events_are_bounded() -> None:
    arts = [Article(id=f"a{i}", text=HARBOR + "\n" + MERIDIAN, outlet=f"O{i}") for i in range(2)]
    arts.append(Article(id="a2", text=COASTLINE, outlet="O2"))  # an independent report
    cov = compare_event(
        Event("e", "t", None, ("a0", "a1", "a2")),
        arts,
        lexicon=Lexicon(()),
        params=CompareParams(max_claims=18),
    )
    indices = [c.index for g in cov.consensus for c in g.claims]
    indices += [c.index for cs in cov.unique.values() for c in cs]
    assert indices and max(indices) < 6  # first 6 claims of each article only


def test_copies_found_in_the_text_are_one_origin() -> None:
    # Deduplication missed this reprint (another header), but most sentences are the same.
    wire = Article(id="w", text=HARBOR, outlet="Harbor Post", date="2031-04-01")
    reprint = Article(
        id="r",
        text="Reprinted with permission.\n" + HARBOR,
        outlet="Northern Ledger",
        date="2031-04-02",
        cited_sources=("Harbor Post",),
    )
    other = Article(id="c", text=COASTLINE, outlet="Coastline News", date="2031-04-01")
    cov = compare_event(
        Event("e", "t", None, ("w", "r", "c")), [reprint, wire, other], lexicon=Lexicon(())
    )
    # Only the wire and its reprint carry the fishermen: unique to the original's outlet.
    assert not _group_with(cov, "fishermen")
    assert any("fishermen" in c.text for c in cov.unique.get("Harbor Post", ()))
    assert "Northern Ledger" not in cov.unique
    # Independent confirmation still makes consensus, carried by the reprint's outlet too.
    assert {"Harbor Post", "Northern Ledger", "Coastline News"} <= set(
        _group_with(cov, "regional council")
    )


def test_claims_skip_an_aggregator_credit_and_a_wire_dateline_together() -> None:
    from newsweave.compare.claims import split_claims
    from newsweave.models import Article

    text = "(AGGREGATOR- Wire Service) AMSEL, March 21 (Wire) - The union signed a deal late on Thursday, ending the strike."
    (claim,) = split_claims(Article(id="x", text=text, outlet="Wire Service"))
    assert claim.text == "The union signed a deal late on Thursday, ending the strike."
    assert text[claim.start : claim.end] == claim.text


@pytest.mark.parametrize("bad", [0, -5, 2.5, True, "100"])
def test_compare_params_reject_impossible_budgets(bad: object) -> None:
    with pytest.raises(ConfigError, match="max_claims must be a whole number"):
        CompareParams(max_claims=bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="min_kept_per_article"):
        CompareParams(min_kept_per_article=bad)  # type: ignore[arg-type]


def test_compare_params_defaults_are_frozen() -> None:
    params = CompareParams()
    assert (params.max_claims, params.min_kept_per_article) == (4000, 5)
    with pytest.raises(AttributeError):
        params.max_claims = 1  # type: ignore[misc]


def test_only_this_outlet_and_omits_need_evidence() -> None:
    a = Article(
        id="a",
        outlet="Harbor Post",
        date="2031-04-02",
        text=(
            "Dockworkers in Vellmora ended their strike on Tuesday after a pay deal.\n"
            "The union said 400 jobs had been saved by the agreement.\n"
            "Harbourmaster Oren Falk counted 23 ships waiting at anchor."
        ),
    )
    b = Article(
        id="b",
        outlet="Coastline News",
        date="2031-04-02",
        text=(
            "The Vellmora dock strike is over after the union accepted a pay deal on Tuesday.\n"
            "According to the union, the agreement saved 400 jobs.\n"
            "Some progress on pensions is expected next year."
        ),
    )
    c = Article(
        id="c",
        outlet="Meridian Daily",
        date="2031-04-03",
        text=(
            "Vellmora's dockworkers went back to work on Wednesday, ending the strike.\n"
            "The pay deal saved 400 jobs, the union said."
        ),
    )
    cov = compare_event(Event("e", "t", None, ("a", "b", "c")), [a, b, c], lexicon=Lexicon(()))
    listed = {o: [cl.text for cl in cs] for o, cs in cov.unique.items()}
    # the strike's end and the 400 jobs are in every article, in other words: never "only"
    for texts in listed.values():
        assert not any("400" in t or "ended their strike" in t for t in texts)
    # a number and a name nobody else has: the harbourmaster's count is the Post's alone
    assert any("23 ships" in t for t in listed.get("Harbor Post", []))
    # nobody "omits" the strike's end or the 400 jobs: every outlet reports them
    for texts in cov.omissions.values():
        assert not any("400" in t or "strike" in t for t in texts)
