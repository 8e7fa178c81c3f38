"""The event page's coverage matrix: reading order, totals, "omits" only where judged, and
confidence on every listed claim (issue 16). Invented outlets and text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsweave.models import Claim, ClaimGroup, Contradiction, Coverage, Event
from newsweave.store import Store, open_store
from newsweave.web.views import coverage_matrix
from tests.helpers import web_article

pytest.importorskip("starlette", reason="the web app needs newsweave[web]")
pytest.importorskip("httpx", reason="the web tests need httpx")

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette suggests httpx2 for its test client
    from starlette.testclient import TestClient

from newsweave.web.app import create_app


def _c(aid: str, outlet: str, n: int, text: str, confidence: float | None = None) -> Claim:
    return Claim(f"{aid}#{n}", aid, outlet, text, 0, len(text), n, confidence)


def _coverage() -> Coverage:
    pair = ClaimGroup(
        "Cranes stood idle.",
        (_c("a", "Alder Post", 0, "Cranes stood idle."), _c("b", "Birch Daily", 0, "Cranes idle.")),
        ("Alder Post", "Birch Daily"),
        ("a", "b"),
        confidence=0.7,
    )
    three = ClaimGroup(
        "Forty ships waited.",
        (
            _c("a", "Alder Post", 1, "Forty ships waited."),
            _c("b", "Birch Daily", 1, "Forty ships wait."),
            _c("c", "Cedar Times", 0, "Forty ships waited outside."),
        ),
        ("Alder Post", "Birch Daily", "Cedar Times"),
        ("a", "b", "c"),
        confidence=0.9,
    )
    low = _c("c", "Cedar Times", 4, "The union hall opened at dawn.", 0.55)
    high = _c("c", "Cedar Times", 5, "A choir sang on the pier.", 0.95)
    return Coverage(
        event_id="e",
        consensus=(pair, three),
        unique={"Cedar Times": (low, high)},
        omissions={"Cedar Times": ("Cranes idle.", "Tugboats were idle.")},
        omission_confidence={"Cedar Times": (0.66, 0.91)},
        contradictions=(
            Contradiction("number", pair.claims[0], low, "9 vs 10", confidence=0.6),
            Contradiction("date", pair.claims[1], high, "Monday vs Tuesday", confidence=0.9),
        ),
    )


def test_matrix_order_totals_and_states() -> None:
    m = coverage_matrix(_coverage(), ["Cedar Times", "Birch Daily", "Alder Post", "Dune Wire"])
    assert m["outlets"] == ["Alder Post", "Birch Daily", "Cedar Times", "Dune Wire"]
    assert m["totals"] == [2, 2, 1, 0]
    shared = [r for r in m["rows"] if r["kind"] == "consensus"]
    assert [r["text"] for r in shared] == ["Forty ships waited.", "Cranes stood idle."]
    assert [r["carried"] for r in shared] == [3, 2]
    states = [c["state"] for c in shared[1]["cells"]]
    # Cedar Times was judged to omit it; Dune Wire was not (it is only "absent")
    assert states == ["shared", "shared", "omitted", "absent"]
    only = [r for r in m["rows"] if r["kind"] == "unique"]
    assert [r["confidence"] for r in only] == [0.95, 0.55]  # surest first


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        for aid, outlet in (("a", "Alder Post"), ("b", "Birch Daily"), ("c", "Cedar Times")):
            s.add_article(web_article(aid, outlet, "Strike", "Cranes stood idle.", "2031-04-02"))
        s.replace_analysis([Event("e", "Strike", "2031-04-02", ("a", "b", "c"))], [], [_coverage()])
        yield s


def test_event_page_shows_totals_and_confidence(store: Store) -> None:
    with TestClient(create_app(store), base_url="http://localhost") as client:
        page = client.get("/event/e").text
        data = client.get("/event/e.json").json()
    start = page.index('<table class="matrix">')
    table = page[start : page.index("</table>", start)]
    assert "Claims carried" in table and ">Outlets</th>" in table
    assert table.index("Forty ships waited.") < table.index("Cranes stood idle.")
    assert "confidence 0.95" in page and "confidence 0.66" in page
    assert page.index("Monday vs Tuesday") < page.index("9 vs 10")
    assert data["matrix"]["totals"] == [2, 2, 1]
    assert data["omission_confidence"] == {"Cedar Times": [0.66, 0.91]}
    left_out = page[page.index('class="omissions"') :]
    assert left_out.index("Tugboats were idle.") < left_out.index("Cranes idle.")  # surest first
