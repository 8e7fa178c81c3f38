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


def test_every_variant_gets_its_own_verdict_against_the_fullest_rendering() -> None:
    full = "Four hundred jobs are on the line, and we will not return until each is guaranteed."
    items = [
        _item(full, "Mira Solenko", "w1", "Wire"),
        _item(full, "Mira Solenko", "c1", "Ledger", origin="w1"),  # syndicated copy
        _item("We will not return until each is guaranteed.", "Solenko", "a1", "Courier"),
        # A misquote as long as the original: it must not become the reference.
        _item(full.replace("hundred", "thousand"), "Solenko", "k1", "Klaxon"),
        _item(
            "the strikers would not return until each of the jobs was guaranteed",
            "Solenko",
            "v1",
            "Agency",
            kind="indirect",
        ),
    ]
    (group,) = group_quotes(items)
    verdicts = {v.article: v.verdict for v in (*group.variants, *group.reported)}
    assert verdicts == {
        "w1": "verbatim",
        "c1": "verbatim",
        "a1": "trimmed",
        "k1": "altered",
        "v1": "paraphrased",  # "would" is the backshift of "will", not a new modal
    }
    assert group.verdict == "altered"  # the group takes its most severe variant


def test_single_rendering_verdict_and_reported_tense() -> None:
    (group,) = group_quotes([_item("The harbour will reopen in May.", "Brask", "h1", "Harbor")])
    assert group.variants[0].verdict == "single"
    # Indirect speech backshifts auxiliaries: still a trimmed rendering, not a paraphrase.
    ref = "The court has no doubt that the money changed hands, and no doubt about why."
    assert verdict(ref, "the court had no doubt that the money changed hands", indirect=True) == (
        "trimmed"
    )


def test_dropped_negative_clause_is_a_cut_not_a_flip() -> None:
    ref = "My officers showed restraint: not one baton was drawn, and the gate was open again."
    assert not meaning_changed(
        ref, "his officers had acted with restraint and the gate was open again", indirect=True
    )
    plain = "My officers showed restraint, and the gate was open again."
    assert meaning_changed(plain, "My officers showed no restraint, and the gate was open again.")
