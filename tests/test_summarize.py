"""The cited extractive summary."""

from __future__ import annotations

from newsweave.compare.summary import summarize
from newsweave.models import Claim, ClaimGroup


def _claim(text: str, article: str, index: int, outlet: str | None = None) -> Claim:
    return Claim(
        id=f"{article}#{index}",
        article_id=article,
        outlet=outlet or article.upper(),
        text=text,
        start=0,
        end=len(text),
        index=index,
    )


def _group(*claims: Claim) -> ClaimGroup:
    return ClaimGroup(
        text=claims[0].text,
        claims=claims,
        outlets=tuple(sorted({c.outlet for c in claims})),
        sources=tuple(c.article_id for c in claims),
    )


LEAD = _group(
    _claim("The harbour of Vellmora closed after a storm damaged three piers.", "a", 0),
    _claim("A storm damaged three piers and closed the harbour of Vellmora.", "b", 0),
    _claim("Vellmora's harbour closed after storm damage to three piers.", "c", 0),
)
SECOND = _group(
    _claim("Repairs are expected to take six weeks, the port authority said.", "a", 1),
    _claim("The port authority expects repairs to last six weeks.", "b", 2),
)
REPEAT = _group(
    _claim(
        "The harbour of Vellmora closed after a storm damaged three piers, officials said.", "b", 3
    ),
    _claim("The harbour of Vellmora closed after a storm damaged three piers on Monday.", "c", 4),
)
UNIQUE = {
    "A": (
        _claim("Fishermen said they would lose a month of income.", "a", 2),
        _claim("The weather was cold and grey that morning in town.", "a", 9),
    ),
    "C": (_claim("A ferry service to the islands will run from a temporary dock.", "c", 1),),
}


def test_consensus_first_then_labelled_singles() -> None:
    out = summarize([LEAD, SECOND], UNIQUE, max_sentences=4, max_single=2)
    assert [s.label for s in out] == ["consensus", "consensus", "single-outlet", "single-outlet"]
    assert out[0].text == LEAD.text and out[0].cites == ("a", "b", "c")
    assert out[1].cites == ("a", "b")
    assert all(len(s.cites) == 1 for s in out[2:])


def test_sentences_are_source_sentences_without_duplicates() -> None:
    out = summarize([LEAD, REPEAT, SECOND], UNIQUE, max_sentences=7)
    sources = {c.text for g in (LEAD, REPEAT, SECOND) for c in g.claims}
    sources |= {c.text for cs in UNIQUE.values() for c in cs}
    assert all(s.text in sources for s in out)
    assert not any(s.text == REPEAT.text for s in out)  # near-duplicate of the lead is skipped
    assert len(out) <= 7


def test_bounded_and_empty() -> None:
    assert summarize([], {}) == ()
    assert len(summarize([LEAD, SECOND], UNIQUE, max_sentences=1)) == 1
    only_single = summarize([], UNIQUE, max_sentences=5)
    assert only_single and all(s.label == "single-outlet" for s in only_single)


def test_dangling_sentences_rank_below_self_contained_ones() -> None:
    unique = {
        "A": (
            _claim("He added that the harbour would reopen within six weeks.", "a", 0),
            _claim("The harbour of Vellmora will reopen within six weeks, the mayor said.", "a", 1),
        )
    }
    out = summarize([], unique, max_sentences=1)
    assert out[0].text.startswith("The harbour")


def test_articles_are_cited_only_for_facts_they_state() -> None:
    toll = _group(
        _claim("Nine people died when the river burst its banks overnight.", "a", 0),
        _claim("Nine people died after the river burst its banks.", "b", 0),
        _claim("Eleven people died when the river burst its banks.", "c", 0),
    )
    (first,) = summarize([toll], {}, max_sentences=1)
    assert first.label == "consensus" and "Nine" in first.text
    assert first.cites == ("a", "b")  # c says eleven: it does not support "nine"
    split = _group(
        _claim("Nine people died when the river burst its banks overnight.", "a", 0),
        _claim("Eleven people died when the river burst its banks.", "c", 0),
    )
    # No wording backed by two outlets: not presented as consensus.
    assert all(s.label != "consensus" for s in summarize([split], {}, max_sentences=3))
