"""`newsweave serve` over stores it can only read, and the words of its event page (issue 18)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web app needs newsweave[web]")
pytest.importorskip("httpx", reason="the web tests need httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from newsweave.models import Article, Coverage, Event, Storyline
from newsweave.store import open_store
from newsweave.store import sqlite as sqlite_store
from newsweave.web.app import create_app


def _article(aid: str, outlet: str) -> Article:
    text = f"Crane operators in Brenmouth stopped work, {outlet} reports ({aid})."
    return Article(
        id=aid,
        text=text,
        raw_text=text,
        source_key=f"/in/{aid}",
        content_hash=aid,
        outlet=outlet,
        title="Cranes idle in Brenmouth",
        date="2024-03-04",
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with open_store(path) as store:
        store.add_article(_article("a", "Harbour Courier"))
        store.add_article(_article("b", "Harbour Courier"))
        store.add_article(_article("c", "Valley Times"))
        store.save_articles(list(store.iter_articles()))
        store.replace_analysis(
            [
                Event("e0001", "Cranes idle", "2024-03-04", ("a",), "s0001"),
                Event("e0002", "Cranes still idle", "2024-03-05", ("b", "c"), "s0001"),
            ],
            [Storyline("s0001", "Cranes", ("e0001", "e0002"))],
            [Coverage(event_id="e0001"), Coverage(event_id="e0002")],
        )
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    # As `newsweave serve --db PATH` builds it: from the path, each worker its own connection.
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1:8765") as c:
        yield c


def test_event_page_counts_in_words(client: TestClient) -> None:
    one = client.get("/event/e0001").text
    assert "1 article from 1 outlet" in one and "1 articles" not in one
    two = client.get("/event/e0002").text
    assert "2 articles from 2 outlets" in two


def test_a_store_it_cannot_write_is_served(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "_writable", lambda file: False)
    before = db.read_bytes()
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1:8765") as c:
        assert c.get("/").status_code == 200
        page = c.get("/event/e0002")
        assert page.status_code == 200 and "Cranes still idle" in page.text
    assert db.read_bytes() == before
