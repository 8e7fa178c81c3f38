"""The web app on a store shaped like a real day of news (600 articles, ~400 events, 300
outlets; tests/browser/daystore.py): the home page stays small, one-article events are
hidden and counted, blindspots come only from profiles and are capped."""

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

from newsweave.store import open_store
from newsweave.web.app import create_app
from tests.browser import daystore

#: The goal of issue 18 for the home page of a 600-article store.
HOME_BYTES = 300_000


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, dict[str, int]]]:
    tmp = tmp_path_factory.mktemp("day")
    db = tmp / "day.db"
    with open_store(db) as store:
        counts = daystore.build(store)
    yield str(db), daystore.write_profiles(tmp / "outlets.toml"), counts


def _client(app: Any) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1:8765")


def test_home_without_profiles_is_small_and_explains(day: tuple[str, Path, dict[str, int]]) -> None:
    db, _, counts = day
    with _client(create_app(db)) as c:
        page = c.get("/")
        assert page.status_code == 200 and len(page.content) < HOME_BYTES
        data = c.get("/index.json").json()
    singles = counts["events"] - counts["multi"]
    assert data["counts"]["hidden_single_article_events"] == singles > 300
    assert data["counts"]["matching_events"] == counts["multi"]
    assert len(data["events"]) == 30 and data["filters"]["pages"] == 2
    outlets = [len(e["outlets"]) for e in data["events"]]
    assert outlets == sorted(outlets, reverse=True) and outlets[-1] >= 2
    assert data["blindspots"] == [] and data["blindspot_attribute"] is None
    assert "Missing" not in page.text and "missed by" not in page.text
    assert "No blindspots: no outlet profiles are configured" in page.text


def test_home_with_profiles_caps_blindspots(day: tuple[str, Path, dict[str, int]]) -> None:
    db, profiles, _ = day
    with _client(create_app(db, outlets_file=profiles)) as c:
        page = c.get("/?singles=1")
        data = c.get("/index.json?singles=1").json()
    assert len(page.content) < HOME_BYTES
    info = data["blindspot_info"]
    assert info["attribute"] == "lean" and info["events"] > 10
    assert len(data["blindspots"]) == 10  # capped; the page says how many there are
    assert f"{info['events']} events in all; the 10 most widely covered:" in page.text
    described = {daystore.outlet_name(o) for o in daystore.PROFILED}
    assert info["unprofiled_outlets"] == len(set(data["outlets"]) - described) > 200
    for spot in data["blindspots"]:
        assert len(spot["blindspot"]["missing"]) <= 4  # sides, not outlets
    assert any(e["lean"] for e in data["events"]) and '<svg class="leanbar"' in page.text


def test_every_page_of_the_day_is_served(day: tuple[str, Path, dict[str, int]]) -> None:
    db, profiles, _ = day
    with _client(create_app(db, outlets_file=profiles)) as c:
        for url in (
            "/?page=2",
            "/?sort=date&singles=1&page=14",
            "/top",
            "/top?days=0",
            "/event/ev0000",
            "/article/" + daystore.LONG_TOKEN,
            f"/outlet/{daystore.outlet_name(0)}",
            "/outlets",
            "/?q=Harnovo+NOT+flood",
            "/?from=2024-03-12&to=2024-03-12",
        ):
            page = c.get(url)
            assert page.status_code == 200, url
            assert len(page.content) < HOME_BYTES, url
        assert c.get("/?page=3").status_code == 200  # past the end: an empty page, not 500


def test_spellings_of_a_place_find_the_same_articles(day: tuple[str, Path, dict[str, int]]) -> None:
    db, _, _ = day
    with _client(create_app(db)) as c:
        a = c.get("/index.json?q=Kharnovo").json()["search"]
        b = c.get("/index.json?q=Harnovo").json()["search"]
    assert a["total"] == b["total"] > 20
    assert a["spellings"] == {"Kharnovo": ["harnovo"]}
