"""The web app in-process: every route as HTML and JSON, errors, filters, search, security."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the web app needs newsweave[web]")
pytest.importorskip("httpx", reason="the web tests need httpx")

import warnings

with warnings.catch_warnings():
    # Starlette suggests httpx2 for its test client; httpx is what the [dev] extra pins.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from newsweave.models import Coverage, Event, Outlet, Quote
from newsweave.report import event_json
from newsweave.store import Store, open_store
from newsweave.web.app import create_app
from tests.helpers import (
    GAZETTE,
    KESTREL,
    KLAXON,
    LANTERN,
    PAGES,
    PROFILES,
    XSS_IMG,
    XSS_OUTLET,
    XSS_SCRIPT,
    XSS_SPEAKER,
    XSS_URL,
    build_store,
    pg_schema_url,
    start_tags,
    web_article,
    web_claim,
)


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        build_store(s)
        yield s


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = create_app(store, profiles=PROFILES)
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        yield c


def _get_json(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_and_has_json(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    assert "<!doctype html>" in page.text
    json_url = "/index.json" if url == "/" else url + ".json"
    data = _get_json(client, json_url)
    assert isinstance(data, dict) and "error" not in data
    link = re.search(r'<a href="([^"]+)">this page as JSON</a>', page.text)
    assert link is not None  # the page links its JSON
    assert _get_json(client, html.unescape(link.group(1))) == data


def test_home_ranks_by_outlets_and_hides_one_article_events(client: TestClient) -> None:
    data = _get_json(client, "/index.json")
    assert [e["id"] for e in data["events"]] == ["e1"]  # e2 and e/3 have one article each
    assert data["counts"] == {
        "articles": 6,
        "events": 3,
        "storylines": 1,
        "matching_events": 1,
        "hidden_single_article_events": 2,
    }
    assert data["links"]["singles"] == "/?singles=1"
    html = client.get("/").text
    assert "2 one-article events hidden" in html and 'href="/?singles=1"' in html
    assert _get_json(client, "/.json") == data
    shown = _get_json(client, "/index.json?singles=1")
    assert [e["id"] for e in shown["events"]] == ["e1", "e2", "e/3"]  # outlets, then newest
    assert shown["counts"]["hidden_single_article_events"] == 0
    assert shown["links"]["singles"] == "/"


def test_home_by_date_with_timeline(client: TestClient) -> None:
    data = _get_json(client, "/index.json?sort=date&singles=1")
    assert [e["id"] for e in data["events"]] == ["e2", "e1", "e/3"]
    rows = data["timeline"]["rows"]
    assert [r["storyline_id"] for r in rows] == ["s1"]
    assert [p["event_id"] for p in rows[0]["points"]] == ["e1", "e2"]
    assert rows[0]["points"][0]["x"] < rows[0]["points"][1]["x"]
    assert data["timeline"]["undated"] == 1
    html = client.get("/?sort=date&singles=1").text
    assert "<svg" in html and 'class="timeline"' in html and "/event/e1" in html
    assert '<h3 class="day">2024-03-12</h3>' in html
    # The same rows as text for phones, every title escaped.
    phone = html[html.index('class="timeline-phone"') :]
    assert '<time>2024-03-04</time> <a href="/event/e1">' in phone
    assert "&lt;script&gt;" in phone and "<script" not in phone
    assert _get_json(client, "/index.json?sort=nonsense", 400)["error"]["message"].startswith(
        "`sort`"
    )


def test_home_pages_keep_the_filters(store: Store) -> None:
    from newsweave.web.params import WebParams

    for n in range(5):
        aid = f"p{n}"
        store.add_article(web_article(aid, f"Outlet {n}", f"Story {n}", "Dockers.", None))
    events = [*store.events()]
    extra = [Event(f"p{n}", f"Paged {n}", f"2024-04-0{n + 1}", (f"p{n}", "a1")) for n in range(5)]
    store.replace_analysis(events + extra, store.storylines(), [])
    app = create_app(store, profiles=PROFILES, params=WebParams(page_size=2))
    with TestClient(app, base_url="http://localhost") as c:
        first = _get_json(c, "/index.json?sort=date&outlet=Kestrel+Wire")
        assert first["filters"]["pages"] == 3
        assert [e["id"] for e in first["events"]] == ["p4", "p3"]
        assert first["links"]["next"] == "/?outlet=Kestrel+Wire&sort=date&page=2"
        assert first["links"]["prev"] is None
        last = _get_json(c, "/index.json?sort=date&outlet=Kestrel+Wire&page=3")
        assert [e["id"] for e in last["events"]] == ["p0", "e1"]
        assert last["links"]["next"] is None
        assert last["links"]["prev"] == "/?outlet=Kestrel+Wire&sort=date&page=2"
        html = c.get("/?sort=date&outlet=Kestrel+Wire&page=2").text
        assert 'rel="next" href="/?outlet=Kestrel+Wire&amp;sort=date&amp;page=3"' in html


def test_home_filters(client: TestClient) -> None:
    def ids(query: str) -> list[str]:
        return [e["id"] for e in _get_json(client, "/index.json?singles=1&" + query)["events"]]

    assert ids("outlet=Valen+Harbour+Gazette") == ["e2"]
    assert ids("storyline=s1") == ["e1", "e2"]
    assert ids("from=2024-03-05") == ["e1", "e2"]  # e1's article a3 is dated 5 March
    assert ids("from=2024-03-06") == ["e2"]
    assert ids("to=2024-03-05") == ["e1"]
    assert ids("from=2024-03-10&to=2024-03-15") == ["e2"]
    assert ids("from=2024-03-01&to=2024-03-31&outlet=Kestrel+Wire") == ["e1"]
    assert ids("outlet=Nobody") == []


def test_date_filter_matches_any_article_of_an_event(store: Store) -> None:
    """An event dated 1 March whose follow-up is dated 12 March is in 10-15 March."""
    for aid, day in (("d1", "2024-03-01"), ("d2", "2024-03-12"), ("d3", "2024-03-20")):
        store.add_article(web_article(aid, f"Outlet {aid}", "Flood", "Floods rose.", day))
    events = [
        Event("flood", "Floods", "2024-03-01", ("d1", "d2")),
        Event("late", "Late", "2024-03-20", ("d3", "a1")),
    ]
    store.replace_analysis(events, [], [])
    with TestClient(create_app(store), base_url="http://localhost") as c:
        found = _get_json(c, "/index.json?from=2024-03-10&to=2024-03-15")
        assert [e["id"] for e in found["events"]] == ["flood"]
        assert found["events"][0]["first"] == "2024-03-01"
        assert found["events"][0]["last"] == "2024-03-12"
        # a1 is dated 4 March: "late" (20 March) has an article in 1-5 March too.
        early = _get_json(c, "/index.json?from=2024-03-01&to=2024-03-05")
        assert [e["id"] for e in early["events"]] == ["late", "flood"]  # newest first
        assert _get_json(c, "/index.json?from=2024-03-13&to=2024-03-19")["events"] == []


def test_search_finds_articles_and_their_events(client: TestClient) -> None:
    data = _get_json(client, "/index.json?q=blockade&singles=1")
    assert [h["article"] for h in data["search"]["hits"]] == ["a4"]
    assert [e["id"] for e in data["events"]] == ["e2"]
    hit = data["search"]["hits"][0]
    start, end = hit["snippet"]["matches"][0]
    assert hit["snippet"]["text"][start:end] == "blockade"
    html = client.get("/?q=blockade").text
    assert "<mark>blockade</mark>" in html
    hidden = _get_json(client, "/index.json?q=blockade")  # its event has one article
    assert hidden["events"] == [] and hidden["counts"]["hidden_single_article_events"] == 1
    assert _get_json(client, "/index.json?q=nothingmatchesthis")["events"] == []


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("q=" + "x" * 201, "too long"),
        ("from=yesterday", "YYYY-MM-DD"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("to=2024-13", "YYYY-MM-DD"),
    ],
)
def test_bad_parameters_are_400_with_one_shape(
    client: TestClient, query: str, fragment: str
) -> None:
    data = _get_json(client, "/index.json?" + query, 400)
    assert data["error"]["status"] == 400 and fragment in data["error"]["message"]
    page = client.get("/?" + query)
    assert page.status_code == 400 and fragment in page.text


def test_event_json_extends_the_cli_contract(client: TestClient, store: Store) -> None:
    data = _get_json(client, "/event/e1.json")
    contract = event_json(store.get_event("e1"), store.get_coverage("e1"))
    assert {k: data[k] for k in contract} == contract
    assert data["outlets"][:1] == [KESTREL] or KESTREL in data["outlets"]
    assert {r["kind"] for r in data["matrix"]["rows"]} == {"consensus", "unique"}
    assert [a["id"] for a in data["article_list"]][-1] == "a6"  # undated last
    assert list(data["distribution"]) == ["outlet", "lean", "country", "owner"]
    a3 = next(a for a in data["article_list"] if a["id"] == "a3")
    assert a3["date_flags"][0]["kind"] == "later-date-in-past-tense"


def test_coverage_matrix_cells(client: TestClient) -> None:
    m = _get_json(client, "/event/e1.json")["matrix"]
    consensus = next(r for r in m["rows"] if r["kind"] == "consensus")
    state = {c["outlet"]: c["state"] for c in consensus["cells"]}
    assert state[KESTREL] == state[LANTERN] == state[XSS_OUTLET] == "shared"
    assert state[KLAXON] == "omitted"
    shared_cell = next(c for c in consensus["cells"] if c["outlet"] == KESTREL)
    assert shared_cell["article"] == "a1" and shared_cell["start"] == 0
    bread = next(r for r in m["rows"] if r["text"] == "Shops ran out of bread.")
    assert {c["outlet"]: c["state"] for c in bread["cells"]}[KLAXON] == "only-here"
    assert {c["state"] for c in bread["cells"] if c["outlet"] != KLAXON} == {"absent"}
    html = client.get("/event/e1").text
    assert 'href="/article/a1#c-0-43"' in html  # shared cell links to the sentence
    assert 'class="cell omitted"' in html


def test_event_page_layout(client: TestClient) -> None:
    html = client.get("/event/e1").text
    table = html[
        html.index('<table class="matrix">') : html.index(
            "</table>", html.index('<table class="matrix">')
        )
    ]
    assert table.count('<tr class="consensus">') == 1  # claims two or more outlets carry
    assert "Shops ran out of bread." not in table  # one-outlet claims are listed apart
    only = html[html.index('id="only"') :]
    assert "Reported by one outlet only" in html[html.index('id="matrix"') :]
    assert 'href="/article/a2#c-' in only and "Shops ran out of bread." in only
    assert 'title="unknown outlet · a6"' in table  # the "[a6]" column reads as what it is
    assert '<a class="outlet unknown" href="/outlet/%5Ba6%5D">unknown outlet · a6</a>' in html


def test_distribution_and_blindspots(client: TestClient) -> None:
    e1 = _get_json(client, "/event/e1.json")
    assert e1["blindspot"] is None  # centre, right and left all covered it
    lean = {c["value"]: c["articles"] for c in e1["distribution"]["lean"]}
    assert lean == {"centre": 1, "right of centre": 1, "left of centre": 1, "unknown": 2}
    country = {c["value"]: c["outlets"] for c in e1["distribution"]["country"]}
    assert country["Veltria"] == [KLAXON, LANTERN]
    e2 = _get_json(client, "/event/e2.json")
    assert e2["blindspot"] == {
        "attribute": "lean",
        "covered_by": "right of centre",
        "missing": ["centre", "left of centre"],
        "unknown_outlets": [],
    }
    home = _get_json(client, "/index.json?singles=1")
    assert [e["id"] for e in home["blindspots"]] == ["e2"]
    assert home["blindspot_info"] == {
        "attribute": "lean",
        "profiles_file": "outlets.toml",
        "events": 1,
        "outlets": 6,
        "unprofiled_outlets": 2,  # the payload outlet and the unknown "[a6]"
    }
    assert "Blindspot: only right of centre" in client.get("/event/e2").text
    # One-article events are left out of the list unless shown, and the page says so.
    default = _get_json(client, "/index.json")
    assert default["blindspots"] == [] and default["blindspot_info"]["events"] == 1
    assert '1 event in all, with one article each: <a href="/?singles=1">' in client.get("/").text


def test_views_work_without_profiles(store: Store) -> None:
    """Without profiles there are no blindspots (not one per event naming every outlet)."""
    with TestClient(create_app(store), base_url="http://localhost") as c:
        e2 = c.get("/event/e2.json").json()
        assert list(e2["distribution"]) == ["outlet"]
        assert e2["blindspot"] is None and e2["blindspot_attribute"] is None
        home = c.get("/index.json?singles=1").json()
        assert home["blindspots"] == [] and home["blindspot_attribute"] is None
        assert "no outlet profiles are configured" in home["blindspot_info"]["reason"]
        assert all(e["blindspot"] is None and e["lean"] is None for e in home["events"])
        assert "No blindspots: no outlet profiles are configured" in c.get("/").text
        assert c.get("/outlets").status_code == 200


def test_blindspots_need_two_sides_in_the_profiles(store: Store) -> None:
    from newsweave.web.profiles import OutletProfiles

    one_side = OutletProfiles((Outlet(KESTREL, lean="0"), Outlet(KLAXON, lean="0 (centre)")))
    with TestClient(create_app(store, profiles=one_side), base_url="http://localhost") as c:
        home = c.get("/index.json?singles=1").json()
        assert home["blindspot_attribute"] is None and home["blindspots"] == []
        assert "fewer than two" in home["blindspot_info"]["reason"]


def test_blindspot_list_is_capped_widest_first(store: Store) -> None:
    from newsweave.web.params import WebParams

    arts = [("b1", KLAXON), ("b2", GAZETTE), ("b3", KLAXON), ("b4", KLAXON), ("b5", GAZETTE)]
    for aid, outlet in arts:
        store.add_article(web_article(aid, outlet, "Right-only story", "Text.", "2024-03-20"))
    events = [
        *store.events(),
        Event("wide", "Covered by two right outlets", "2024-03-20", ("b1", "b2")),
        Event("narrow", "Covered by one right outlet twice", "2024-03-21", ("b3", "b4")),
        Event("third", "Another", "2024-03-19", ("b5", "a4")),
    ]
    store.replace_analysis(events, store.storylines(), [])
    app = create_app(store, profiles=PROFILES, params=WebParams(blindspot_limit=2))
    with TestClient(app, base_url="http://localhost") as c:
        home = c.get("/index.json").json()
        assert [e["id"] for e in home["blindspots"]] == ["wide", "narrow"]  # then newest
        assert home["blindspot_info"]["events"] == 4  # e2 (one article) counts, not listed
        html = c.get("/").text
        assert "4 events in all; the 2 most widely covered of those with more than one" in html


def test_article_page_highlights_from_spans(client: TestClient, store: Store) -> None:
    data = _get_json(client, "/article/a1.json")
    assert data["text"] == store.get_article("a1").text
    assert [e["id"] for e in data["events"]] == ["e1"]
    kinds = {c["kind"] for c in data["claims"]}
    assert kinds == {"shared"}
    html = client.get("/article/a1").text
    assert 'id="c-0-43"' in html and 'id="q-0"' in html
    assert 'class="seg quote' in html or 'class="seg entity quote' in html
    assert "Subscribe to our newsletter!" in html  # removed lines, inside <details>
    assert "<details" in html
    body = re.search(r'<div class="body">(.*?)</div>', html, re.S)
    assert body is not None
    assert (
        re.sub(r"<[^>]+>", "", body.group(1))
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        == data["text"]
    )


def test_bad_offsets_never_break_the_page(store: Store) -> None:
    text = "Short text."
    store.add_article(
        web_article(
            "bad",
            "O",
            "T",
            text,
            None,
            quotes=(
                Quote("x", "S", "direct", 5, 999),
                Quote("y", "S", "direct", -3, 2),
                Quote("z", "S", "direct", 6, 4),
            ),
        )
    )
    with TestClient(create_app(store), base_url="http://localhost") as c:
        page = c.get("/article/bad")
    assert page.status_code == 200 and "Short text." in page.text


def test_outlet_view(client: TestClient) -> None:
    data = _get_json(client, f"/outlet/{KLAXON}.json")
    assert data["outlet"] == KLAXON
    assert data["profile"]["lean"] == "+2 (right)" and data["side"] == "right of centre"
    assert [e["event"] for e in data["covered"]] == ["e1"]
    assert data["covered"][0]["articles"] == ["a2"]
    assert [e["event"] for e in data["missed"]] == ["e2", "e/3"]
    (omitted,) = data["omitted"][0]["claims"]
    assert omitted == {
        "text": "Dockers walked out at Port Valen on Monday.",
        "outlets": [KESTREL, LANTERN, XSS_OUTLET],  # who carries what it leaves out
    }
    assert data["unique"][0]["claims"][0]["text"] == "Shops ran out of bread."
    assert data["terms"][0]["term"] == "union bosses"
    assert data["terms"][0]["others"] == {"union leaders": sorted([KESTREL, XSS_OUTLET])}
    assert data["quotes"][0]["verdict"] == "altered"
    (dispute,) = data["contradictions"]
    assert dispute["other_outlet"] == KESTREL and "3,000" in dispute["text"]
    assert data["stats"]["consensus_omitted"] == 1 and data["stats"]["unique_claims"] == 1
    assert [a["title"] for a in data["article_list"]] == ["Union bosses shut the port"]
    assert _get_json(client, "/outlet/the%20Klaxon.json")["outlet"] == KLAXON  # alias
    assert _get_json(client, "/outlet/kestrelwire.example.json")["outlet"] == KESTREL  # domain
    listing = _get_json(client, "/outlets.json")
    assert {o["name"] for o in listing["outlets"]} >= {KESTREL, KLAXON, "[a6]"}
    page = client.get(f"/outlet/{KLAXON}").text
    assert "2,000 workers" in page  # the other side of the contradiction
    assert f"{KESTREL}, {LANTERN}" in page  # who carries the omitted claim


def test_outlet_page_folds_long_claim_lists(store: Store) -> None:
    text = " ".join(f"Fact number {n} is stated here." for n in range(8))
    store.add_article(web_article("many", "Solo Wire", "Many facts", text, "2024-03-06"))
    claims = tuple(
        web_claim(store.get_article("many"), "Solo Wire", f"Fact number {n} is stated here.", n)
        for n in range(8)
    )
    events = [*store.events(), Event("e4", "Many facts", "2024-03-06", ("many",))]
    covs = [c for e in store.events() if (c := store.get_coverage(e.id)) is not None]
    store.replace_analysis(
        events, store.storylines(), [*covs, Coverage("e4", unique={"Solo Wire": claims})]
    )
    with TestClient(create_app(store), base_url="http://localhost") as c:
        page = c.get("/outlet/Solo%20Wire").text
    assert "<summary>3 more</summary>" in page
    assert page.count("Fact number") == 8


def test_speaker_view_merges_name_forms(client: TestClient) -> None:
    data = _get_json(client, "/speaker/Ruiz.json")
    assert data["name"] == "Ana Ruiz" and data["key"] == "ana ruiz"
    assert set(data["forms"]) == {"Ana Ruiz", "Ruiz"}
    assert [q["article"] for q in data["quotes"]] == ["a1", "a2", "a3"]  # by date, outlet
    assert data["quotes"][0]["events"] == ["e1"] and data["quotes"][0]["index"] == 0
    assert data["outlets"] == {KESTREL: 1, LANTERN: 1, KLAXON: 1}
    (statement,) = data["statements"]
    assert statement["verdict"] == "altered" and statement["event"] == "e1"
    assert statement["event_title"].startswith("Dockers strike at Port Valen")
    assert len(statement["renderings"]) == 3
    assert statement["text"] == "We will not go back until the contract is signed."
    assert _get_json(client, "/speaker/ana%20ruiz.json") == data
    speakers = _get_json(client, "/speakers.json")["speakers"]
    assert speakers[0] == {
        "name": "Ana Ruiz",
        "key": "ana ruiz",
        "quotes": 3,
        "outlets": 3,
        "first": "2024-03-04",
        "last": "2024-03-05",
        "named": True,
    }
    page = client.get("/speaker/Ruiz").text
    assert 'href="/article/a2#q-0"' in page and "/event/e1" in page


def test_speaker_quotes_outside_any_comparison_are_statements(store: Store) -> None:
    text = "“We are still here,” Ana Ruiz said."
    quote = Quote("We are still here,", "Ana Ruiz", "direct", 1, 19, "said")
    store.add_article(
        web_article("late", "Solo Wire", "Later", text, "2024-04-01", quotes=(quote,))
    )
    with TestClient(create_app(store), base_url="http://localhost") as c:
        data = c.get("/speaker/Ana%20Ruiz.json").json()
    last = data["statements"][-1]
    assert last["event"] is None and last["verdict"] == "single"
    assert last["renderings"][0]["article"] == "late"


@pytest.mark.parametrize(
    "url",
    [
        "/event/nope",
        "/article/nope",
        "/outlet/nope",
        "/speaker/nope",
        "/static/nope.css",
        "/no/such/page",
    ],
)
def test_not_found_has_one_error_shape(client: TestClient, url: str) -> None:
    data = _get_json(client, url + ".json", 404)
    assert set(data) == {"error"} and set(data["error"]) == {"status", "message"}
    assert data["error"]["status"] == 404
    page = client.get(url)
    assert page.status_code == 404 and "<!doctype html>" in page.text
    json_accept = client.get(url, headers={"accept": "application/json"})
    assert json_accept.json()["error"]["status"] == 404


TRAVERSALS = [
    "/article/../../../etc/passwd",
    "/article/..%2F..%2F..%2Fetc%2Fpasswd",
    "/event/%2e%2e/%2e%2e/etc/passwd",
    "/outlet/..%5C..%5Cwindows%5Cwin.ini",
    "/speaker/%2Fetc%2Fpasswd",
    "/static/..%2Fapp.py",
    "/static/%2e%2e%2f%2e%2e%2fconfig.py",
    "/static/../app.py",
    "/static/app.css%00.py",
    "/static/templates/base.html",
    "/event/e1%00",
    "/article/a1/../../../../etc/passwd",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_path_traversal_reaches_nothing(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (404, 400), url
    text = response.text
    assert "root:" not in text and "import " not in text and "{%" not in text
    assert "Traceback" not in text and "/work/" not in text and "site-packages" not in text


def test_errors_never_leak_internals(store: Store) -> None:
    class Broken(type(store)):  # type: ignore[misc]
        def events(self) -> list[Event]:
            raise RuntimeError("secret /home/user/path and SQL SELECT * FROM x")

        def get_event(self, event_id: str) -> Event:  # the event page reads one row
            raise RuntimeError("secret /home/user/path and SQL SELECT * FROM x")

    broken = Broken(":memory:")
    with TestClient(create_app(broken), base_url="http://localhost") as c:
        for url in ("/", "/index.json", "/event/e1.json"):
            response = c.get(url)
            assert response.status_code == 500
            assert "secret" not in response.text and "SELECT" not in response.text
            assert "Traceback" not in response.text
        assert c.get("/index.json").json() == {
            "error": {"status": 500, "message": "Internal error; see the server log."}
        }


def test_xss_payloads_are_escaped_everywhere(client: TestClient) -> None:
    urls = [
        *PAGES,
        "/?q=readers",
        "/?q=" + XSS_SCRIPT.replace("<", "%3C"),
        "/?outlet=" + XSS_OUTLET.replace("<", "%3C").replace(" ", "+"),
    ]
    for url in urls:
        page = client.get(url).text
        for payload in (
            XSS_SCRIPT,
            XSS_IMG,
            XSS_OUTLET,
            XSS_SPEAKER,
            "<script",
            "<img",
            "<svg on",
            "<b on",
        ):
            assert payload not in page, (url, payload)
        tags = start_tags(page)
        assert not {t for t, _ in tags} & {"script", "img", "iframe", "object", "embed"}
        for tag, attrs in tags:
            for name, value in attrs:
                assert not name.startswith("on"), (url, tag, name)
                if name in ("href", "src", "action"):
                    assert not (value or "").strip().lower().startswith("javascript:"), url
    article = client.get(PAGES[6]).text
    assert "&lt;script&gt;alert(" in article  # shown as text
    assert XSS_URL in article  # shown, not linked


def test_json_carries_payloads_verbatim(client: TestClient) -> None:
    data = _get_json(client, PAGES[6] + ".json")
    assert data["title"].startswith(XSS_SCRIPT)
    assert data["outlet"] == XSS_OUTLET and data["url"] == XSS_URL


def test_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/", "/index.json", "/event/nope", "/static/app.css", "/article/a1.json"):
        h = client.get(url).headers
        csp = h["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp and "unsafe-inline" not in csp
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"
    assert client.get("/").headers["cache-control"] == "no-store"
    assert "max-age" in client.get("/static/app.css").headers["cache-control"]


def test_no_inline_script_or_style_in_pages(client: TestClient) -> None:
    for url in PAGES:
        html = client.get(url).text
        assert "<script" not in html and "<style" not in html and " style=" not in html


def test_request_limits_and_methods(client: TestClient) -> None:
    post = client.post("/", content=b"x")
    assert post.status_code == 405 and post.headers["allow"] == "GET, HEAD"
    assert client.post("/index.json").json()["error"]["status"] == 405
    assert client.request("DELETE", "/event/e1").status_code == 405
    body = client.request("GET", "/", content=b"x" * 10)
    assert body.status_code == 413
    long = client.get("/?q=" + "a" * 5000)
    assert long.status_code == 414
    huge_header = client.get("/", headers={"x-big": "a" * 20_000})
    assert huge_header.status_code == 431
    head = client.head("/event/e1")
    assert head.status_code == 200 and head.content == b""


def test_only_local_host_names_are_answered(store: Store) -> None:
    app = create_app(store)
    with TestClient(app, base_url="http://evil.example") as c:
        response = c.get("/index.json")
        assert response.status_code == 400 and "host" in response.json()["error"]["message"]
    for base in ("http://localhost:8765", "http://127.0.0.1", "http://[::1]:8765"):
        with TestClient(app, base_url=base) as c:
            assert c.get("/index.json").status_code == 200, base
    with TestClient(create_app(store, allowed_hosts=None), base_url="http://news.lan") as c:
        assert c.get("/index.json").status_code == 200


def test_static_files_come_from_package_data(client: TestClient) -> None:
    css = client.get("/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/static/favicon.svg").headers["content-type"] == "image/svg+xml"


def test_outlet_profiles_from_settings(store: Store, tmp_path: Path) -> None:
    from newsweave.config import load_settings

    profile = tmp_path / "outlets.toml"
    profile.write_text(
        '[[outlet]]\nname = "Kestrel Wire"\ncountry = "Arnsland"\n'
        '[[outlet]]\nname = "The Morning Klaxon"\ncountry = "Veltria"\n'
    )
    settings = load_settings(None, outlets_file=str(profile))
    with TestClient(create_app(store, settings=settings), base_url="http://localhost") as c:
        data = c.get("/event/e1.json").json()
    assert list(data["distribution"]) == ["outlet", "country"]
    assert data["blindspot_attribute"] == "country"


def test_id_ending_in_json_is_still_reachable(store: Store) -> None:
    store.add_article(web_article("feed.json", "O", "T", "Text.", None))
    with TestClient(create_app(store), base_url="http://localhost") as c:
        assert c.get("/article/feed.json").status_code == 200  # HTML of "feed.json"
        assert c.get("/article/feed.json.json").json()["id"] == "feed.json"


def test_json_is_valid_utf8_without_ascii_escapes(client: TestClient) -> None:
    raw = client.get("/article/a1.json").content.decode("utf-8")
    assert "“We will" in raw
    json.loads(raw)


@pytest.mark.postgres
def test_every_page_on_postgresql() -> None:
    with pg_schema_url() as url:
        with open_store(url) as pg:
            build_store(pg)
        app = create_app(url, profiles=PROFILES)  # one connection per worker thread
        with TestClient(app, base_url="http://localhost") as c:
            for page in PAGES:
                assert c.get(page).status_code == 200, page
                json_url = "/index.json" if page == "/" else page + ".json"
                assert "error" not in c.get(json_url).json(), page
            hits = c.get("/index.json?q=blockade").json()["search"]["hits"]
            assert [h["article"] for h in hits] == ["a4"]
            assert c.get("/speaker/Ruiz.json").json()["name"] == "Ana Ruiz"


def test_described_sources_are_listed_apart_from_people() -> None:
    from newsweave.web.views import is_named

    assert is_named("Ana Ruiz") and is_named("MP Gregor Hamm") and is_named("习近平")
    assert not is_named("union officials") and not is_named("the port authority")
    with open_store(":memory:") as s:
        text = "“No comment,” police said."
        quote = Quote("No comment,", "police", "direct", 1, 12, "said")
        s.add_article(web_article("p", "O", "T", text, None, quotes=(quote,)))
        with TestClient(create_app(s), base_url="http://localhost") as c:
            html = c.get("/speakers").text
    described = html[html.index("Sources described, not named") :]
    assert ">police</a>" in described and "No quotes with a named speaker." in html
