"""Reports list every claim surest first, say how many they leave out, and show the coverage
matrix with totals in a reading order (issue 16). Invented text."""

from __future__ import annotations

import json

from newsweave.models import (
    Article,
    Claim,
    ClaimGroup,
    Contradiction,
    Coverage,
    Event,
    Storyline,
)
from newsweave.report import (
    LIST_LIMIT,
    analysis_json,
    coverage_table,
    exclusives,
    omissions,
    render_html,
    render_markdown,
)


def _claim(outlet: str, n: int, text: str, confidence: float | None = None) -> Claim:
    aid = outlet.lower()[:3]
    return Claim(f"{aid}#{n}", aid, outlet, text, 0, len(text), n, confidence)


def _coverage(extra_only: int = 0) -> Coverage:
    cranes = ClaimGroup(
        "Cranes stood idle at the north quay.",
        (_claim("Alder Post", 0, "Cranes stood idle."), _claim("Birch Daily", 0, "Cranes idle.")),
        ("Alder Post", "Birch Daily"),
        ("ald", "bir"),
        confidence=0.6,
    )
    ships = ClaimGroup(
        "Forty ships waited outside the harbour.",
        (
            _claim("Alder Post", 1, "Forty ships waited."),
            _claim("Birch Daily", 1, "Forty ships wait."),
            _claim("Cedar Times", 0, "Forty ships waited outside."),
        ),
        ("Alder Post", "Birch Daily", "Cedar Times"),
        ("ald", "bir", "ced"),
        confidence=0.9,
    )
    only = {
        "Alder Post": (
            _claim("Alder Post", 5, "The mayor cancelled her trip to the coast.", 0.55),
            _claim("Alder Post", 6, "A ferry captain counted nine tugboats.", 0.97),
        ),
        "Cedar Times": (
            _claim("Cedar Times", 3, "The union hall opened at dawn.", 0.8),
            *(
                _claim("Cedar Times", 10 + k, f"Dock worker number {k} spoke to the crowd.", 0.51)
                for k in range(extra_only)
            ),
        ),
    }
    a, c = only["Alder Post"][0], only["Cedar Times"][0]
    return Coverage(
        event_id="e1",
        # the comparison's order: fewer outlets first, to show the reports reorder
        consensus=(cranes, ships),
        unique=only,
        omissions={"Cedar Times": ("Cranes idle.",)},
        omission_confidence={"Cedar Times": (0.71,)},
        contradictions=(
            Contradiction("number", a, c, "9 vs 10", confidence=0.6),
            Contradiction("date", c, a, "Monday vs Tuesday", confidence=0.95),
        ),
    )


def _parts(
    cov: Coverage,
) -> tuple[list[Article], list[Event], list[Storyline], dict[str, Coverage], None]:
    arts = [
        Article(id="ald", text="x", outlet="Alder Post"),
        Article(id="bir", text="x", outlet="Birch Daily"),
        Article(id="ced", text="x", outlet="Cedar Times"),
    ]
    return arts, [Event("e1", "Harbour strike", None, ("ald", "bir", "ced"))], [], {"e1": cov}, None


def test_exclusives_and_omissions_come_surest_first() -> None:
    cov = _coverage()
    assert [c.confidence for _, c in exclusives(cov)] == [0.97, 0.8, 0.55]
    assert [(o.outlet, o.text, o.confidence) for o in omissions(cov)] == [
        ("Cedar Times", "Cranes idle.", 0.71)
    ]


def test_markdown_lists_every_claim_surest_first_and_counts_the_rest() -> None:
    md = render_markdown(*_parts(_coverage()))
    assert md.index("nine tugboats") < md.index("union hall") < md.index("mayor cancelled")
    assert "(confidence 0.97)" in md and "and 0 more" not in md and "… and" not in md
    assert md.index("Monday vs Tuesday") < md.index("9 vs 10")  # contradictions too
    many = render_markdown(*_parts(_coverage(extra_only=LIST_LIMIT)))
    assert f"- … and {LIST_LIMIT + 3 - LIST_LIMIT} more" in many
    # every outlet's claims, not just the first three of each
    assert "union hall" in many and "nine tugboats" in many


def test_html_folds_the_rest_away_but_keeps_it() -> None:
    html = render_html(*_parts(_coverage(extra_only=LIST_LIMIT)))
    assert "and 3 more</summary>" in html
    assert html.count("Dock worker number") == LIST_LIMIT  # all of them, some folded
    assert "confidence 0.97" in html


def test_matrix_orders_facts_and_outlets_and_has_totals() -> None:
    cov = _coverage()
    table = coverage_table(cov, ["Cedar Times", "Alder Post", "Birch Daily"])
    assert table.facts[0].text.startswith("Forty ships")  # 3 outlets before 2
    assert table.fact_totals == (3, 2)
    assert table.outlets == ("Alder Post", "Birch Daily", "Cedar Times")  # 2, 2, 1 facts
    assert table.outlet_totals == (2, 2, 1)
    # an outlet is "omits" only where the comparison listed the omission
    assert table.states[1] == ("shared", "shared", "omitted")
    md = render_markdown(*_parts(cov))
    assert "**Coverage matrix**" in md and "| **Facts carried** | 2 | 2 | 1 | 2 |" in md
    html = render_html(*_parts(cov))
    assert "facts carried" in html and 'class="omitted"' in html


def test_matrix_says_absent_not_omits_for_facts_the_outlet_was_not_judged_to_omit() -> None:
    cov = _coverage()
    bare = Coverage(event_id="e1", consensus=cov.consensus)
    table = coverage_table(bare, ["Alder Post", "Birch Daily", "Cedar Times"])
    assert "omitted" not in {s for row in table.states for s in row}


def test_json_only_adds_confidence_keys() -> None:
    data = analysis_json(*_parts(_coverage()))
    event = data["events"][0]
    assert event["unique"]["Alder Post"][1]["confidence"] == 0.97
    assert {"text", "article", "start", "end"} <= set(event["unique"]["Alder Post"][0])
    assert event["omissions"] == {"Cedar Times": ["Cranes idle."]}
    assert event["omission_confidence"] == {"Cedar Times": [0.71]}
    assert [g["confidence"] for g in event["consensus"]] == [0.6, 0.9]  # comparison order kept
    assert [c["confidence"] for c in event["contradictions"]] == [0.6, 0.95]
    json.dumps(data)


def test_coverage_with_confidence_round_trips_and_old_records_still_load() -> None:
    cov = _coverage()
    assert Coverage.from_dict(json.loads(json.dumps(cov.to_dict()))) == cov
    old = cov.to_dict()
    del old["omission_confidence"]
    for claims in old["unique"].values():
        for c in claims:
            del c["confidence"]
    back = Coverage.from_dict(old)
    assert back.omission_confidence == {}
    assert all(c.confidence is None for cs in back.unique.values() for c in cs)
    # a report of an old record still lists everything, without confidence figures
    md = render_markdown(*_parts(back))
    assert "nine tugboats" in md and "Cranes idle." in md
