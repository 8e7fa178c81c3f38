"""Web: hostile content in every field, path traversal in every parameter, oversized requests,
forced internal errors, and the security headers on every response.

A store is filled, for each payload, with one analysed event whose every field carries the
payload: article id, title, text, outlet, URL, quote speaker and text, entity, removed line,
claim, summary, event and storyline titles. Every page is then fetched as HTML and JSON.
"""

from __future__ import annotations

import builtins
import io
import os
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("starlette", reason="the web app needs newsweave[web]")
pytest.importorskip("httpx", reason="the web tests need httpx")

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from newsweave.errors import StoreError
from newsweave.models import (
    Article,
    Claim,
    ClaimGroup,
    Coverage,
    Entity,
    Event,
    Quote,
    QuoteGroup,
    QuoteVariant,
    RemovedLine,
    Storyline,
    SummarySentence,
)
from newsweave.store import SQLiteStore, Store, open_store
from newsweave.web.app import create_app
from newsweave.web.security import MAX_HEADER_BYTES, MAX_URL_BYTES
from tests.helpers import count, start_tags

PAYLOADS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg/onload=alert(2)>',
    "'><iframe srcdoc='<script>alert(3)</script>'>",
    "</title></textarea></style><script>alert(4)</script>",
    '<a href="javascript:alert(5)">click</a>',
    "javascript:alert(6)",
    " JaVaScRiPt:alert(7)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==",
    "{{ 7*7 }}{% raw %}{{ config }}",
    "<!--<img src=x onerror=alert(9)>-->",
    "\u202e<b onmouseover=alert(10)>\u0000x</b>",
    "&lt;script&gt;alert(11)&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
]

#: Start tags that can run script or load content; none may come from stored text.
ACTIVE_TAGS = {
    "script",
    "img",
    "iframe",
    "object",
    "embed",
    "math",
    "base",
    "meta",
    "link",
    "video",
    "audio",
    "source",
    "style",
}


def _hostile_store(payload: str) -> tuple[Store, dict[str, str]]:
    """A store whose every field carries ``payload``; returns it and the pages to visit."""
    aid = "art" + payload  # ids come from file names and records: hostile too
    text = f"Dockers walked out on Monday. {payload} said “{payload} now” loudly. The end."
    q_start = text.index("“") + 1
    q_text = f"{payload} now"
    article = Article(
        id=aid,
        text=text,
        raw_text=f"{payload}\n{text}",
        title=f"Title {payload}",
        outlet=f"Outlet {payload}",
        url=payload if ":" in payload else f"https://x.example/{payload}",
        date="2024-03-04",
        source_key=f"/in/{payload}",
        path=f"/in/{payload}.txt",
        content_hash="h1",
        quotes=(
            Quote(
                q_text,
                f"Speaker {payload}",
                "direct",
                q_start,
                q_start + len(q_text),
                "said",
                payload,
            ),
        ),
        entities=(
            Entity(payload, "PERSON", text.index(payload), text.index(payload) + len(payload)),
        ),
        removed_lines=(RemovedLine(0, payload, "promo"),),
        cited_sources=(payload,),
        meta={"note": payload},
    )
    other = Article(
        id="plain",
        text="Dockers walked out on Monday. Nothing else.",
        raw_text="x",
        title="Plain",
        outlet="Plain Wire",
        date="2024-03-04",
        source_key="/in/plain",
        content_hash="h2",
    )
    store = open_store(":memory:")
    store.add_article(article)
    store.add_article(other)
    claim = Claim(f"{aid}#0", aid, article.outlet or "", payload, 0, len(payload), 0)
    plain_claim = Claim("plain#0", "plain", "Plain Wire", "Dockers walked out on Monday.", 0, 29)
    coverage = Coverage(
        "ev" + payload,
        consensus=(
            ClaimGroup(
                payload, (claim, plain_claim), (article.outlet or "", "Plain Wire"), (aid, "plain")
            ),
        ),
        unique={article.outlet or "": (claim,)},
        omissions={"Plain Wire": (payload,)},
        quotes=(
            QuoteGroup(
                f"Speaker {payload}",
                (QuoteVariant(article.outlet or "", aid, q_text, verdict=payload),),
                "single",
            ),
        ),
        summary=(SummarySentence(payload, (aid,), (article.outlet or "",)),),
    )
    event = Event("ev" + payload, f"Event {payload}", "2024-03-04", (aid, "plain"), "st1")
    story = Storyline("st1", f"Storyline {payload}", (event.id,))
    store.replace_analysis([event], [story], [coverage])
    enc = lambda s: quote(s, safe="")  # noqa: E731
    pages = {
        "home": "/",
        "search": "/?q=" + enc(payload),
        "filter": "/?outlet=" + enc(article.outlet or "") + "&storyline=st1",
        "event": "/event/" + enc(event.id),
        "article": "/article/" + enc(aid),
        "outlets": "/outlets",
        "outlet": "/outlet/" + enc(article.outlet or ""),
        "speakers": "/speakers",
        "speaker": "/speaker/" + enc(f"Speaker {payload}"),
        "missing": "/event/" + enc("nope" + payload),
    }
    return store, pages


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a decoded JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def assert_security_headers(response: Any) -> None:
    h = response.headers
    csp = h.get("content-security-policy", "")
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, response.url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "script-src" not in csp
    assert h.get("x-content-type-options") == "nosniff"
    assert h.get("x-frame-options") == "DENY"
    assert h.get("referrer-policy") == "no-referrer"
    count("web responses checked")


