"""Quote grouping across outlets and verdicts."""

from __future__ import annotations

from newsweave.compare.quotes import (
    QuoteItem,
    group_quotes,
    meaning_changed,
    quote_similarity,
    speaker_key,
    verdict,
)
from newsweave.models import Quote


def _item(
    text: str,
    speaker: str | None,
    article: str,
    outlet: str,
    origin: str | None = None,
    kind: str = "direct",
) -> QuoteItem:
    return QuoteItem(
        quote=Quote(text=text, speaker=speaker, kind=kind, start=0, end=len(text)),
        article=article,
        outlet=outlet,
        origin=origin or article,
    )


def test_speaker_key() -> None:
    assert speaker_key("Elena Brask") == speaker_key("Brask") == "brask"
    assert speaker_key("Martin Luther King Jr.") == "king"
    assert speaker_key(None) is None and speaker_key("") is None


def test_verdicts() -> None:
    full = "We will rebuild every home, and we will do it before winter."
    assert verdict(full, "we will rebuild every home and we will do it before winter") == "verbatim"
    assert verdict(full, "we will do it before winter") == "trimmed"
    assert verdict(full, "We may rebuild every home, and we may do it before winter.") == "altered"
    assert verdict(full, "We will not rebuild every home before winter.") == "altered"
    assert verdict("The flood destroyed 40 homes.", "The flood destroyed 55 homes.") == "altered"
    assert verdict(full, "Every house will be rebuilt by us ahead of the winter.") == "paraphrased"


def test_meaning_changed_hedge() -> None:
    assert meaning_changed("The dam will hold.", "The dam will probably hold.")
    assert not meaning_changed("The dam will hold.", "The dam is going to hold, we will see.")


def test_similarity_orders_same_statement_first() -> None:
    a = "No conditions are required for federal aid to reach us."
    b = "No preconditions are necessary for federal aid to reach us."
    c = "The council should have acted years ago."
    assert quote_similarity(a, b) > 0.7
    assert quote_similarity(a, c) < 0.3
    assert quote_similarity(a, "federal aid to reach us") == 1.0  # sub-span


def test_group_quotes_groups_and_orders() -> None:
    items = [
        _item(
            "No conditions are required for federal aid to reach us.", "Elena Brask", "h1", "Harbor"
        ),
        _item(
            "No preconditions are necessary for federal aid to reach us.", "Brask", "m1", "Meridian"
        ),
        _item(
            "No conditions are required for federal aid to reach us.", "Tomas Veld", "c1", "Coast"
        ),
        _item("The council should have acted years ago.", "Tomas Veld", "c1", "Coast"),
    ]
    groups = group_quotes(items)
    assert len(groups) == 3
    first = groups[0]
    assert first.speaker == "Elena Brask" and first.verdict == "paraphrased"
    assert [v.outlet for v in first.variants] == ["Harbor", "Meridian"]  # Veld is someone else
    assert all(g.verdict == "single" for g in groups[1:])


def test_unknown_speaker_needs_closer_text() -> None:
    items = [
        _item("We will rebuild every home before winter comes.", "Elena Brask", "h1", "Harbor"),
        _item("We will rebuild every home before winter comes.", None, "m1", "Meridian"),
        _item("Homes matter, and winter is near.", None, "c1", "Coast"),
    ]
    groups = group_quotes(items)
    assert groups[0].verdict == "verbatim" and len(groups[0].variants) == 2
    assert groups[0].speaker == "Elena Brask"


def test_copies_alone_are_single() -> None:
    items = [
        _item("We will rebuild every home before winter.", "Brask", "h1", "Harbor"),
        _item("We will rebuild every home before winter.", "Brask", "n1", "Ledger", origin="h1"),
    ]
    (group,) = group_quotes(items)
    assert group.verdict == "single" and len(group.variants) == 2


def test_one_rendering_per_article() -> None:
    items = [
        _item("We will rebuild every home before winter.", "Brask", "h1", "Harbor"),
        _item("We will rebuild every home before winter.", "Brask", "h1", "Harbor"),
        _item("We will rebuild every home before winter.", "Brask", "m1", "Meridian"),
    ]
    groups = group_quotes(items)
    assert sorted(len(g.variants) for g in groups) == [1, 2]


def test_extra_clause_or_reordering_is_not_altered() -> None:
    assert not meaning_changed(
        "It seems that after the vote there will be some progress.",
        "It appears that some progress will be made after the vote.",
    )
    assert not meaning_changed(
        "The mayor is ready to meet the governor.",
        "The mayor is ready to meet the governor, but no date has been set.",
    )
    assert meaning_changed(
        "The mayor is ready to meet the governor.", "The mayor is not ready to meet the governor."
    )
