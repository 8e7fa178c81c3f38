"""URL fetching against a local HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.ingest import read_inputs
from newsweave.ingest.fetch import Failure, FetchCache, Fetcher, Response, retry_after_seconds
from newsweave.ingest.urls import read_url, read_url_list
from newsweave.models import Article, ItemOutcome

PARAGRAPHS = [
    "The harbour authority said on Tuesday that the northern quay would reopen next month "
    "after repairs to the storm wall were finished ahead of schedule.",
    "Engineers found that the damage from the January storm was less severe than first "
    "feared, according to a report published by the authority's board.",
    "Fishing crews who had moved their boats to the southern basin welcomed the news but "
    "asked for compensation for the extra fuel they had spent since the closure.",
]


def page(title: str = "Quay reopens", paragraphs: list[str] = PARAGRAPHS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
        "</article></body></html>"
    )


Reply = tuple[int, dict[str, str], bytes]
Route = Reply | list[Reply] | Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Server:
    """Routes by path; a list of replies is served in order (the last one repeats)."""

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, float, str]] = field(default_factory=list)  # path, time, user agent
    base: str = ""

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.log]


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return None

        def do_GET(self) -> None:
            state.log.append((self.path, time.monotonic(), self.headers.get("User-Agent", "")))
            route = state.routes.get(self.path)
            if route is None:
                route = (404, {"Content-Type": "text/plain"}, b"not found")
            if callable(route):
                route(self)
                return
            if isinstance(route, list):
                reply = route.pop(0) if len(route) > 1 else route[0]
            else:
                reply = route
            status, headers, body = reply
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    state.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\n")
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


HTML = {"Content-Type": "text/html; charset=utf-8"}
SETTINGS = Settings(per_host_delay=0.0, fetch_timeout=2.0, max_file_bytes=1_000_000)


@pytest.fixture
def fetcher(tmp_path: Path) -> Iterator[Fetcher]:
    waits: list[float] = []
    with Fetcher(
        SETTINGS, cache=FetchCache(tmp_path / "cache"), backoff=0.01, sleep=waits.append
    ) as active:
        active.waits = waits  # type: ignore[attr-defined]  # the fake clock's record
        yield active


def test_page_is_fetched_extracted_and_cached(server: Server, fetcher: Fetcher) -> None:
    server.routes["/news/quay"] = (200, HTML, page().encode())
    (article,) = read_url(server.base + "/news/quay", SETTINGS, fetcher)
    assert isinstance(article, Article)
    assert article.id.startswith("quay-") and PARAGRAPHS[1] in article.text
    assert article.source_key == server.base + "/news/quay"
    assert article.meta["http_status"] == "200" and article.meta["fetched_at"]
    assert all(ua == SETTINGS.user_agent for _, _, ua in server.log)
    # A rerun (new fetcher, same cache) re-extracts from the stored response: no request.
    before = len(server.log)
    assert fetcher.cache is not None
    with Fetcher(SETTINGS, cache=fetcher.cache) as again:
        (rerun,) = read_url(server.base + "/news/quay", SETTINGS, again)
    assert len(server.log) == before
    assert isinstance(rerun, Article) and rerun.text == article.text
    stored = fetcher.cache.get(server.base + "/news/quay")
    assert isinstance(stored, Response) and stored.status == 200 and stored.body == page().encode()


def test_robots_disallow_is_obeyed(server: Server, fetcher: Fetcher) -> None:
    server.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /private\n")
    server.routes["/private/x"] = (200, HTML, page().encode())
    server.routes["/go-private"] = (302, {"Location": "/private/x"}, b"")
    (item,) = read_url(server.base + "/private/x", SETTINGS, fetcher)
    assert isinstance(item, ItemOutcome) and item.reason == "disallowed by robots.txt"
    (hop,) = read_url(server.base + "/go-private", SETTINGS, fetcher)
    assert isinstance(hop, ItemOutcome) and "disallowed by robots.txt" in (hop.reason or "")
    assert "/private/x" not in server.paths()
    assert server.paths().count("/robots.txt") == 1  # rules are kept per host


def test_unreachable_robots_disallows_the_host(server: Server, fetcher: Fetcher) -> None:
    server.routes["/robots.txt"] = (503, {}, b"")
    server.routes["/a"] = (200, HTML, page().encode())
    result = fetcher.fetch(server.base + "/a")
    assert isinstance(result, Failure) and "robots.txt unreachable (HTTP 503)" in result.reason


def test_missing_robots_allows_everything(server: Server, fetcher: Fetcher) -> None:
    server.routes["/robots.txt"] = (404, {}, b"")
    server.routes["/a"] = (200, HTML, page().encode())
    assert isinstance(fetcher.fetch(server.base + "/a"), Response)


def test_429_retry_after_is_honoured(server: Server, fetcher: Fetcher) -> None:
    server.routes["/busy"] = [(429, {"Retry-After": "7"}, b""), (200, HTML, page().encode())]
    result = fetcher.fetch(server.base + "/busy")
    assert isinstance(result, Response) and result.status == 200
    assert 7.0 in fetcher.waits  # type: ignore[attr-defined]
    assert server.paths().count("/busy") == 2


def test_retry_after_beyond_the_cap_fails_fast(server: Server, fetcher: Fetcher) -> None:
    server.routes["/later"] = (429, {"Retry-After": "86400"}, b"")
    result = fetcher.fetch(server.base + "/later")
    assert isinstance(result, Failure) and "Retry-After" in result.reason
    assert server.paths().count("/later") == 1


def test_500_then_200_with_exponential_backoff(server: Server, fetcher: Fetcher) -> None:
    server.routes["/flaky"] = [(500, {}, b""), (502, {}, b""), (200, HTML, page().encode())]
    assert isinstance(fetcher.fetch(server.base + "/flaky"), Response)
    assert fetcher.waits == [0.01, 0.02]  # type: ignore[attr-defined]


def test_persistent_500_gives_up(server: Server, fetcher: Fetcher) -> None:
    server.routes["/down"] = (500, {}, b"")
    result = fetcher.fetch(server.base + "/down")
    assert isinstance(result, Failure) and result.reason == "HTTP 500 (after 4 attempts)"


def test_redirects_followed_and_loops_refused(server: Server, fetcher: Fetcher) -> None:
    server.routes["/old"] = (301, {"Location": "/new"}, b"")
    server.routes["/new"] = (200, HTML, page().encode())
    server.routes["/loop-a"] = (302, {"Location": "/loop-b"}, b"")
    server.routes["/loop-b"] = (302, {"Location": "/loop-a"}, b"")
    for i in range(12):
        server.routes[f"/chain{i}"] = (302, {"Location": f"/chain{i + 1}"}, b"")
    (moved,) = read_url(server.base + "/old", SETTINGS, fetcher)
    assert isinstance(moved, Article) and moved.url == server.base + "/new"
    assert moved.source_key == server.base + "/old"
    (loop,) = read_url(server.base + "/loop-a", SETTINGS, fetcher)
    assert isinstance(loop, ItemOutcome) and "redirect loop" in (loop.reason or "")
    (chain,) = read_url(server.base + "/chain0", SETTINGS, fetcher)
    assert isinstance(chain, ItemOutcome) and "more than 10 redirects" in (chain.reason or "")


def test_timeouts(server: Server, tmp_path: Path) -> None:
    def stall(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(40):
                handler.wfile.write(b"<p>x</p>")
                handler.wfile.flush()
                time.sleep(0.05)
        except OSError:
            return

    server.routes["/stall"] = stall
    server.routes["/trickle"] = trickle
    quick = Settings(per_host_delay=0.0, fetch_timeout=0.4)
    with Fetcher(quick, cache=False, max_retries=1, backoff=0.0) as active:
        stalled = active.fetch(server.base + "/stall")
        assert isinstance(stalled, Failure) and "timed out after 0.4 s" in stalled.reason
        assert "after 2 attempts" in stalled.reason
        slow = active.fetch(server.base + "/trickle")
        assert isinstance(slow, Failure) and "slow body" in slow.reason


def test_huge_bodies_refused(server: Server, fetcher: Fetcher) -> None:
    big = b"<html><body>" + b"<p>word</p>" * 200_000 + b"</body></html>"
    server.routes["/declared"] = (200, HTML, big)

    def chunked(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for _ in range(100):
                handler.wfile.write(b"<p>word</p>" * 2000)
        except OSError:
            return

    server.routes["/undeclared"] = chunked
    declared = fetcher.fetch(server.base + "/declared")
    assert isinstance(declared, Failure) and "over max_file_bytes=1,000,000" in declared.reason
    undeclared = fetcher.fetch(server.base + "/undeclared")
    assert isinstance(undeclared, Failure) and "over max_file_bytes" in undeclared.reason


def test_binary_content_type_refused_unread(server: Server, fetcher: Fetcher) -> None:
    server.routes["/logo.png"] = (200, {"Content-Type": "image/png"}, b"\x89PNG" * 100)
    (item,) = read_url(server.base + "/logo.png", SETTINGS, fetcher)
    assert isinstance(item, ItemOutcome) and item.reason == "unsupported content type image/png"


def test_charset_from_headers(server: Server, fetcher: Fetcher) -> None:
    russian = [
        "Власти порта заявили во вторник, что северный причал откроется в следующем месяце "
        "после ремонта штормовой стены.",
        "Рыбаки попросили компенсацию за дополнительное топливо, потраченное после закрытия.",
    ]
    body = page("Причал", russian).encode("windows-1251")
    server.routes["/ru"] = (200, {"Content-Type": "text/html; charset=windows-1251"}, body)
    (article,) = read_url(server.base + "/ru", SETTINGS, fetcher)
    assert isinstance(article, Article) and russian[0] in article.text


def test_plain_text_and_not_found(server: Server, fetcher: Fetcher) -> None:
    server.routes["/note.txt"] = (200, {"Content-Type": "text/plain"}, b"A wire note.\nLine 2.")
    (note,) = read_url(server.base + "/note.txt", SETTINGS, fetcher)
    assert isinstance(note, Article) and note.text == "A wire note.\nLine 2."
    (missing,) = read_url(server.base + "/missing", SETTINGS, fetcher)
    assert isinstance(missing, ItemOutcome) and "HTTP 404" in (missing.reason or "")


def test_feed_url_follows_teaser_links(server: Server, fetcher: Fetcher) -> None:
    server.routes["/story"] = (200, HTML, page("Full story").encode())
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>'
        f"<item><title>Teaser</title><link>{server.base}/story</link><guid>t-1</guid>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 +0100</pubDate>"
        "<description>Only a teaser.</description></item>"
        f"<item><title>Gone</title><link>{server.base}/gone</link><guid>t-2</guid>"
        "<description>Teaser of a deleted story.</description></item>"
        "</channel></rss>"
    ).encode()
    server.routes["/feed"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, feed)
    story, gone = read_url(server.base + "/feed", SETTINGS, fetcher)
    assert isinstance(story, Article) and story.id == "t-1" and story.outlet == "Local Wire"
    assert PARAGRAPHS[0] in story.text and story.meta["summary"] == "Only a teaser."
    assert story.date == "2024-03-05" and story.source_key == server.base + "/feed#t-1"
    assert isinstance(gone, Article) and gone.text == "Teaser of a deleted story."
    assert "HTTP 404" in gone.meta["link_error"]
    # Rerun: the feed is revalidated (it changes), the linked page comes from the cache.
    server.routes["/feed"] = (304, {}, b"")
    server.log.clear()
    again = list(read_url(server.base + "/feed", SETTINGS, fetcher))
    assert [getattr(i, "id", None) for i in again] == ["t-1", "t-2"]
    assert "/story" not in server.paths() and server.paths().count("/feed") == 1


def test_url_list_and_read_inputs(server: Server, fetcher: Fetcher, tmp_path: Path) -> None:
    server.routes["/a"] = (200, HTML, page("A").encode())
    server.routes["/b"] = (200, HTML, page("B").encode())
    listing = tmp_path / "list.urls"
    listing.write_text(
        f"# morning list\n{server.base}/a\n\nftp://example.org/x\nnot a url\n{server.base}/b\n"
    )
    items = list(read_url_list(listing, SETTINGS, fetcher))
    assert [type(i).__name__ for i in items] == ["Article", "ItemOutcome", "ItemOutcome", "Article"]
    assert items[1].source == f"{listing}#line 4"  # type: ignore[union-attr]
    empty = tmp_path / "empty.urls"
    empty.write_text("# nothing\n")
    assert [i.reason for i in read_url_list(empty, SETTINGS, fetcher)] == [  # type: ignore[union-attr]
        "URL list has no URLs"
    ]
    # Through read_inputs: bare URLs, url_lists, and .urls files found in folders.
    mixed = list(
        read_inputs(
            [server.base + "/a", str(tmp_path / "nope")],
            SETTINGS.replace(db=str(tmp_path / "x.db")),
            url_lists=[listing],
        )
    )
    assert [type(i).__name__ for i in mixed] == [
        "Article", "ItemOutcome", "Article", "ItemOutcome", "ItemOutcome", "Article",
    ]  # fmt: skip
    assert (tmp_path / "x.db.fetch").is_dir()  # the raw responses, beside the store


def test_per_host_delay(server: Server, tmp_path: Path) -> None:
    server.routes["/a"] = (200, HTML, page("A").encode())
    server.routes["/b"] = (200, HTML, page("B").encode())
    polite = Settings(per_host_delay=0.3, fetch_timeout=2.0)
    with Fetcher(polite, cache=False) as active:
        assert isinstance(active.fetch(server.base + "/a"), Response)
        assert isinstance(active.fetch(server.base + "/b"), Response)
    times = [t for _, t, _ in server.log]  # robots.txt, /a, /b
    assert len(times) == 3
    assert all(later - earlier >= 0.28 for earlier, later in itertools.pairwise(times))


def test_bad_urls_and_retry_after_dates() -> None:
    with Fetcher(SETTINGS, cache=False) as active:
        for bad in ("ftp://x.example/a", "http://", "https:///path", "not a url"):
            result = active.fetch(bad)
            assert isinstance(result, Failure) and "not an absolute http(s) URL" in result.reason
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0) == 0.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None


def test_feed_files_share_the_runs_fetcher(server: Server, tmp_path: Path) -> None:
    server.routes["/s1"] = (200, HTML, page("One").encode())
    server.routes["/s2"] = (200, HTML, page("Two").encode())
    for name, target in (("a.rss", "/s1"), ("b.rss", "/s2")):
        (tmp_path / name).write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item>'
            f"<title>T</title><link>{server.base}{target}</link><description>Teaser.</description>"
            "</item></channel></rss>"
        )
    items = list(read_inputs([tmp_path], SETTINGS.replace(db=str(tmp_path / "x.db"))))
    assert [getattr(i, "title", None) for i in items] == ["T", "T"]
    assert all(isinstance(i, Article) and PARAGRAPHS[0] in i.text for i in items)
    assert server.paths().count("/robots.txt") == 1  # one fetcher, robots rules kept per host
