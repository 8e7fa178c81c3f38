"""Claims, normalisation and claim alignment."""

from __future__ import annotations

import numpy as np

from newsweave.compare.align import claim_keys, group_claims, similarity_matrix
from newsweave.compare.claims import is_claim, split_claims
from newsweave.compare.normalize import canonical, dates, negated, numbers, stem
from newsweave.models import Article


def test_stem_conflates_inflections() -> None:
    assert stem("organizing") == stem("organized") == stem("organize")
    assert stem("stopped") == stem("stop")
    assert stem("cities") == stem("city")
    assert stem("said") == "say"


def test_canonical_synonyms() -> None:
    assert canonical("necessary") == canonical("required")
    assert canonical("preconditions") == canonical("conditions")
    assert canonical("prepared") == canonical("ready")
    assert canonical("war") != canonical("peace")


def test_numbers_units_and_years() -> None:
    found = {
        (v, u) for v, u, _ in numbers("The flood destroyed 40 homes in 2031 and twelve boats.")
    }
    assert (40.0, canonical("homes")) in found and (12.0, canonical("boats")) in found
    assert not any(v == 2031 for v, _ in found)
    assert (2_500_000.0, canonical("dollars")) in {
        (v, u) for v, u, _ in numbers("2.5 million dollars")
    }


def test_dates_and_negation() -> None:
    assert dates("It happened on Tuesday, March 3.") == {"tuesday", "march 3"}
    assert dates("Officials may decide later.") == set()  # "may" the verb is no date
    assert negated("No conditions are required.")
    assert negated("They didn't agree.")
    assert not negated("They agreed.")


def test_is_claim_filters_non_claims() -> None:
    assert is_claim("The council approved the budget on Monday.")
    assert not is_claim("Will the council approve the budget?")
    assert not is_claim("Budget Approved After Long Debate")
    assert not is_claim("Read more.")
    assert not is_claim("BREAKING NEWS: COUNCIL VOTES TONIGHT.")


def test_split_claims_offsets_and_clauses() -> None:
    text = (
        "Heading Without Stop\n"
        "The council approved the budget on Monday; the mayor vetoed the budget on Tuesday.\n"
        "What comes next?"
    )
    art = Article(id="a", text=text, outlet=None)
    claims = split_claims(art)
    assert [c.text for c in claims] == [
        "The council approved the budget on Monday;",
        "the mayor vetoed the budget on Tuesday.",
    ]
    for c in claims:
        assert text[c.start : c.end] == c.text and c.outlet == "[a]"
    assert [c.id for c in claims] == ["a#0", "a#1"]
    assert split_claims(Article(id="b", text=text, outlet="X"))[0].outlet == "X"


def test_paraphrase_scores_above_unrelated() -> None:
    texts = [
        "No conditions are required for the talks.",
        "No preconditions are necessary for the talks.",
        "The harbour was closed after the storm damaged three piers.",
        "Storm damage to three piers forced the harbour to close.",
        "The mayor will travel to the capital on Friday.",
    ]
    sim = similarity_matrix(texts)
    assert sim.shape == (5, 5) and np.allclose(np.diag(sim), 1.0)
    assert sim[0, 1] > 0.6
    assert sim[2, 3] > sim[2, 4] + 0.2
    assert sim[0, 4] < 0.25


def test_claim_keys_merge_spelling_variants_of_the_event() -> None:
    keys = claim_keys(["The theatre reopened.", "The theater reopened."])
    assert keys[0] == keys[1]


def test_group_claims_constraints() -> None:
    texts = [
        "The harbour was closed after the storm damaged three piers.",  # a
        "The harbour closed after the storm damaged three of its piers.",  # b
        "Storm damage to three piers closed the harbour.",  # c
        "The harbour was closed after the storm damaged three piers, officials said.",  # a again
        "The mayor will travel to the capital on Friday.",  # c
    ]
    arts = ["a", "b", "c", "a", "c"]
    groups = group_claims(similarity_matrix(texts), arts)
    flat = sorted(i for g in groups for i in g)
    assert flat == list(range(5))  # a partition
    main = next(g for g in groups if 0 in g or 3 in g)
    assert {arts[i] for i in main} == {"a", "b", "c"}
    assert len(main) == 3  # never two claims of one article in a group
    assert [4] in groups


def test_group_claims_empty() -> None:
    assert group_claims(np.zeros((0, 0), dtype=np.float32), []) == []
    assert similarity_matrix([]).shape == (0, 0)


def test_claims_skip_credit_and_dateline_lead_ins() -> None:
    text = (
        "(WIRE- Harbor Post) The council approved the harbour budget on Monday.\n"
        "VELLMORA — The mayor vetoed the harbour budget on Tuesday.\n"
        "KELSO, Ardenia (AP) -- Fishermen protested at the harbour on Wednesday.\n"
        "The EU-UK talks on fishing quotas resumed in Brussels."
    )
    claims = split_claims(Article(id="a", text=text))
    assert [c.text for c in claims] == [
        "The council approved the harbour budget on Monday.",
        "The mayor vetoed the harbour budget on Tuesday.",
        "Fishermen protested at the harbour on Wednesday.",
        "The EU-UK talks on fishing quotas resumed in Brussels.",
    ]
    assert all(text[c.start : c.end] == c.text for c in claims)
