"""Two quotations that share a stretch of words but go on to say different things are two
statements, not one statement rendered twice (issue 15: one speaker's two remarks on one
topic were grouped as one quote and could then be called "altered")."""

from __future__ import annotations

from newsweave.compare.quotes import QuoteItem, group_quotes
from newsweave.models import Quote


def _item(text: str, article: str, outlet: str, speaker: str = "Mara Velt") -> QuoteItem:
    return QuoteItem(
        quote=Quote(text=text, speaker=speaker, kind="direct", start=0, end=len(text)),
        article=article,
        outlet=outlet,
        origin=article,
    )


def _grouped(a: str, b: str) -> bool:
    groups = group_quotes([_item(a, "a1", "Harbour Post"), _item(b, "a2", "Valley Times")])
    return any(len({v.outlet for v in g.variants}) == 2 for g in groups)


def test_shared_stretch_with_different_continuations_is_two_statements() -> None:
    # One speaker, one topic, two remarks: the shared words sit in the middle of one and at
    # the start of the other, and each goes on with words the other never says.
    first = (
        "The council has said that it is committed to keeping the ferry running all winter "
        "and I welcome that and I thank them for it"
    )
    second = (
        "If you are committed to keeping the ferry running all winter, you have to pay the "
        "crews before the ice sets in"
    )
    assert not _grouped(first, second)


def test_same_remark_on_two_dates_ending_differently_is_two_statements() -> None:
    first = "Three hundred jobs are at stake and we will not leave the yard until they are safe"
    second = "We came here to protect three hundred jobs and we have protected them"
    assert not _grouped(first, second)


def test_elided_rendering_stays_one_statement() -> None:
    # One outlet cut the middle of the quote ("..."): the words after the cut come back later
    # in the fuller rendering, so the continuations do not diverge.
    full = (
        "To be clear, if you back this plan you will have someone with my record, my training, "
        "someone who has run a hospital for twenty years, on the health committee"
    )
    cut = "If you back this plan you will have someone with my record, my training ... on the health committee"
    assert _grouped(full, cut)


def test_trimmed_and_reworded_renderings_stay_one_statement() -> None:
    full = "We will rebuild every home on the east bank, and we will finish before the first frost."
    assert _grouped(full, "we will rebuild every home on the east bank")
    assert _grouped(
        full, "We will rebuild every home on the east bank and finish before the frost."
    )
    # A changed number is the same statement rendered differently (an altered verdict), not a
    # different statement.
    assert _grouped(
        "The storm destroyed forty homes on the east bank and left two hundred people without power",
        "The storm destroyed fifty homes on the east bank and left two hundred people without power",
    )
