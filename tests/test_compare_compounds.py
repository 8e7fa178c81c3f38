""" "Only this outlet" must hold under a second view of the wording (issue 16): the number in
a hyphenated compound ("13-year-old") meets the same number written apart ("the 13 year old").
Invented outlets and text."""

from __future__ import annotations

import numpy as np

from newsweave.compare import UNIQUE_MAX_LEXICAL, Lexicon, compare_event
from newsweave.compare.align import claim_keys, similarity_matrix
from newsweave.compare.compounds import compound_keys, compound_similarity, with_compounds
from newsweave.config import Settings
from newsweave.models import Article, Coverage, Event

SETTINGS = Settings(embeddings="off")

POST = (
    "A boy was shot dead in a house on Tireman Street in Westbrook on Monday, police said.\n"
    "Police said the boy and three friends were playing video games in the bedroom.\n"
    "One of the friends pointed the pistol at the 13 year old before it went off, an officer "
    "said.\n"
    "The grandmother of two of the boys was detained for questioning."
)
STAR = (
    "A 13-year-old boy died after being shot in a Westbrook home on Tireman Street on Monday.\n"
    "The boys had been playing video games when the gun fired, police said.\n"
    "The grandmother was held for questioning, police said.\n"
    "Neighbours said the family had lived on the street for years."
)
AGE = "One of the friends pointed the pistol at the 13 year old before it went off"


def _cover(post: str, star: str) -> Coverage:
    arts = [
        Article(id="a", outlet="Westbrook Post", date="2031-05-06", text=post),
        Article(id="b", outlet="Valley Star", date="2031-05-06", text=star),
    ]
    return compare_event(Event("e1", "Shooting", None, ("a", "b")), arts, SETTINGS, Lexicon(()))


def _only(cov: Coverage) -> list[str]:
    return [c.text for c in cov.unique.get("Westbrook Post", ())]


def test_a_numbered_compound_also_gives_its_number() -> None:
    keys = compound_keys(["A 13-year-old and a 21-month-old were hurt."])[0]
    assert {"13", "21", "month"} <= set(keys)
    # Scores and records ("66-51", "11-4") are not an age or a size written as one word.
    assert compound_keys(["They won 66-51 and are 11-4."]) == claim_keys(
        ["They won 66-51 and are 11-4."]
    )
    # Compounds without a number, and hyphen-free text, keep the alignment's own keys.
    plain = ["A well-known baker opened a long-awaited shop.", "The mayor spoke on Monday."]
    assert compound_keys(plain) == claim_keys(plain)


def test_text_without_numbered_compounds_is_left_as_it_is() -> None:
    texts = [
        "The council approved the harbour budget on Tuesday.",
        "A well-known baker said the budget was long overdue.",
        "Harbour fees will rise next spring, the council said.",
    ]
    lexical = similarity_matrix(texts)
    assert np.array_equal(with_compounds(lexical, texts, [0, 1]), lexical)
    assert np.allclose(compound_similarity(texts, [1]), lexical[[1]], atol=1e-6)


def test_an_age_written_two_ways_is_not_only_this_outlet() -> None:
    # Without the second view the sentence would be listed: no other outlet's sentence comes
    # near it in the alignment's own keys.
    claims = [line.strip() for line in (POST + "\n" + STAR).splitlines()]
    sim = similarity_matrix(claims)
    i = next(k for k, t in enumerate(claims) if t.startswith(AGE))
    assert float(sim[i, 4:].max()) < UNIQUE_MAX_LEXICAL
    assert not any(t.startswith(AGE) for t in _only(_cover(POST, STAR)))


def test_a_different_number_stays_only_this_outlet() -> None:
    post = POST.replace("the 13 year old", "the 15 year old cousin")
    star = STAR.replace("A 13-year-old boy", "A boy")
    listed = _only(_cover(post, star))
    assert any("15 year old cousin" in t for t in listed)


def test_a_number_written_alike_or_a_small_one_changes_nothing() -> None:
    texts = [
        "Her aunt begged the 11-year-old to stay calm while they waited.",
        "An 11-year-old girl was taken to Harlow General Hospital.",
        "Reyes told her 5-year-old grandson that his father had died.",
        "Photo 3 of 5 shows the car wash where the two men were found.",
    ]
    lexical = similarity_matrix(texts)
    assert np.array_equal(with_compounds(lexical, texts, [0, 1, 2, 3]), lexical)
    # ... while the same age written apart is raised.
    apart = [*texts[:1], "The girl, an 11 year old, was taken to Harlow General Hospital."]
    lex = similarity_matrix(apart)
    assert with_compounds(lex, apart, [0])[0, 1] > lex[0, 1]