def assert_inert(page: str, payload: str, url: str) -> None:
    """No markup from ``payload`` became live markup in ``page``."""
    if "<" in payload:
        assert payload not in page, (url, payload)
    if "{{" in payload:  # shown as written, never evaluated as a template
        assert ("<Config" not in page and "{{ 7*7 }}" in page) or "/nope" in url, url
    for tag, attrs in start_tags(page):
        assert tag not in ACTIVE_TAGS or tag in ("meta", "link"), (url, tag)
        for name, value in attrs:
            assert not name.startswith("on"), (url, tag, name)
            if name in ("href", "src", "action", "formaction", "srcdoc", "data"):
                v = (value or "").strip().lower().replace("\x00", "")
                assert not v.startswith(("javascript:", "data:", "vbscript:")), (url, name, value)
        if tag == "form":
            assert (dict(attrs).get("action") or "/").startswith("/"), (url, attrs)
        if tag == "meta":
            assert all(n in ("charset", "name", "content") for n, _ in attrs), attrs
        if tag == "link":
            href = dict(attrs).get("href") or ""
            assert href.startswith("/static/"), (url, attrs)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_inert_on_every_page(payload: str) -> None:
    store, pages = _hostile_store(payload)
    try:
        with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
            for name, url in pages.items():
                page = client.get(url)
                assert page.status_code == (404 if name == "missing" else 200), (
                    url,
                    page.text[:300],
                )
                assert page.headers["content-type"].startswith("text/html")
                assert_security_headers(page)
                assert_inert(page.text, payload, url)
                json_url = (
                    ("/index.json" + url[1:])
                    if url.startswith("/?") or url == "/"
                    else (url.replace("?", ".json?") if "?" in url else url + ".json")
                )
                data = client.get(json_url)
                assert data.headers["content-type"].startswith("application/json")
                assert_security_headers(data)
                body = data.json()  # valid JSON whatever the payload
                if name in ("article", "event"):
                    assert any(payload in v for v in _strings(body)), (json_url, payload)
                count("XSS page checks", 2)
            article = client.get(pages["article"] + ".json").json()
            assert article["title"] == f"Title {payload}"  # JSON carries the value verbatim
            assert article["outlet"] == f"Outlet {payload}"
    finally:
        store.close()


# -- path traversal --------------------------------------------------------------------------

