"""Outlet, speaker, distribution and blindspot views over compared events (fictional data)."""

from __future__ import annotations

import json

import pytest

from newsweave.compare import Lexicon, LexiconConcept, compare_event
from newsweave.compare.views import (
    blindspots,
    coverage_distribution,
    lean_side,
    numeric_scale,
    outlet_name,
    outlet_view,
    speaker_key,
    speaker_view,
    speakers,
)
from newsweave.models import Article, Coverage, Event, Outlet, Quote
from newsweave.outlets import OutletDirectory

DIRECTORY = OutletDirectory(
    [
        Outlet("Harbor Post", ("harborpost.example",), "Arnsland", "Post Group", "VMM -1", ("HP",)),
        Outlet("Daily Meridian", ("meridian.example",), "Veltria", "Meridian plc", "VMM +2"),
        Outlet("Coastline News", ("coastline.example",), "Veltria", None, "VMM 0"),
    ]
)
LEX = Lexicon([LexiconConcept("people at the dock gate", ("protesters", "rioters"))])


def _quote(text: str, body: str, speaker: str, kind: str = "direct") -> Quote:
    start = body.index(text)
    return Quote(text=text, speaker=speaker, kind=kind, start=start, end=start + len(text))


def _article(aid: str, outlet: str, date: str, body: str, *quotes: tuple[str, str]) -> Article:
    return Article(
        id=aid,
        text=body,
        outlet=outlet,
        date=date,
        url=f"https://{outlet.split()[0].lower()}.example/{aid}",
        quotes=tuple(_quote(t, body, s) for t, s in quotes),
    )


BRASK = "We will rebuild every harbour home before the winter storms arrive."
FLOOD = [
    _article(
        "h1",
        "Harbor Post",
        "2031-04-01",
        "The flood destroyed 40 homes along the river in Vellmora, officials said.\n"
        f'"{BRASK}" Mayor Elena Brask said.\n'
        "Protesters blocked the dock gate for an hour on Tuesday morning.",
        (BRASK, "Elena Brask"),
    ),
    _article(
        "m1",
        "Daily Meridian",
        "2031-04-02",
        "The flood destroyed 55 homes along the river in Vellmora, officials said.\n"
        '"We will rebuild every harbour home," Brask said.\n'
        "Rioters blocked the dock gate for an hour on Tuesday morning.\n"
        "A charity concert for the flood victims is planned at the cathedral.",
        ("We will rebuild every harbour home", "Brask"),
    ),
]
STRIKE = [
    _article(
        "h2",
        "Harbor Post",
        "2031-05-03",
        "Dock workers in Vellmora walked out on Monday over a new shift rota.\n"
        '"Nobody asked the workers about this rota," union leader Ivo Tamm said.',
        ("Nobody asked the workers about this rota", "Ivo Tamm"),
    ),
]
LATER = _article(
    "c9",
    "Coastline News",
    "2031-06-01",
    "Mayor Elena Brask opened the rebuilt quay on Sunday with a short speech.\n"
    '"The harbour is ours again," Brask said.',
    ("The harbour is ours again", "Elena Brask"),
)
EVENTS = [
    Event("flood", "Vellmora flood", "2031-04-01", ("h1", "m1")),
    Event("strike", "Dock strike", "2031-05-03", ("h2",)),
]
ARTICLES = [*FLOOD, *STRIKE, LATER]


@pytest.fixture(scope="module")
def coverages() -> dict[str, Coverage]:
    return {e.id: compare_event(e, ARTICLES, lexicon=LEX) for e in EVENTS}


def test_outlet_view(coverages: dict[str, Coverage]) -> None:
    view = outlet_view("Daily Meridian", EVENTS, coverages, ARTICLES, DIRECTORY)
    json.dumps(view)  # JSON-ready
    assert view["outlet"] == "Daily Meridian" and view["profile"]["lean"] == "VMM +2"
    assert [c["event"] for c in view["covered"]] == ["flood"]
    assert view["missed"] == [
        {
            "event": "strike",
            "title": "Dock strike",
            "date": "2031-05-03",
            "outlets": ["Harbor Post"],
        }
    ]
    assert any("charity concert" in c["text"] for u in view["unique"] for c in u["claims"])
    (term,) = [t for t in view["terms"] if t["source"] == "lexicon"]
    assert term["term"] == "rioters" and term["others"] == {"protesters": ["Harbor Post"]}
    (quote,) = view["quotes"]
    assert quote["verdict"] == "trimmed" and quote["others"][0]["outlet"] == "Harbor Post"
    assert any(c["kind"] == "number" and "55" in c["detail"] for c in view["contradictions"])
    # An alias resolves through the directory; consensus the Post omits is listed.
    post = outlet_view("HP", EVENTS, coverages, ARTICLES, DIRECTORY)
    assert post["outlet"] == "Harbor Post" and post["stats"]["events_covered"] == 2
    assert post["stats"]["consensus_omitted"] == 0


