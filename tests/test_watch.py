"""`newsweave watch`: conditional polls, online assignment, restarts and kill -9.

Feeds are served by a real HTTP server on 127.0.0.1 whose content, validators and answers the
tests change between polls; it records every request's conditional headers.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli.watch import watch as watch_command
from newsweave.config import Settings
from newsweave.errors import ConfigError, InputError
from newsweave.store import Store, open_store
from newsweave.watch import Watcher, parse_interval, read_feed_list
from tests.helpers import pg_schema_url

REPO = Path(__file__).resolve().parents[1]

# -- synthetic news: three happenings, each reported by several outlets -----------------------

_EVENTS = {
    "quake": (
        "An earthquake of magnitude 6.1 struck near Varnholt on {day}, damaging 240 homes, "
        "mayor Ilse Brandauer said. Rescue teams from Kessling and Orvieto searched collapsed "
        "buildings through the night. The regional seismic office in Varnholt recorded 14 "
        "aftershocks. Brandauer asked residents to sleep outside until engineers inspect the "
        "remaining houses, and the provincial government released emergency funds."
    ),
    "strike": (
        "Dock workers at the port of Salbrino walked out on {day} over a 9 percent pay cut, "
        "union leader Tomas Quirevel told reporters. Forty ships waited outside the harbour "
        "and the port authority of Salbrino said cargo worth 80 million was stuck. Quirevel "
        "said the strike would last until the shipping firm Maravent restored the wages, while "
        "Maravent called the walkout unlawful and asked a court in Salbrino to end it."
    ),
    "election": (
        "Voters in Duneholm elected Petra Vashenko as mayor on {day} with 57 percent of the "
        "vote, the election board of Duneholm announced. Vashenko, a former teacher, promised "
        "cheaper buses and a new library for the eastern districts. Her rival Anton Greiss "
        "conceded late at night. Turnout reached 61 percent, the highest in Duneholm since "
        "the city board began counting votes electronically twenty years ago."
    ),
}
_HEADLINES = {
    "quake": ("Earthquake damages homes in Varnholt", "Varnholt shaken by strong quake",
              "Aftershocks follow Varnholt earthquake"),
    "strike": ("Salbrino dock workers strike over pay", "Port of Salbrino halted by walkout",
               "Maravent faces dockers' strike in Salbrino"),
    "election": ("Vashenko wins Duneholm mayoral vote", "Duneholm elects Petra Vashenko",
                 "Greiss concedes as Vashenko takes Duneholm"),
}  # fmt: skip
# Each outlet adds a line of its own (what it adds to every story, not the story itself).
_ANGLES = {
    "Harbour Courier": "Local traders told the Harbour Courier they feared the coming weeks.",
    "Northern Ledger": "Analysts quoted by the Northern Ledger expect months of consequences.",
    "Valley Times": "Reporters from the Valley Times spoke with families at the town hall.",
}
_BASE_DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _item(outlet: str, event: str, n: int) -> dict[str, str]:
    day = _BASE_DAY + timedelta(days=n // 3)
    body = _EVENTS[event].format(day=day.strftime("%A"))
    text = f"<p>{body}</p><p>{_ANGLES[outlet]}</p>"
    slug = outlet.lower().replace(" ", "-")
    return {
        "guid": f"{slug}-{event}-{n}",
        "title": _HEADLINES[event][n % 3],
        "date": format_datetime(day),
        "html": text,
        "event": event,
    }


def _rss(outlet: str, items: list[dict[str, str]]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{outlet}</title><link>http://127.0.0.1/</link>",
    ]
    for item in items:
        parts.append(
            f'<item><guid isPermaLink="false">{item["guid"]}</guid>'
            f"<title>{item['title']}</title><pubDate>{item['date']}</pubDate>"
            f"<content:encoded><![CDATA[{item['html']}]]></content:encoded></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode()


class FeedServer:
    """Feeds on 127.0.0.1 whose body, validators and status the test sets at will."""

    def __init__(self) -> None:
        self.feeds: dict[str, dict[str, object]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                feed = server.feeds.get(self.path)
                if feed is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = int(feed.get("status", 200))  # type: ignore[call-overload]
                etag, modified = feed.get("etag"), feed.get("modified")
                fresh = (etag and self.headers.get("If-None-Match") == etag) or (
                    not etag and modified and self.headers.get("If-Modified-Since") == modified
                )
                if status == 200 and fresh:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = feed["body"] if status == 200 else b"gone"
                assert isinstance(body, bytes)
                self.send_response(status)
                media = str(feed.get("type", "application/rss+xml; charset=utf-8"))
                if media:
                    self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", str(etag))
                if modified:
                    self.send_header("Last-Modified", str(modified))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def publish(self, path: str, outlet: str, items: list[dict[str, str]], version: str) -> None:
        """Serve ``items`` at ``path``; the version names the ETag (or Last-Modified)."""
        modified = format_datetime(_BASE_DAY + timedelta(hours=len(version)), usegmt=True)
        entry: dict[str, object] = {"body": _rss(outlet, items), "modified": modified}
        if not path.endswith("-lm.xml"):  # "-lm" feeds send Last-Modified only
            entry["etag"] = f'"{version}"'
        self.feeds[path] = entry

    def conditional(self, path: str) -> list[str]:
        """The conditional header of each request made for ``path``, in order ("" = none)."""
        return [
            h.get("If-None-Match") or h.get("If-Modified-Since") or ""
            for p, h in self.requests
            if p == path
        ]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    yield s
    s.close()


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgres":
        with pg_schema_url() as url, open_store(url) as s:
            yield s
        return
    with open_store(tmp_path / "w.db") as s:
        yield s


def _settings(tmp_path: Path, db: str = "w.db") -> Settings:
    # No per-host delay: every feed is on 127.0.0.1. Model-free, as in the whole suite.
    return Settings(
        db=str(tmp_path / db), per_host_delay=0.0, fetch_timeout=5.0, ner="off", embeddings="off"
    )


def _watcher(store: Store, tmp_path: Path, **kw: object) -> Watcher:
    return Watcher(store, _settings(tmp_path), retries=0, **kw)  # type: ignore[arg-type]


def _items(outlet: str, events: list[str], start: int, count: int) -> list[dict[str, str]]:
    return [_item(outlet, events[i % len(events)], i) for i in range(start, start + count)]


def _event_of(store: Store) -> dict[str, str]:
    return {aid: e.id for e in store.events() for aid in e.article_ids}


# -- small parts ----------------------------------------------------------------------------


def test_parse_interval() -> None:
    assert parse_interval("10m") == 600 and parse_interval("90") == 90
    assert parse_interval("1.5h") == 5400 and parse_interval("1d") == 86400
    for bad in ("", "0m", "ten minutes", "-5s"):
        with pytest.raises(ConfigError, match="10m"):
            parse_interval(bad)


def test_read_feed_list_lines_and_opml(tmp_path: Path) -> None:
    lines = tmp_path / "feeds.txt"
    lines.write_text(
        "# my feeds\nhttp://a.test/rss#top\n\nhttps://b.test/atom\nhttp://a.test/rss\n"
    )
    assert read_feed_list(lines) == ["http://a.test/rss", "https://b.test/atom"]
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="News">'
        '<outline text="A" type="rss" xmlUrl="http://a.test/rss"/></outline></body></opml>'
    )
    assert read_feed_list(opml) == ["http://a.test/rss"]
    bad = tmp_path / "bad.txt"
    bad.write_text("http://a.test/rss\nftp://x.test/feed\n")
    with pytest.raises(InputError, match=r"bad\.txt:2"):
        read_feed_list(bad)
    (tmp_path / "empty.txt").write_text("# nothing\n")
    with pytest.raises(InputError, match="no feed URL"):
        read_feed_list(tmp_path / "empty.txt")


# -- polling ----------------------------------------------------------------------------------


def test_conditional_requests_and_changing_feeds(
    server: FeedServer, store: Store, tmp_path: Path
) -> None:
    server.publish("/a.xml", "Harbour Courier", _items("Harbour Courier", ["quake"], 0, 3), "v1")
    server.publish("/b-lm.xml", "Northern Ledger", _items("Northern Ledger", ["quake"], 0, 2), "x")
    urls = [server.url + "/a.xml", server.url + "/b-lm.xml"]
    with _watcher(store, tmp_path, compare=False) as w:
        first = w.run_once(urls)
        assert [(p.status, p.ingested) for p in first.polls] == [("changed", 3), ("changed", 2)]
        assert first.assigned == 5
        state = store.feed_state(urls[0])
        assert state is not None and state.etag == '"v1"' and state.items_total == 3

        second = w.run_once(urls)
        assert [p.status for p in second.polls] == ["not-modified", "not-modified"]
        assert second.assigned == 0
        assert server.conditional("/a.xml") == ["", '"v1"']
        assert server.conditional("/b-lm.xml")[1].endswith("GMT")  # If-Modified-Since

        # New version: two more items, the old ones still listed.
        server.publish(
            "/a.xml", "Harbour Courier", _items("Harbour Courier", ["quake"], 0, 5), "v2"
        )
        third = w.run_once(urls)
    poll = third.polls[0]
    assert (poll.status, poll.items, poll.ingested, poll.duplicates) == ("changed", 5, 2, 3)
    assert third.polls[1].status == "not-modified"
    assert third.assigned == 2
    assert store.count_articles() == 7
    assert store.unassigned_ids() == []
    assert store.integrity_check() == []
    report = store.run_report(third.run_id)
    assert report.counts == {"ingested": 2, "duplicate": 3, "rejected": 0}


def test_failing_feed_keeps_its_validators(
    server: FeedServer, store: Store, tmp_path: Path
) -> None:
    server.publish("/a.xml", "Harbour Courier", _items("Harbour Courier", ["strike"], 0, 2), "v1")
    urls = [server.url + "/a.xml", server.url + "/missing.xml"]
    with _watcher(store, tmp_path, compare=False) as w:
        first = w.run_once(urls)
        assert first.polls[1].status == "error" and "404" in (first.polls[1].error or "")
        server.feeds["/a.xml"]["status"] = 503  # the feed goes down after a good poll
        second = w.run_once(urls)
    assert second.polls[0].status == "error" and second.polls[0].error == "503"
    state = store.feed_state(urls[0])
    assert state is not None and state.etag == '"v1"' and state.last_status == "error"
    assert store.count_articles() == 2


# -- online assignment --------------------------------------------------------------------------


def _publish_round(server: FeedServer, count: int, version: str) -> list[str]:
    events = ["quake", "strike", "election"]
    paths = []
    for k, outlet in enumerate(_ANGLES):
        path = f"/feed{k}.xml"
        server.publish(path, outlet, _items(outlet, events, 0, count), version)
        paths.append(server.url + path)
    return paths


def test_articles_of_one_happening_share_an_event(
    server: FeedServer, store: Store, tmp_path: Path
) -> None:
    urls = _publish_round(server, 3, "v1")
    with _watcher(store, tmp_path) as w:
        w.run_once(urls)
    event_of = _event_of(store)
    by_happening: dict[str, set[str]] = {}
    for article in store.iter_articles():
        happening = article.source_key.rsplit("-", 2)[-2]  # guid "<outlet>-<event>-<n>"
        by_happening.setdefault(happening, set()).add(event_of[article.id])
    assert sorted(len(v) for v in by_happening.values()) == [1, 1, 1]
    assert len({e for v in by_happening.values() for e in v}) == 3
    for event in store.events():
        coverage = store.get_coverage(event.id)
        assert coverage is not None and coverage.event_id == event.id
    assert store.integrity_check() == []


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_restart_continues_exactly_where_it_stopped(
    server: FeedServer, tmp_path: Path, backend: str
) -> None:
    """Two cycles in one process, or with a restart (new store connection) between them:
    the same assignments, because the clusterer state is checkpointed in the store."""
    results = []
    for name in ("straight", "restarted"):
        with ExitStack() as stack:
            if backend == "postgres":
                db = stack.enter_context(pg_schema_url())
            else:
                db = str(tmp_path / f"{name}.db")
            urls = _publish_round(server, 3, "v1")
            store = stack.enter_context(open_store(db))
            w = stack.enter_context(_watcher(store, tmp_path, compare=False))
            w.run_once(urls)
            if name == "restarted":
                w.close()
                store.close()
                store = stack.enter_context(open_store(db))
                w = stack.enter_context(_watcher(store, tmp_path, compare=False))
            urls = _publish_round(server, 6, "v2")  # three more items per feed, same happenings
            second = w.run_once(urls)
            assert second.assigned == 9
            results.append(sorted((a.article_id, a.event_id, a.batch) for a in store.assignments()))
    assert results[0] == results[1]
    assert len({event for _, event, _ in results[0]}) == 3  # later items joined old events


def test_window_settings_apply_to_new_and_restored_clusterers(
    server: FeedServer, tmp_path: Path
) -> None:
    urls = _publish_round(server, 2, "v1")
    db = tmp_path / "window.db"
    for window, idle in ((12, 7), (5, 0)):  # the second run restores the first's checkpoint
        settings = _settings(tmp_path, "window.db").replace(window_days=window, min_idle=idle)
        with open_store(db) as store, Watcher(store, settings, retries=0, compare=False) as w:
            w.run_once(urls)
            clusterer = w._clusterer
            assert clusterer is not None
            assert (clusterer.window_days, clusterer.min_idle) == (window, idle)


def test_batch_analysis_then_watch_rederives_events(
    server: FeedServer, store: Store, tmp_path: Path
) -> None:
    from newsweave.pipeline import analyze_store

    urls = _publish_round(server, 2, "v1")
    with _watcher(store, tmp_path, compare=False) as w:
        w.run_once(urls)
    analyze_store(store, _settings(tmp_path), store.run_report(store.start_run("analyze")))
    assert store.unassigned_ids() != []  # the batch analysis replaced the online events
    with _watcher(store, tmp_path, compare=False) as w:
        again = w.run_once(urls)
    assert again.assigned == store.count_articles() == 6
    assert store.integrity_check() == []
    assert sorted(len(e.article_ids) for e in store.events()) == [3, 3]  # quake, strike


# -- feeds known by their content ------------------------------------------------------------


@pytest.mark.parametrize(
    "media",
    [
        "application/x-rss+xml",
        "application/rss+xml",
        "text/xml; charset=utf-8",
        "application/xml",
        "text/plain",
        "application/octet-stream",
        "text/html; charset=utf-8",
        "",
    ],
)
def test_a_feed_is_read_whatever_media_type_it_is_served_as(
    media: str, server: FeedServer, tmp_path: Path
) -> None:
    server.publish("/a.xml", "Harbour Courier", _items("Harbour Courier", ["quake"], 0, 3), "v1")
    server.feeds["/a.xml"]["type"] = media
    with open_store(tmp_path / "w.db") as store, _watcher(store, tmp_path, compare=False) as w:
        report = w.run_once([server.url + "/a.xml"])
        assert [(p.status, p.ingested, p.error) for p in report.polls] == [("changed", 3, None)]


def test_a_page_that_is_no_feed_is_a_failed_poll_not_an_article(
    server: FeedServer, tmp_path: Path
) -> None:
    page = (
        "<!doctype html><html><head><title>Harbour Courier</title></head><body><article>"
        "<h1>Cranes idle</h1><p>" + "Crane operators stopped work in Brenmouth. " * 20 + "</p>"
        "</article></body></html>"
    ).encode()
    server.feeds["/news"] = {"body": page, "etag": '"p1"', "type": "text/html; charset=utf-8"}
    url = server.url + "/news"
    with open_store(tmp_path / "w.db") as store, _watcher(store, tmp_path, compare=False) as w:
        (poll,) = w.run_once([url]).polls
        assert poll.status == "error" and poll.error and "not an RSS or Atom feed" in poll.error
        assert "text/html" in poll.error
        assert store.count_articles() == 0
        state = store.feed_state(url)
        assert state is not None and state.etag is None and state.last_error == poll.error


def test_cli_exits_1_in_one_line_when_no_feed_could_be_read(
    server: FeedServer, tmp_path: Path
) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.url}/gone.xml\n{server.url}/missing.xml\n")
    env = {"NEWSWEAVE_PER_HOST_DELAY": "0"}
    for extra in ([], ["--json"]):
        result = CliRunner().invoke(
            watch_command,
            [str(feeds), "--db", str(tmp_path / "c.db"), "--once", *extra],
            env=env,
        )
        assert result.exit_code == 1, result.output
        errors = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
        assert len(errors) == 1 and "No feed could be read" in errors[0]
        assert "/gone.xml: HTTP 404" in errors[0]


def test_cli_summary_counts_in_words(server: FeedServer, tmp_path: Path) -> None:
    server.publish("/a.xml", "Harbour Courier", _items("Harbour Courier", ["quake"], 0, 1), "v1")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.url}/a.xml\n")
    result = CliRunner().invoke(
        watch_command,
        [str(feeds), "--db", str(tmp_path / "c.db"), "--once", "--no-compare"],
        env={"NEWSWEAVE_PER_HOST_DELAY": "0"},
    )
    assert result.exit_code == 0, result.output
    assert "[watch] 1 feed: 1 changed" in result.stderr and "1 new article;" in result.stderr
    assert "1 feeds" not in result.stderr and "1 new articles" not in result.stderr


# -- the CLI, and kill -9 ---------------------------------------------------------------------


def test_cli_once_prints_one_json_line_per_cycle(server: FeedServer, tmp_path: Path) -> None:
    urls = _publish_round(server, 2, "v1")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("\n".join(urls) + "\n")
    env = {"NEWSWEAVE_PER_HOST_DELAY": "0"}
    result = CliRunner().invoke(
        watch_command, [str(feeds), "--db", str(tmp_path / "c.db"), "--once", "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    cycle = json.loads(result.output.strip())
    assert cycle["assigned"] == 6 and [p["status"] for p in cycle["polls"]] == ["changed"] * 3
    bad = CliRunner().invoke(watch_command, [str(feeds), "--db", "x.db", "--every", "soon"])
    assert bad.exit_code == 1 and "10m" in bad.output


def _counts(db: Path) -> tuple[int, int]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            m = conn.execute("SELECT COUNT(*) FROM event_assignments").fetchone()[0]
            return int(n), int(m)
    except sqlite3.Error:
        return 0, 0


@pytest.mark.slow
def test_kill_9_mid_run_loses_and_duplicates_nothing(server: FeedServer, tmp_path: Path) -> None:
    per_feed = 40
    urls = _publish_round(server, per_feed, "v1")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("\n".join(urls) + "\n")
    db = tmp_path / "k.db"
    env = {
        **os.environ,
        "NEWSWEAVE_PER_HOST_DELAY": "0",
        "NEWSWEAVE_NER": "off",
        "NEWSWEAVE_EMBEDDINGS": "off",
        "PYTHONPATH": str(REPO / "src"),
    }
    cmd = [
        sys.executable, "-m", "newsweave.cli", "watch", str(feeds), "--db", str(db),
        "--every", "1s", "--batch", "7",
    ]  # fmt: skip
    kills = []
    total = len(urls) * per_feed
    # Kill the watcher at different moments of its work (articles + assignments stored so
    # far): while ingesting the feeds, then twice while assigning.
    for target in (per_feed, total + 20, total + 70):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            articles, assigned = _counts(db)
            if articles + assigned >= target:
                break
            time.sleep(0.02)
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills.append(_counts(db))
        with open_store(db) as store:  # readable and consistent after every kill
            assert store.integrity_check() == []
    assert any(assigned < articles or articles < total for articles, assigned in kills), kills
    # New items appear while the watcher is down; the rerun takes both.
    urls = _publish_round(server, per_feed + 2, "v2")
    done = subprocess.run(
        [*cmd[:-4], "--once"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    total = len(urls) * (per_feed + 2)
    with open_store(db) as store:
        assert store.integrity_check() == []
        keys = [a.source_key for a in store.iter_articles()]
        assert len(keys) == len(set(keys)) == total
        assignments = list(store.assignments())
        assert sorted(a.article_id for a in assignments) == sorted(
            a.id for a in store.iter_articles()
        )
        event_of = _event_of(store)
        assert all(event_of[a.article_id] == a.event_id for a in assignments)
        batches = sorted({a.batch for a in assignments})
        assert batches == list(range(1, len(batches) + 1))