TRAVERSALS = [
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252fetc%252fpasswd",
    "..%5c..%5c..%5cwindows%5cwin.ini",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "%ef%bc%8e%ef%bc%8e%ef%bc%8f%ef%bc%8e%ef%bc%8e%ef%bc%8fetc%ef%bc%8fpasswd",
    "/etc/passwd",
    "%2Fetc%2Fpasswd",
    "file:%2F%2F%2Fetc%2Fpasswd",
    "app.css%00.py",
    "%00",
    "..%00/..%00/etc/passwd",
    "....//....//etc/passwd",
    "~root%2F.ssh%2Fid_rsa",
    "..;/..;/etc/passwd",
    "%5C%5Cserver%5Cshare",
    "a" * 3000,
]
ROUTES = ["/event/", "/article/", "/outlet/", "/speaker/", "/static/"]
QUERY_KEYS = ["q", "outlet", "storyline", "from", "to", "page"]


@pytest.fixture(scope="module")
def plain_client() -> Iterator[TestClient]:
    store, _ = _hostile_store("plain text")
    with TestClient(create_app(store), base_url="http://localhost") as client:
        yield client
    store.close()


def _watch_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file the process opens from now on."""
    opened: list[str] = []
    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(file: Any, *args: Any, **kwargs: Any) -> Any:
            opened.append(str(file))
            return real(file, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", spy(real_open))
    monkeypatch.setattr(io, "open", spy(real_io_open))
    monkeypatch.setattr(os, "open", spy(real_os_open))
    return opened


@pytest.mark.parametrize("route", ROUTES)
def test_traversal_in_route_parameters_reaches_no_file(
    plain_client: TestClient, route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain_client.get("/")  # templates loaded before the spy
    plain_client.get("/event/nope")
    opened = _watch_files(monkeypatch)
    for attack in TRAVERSALS:
        for suffix in ("", ".json"):
            url = route + attack + suffix
            response = plain_client.get(url)
            assert response.status_code in (400, 404, 414), (url, response.status_code)
            assert_security_headers(response)
            text = response.text
            assert "root:" not in text and "Traceback" not in text and "[fonts]" not in text
            assert "/work/" not in text and "site-packages" not in text and "import " not in text
            count("traversal requests")
    assert opened == [], opened


@pytest.mark.parametrize("key", QUERY_KEYS)
def test_traversal_and_junk_in_query_parameters(plain_client: TestClient, key: str) -> None:
    for attack in [
        *TRAVERSALS[:-1],
        "' OR 1=1 --",
        '"; DROP TABLE articles; --',
        "NEAR(a b)",
        "title:x",
        "*",
        "-",
        '"',
        "\x00",
    ]:
        for base in ("/", "/index.json"):
            response = plain_client.get(f"{base}?{key}={quote(attack, safe='%/')}")
            assert response.status_code in (200, 400), (key, attack, response.status_code)
            assert_security_headers(response)
            assert "Traceback" not in response.text and "sqlite" not in response.text.lower()
            if base.endswith(".json"):
                response.json()
            count("traversal requests")
    assert plain_client.get("/index.json").json()["events"], "a query dropped a table"


# -- oversized and odd requests --------------------------------------------------------------


def test_oversized_and_odd_requests_are_refused_with_headers(plain_client: TestClient) -> None:
    c = plain_client
    cases: list[tuple[Any, int]] = [
        (lambda: c.get("/?q=" + "a" * MAX_URL_BYTES), 414),
        (lambda: c.get("/event/" + "e" * (MAX_URL_BYTES + 10)), 414),
        (lambda: c.get("/", headers={"x-big": "a" * (MAX_HEADER_BYTES + 1)}), 431),
        (lambda: c.get("/", headers={f"x-h{i}": "v" * 40 for i in range(600)}), 431),
        (lambda: c.request("GET", "/", content=b"x" * 1_000_000), 413),
        (lambda: c.get("/", headers={"content-length": "-1"}), 413),
        (lambda: c.get("/", headers={"content-length": "1e9"}), 413),
        (lambda: c.get("/", headers={"transfer-encoding": "chunked"}), 413),
        (lambda: c.post("/index.json", content=b"{}"), 405),
        (lambda: c.put("/event/x"), 405),
        (lambda: c.request("TRACE", "/"), 405),
        (lambda: c.request("OPTIONS", "/"), 405),
        (lambda: c.patch("/article/x"), 405),
        (lambda: c.get("/", headers={"host": "evil.example"}), 400),
        (lambda: c.get("/", headers={"host": "127.0.0.1.evil.example:8765"}), 400),
    ]
    for make, status in cases:
        response = make()
        assert response.status_code == status, (status, response.status_code, response.text[:200])
        assert_security_headers(response)
        assert "Traceback" not in response.text
        count("oversized or odd requests")
    json_error = c.get("/index.json", headers={"x-big": "a" * (MAX_HEADER_BYTES + 1)}).json()
    assert json_error == {"error": {"status": 431, "message": json_error["error"]["message"]}}


# -- forced internal errors ------------------------------------------------------------------

SECRET = "/home/secret/newsweave.db SELECT data FROM articles WHERE id = ? Traceback psycopg"
READ_METHODS = [
    "events",
    "get_event",
    "get_article",
    "iter_articles",
    "article_briefs",
    "storylines",
    "get_coverage",
    "search_articles",
    "article_quotes",
]
FAILURES: list[Callable[[], BaseException]] = [
    lambda: RuntimeError(SECRET),
    lambda: sqlite3.OperationalError(SECRET),
    lambda: StoreError(SECRET),
    lambda: KeyError(SECRET),
    lambda: ValueError(SECRET),
    lambda: RecursionError(SECRET),
    lambda: UnicodeDecodeError("utf-8", SECRET.encode(), 0, 1, SECRET),
]


def _failing_store(method: str, failure: Callable[[], BaseException]) -> Store:
    class Failing(SQLiteStore):
        pass

    def boom(self: Store, *args: Any, **kwargs: Any) -> Any:
        raise failure()

    setattr(Failing, method, boom)
    store = Failing(":memory:")
    filled, _ = _hostile_store("plain")
    for article in filled.iter_articles():
        store.add_article(article)
    for event in filled.events():
        cov = filled.get_coverage(event.id)
        SQLiteStore.replace_analysis(store, [event], filled.storylines(), [cov] if cov else [])
    filled.close()
    return store


@pytest.mark.fuzz  # fault injection: ~1,000 forced store failures, several seconds
@pytest.mark.parametrize("method", READ_METHODS)
def test_internal_errors_never_leak(method: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("CRITICAL")  # the app logs the details; the test looks at responses only
    urls = [
        "/",
        "/?q=dockers",
        "/event/evplain",
        "/article/artplain",
        "/outlets",
        "/outlet/Outlet%20plain",
        "/speakers",
        "/speaker/Speaker%20plain",
    ]
    for failure in FAILURES:
        store = _failing_store(method, failure)
        try:
            with TestClient(
                create_app(store), base_url="http://localhost", raise_server_exceptions=False
            ) as client:
                for url in urls:
                    json_url = (
                        "/index.json" + url[1:]
                        if url.startswith("/?") or url == "/"
                        else url + ".json"
                    )
                    for u in (url, json_url):
                        response = client.get(u)
                        assert_security_headers(response)
                        text = response.text
                        assert "secret" not in text and "SELECT" not in text, (
                            method,
                            u,
                            text[:300],
                        )
                        assert "Traceback" not in text and "psycopg" not in text
                        if response.status_code >= 500:
                            assert response.status_code in (500, 503)
                            if u.endswith(".json") or "index.json" in u:
                                err = response.json()["error"]
                                assert set(err) == {"status", "message"}
                        count("forced internal errors")
        finally:
            store.close()