def test_speaker_view_across_events_and_time(coverages: dict[str, Coverage]) -> None:
    view = speaker_view("Brask", EVENTS, coverages, ARTICLES)
    json.dumps(view)
    assert view["name"] == "Elena Brask" and view["key"] == "elena brask"
    assert view["events"] == ["flood"]
    first, later = view["statements"]
    assert first["date"] == "2031-04-01" and first["text"] == BRASK
    assert first["outlets"] == ["Daily Meridian", "Harbor Post"]
    assert {r["outlet"]: r["verdict"] for r in first["renderings"]} == {
        "Harbor Post": "verbatim",
        "Daily Meridian": "trimmed",
    }
    # A quote in no event is still something the person said, in date order.
    assert later["event"] is None and later["outlets"] == ["Coastline News"]
    assert view["outlets"] == {"Coastline News": 1, "Daily Meridian": 1, "Harbor Post": 1}
    assert speaker_view("Nobody Known", EVENTS, coverages, ARTICLES)["statements"] == []
    assert speaker_key("Dr. Elena Brask") == "elena brask"


def test_coverage_distribution_with_and_without_profiles() -> None:
    dist = coverage_distribution(EVENTS[0], ARTICLES, DIRECTORY)
    assert [r["value"] for r in dist["by"]["lean"]] == ["left of centre", "right of centre"]
    assert dist["by"]["country"][0]["share"] == 0.5
    bare = coverage_distribution(EVENTS[0], ARTICLES)
    assert set(bare["by"]) == {"outlet"}  # .example is no country-code domain
    de = [Article(id="x", text="t", outlet="Blatt", url="https://www.blatt.de/a")]
    assert (
        coverage_distribution(Event("e", "t", None, ("x",)), de)["by"]["country"][0]["value"]
        == "DE"
    )


def test_blindspots() -> None:
    spots = blindspots(EVENTS, ARTICLES, DIRECTORY)
    assert spots["attribute"] == "lean"
    assert [(s["event"], s["covered_by"]) for s in spots["events"]] == [
        ("strike", "left of centre")
    ]
    assert spots["events"][0]["missing"] == ["centre", "right of centre"]
    assert blindspots(EVENTS, ARTICLES)["attribute"] == "outlet"
    assert lean_side("VMM +1 (centre-right)") == "right of centre"
    assert lean_side("Progressive", numeric=False) == "progressive"
    assert lean_side(None) is None


def test_speaker_quotes_and_listing(coverages: dict[str, Coverage]) -> None:
    view = speaker_view("Elena Brask", EVENTS, coverages, ARTICLES)
    assert [(q["article"], q["index"], q["events"]) for q in view["quotes"]] == [
        ("h1", 0, ["flood"]),
        ("m1", 0, ["flood"]),
        ("c9", 0, []),
    ]
    assert view["quotes"][1]["speaker"] == "Brask"
    doctor = Article(
        id="d1",
        text="x",
        outlet="Harbor Post",
        quotes=(Quote("x", "Dr. Elena Brask", "direct", 0, 1),),
    )
    listing = speakers([*ARTICLES, doctor])
    assert listing[0] == {
        "name": "Elena Brask",  # the plainest full form, not the longest string
        "key": "elena brask",
        "quotes": 4,
        "outlets": 3,
        "first": "2031-04-01",
        "last": "2031-06-01",
    }
    assert [r["key"] for r in listing] == ["elena brask", "ivo tamm"]
    assert speakers([]) == []


def test_outlet_name_and_numeric_scale() -> None:
    by_url = Article(id="u", text="t", url="https://www.meridian.example/x")
    assert outlet_name(by_url, DIRECTORY) == "Daily Meridian"
    assert outlet_name(by_url) == "[u]"
    assert outlet_name(Article(id="a", text="t", outlet="HP"), DIRECTORY) == "Harbor Post"
    assert numeric_scale(["VMM +1", "left", None, "0 (centre)"])
    assert not numeric_scale(["left", "right", "VMM 0"]) and not numeric_scale([None, ""])
