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


# -- one group = one statement by one speaker on one occasion (issue 15) ----------------------


def _dated(text: str, speaker: str | None, article: str, day: int | None) -> QuoteItem:
    return QuoteItem(
        quote=Quote(text=text, speaker=speaker, kind="direct", start=0, end=len(text)),
        article=article,
        outlet=article.upper(),
        origin=article,
        day=day,
    )


def test_different_speakers_never_share_a_group() -> None:
    text = "We will not sign any deal that cuts a single job at the port."
    groups = group_quotes(
        [_item(text, "Mira Solenko", "a", "A"), _item(text, "Ivo Marsh", "b", "B")]
    )
    assert all(len(g.variants) == 1 for g in groups)


def test_unattributed_rendering_joins_only_a_word_for_word_repeat() -> None:
    long = "We will not sign any deal that cuts a single job at the port."
    items = [
        _item(long, "Mira Solenko", "a", "A"),
        _item(long, None, "b", "B"),  # a repeat: the words say whose statement it is
        _item("No deal that cuts jobs.", None, "c", "C"),  # too short to tell
    ]
    groups = group_quotes(items)
    assert sorted(len(g.variants) for g in groups) == [1, 2]
    assert groups[0].speaker == "Mira Solenko"


def test_a_statement_weeks_later_is_another_occasion_unless_repeated() -> None:
    day = 739000
    items = [
        _dated("We are close to an agreement on the jobs and the pay", "Mira Solenko", "a", day),
        _dated("We are close to an agreement on the jobs", "Mira Solenko", "b", day + 1),
        _dated("We are still far from an agreement on pay", "Mira Solenko", "c", day + 18),
    ]
    groups = group_quotes(items)
    together = next(g for g in groups if len(g.variants) == 2)
    assert {v.article for v in together.variants} == {"a", "b"}
    # a word-for-word repeat weeks later is the same statement quoted again
    repeat = [*items[:1], _dated(items[0].quote.text, "Mira Solenko", "d", day + 18)]
    assert len(group_quotes(repeat)[0].variants) == 2


def test_altered_carries_its_evidence_and_paraphrase_does_not() -> None:
    items = [
        _item("Four hundred jobs are on the line tonight.", "Mira Solenko", "a", "A"),
        _item("Four thousand jobs are on the line tonight.", "Mira Solenko", "b", "B"),
        _item("We will never go back to work.", "Ivo Marsh", "c", "C"),
        _item("We will not go back to work.", "Ivo Marsh", "d", "D"),
    ]
    for group in group_quotes(items):
        assert group.verdict in ("altered", "paraphrased", "trimmed", "verbatim")
        for v in group.variants:
            assert bool(v.evidence) == (v.verdict == "altered")
    jobs = next(g for g in group_quotes(items) if g.speaker == "Mira Solenko")
    assert jobs.verdict == "altered"
    assert any("400" in v.evidence and "4,000" in v.evidence for v in jobs.variants)


def test_reported_speech_never_makes_a_quote_altered() -> None:
    items = [
        _item("We have moved 2,300 people to safety overnight.", "Elena Brask", "a", "A"),
        _item("We have moved 2,300 people to safety overnight.", "Elena Brask", "b", "B"),
        _item(
            "she had moved 3,200 people to safety overnight",
            "Elena Brask",
            "c",
            "C",
            kind="indirect",
        ),
    ]
    (group,) = group_quotes(items)
    assert group.verdict == "verbatim"
    assert [v.article for v in group.variants] == ["a", "b"]
    assert [v.article for v in group.reported] == ["c"]


def test_a_long_quotation_is_compared_sentence_by_sentence() -> None:
    from newsweave.compare.quotes import statement_pieces

    whole = Quote(
        text="I signed only what the whole committee agreed. I never saw a crown from anyone.",
        speaker="Pavel Lukan",
        kind="direct",
        start=10,
        end=89,
    )
    pieces = statement_pieces(whole)
    assert [p.text for p in pieces] == [
        "I signed only what the whole committee agreed.",
        "I never saw a crown from anyone.",
    ]
    assert all(whole.text[p.start - 10 : p.end - 10] == p.text for p in pieces)
    # a short sentence stays with its neighbour, and an indirect quote stays whole
    short = Quote("It was nothing. We did nothing wrong at all, ever.", "X", "direct", 0, 50)
    assert len(statement_pieces(short)) == 1
    indirect = Quote("he signed it. he saw nothing", "X", "indirect", 0, 28)
    assert statement_pieces(indirect) == [indirect]


def test_two_quotations_sharing_two_words_are_two_statements() -> None:
    items = [
        _item("If this were done to a man, has it ever been done to a man?", "Ona Ruel", "a", "A"),
        _item("Who has ever called a man 'The King of Spite'?", "Ona Ruel", "b", "B"),
    ]
    assert all(len(g.variants) == 1 for g in group_quotes(items))
    # ... while a translation's synonyms, all the words there are, still make one statement
    same = [
        _item("No preconditions are necessary.", "Ilya Brisk", "a", "A"),
        _item("No conditions are required for this.", "Ilya Brisk", "b", "B"),
    ]
    assert len(group_quotes(same)[0].variants) == 2


def test_an_unnamed_role_is_not_a_known_speaker_for_grouping() -> None:
    # Two outlets' "senior official" may be two people: a reworded rendering does not join,
    # a word-for-word repeat does; the same rewording by a named speaker joins.
    said = "The ministry will not approve the new pipeline before the summer recess."
    reworded = (
        "No approval for the new pipeline will come from the ministry before the summer recess."
    )
    by_role = group_quotes(
        [_item(said, "senior official", "a", "A"), _item(reworded, "senior official", "b", "B")]
    )
    assert all(len(g.variants) == 1 for g in by_role)
    named = group_quotes(
        [_item(said, "Ilse Varga", "a", "A"), _item(reworded, "Ilse Varga", "b", "B")]
    )
    assert [len(g.variants) for g in named] == [2]
    repeated = group_quotes(
        [_item(said, "senior official", "a", "A"), _item(said, "senior official", "b", "B")]
    )
    assert [len(g.variants) for g in repeated] == [2]
    tied = group_quotes(
        [
            _item(said, "spokesman for Acme Corp", "a", "A"),
            _item(reworded, "spokesman for Acme Corp", "b", "B"),
        ]
    )
    assert [len(g.variants) for g in tied] == [2]
