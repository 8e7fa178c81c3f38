"""Contradictions between aligned claims."""

from __future__ import annotations

from newsweave.compare.align import group_claims, similarity_matrix
from newsweave.compare.contradictions import check_pair, find_contradictions
from newsweave.models import Claim


def _claim(text: str, outlet: str, i: int = 0) -> Claim:
    return Claim(
        id=f"{outlet}#{i}",
        article_id=outlet,
        outlet=outlet,
        text=text,
        start=0,
        end=len(text),
        index=i,
    )


def _kind(a: str, b: str) -> str | None:
    found = check_pair(_claim(a, "A"), _claim(b, "B"))
    return found.kind if found else None


def test_number_conflict_needs_same_unit() -> None:
    assert _kind("The flood destroyed 40 homes.", "The flood destroyed 55 homes.") == "number"
    assert (
        _kind("The flood destroyed 40 homes.", "The flood destroyed 40 homes and 3 bridges.")
        is None
    )
    assert _kind("The flood destroyed 40 homes.", "The flood destroyed forty homes.") is None
    assert (
        _kind("The flood destroyed 40 homes.", "Rescuers saved 55 people from the flood.") is None
    )


def test_date_conflict() -> None:
    assert _kind("The mayor resigned on Monday.", "The mayor resigned on Tuesday.") == "date"
    assert _kind("The vote is set for March 3.", "The vote is set for March 5.") == "date"
    assert _kind("The mayor resigned on Monday.", "The mayor resigned, March 3.") is None


def test_name_conflict() -> None:
    assert (
        _kind(
            "The bill was introduced by Senator Alma Ruiz last week.",
            "The bill was introduced by Senator Peter Okafor last week.",
        )
        == "name"
    )
    assert (
        _kind("Officials in Kyiv confirmed the attack.", "Officials in Kiev confirmed the attack.")
        is None
    )


def test_negation_conflict_only_inside_the_shared_frame() -> None:
    assert (
        _kind(
            "The minister did not resign after the vote.", "The minister resigned after the vote."
        )
        == "negation"
    )
    assert (
        _kind(
            "The mayor is ready to meet the governor, aides said.",
            "The mayor is ready to meet the governor but has not yet agreed on a date, aides said.",
        )
        is None
    )


def test_find_contradictions_skips_same_origin_and_dedups() -> None:
    claims = [
        _claim("The flood destroyed 40 homes along the river.", "A"),
        _claim("The flood destroyed 55 homes along the river.", "B"),
        _claim("The flood destroyed 55 homes along the river.", "C"),
        _claim("The flood destroyed 40 homes along the river.", "D"),
    ]
    origins = ["a", "b", "c", "a"]  # D is a copy of A
    sim = similarity_matrix([c.text for c in claims])
    groups = group_claims(sim, [c.article_id for c in claims])
    found = find_contradictions(claims, origins, groups, sim)
    pairs = {frozenset((c.a.outlet, c.b.outlet)) for c in found}
    assert frozenset(("B", "C")) not in pairs  # they agree
    assert frozenset(("A", "B")) in pairs and frozenset(("A", "C")) in pairs
    assert all(c.kind == "number" and "40" in c.detail and "55" in c.detail for c in found)


def test_same_name_written_differently_is_no_conflict() -> None:
    for a, b in (("FBI", "F.B.I."), ("Arkansas", "Ark."), ("CBS", "CBS’s")):
        assert (
            _kind(
                f"He told the {a} about the tapes last week.",
                f"He told the {b} about the tapes last week.",
            )
            is None
        )
