"""Serving while ingesting: a real server, many reading clients, one writer, no "locked" error.

The app is given the store *location*, so each server worker thread opens its own SQLite
connection (WAL: readers never wait for the writer); the writer is another connection in
another thread, committing articles and whole analyses while the requests run.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

uvicorn = pytest.importorskip("uvicorn", reason="serving needs newsweave[web]")
httpx = pytest.importorskip("httpx", reason="the web tests need httpx")

from newsweave.models import Article, Coverage  # noqa: E402
from newsweave.store import SQLiteStore  # noqa: E402
from newsweave.web.app import create_app  # noqa: E402
from tests.helpers import PROFILES, ServerThread, build_store  # noqa: E402


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "live.db"
    with SQLiteStore(path) as store:
        build_store(store)
    yield path


@pytest.mark.slow
def test_reads_while_ingesting_never_fail(db: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    stop = threading.Event()
    writer_errors: list[BaseException] = []
    written = [0]

    def writer() -> None:
        try:
            with SQLiteStore(db) as store:
                events = store.events()
                n = 0
                while not stop.is_set() and n < 400:
                    with store.transaction():  # a batch holds the write lock for a while
                        for _ in range(5):
                            n += 1
                            text = f"Live article {n} on the dockers' strike at Port Valen."
                            store.add_article(
                                Article(
                                    id=f"live{n}",
                                    text=text,
                                    raw_text=text,
                                    outlet="Kestrel Wire",
                                    title=f"Live {n}",
                                    source_key=f"/live/{n}",
                                    content_hash=f"live{n}",
                                )
                            )
                    if n % 20 == 0:  # a re-analysis replaces every event at once
                        grown = [
                            dataclasses.replace(
                                events[0], article_ids=(*events[0].article_ids, f"live{n}")
                            ),
                            *events[1:],
                        ]
                        store.replace_analysis(
                            grown, store.storylines(), [Coverage(e.id) for e in grown]
                        )
                    written[0] = n
        except BaseException as exc:  # reported by the test below
            writer_errors.append(exc)

    app = create_app(str(db), profiles=PROFILES)
    urls = [
        "/",
        "/index.json?q=strike",
        "/event/e1.json",
        "/event/e1",
        "/article/a1",
        "/outlet/Kestrel%20Wire.json",
        "/speakers.json",
        "/speaker/Ana%20Ruiz",
    ]
    failures: list[str] = []
    done = [0]
    lock = threading.Lock()

    def reader(k: int) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for i in range(24):
                url = urls[(i + k) % len(urls)]
                try:
                    response = client.get(url)
                except httpx.HTTPError as exc:
                    failures.append(f"{url}: {exc!r}")
                    continue
                with lock:
                    done[0] += 1
                if response.status_code != 200:
                    failures.append(f"{url}: {response.status_code} {response.text[:200]}")

    with ServerThread(app) as server:
        write = threading.Thread(target=writer)
        write.start()
        readers = [threading.Thread(target=reader, args=(k,)) for k in range(12)]
        for t in readers:
            t.start()
        for t in readers:
            t.join(timeout=120)
        stop.set()
        write.join(timeout=60)
        final = httpx.get(server.url + "/index.json", timeout=30).json()
    assert writer_errors == []
    assert failures == []
    assert done[0] == 12 * 24
    assert written[0] > 0
    assert final["counts"]["articles"] == 6 + written[0]
    assert not [r for r in caplog.records if "locked" in r.getMessage().lower()]


def test_provider_gives_each_thread_its_own_connection(db: Path) -> None:
    app = create_app(str(db))
    provider = app.state.provider
    seen: list[object] = []

    def grab() -> None:
        seen.append(provider.get())
        seen.append(provider.get())

    threads = [threading.Thread(target=grab) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen[0] is seen[1] and len({id(s) for s in seen}) == 3
    provider.close()


def test_shared_store_is_used_as_given(db: Path) -> None:
    with SQLiteStore(db) as store:
        app = create_app(store)
        assert app.state.provider.get() is store
        app.state.provider.close()
        assert store.count_articles() == 6  # a store passed in is not closed by the app
