"""Web features for a real day of news: search syntax and folded spellings, lean bars, top
stories, source links and merging/renaming outlets through a CSRF-safe form."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the web app needs newsweave[web]")
pytest.importorskip("httpx", reason="the web tests need httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from newsweave.cluster.features import spelling_key
from newsweave.models import Article, Coverage, Entity, Event, Outlet
from newsweave.outlets import load_outlets
from newsweave.store import Store, open_store
from newsweave.text import fold
from newsweave.web.app import create_app
from newsweave.web.home import lean_bar
from newsweave.web.params import WebParams
from newsweave.web.profiles import OutletProfiles
from newsweave.web.search import NameSpellings, Query, Term, expand, parse_query
from tests.helpers import (
    GAZETTE,
    KESTREL,
    KLAXON,
    PROFILES,
    XSS_URL,
    build_store,
    web_article,
    web_claim,
)

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        build_store(s)
        yield s


def _json(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    return response.json()


# -- query syntax ----------------------------------------------------------------------------


def test_not_is_an_operator_like_minus() -> None:
    assert parse_query("strike NOT port") == parse_query("strike -port")
    assert parse_query('strike NOT "gate four"') == Query(
        ((Term("strike"),),), (Term("gate four", phrase=True),)
    )
    assert parse_query("NOT port strike").excluded == (Term("port"),)
    # Lower-case "not" is a word, as "or" is.
    assert parse_query("not guilty").alternatives == ((Term("not"), Term("guilty")),)
    assert parse_query("a OR b c").alternatives == ((Term("a"),), (Term("b"), Term("c")))
    assert parse_query("NOT port").alternatives == ()
    # Anything that is not a word never reaches the store's syntax.
    assert parse_query('x" OR -"y* NEAR(z)').render() == 'x -"y NEAR z"'


def test_render_repeats_exclusions_in_every_alternative() -> None:
    q = Query(((Term("a"), Term("b c", phrase=True)), (Term("d"),)), (Term("x"),))
    assert q.render() == 'a "b c" -x OR d -x'


def test_search_with_not_excludes(store: Store) -> None:
    with TestClient(create_app(store), base_url=BASE) as c:
        both = {h["article"] for h in _json(c, "/index.json?q=Valen")["search"]["hits"]}
        assert {"a1", "a3"} <= both
        without = _json(c, "/index.json?q=Valen+NOT+quays")["search"]
        kept = {h["article"] for h in without["hits"]}
        assert "a1" in kept and "a3" not in kept  # a3's title is "Quays fall silent"
        assert kept == {
            h["article"] for h in _json(c, "/index.json?q=Valen+-quays")["search"]["hits"]
        }
        only_not = _json(c, "/index.json?q=NOT+quays")["search"]
        assert only_not["hits"] == [] and "at least one word" in only_not["note"]


# -- spellings folded as clustering folds names ------------------------------------------------


def _named(aid: str, text: str, *names: str, outlet: str = "Wire") -> Article:
    entities = tuple(Entity(n, "GPE", text.index(n), text.index(n) + len(n)) for n in names)
    return web_article(aid, outlet, f"Report {aid}", text, "2024-05-02", entities=entities)


FOLD_ARTICLES = [
    _named("k1", "Shelling hit Kharnovo overnight, the mayor said.", "Kharnovo"),
    _named("k2", "Residents of Harnovo fled west on Tuesday.", "Harnovo", outlet="Ledger"),
    _named("k3", "A stark warning came from the port authority.", outlet="Post"),
    _named("k4", "Stark told the council the strike would go on.", "Stark", outlet="Post"),
    _named("k5", "Kyiv said talks would resume.", "Kyiv", outlet="Ledger"),
]


def test_spellings_use_clustering_keys() -> None:
    # The same keys clustering gives names: fold, then spelling_key.
    assert spelling_key(fold("Kharnovo")) == spelling_key(fold("Harnovo"))
    spellings = NameSpellings.from_articles(FOLD_ARTICLES)
    assert spellings.variants("Kharnovo", 3) == ["harnovo"]
    assert spellings.variants("Harnovo", 3) == ["kharnovo"]
    assert spellings.variants("Khárnovo", 3) == ["harnovo"]  # accents folded too
    assert spellings.variants("Kiev", 3) == ["kyiv"]
    # Ordinary words of the texts are never folded, nor offered as a name's spelling:
    # "stark" occurs in lower case ("A stark warning"), so "Strak" does not widen to it.
    assert spellings.variants("strike", 3) == []
    assert spellings.variants("Strak", 3) == []
    assert spellings.variants("warning", 3) == []


def test_expand_adds_alternatives_within_caps() -> None:
    spellings = NameSpellings.from_articles(FOLD_ARTICLES)
    q, added = expand(parse_query("Kharnovo mayor -west"), spellings)
    assert added == {"Kharnovo": ["harnovo"]}
    assert q.render() == "Kharnovo mayor -west OR harnovo mayor -west"
    phrase, _ = expand(parse_query('"Kharnovo mayor"'), spellings)
    assert phrase.render() == '"Kharnovo mayor" OR "harnovo mayor"'
    tight, _ = expand(
        parse_query("Kharnovo Kiev OR Harnovo"),
        spellings,
        WebParams(max_alternatives=2),
    )
    # Every typed alternative keeps its as-typed form; the cap cuts the rest.
    assert tight.render() == "Kharnovo Kiev OR Harnovo"
    plain, none = expand(parse_query("port strike"), spellings)
    assert plain.render() == "port strike" and none == {}


def test_both_spellings_find_the_same_articles() -> None:
    with open_store(":memory:") as s:
        for article in FOLD_ARTICLES:
            s.add_article(article)
        s.replace_analysis([Event("k", "Kharnovo", "2024-05-02", ("k1", "k2"))], [], [])
        with TestClient(create_app(s), base_url=BASE) as c:
            hits = {}
            for word in ("Kharnovo", "Harnovo", "harnovo"):
                found = _json(c, f"/index.json?q={word}")["search"]
                hits[word] = sorted(h["article"] for h in found["hits"])
            assert hits["Kharnovo"] == hits["Harnovo"] == hits["harnovo"] == ["k1", "k2"]
            stark = _json(c, "/index.json?q=Stark")["search"]
            assert sorted(h["article"] for h in stark["hits"]) == ["k3", "k4"]  # as typed
            assert stark["spellings"] == {}
            html = c.get("/?q=Kharnovo").text
            assert "Also searched, as clustering folds these names" in html
            assert "“Kharnovo”: harnovo" in html


def test_search_hits_are_paged(store: Store) -> None:
    for n in range(7):
        store.add_article(web_article(f"h{n}", "Wire", f"Ferry {n}", "The ferry sank.", None))
    app = create_app(store, params=WebParams(hits_per_page=3))
    with TestClient(app, base_url=BASE) as c:
        pages = [_json(c, f"/index.json?q=ferry&page={p}")["search"] for p in (1, 2, 3)]
        assert [len(p["hits"]) for p in pages] == [3, 3, 1]
        assert {p["total"] for p in pages} == {7}
        ids = [h["article"] for p in pages for h in p["hits"]]
        assert sorted(ids) == [f"h{n}" for n in range(7)]
        first = _json(c, "/index.json?q=ferry")
        assert first["filters"]["pages"] == 3
        assert first["links"]["next"] == "/?q=ferry&page=2"


# -- lean bars and top stories ---------------------------------------------------------------


def test_lean_bar_segments() -> None:
    bar = lean_bar([KESTREL, KLAXON, GAZETTE, "Someone"], PROFILES)
    assert bar is not None
    assert [(s["side"], s["outlets"]) for s in bar] == [
        ("centre", 1),
        ("right of centre", 2),
        ("unknown", 1),
    ]
    assert [(s["x"], s["width"]) for s in bar] == [(0.0, 25.0), (25.0, 50.0), (75.0, 25.0)]
    assert [s["css"] for s in bar] == ["centre", "right", "unknown"]
    assert lean_bar([KESTREL], OutletProfiles()) is None  # no profiles, no bar
    text = OutletProfiles((Outlet("A", lean="progressive"), Outlet("B", lean="conservative")))
    assert [s["css"] for s in lean_bar(["A", "B"], text) or []] == ["other0", "other1"]


def test_cards_carry_a_lean_bar(store: Store) -> None:
    with TestClient(create_app(store, profiles=PROFILES), base_url=BASE) as c:
        e1 = _json(c, "/index.json")["events"][0]
        assert e1["id"] == "e1" and {s["side"] for s in e1["lean"]} >= {"centre", "unknown"}
        html = c.get("/").text
        assert '<svg class="leanbar"' in html and 'class="lean-left"' in html


def test_top_stories(store: Store) -> None:
    store.add_article(web_article("t1", GAZETTE, "Gate", "Gate four.", "2024-03-12"))
    events = [*store.events()]
    events[1] = Event("e2", "Police clear gate four", "2024-03-12", ("a4", "t1"), "s1")
    store.replace_analysis(events, store.storylines(), [store.get_coverage("e1")])  # type: ignore[list-item]
    with TestClient(create_app(store, profiles=PROFILES), base_url=BASE) as c:
        week = _json(c, "/top.json")
        # The newest article is of 12 March: the last 7 days are 6-12 March. e2 has one
        # outlet (two articles of the Gazette), so nothing in the week has two outlets.
        assert week["since"] == "2024-03-06" and week["stories"] == []
        all_time = _json(c, "/top.json?days=0")
        assert [s["id"] for s in all_time["stories"]] == ["e1"]
        assert all_time["stories"][0]["summary"]["text"].startswith("Dockers walked out")
        month = _json(c, "/top.json?days=30")
        assert [s["id"] for s in month["stories"]] == ["e1"]
        html = c.get("/top?days=0").text
        assert '<p class="lede">Dockers walked out' in html and "<b>all time</b>" in html
        assert _json(c, "/top.json?days=x", 400)["error"]["message"].startswith("`days`")
        assert "No event in this period" in c.get("/top").text


# -- source links ----------------------------------------------------------------------------


def test_articles_link_to_their_source_safely(store: Store) -> None:
    store.add_article(
        web_article("bad-url", KESTREL, "Bad", "Text.", None, url="javascript:alert(1)")
    )
    with TestClient(create_app(store, profiles=PROFILES), base_url=BASE) as c:
        event = c.get("/event/e1").text
        link = (
            '<a class="source" href="https://kestrelwire.example/a1" '
            'rel="noopener noreferrer nofollow" target="_blank">kestrelwire.example ↗</a>'
        )
        assert link in event
        outlet = c.get(f"/outlet/{KESTREL}").text
        assert link in outlet and "javascript:" not in outlet
        hits = c.get("/?q=Valen").text
        assert link in hits
        # The payload URL of the hostile record is not http(s): no link, shown escaped.
        assert 'href="' + XSS_URL not in c.get("/event/e1").text
        page = c.get("/article/bad-url").text
        assert 'href="javascript:' not in page.lower()
        assert '<span class="muted">javascript:alert(1)</span>' in page  # shown, not linked


# -- merging and renaming outlets ------------------------------------------------------------


@pytest.fixture
def editable(store: Store, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    path = tmp_path / "outlets.toml"
    path.write_text(
        "# my ratings\n\n"
        f'[[outlet]]\nname = "{KESTREL}"\nlean = "0 (centre)"\n\n'
        f'[[outlet]]\nname = "{KLAXON}"\nlean = "+2"\nnote = "kept"\n'
    )
    with TestClient(create_app(store, outlets_file=path), base_url=BASE) as c:
        yield c, path


def _token(client: TestClient) -> str:
    html = client.get("/outlets").text
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def _post(client: TestClient, **fields: str) -> Any:
    return client.post("/outlets", data=fields, follow_redirects=False)


def test_merge_writes_the_file_and_pages_follow(editable: tuple[TestClient, Path]) -> None:
    c, path = editable
    before = _json(c, "/outlets.json")
    assert before["editable"] is True
    assert "The Open Lantern" in [o["name"] for o in before["outlets"]]
    done = _post(c, csrf=_token(c), action="merge", outlet="The Open Lantern", target=KLAXON)
    assert done.status_code == 303 and done.headers["location"] == "/outlet/The%20Morning%20Klaxon"
    names = [o["name"] for o in _json(c, "/outlets.json")["outlets"]]
    assert "The Open Lantern" not in names and KLAXON in names
    klaxon = _json(c, f"/outlet/{KLAXON}.json")
    assert {"a2", "a3"} <= set(klaxon["articles"])  # the Lantern's article counts for it
    saved = {o.name: o for o in load_outlets(path)}
    assert saved[KLAXON].aliases == ("The Open Lantern",)
    text = path.read_text()
    assert text.startswith("# my ratings\n") and 'note = "kept"' in text


def test_rename_and_its_json_answer(editable: tuple[TestClient, Path]) -> None:
    c, path = editable
    done = c.post(
        "/outlets.json",
        data={"csrf": _token(c), "action": "rename", "outlet": KESTREL, "target": "Kestrel"},
        headers={"accept": "application/json"},
    )
    assert done.status_code == 405  # only /outlets takes the form
    done = c.post(
        "/outlets",
        data={"csrf": _token(c), "action": "rename", "outlet": KESTREL, "target": "Kestrel"},
        headers={"accept": "application/json"},
    )
    assert done.json() == {"action": "rename", "outlet": KESTREL, "now": "Kestrel"}
    assert load_outlets(path)[0] == Outlet("Kestrel", lean="0 (centre)", aliases=(KESTREL,))
    assert _json(c, "/event/e1.json")["blindspot_attribute"] == "lean"
    assert "Kestrel" in _json(c, "/index.json")["outlets"]


def test_edit_forms_are_on_the_outlet_pages(editable: tuple[TestClient, Path]) -> None:
    c, _ = editable
    html = c.get(f"/outlet/{KESTREL}").text
    assert html.count('name="csrf" value="') == 2 and '<datalist id="outlet-names">' in html
    assert f'<option value="{KLAXON}"></option>' in html
    assert 'name="csrf"' not in c.get("/outlet/%5Ba6%5D").text  # unknown outlet: no form


@pytest.mark.parametrize(
    ("fields", "status", "fragment"),
    [
        ({"csrf": "wrong", "action": "merge", "outlet": KESTREL, "target": KLAXON}, 400, "expired"),
        ({"action": "merge", "outlet": KESTREL, "target": KLAXON}, 400, "csrf"),
        ({"action": "delete", "outlet": KESTREL, "target": KLAXON}, 400, "action"),
        ({"action": "merge", "outlet": "[a6]", "target": KLAXON}, 400, "unknown"),
        ({"action": "merge", "outlet": KESTREL, "target": "the Kestrel Wire"}, 400, "already one"),
        ({"action": "rename", "outlet": KESTREL, "target": KLAXON}, 400, "merge instead"),
        ({"action": "rename", "outlet": KESTREL, "target": "x" * 201}, 400, "too long"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    editable: tuple[TestClient, Path], fields: dict[str, str], status: int, fragment: str
) -> None:
    c, path = editable
    before = path.read_text()
    if ("csrf" in fields and fields["csrf"] != "wrong") or (
        "csrf" not in fields and fragment != "csrf"
    ):
        fields = {"csrf": _token(c), **fields}
    answer = c.post("/outlets", data=fields, headers={"accept": "application/json"})
    assert answer.status_code == status, answer.text
    assert fragment in answer.json()["error"]["message"]
    assert path.read_text() == before


def test_cross_site_and_malformed_posts_are_refused(editable: tuple[TestClient, Path]) -> None:
    c, path = editable
    before = path.read_text()
    form = {"csrf": _token(c), "action": "merge", "outlet": KESTREL, "target": KLAXON}
    evil = c.post("/outlets", data=form, headers={"origin": "http://evil.example"})
    assert evil.status_code == 403
    site = c.post("/outlets", data=form, headers={"sec-fetch-site": "cross-site"})
    assert site.status_code == 403
    # Under no-referrer a browser's same-origin form says "Origin: null": only with
    # Sec-Fetch-Site vouching for it.
    sandboxed = c.post("/outlets", data=form, headers={"origin": "null"})
    assert sandboxed.status_code == 403
    as_json = c.post("/outlets", json=form)
    assert as_json.status_code == 415
    big = c.post(
        "/outlets",
        content=b"a=" + b"x" * 5000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert big.status_code == 413
    other = c.post("/event/e1", data=form)
    assert other.status_code == 405
    assert path.read_text() == before
    same = c.post("/outlets", data=form, headers={"origin": BASE}, follow_redirects=False)
    assert same.status_code == 303
    form["target"] = "The Open Lantern"
    browser = c.post(
        "/outlets",
        data=form,
        headers={"origin": "null", "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert browser.status_code == 303


def test_editing_off_without_a_file(store: Store) -> None:
    with TestClient(create_app(store, profiles=PROFILES), base_url=BASE) as c:
        assert _json(c, "/outlets.json")["editable"] is False
        assert "start the server with --outlets FILE." in c.get("/outlets").text
        html = c.get(f"/outlet/{KESTREL}").text
        assert 'name="csrf"' not in html
        token = c.app.state.editor.token  # type: ignore[attr-defined]
        refused = c.post(
            "/outlets",
            data={"csrf": token, "action": "merge", "outlet": KESTREL, "target": KLAXON},
            headers={"accept": "application/json"},
        )
        assert refused.status_code == 400 and "--outlets" in refused.json()["error"]["message"]


def test_first_edit_creates_the_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "new-outlets.toml"
    with TestClient(create_app(store, outlets_file=path), base_url=BASE) as c:
        assert _json(c, "/index.json")["blindspot_attribute"] is None
        _post(c, csrf=_token(c), action="rename", outlet=GAZETTE, target="The Gazette")
    assert load_outlets(path) == (Outlet("The Gazette", aliases=(GAZETTE,)),)


# -- long articles ---------------------------------------------------------------------------


def test_event_pages_stay_small_for_long_articles(store: Store) -> None:
    """A list page of 80 sentences: one outlet alone has nothing to compare, and next to
    another outlet its claims are listed up to 50 (the article page highlights them all)."""
    sentences = [f"Item {n} of the list was read out at the hearing." for n in range(80)]
    long = web_article("long", KLAXON, "Every case", " ".join(sentences), "2024-03-04")
    other = web_article("other", KESTREL, "A case", "Item 1 was heard.", "2024-03-04")
    store.add_article(long)
    store.add_article(other)
    claims = tuple(web_claim(long, KLAXON, s, n) for n, s in enumerate(sentences))
    events = [
        *store.events(),
        Event("alone", "One outlet", "2024-03-04", ("long",)),
        Event("pair", "Two outlets", "2024-03-04", ("long", "other")),
    ]
    coverages = [
        Coverage("alone", unique={KLAXON: claims}),
        Coverage("pair", unique={KLAXON: claims}),
    ]
    store.replace_analysis(events, store.storylines(), coverages)
    with TestClient(create_app(store), base_url=BASE) as c:
        alone = c.get("/event/alone").text
        assert "there is nothing to compare" in alone and "Reported by one outlet only" not in alone
        assert "Item 40 of the list" not in alone
        pair = c.get("/event/pair").text
        assert "Reported by one outlet only" in pair
        assert "Item 49 of the list" in pair and "Item 50 of the list" not in pair
        assert "and 30 more, highlighted on the article pages" in pair


def test_outlet_page_lists_only_widely_covered_misses(store: Store) -> None:
    with TestClient(create_app(store, profiles=PROFILES), base_url=BASE) as c:
        gazette = c.get(f"/outlet/{GAZETTE}.json").json()
        assert [m["event"] for m in gazette["missed_widely"]] == ["e1"]
        assert gazette["missed_widely_total"] == 1
        kestrel = c.get(f"/outlet/{KESTREL}.json").json()
        assert [m["event"] for m in kestrel["missed"]] == ["e2", "e/3"]  # one outlet each
        assert kestrel["missed_widely"] == []
        assert "Each was covered by one other outlet only." in c.get(f"/outlet/{KESTREL}").text


def test_spellings_cache_reads_only_new_articles() -> None:
    from newsweave.web.search import SpellingsCache

    cache = SpellingsCache()
    by_id = {a.id: a for a in FOLD_ARTICLES}
    calls: list[list[str] | None] = []

    def load(ids: list[str] | None) -> list[Article]:
        calls.append(ids)
        return [by_id[i] for i in (ids if ids is not None else list(by_id))]

    first = {"k1": 1, "k3": 1}
    by_id = {i: by_id[i] for i in ("k1", "k3")}
    assert cache.get(first, load).variants("Harnovo", 3) == ["kharnovo"]
    assert cache.get(first, load).variants("Harnovo", 3) == ["kharnovo"]
    assert calls == [None]  # built once
    by_id["k2"] = FOLD_ARTICLES[1]
    grown = cache.get({**first, "k2": 1}, load)
    assert calls == [None, ["k2"]]  # only the new article was read
    assert grown.variants("Kharnovo", 3) == ["harnovo"]
    changed = cache.get({"k1": 2, "k2": 1}, load)  # k1 changed, k3 went: built again
    assert calls[-1] is None and changed.variants("Strak", 3) == []


def test_editing_off_on_a_server_open_to_other_machines(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(f'[[outlet]]\nname = "{KESTREL}"\n')
    app = create_app(store, outlets_file=path, allowed_hosts=None)
    with TestClient(app, base_url="http://news.lan") as c:
        assert _json(c, "/outlets.json")["editable"] is False
        assert "--allow-remote" in c.get("/outlets").text
        token = c.app.state.editor.token  # type: ignore[attr-defined]
        refused = c.post(
            "/outlets",
            data={"csrf": token, "action": "rename", "outlet": KESTREL, "target": "K"},
            headers={"accept": "application/json"},
        )
        assert refused.status_code == 400 and "--allow-remote" in refused.json()["error"]["message"]
    assert load_outlets(path) == (Outlet(KESTREL),)


def test_search_syntax_on_postgresql() -> None:
    """The expanded query (OR between spellings, exclusions in every alternative) means the
    same to PostgreSQL's websearch_to_tsquery as to SQLite's FTS5."""
    from tests.helpers import pg_schema_url

    with pg_schema_url() as url:
        with open_store(url) as pg:
            for article in FOLD_ARTICLES:
                pg.add_article(article)
            pg.replace_analysis([Event("k", "Kharnovo", "2024-05-02", ("k1", "k2"))], [], [])
        with TestClient(create_app(url), base_url=BASE) as c:

            def ids(q: str) -> list[str]:
                found = _json(c, f"/index.json?q={q}")["search"]
                return sorted(h["article"] for h in found["hits"])

            assert ids("Kharnovo") == ids("Harnovo") == ["k1", "k2"]
            assert ids("Kharnovo+NOT+west") == ids("Kharnovo+-west") == ["k1"]
            assert ids("Stark+NOT+council") == ["k3"]
