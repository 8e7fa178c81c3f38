"""A real day of news in Chromium (Debian's /usr/bin/chromium through Playwright): the phone
layout (legible timeline, long tokens wrapping), ranking, the one-article toggle and paging,
safe links to each article's source, search with NOT and folded spellings, and merging an
outlet through the form (CSRF token, same-origin POST, the profile file rewritten).

The store is tests/browser/daystore.py (600 invented articles, ~400 events, 300 outlets).
No browser is downloaded; without chromium or playwright the tests skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="browser tests need `pip install playwright` (no browser download)",
)
pytest.importorskip("uvicorn", reason="serving needs newsweave[web]")

from newsweave.outlets import load_outlets  # noqa: E402
from newsweave.store import open_store  # noqa: E402
from newsweave.web.app import create_app  # noqa: E402
from tests.browser import daystore  # noqa: E402
from tests.browser.test_web_browser import CHROMIUM_ARGS, Watch, _assert_inert  # noqa: E402
from tests.helpers import ServerThread  # noqa: E402

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
#: Smallest rendered font size (px) a phone reader can be asked to read.
LEGIBLE_PX = 11


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("day")
    db = tmp / "day.db"
    with open_store(db) as store:
        daystore.build(store)
    profiles = daystore.write_profiles(tmp / "outlets.toml")
    with ServerThread(create_app(str(db), outlets_file=profiles)) as server:
        yield server.url, profiles


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_phone_timeline_is_legible_and_nothing_overflows(
    chromium: Any, day: tuple[str, Path]
) -> None:
    url, _ = day
    page = chromium.new_page(viewport=PHONE)
    page.goto(url + "/?sort=date")
    assert page.locator("svg.timeline").is_hidden()
    rows = page.locator(".timeline-phone")
    assert rows.is_visible() and rows.locator("a").count() > 5
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('.timeline-box *')).filter(e => e.offsetParent"
        " !== null && e.childNodes.length && Array.from(e.childNodes).some(n => n.nodeType === 3"
        " && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= LEGIBLE_PX, sizes
    assert _overflow(page) <= 1
    # A title and an id that are one 100-character token wrap instead of widening the page.
    for target in ("/?q=" + daystore.LONG_TOKEN[:20], "/article/" + quote(daystore.LONG_TOKEN)):
        page.goto(url + target)
        assert _overflow(page) <= 1, target
    page.goto(url + "/")
    page.locator(".cards .card a.title").first.click()
    page.wait_for_load_state()
    assert "/event/" in page.url and _overflow(page) <= 1
    page.close()


def test_desktop_timeline_is_drawn(chromium: Any, day: tuple[str, Path]) -> None:
    url, _ = day
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(url + "/?sort=date")
    assert page.locator("svg.timeline").is_visible()
    assert page.locator(".timeline-phone").is_hidden()
    label = page.locator("svg.timeline text.rowlabel").first
    assert label.bounding_box()["height"] >= LEGIBLE_PX
    page.close()


def test_ranking_toggle_and_paging(chromium: Any, day: tuple[str, Path]) -> None:
    url, _ = day
    page = chromium.new_page(viewport=DESKTOP)
    watch = Watch(page)
    page.goto(url + "/")
    cards = page.locator(".cards .card")
    assert cards.count() == 30
    metas = cards.locator(".meta").all_inner_texts()
    outlets = [int(re.search(r"(\d+) outlets?", m).group(1)) for m in metas]  # type: ignore[union-attr]
    assert outlets == sorted(outlets, reverse=True) and min(outlets) >= 2
    assert cards.locator("svg.leanbar").count() >= 1  # profiles give leans
    first_titles = cards.locator("a.title").all_inner_texts()
    page.locator("a[rel=next]").click()
    page.wait_for_load_state()
    assert "page=2" in page.url
    assert set(cards.locator("a.title").all_inner_texts()).isdisjoint(first_titles)
    page.get_by_role("link", name="previous").click()
    page.wait_for_load_state()
    assert cards.locator("a.title").all_inner_texts() == first_titles
    hidden = page.locator(".viewopts").inner_text()
    assert "one-article events hidden" in hidden
    page.get_by_role("link", name="show them").first.click()
    page.wait_for_load_state()
    assert "singles=1" in page.url
    assert (
        page.locator(".viewopts").get_by_role("link", name="hide one-article events").count() == 1
    )
    # Blindspots: capped at ten, explained.
    assert page.locator(".blindspots li").count() == 10
    assert (
        "Sides are each outlet's lean from outlets.toml" in page.locator(".blindspots").inner_text()
    )
    _assert_inert(page, watch)
    page.close()


def test_source_links_are_safe(chromium: Any, day: tuple[str, Path]) -> None:
    url, _ = day
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(url + "/event/ev0000")
    links = page.locator("a.source")
    assert links.count() >= 1
    for n in range(links.count()):
        link = links.nth(n)
        assert link.get_attribute("href").startswith(("http://", "https://"))
        assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
        assert link.get_attribute("target") == "_blank"
    page.close()


def test_search_not_and_folded_spellings(chromium: Any, day: tuple[str, Path]) -> None:
    url, _ = day
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(url + "/")

    def search(query: str) -> tuple[int, str]:
        box = page.locator("header.top input[name=q]")
        box.fill(query)
        box.press("Enter")
        page.wait_for_load_state()
        heading = page.locator(".hits h2").inner_text()
        return int(heading.rsplit("(", 1)[1].rstrip(")")), page.locator(".hits").inner_text()

    kharnovo, text = search("Kharnovo")
    harnovo, _ = search("Harnovo")
    assert kharnovo == harnovo > 0
    assert "Also searched, as clustering folds these names" in text
    fewer, _ = search("Harnovo NOT flood")
    assert 0 < fewer < harnovo
    assert fewer == search("Harnovo -flood")[0]
    page.close()


def test_merge_an_outlet_from_its_page(chromium: Any, day: tuple[str, Path]) -> None:
    url, profiles = day
    source, target = daystore.outlet_name(1), daystore.outlet_name(0)
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(url + "/outlet/" + quote(source))
    page.locator("details.edit summary").click()
    form = page.locator("form.editform").filter(has=page.locator("input[value=merge]"))
    form.locator("input[name=target]").fill(target)
    form.get_by_role("button", name="Merge").click()
    page.wait_for_load_state()
    assert page.url == url + "/outlet/" + quote(target), page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == target
    merged = {o.name: o for o in load_outlets(profiles)}
    assert source in merged[target].aliases
    page.goto(url + "/outlets")
    names = page.locator("table.list th[scope=row]").all_inner_texts()
    assert target in names and source not in names
    # Rename from the outlets page, then back.
    page.locator("section.edit input[name=outlet]").fill(target)
    page.locator("section.edit select[name=action]").select_option("rename")
    page.locator("section.edit input[name=target]").fill("Outlet Zero Daily")
    page.locator("section.edit button").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Outlet Zero Daily"
    assert load_outlets(profiles)[0].name == "Outlet Zero Daily"
    page.close()
