"""The summary opens with the core fact, in whole sentences, citing only articles that state it
(issue 16 item 2). Invented text only."""

from __future__ import annotations

from newsweave.compare.summary import quote_led, summarize, whole_sentence
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


def test_cut_clauses_and_quotation_pieces_are_not_whole_sentences() -> None:
    assert not whole_sentence("Neither the mayor nor the council wants to waste time;")
    assert not whole_sentence("“Neither the mayor nor the council wants to waste time.")
    assert not whole_sentence('We will rebuild the pier by spring."')
    assert not whole_sentence("the council agreed to meet again on Monday.")
    assert not whole_sentence("`` The pier will reopen in May .")
    # Ordinary sentences, with quotations, numbers and apostrophes, are whole.
    assert whole_sentence("The council's vote was 7-2, the clerk said.")
    assert whole_sentence("“We will rebuild,” the mayor said on Tuesday.")
    assert whole_sentence("`` We will rebuild , '' the mayor said .")
    assert whole_sentence('The mayor called the plan "a good start" on Monday.')
    assert whole_sentence("Repairs will cost $4.5 million, officials said.")


def test_quote_led_sentences_are_told_from_reports() -> None:
    assert quote_led("“We will rebuild the pier by spring,” the mayor said.")
    assert quote_led('He said: "We will rebuild the pier by spring and open it in May."')
    assert not quote_led("The mayor of Vellmora said on Tuesday the pier would reopen in May.")
    assert not quote_led('The mayor called the plan "a good start" at a meeting on Tuesday.')
    assert not quote_led("The port's 12 cranes, worth $40 million, were not damaged.")


LEAD = _group(
    _claim("A storm closed the harbour of Vellmora on Tuesday after damaging three piers.", "a", 0),
    _claim(
        "A storm closed the harbour of Vellmora on Tuesday, damaging three of its piers.", "b", 5
    ),
)
# Widely carried in identical words, but a quotation: not the core fact.
QUOTE = _group(
    _claim("“We have never seen anything like it,” the harbour master said.", "a", 3),
    _claim("“We have never seen anything like it,” the harbour master said.", "b", 1),
    _claim("“We have never seen anything like it,” the harbour master said.", "c", 2),
)
EARLY = _group(
    _claim("Fishing boats waited outside the bay for most of the morning.", "a", 1),
    _claim("Fishing boats waited outside the bay for most of the morning.", "c", 0),
)


def test_the_core_fact_opens_the_summary_not_the_first_in_story_order() -> None:
    # c reports the storm in other words: its article carries the fact, so it is cited.
    carrier = _claim(
        "The harbour of Vellmora closed on Tuesday after a storm damaged three piers.", "c", 4
    )
    out = summarize([EARLY, QUOTE, LEAD], {"C": (carrier,)}, max_sentences=4)
    storm = {LEAD.text, LEAD.claims[1].text, carrier.text}
    assert out[0].text in storm
    assert out[0].label == "consensus"
    assert out[0].cites == ("a", "b", "c")
    # The other consensus sentences follow in story order; the storm is not repeated.
    assert [s.text for s in out[1:3]] == [EARLY.text, QUOTE.text]
    assert not any(s.text in storm for s in out[1:])


def test_an_article_is_not_cited_for_a_fact_it_does_not_state() -> None:
    # Same topic, different numbers or a negation: not a carrier.
    other_toll = _claim(
        "A storm closed the harbour of Vellmora on Tuesday after damaging five piers.", "c", 0
    )
    negated = _claim(
        "A storm did not close the harbour of Vellmora on Tuesday or damage three piers.", "d", 0
    )
    out = summarize([LEAD], {"C": (other_toll,), "D": (negated,)}, max_sentences=3)
    assert out[0].text in {c.text for c in LEAD.claims}
    assert out[0].cites == ("a", "b")
    assert all(s.cites == ("c",) for s in out if s.text == other_toll.text)
    assert all(s.cites == ("d",) for s in out if s.text == negated.text)


def test_cut_clauses_never_appear_and_a_whole_wording_is_preferred() -> None:
    cut = _claim("Neither the mayor nor the council wants to waste time;", "a", 0)
    whole = _claim("Neither the mayor nor the council wants to waste any time.", "b", 0)
    group = _group(cut, whole)
    tail = _claim("they will meet again on Monday to agree on the repairs.", "a", 1, outlet="A")
    out = summarize([group], {"A": (tail,)}, max_sentences=5)
    texts = [s.text for s in out]
    assert whole.text in texts
    assert cut.text not in texts and tail.text not in texts


def test_single_outlet_sentences_still_follow_and_short_events_work() -> None:
    single = _claim("Fishermen said they would lose a month of income.", "b", 2)
    out = summarize([LEAD], {"B": (single,)}, max_sentences=3)
    assert [s.label for s in out] == ["consensus", "single-outlet"]
    # Only quotations in the consensus: the summary still opens with consensus, in order.
    out = summarize([QUOTE], {}, max_sentences=2)
    assert out and out[0].text == QUOTE.text
