"""Event titles: the best real headline among the event's articles (issue 16 item 3), and each
outlet's own headline on the event page. Invented text only."""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.cluster import EventClusterer
from newsweave.cluster.state import title_of
from newsweave.cluster.titles import (
    article_title,
    headline,
    is_junk_title,
    offer_title,
    outlet_headlines,
)
from newsweave.models import Article

LEAD = (
    "The harbour of Vellmora closed on Tuesday after a storm damaged three of its piers, and "
    "the port authority said repairs to the eastern breakwater could take until the spring."
)


def _art(aid: str, title: str | None, text: str = LEAD, **kw: object) -> Article:
    return Article(id=aid, text=text, title=title, **kw)  # type: ignore[arg-type]


def test_junk_headlines_are_recognised() -> None:
    for junk in ("en", "en-US", "fr_FR", "2014", "May 6, 2014", "http://www.example.com/x"):
        assert is_junk_title(junk), junk
    assert is_junk_title("www.vellmora-post.example")
    assert is_junk_title("Photo credit: Getty Images")
    assert is_junk_title("Source: Ministry of Health")
    site = _art("s", "Vellmora Post", url="https://www.vellmorapost.example/news/storm.html")
    assert is_junk_title("Vellmora Post", site)
    archived = _art(
        "t", "Harbour Courier", url="http://web.archive.org/web/2016/http://harbourcourier.com/x"
    )
    assert is_junk_title("Harbour Courier", archived)
    named = _art("u", "Harbour Courier", outlet="The Harbour Courier")
    assert is_junk_title("Harbour Courier", named)


def test_ordinary_headlines_are_not_junk() -> None:
    for ok in (
        "Storm closes Vellmora harbour",
        "War",
        "Sources: Angels offer Teixeira eight years",
        "Photo finish decides the Vellmora regatta",
        "Credit union opens a branch in Vellmora",
        "3 piers damaged, 2 boats sunk in Vellmora storm",
        "EU ministers meet in Vellmora",
    ):
        assert not is_junk_title(ok), ok
    # The site's host in the URL does not make every headline a site name, nor does the slug.
    art = _art(
        "v",
        "Harbour reopens after storm",
        url="https://www.harbourcourier.example/harbour-reopens-after-storm.html",
    )
    assert headline(art) == "Harbour reopens after storm"


def test_article_title_tiers() -> None:
    assert article_title(_art("a", "Storm closes Vellmora harbour")) == (
        "Storm closes Vellmora harbour",
        3,
    )
    assert article_title(_art("b", "Storm closes Vellmora harbour as piers...")) == (
        "Storm closes Vellmora harbour as piers...",
        2,
    )
    text, tier = article_title(_art("c", "en"))
    assert tier == 1 and text.endswith("…") and len(text) <= 160 and text.startswith("The harbour")
    short = "Storm shuts the harbour. It may reopen soon."
    assert article_title(_art("d", "Daily Blotter", text=short)) == ("Storm shuts the harbour.", 1)
    assert article_title(_art("e", None, text="")) == ("(untitled)", 0)
    assert (
        title_of(_art("f", "  Storm  closes Vellmora   harbour "))
        == "Storm closes Vellmora harbour"
    )


@dataclass
class _Event:
    title: str = ""
    title_score: float = -1.0


def test_a_real_headline_beats_a_more_central_cut_lead() -> None:
    ev = _Event()
    offer_title(ev, _art("a", None), 0.95)  # most central, no headline
    assert ev.title.endswith("…")
    offer_title(ev, _art("b", "Storm closes Vellmora harbour"), 0.40)
    assert ev.title == "Storm closes Vellmora harbour"
    offer_title(ev, _art("c", "en"), 0.99)  # a language code never names an event
    assert ev.title == "Storm closes Vellmora harbour"
    offer_title(ev, _art("d", "Vellmora harbour shut by storm damage"), 0.70)  # more central
    assert ev.title == "Vellmora harbour shut by storm damage"


def test_the_original_beats_a_copy_and_a_copy_beats_no_headline() -> None:
    ev = _Event()
    offer_title(ev, _art("copy", "Storm shuts port (syndicated)", duplicate_of="orig"), 0.9)
    offer_title(ev, _art("orig", "Storm closes Vellmora harbour"), 0.2)
    assert ev.title == "Storm closes Vellmora harbour"
    ev = _Event()
    offer_title(ev, _art("orig", None), 0.9)
    offer_title(ev, _art("copy", "Storm closes Vellmora harbour", duplicate_of="orig"), 0.0)
    assert ev.title == "Storm closes Vellmora harbour"


def test_clusterer_titles_events_with_the_headline() -> None:
    arts = [
        _art("a", None, date="2024-03-05", outlet="Vellmora Post"),
        _art("b", "en", date="2024-03-05", outlet="Harbour Courier"),
        _art("c", "Storm closes Vellmora harbour", date="2024-03-05", outlet="Coast Daily"),
    ]
    clusterer = EventClusterer()
    clusterer.fit(arts)
    events = clusterer.events()
    assert len(events) == 1
    assert events[0].title == "Storm closes Vellmora harbour"


def test_outlet_headlines_side_by_side() -> None:
    arts = [
        _art("a", "Storm closes Vellmora harbour", outlet="Vellmora Post"),
        _art("b", "en", outlet="Harbour Courier"),
        _art("c", "Harbour shut after storm", outlet="Coast Daily"),
        _art("d", "Storm closes Vellmora harbour", outlet="Vellmora Post"),
        _art("e", "Storm closes Vellmora harbour", outlet="Wire Copy", duplicate_of="a"),
    ]
    rows = outlet_headlines(arts)
    assert [(r["outlet"], r["headline"], r["copy"]) for r in rows] == [
        ("Vellmora Post", "Storm closes Vellmora harbour", False),
        ("Coast Daily", "Harbour shut after storm", False),
        ("Wire Copy", "Storm closes Vellmora harbour", True),
    ]


def test_event_page_shows_each_outlets_headline_escaped() -> None:
    import pytest

    pytest.importorskip("starlette", reason="the web app needs newsweave[web]")
    pytest.importorskip("httpx", reason="the web tests need httpx")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from newsweave.store import open_store
    from newsweave.web.app import create_app
    from tests.helpers import PROFILES, XSS_SCRIPT, build_store

    with open_store(":memory:") as store:
        build_store(store)
        app = create_app(store, profiles=PROFILES)
        with TestClient(app, base_url="http://127.0.0.1:8765") as client:
            page = client.get("/event/e1").text
            data = client.get("/event/e1", headers={"accept": "application/json"}).json()
    block = page[page.index('<section id="headlines">') :]
    block = block[: block.index("</section>")]
    assert "Port Valen dockers strike" in block and 'href="/article/a1"' in block
    assert XSS_SCRIPT not in block and "&lt;script&gt;" in block
    assert len(data["headlines"]) >= 2
