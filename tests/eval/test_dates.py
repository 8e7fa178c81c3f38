"""Quality gate: publication-day accuracy of html_date on the two date sets.

* ``../shared/data/dates``: the floor of issue 17, day accuracy >= 0.92 overall (measured when
  last raised: 0.948, 165/174; report half 0.951, 97/102);
* ``../shared/data/dates-more``: the pages no rule had seen before issue 17, split by
  ``tune_half`` on the URL; the goal is htmldate's extensive search + 0.02 on the report half
  (measured: newsweave 0.948, 147/155; htmldate extensive 0.916, 142/155 in the same run).

If a change drops below a floor, run ``python -m benchmarks --only dates`` and compare with
the htmldate figures it prints beside newsweave's.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsweave.evaluation.dates import Score, load_pages, score
from newsweave.ingest.pagedate import html_date
from tests.helpers import SHARED_DATA as SHARED

pytestmark = pytest.mark.eval

FLOORS = {"all": 0.92, "report": 0.93, "pages_per_second": 40.0}
#: dates-more, report half: newsweave's floor, and its least lead over htmldate extensive.
MORE_FLOORS = {"report": 0.94, "lead_over_htmldate": 0.02}


def _scored(name: str, finder: Callable[[str, str], str | None]) -> Score:
    if not (SHARED / name / "gold.json").is_file():
        pytest.skip(f"date benchmark absent at {SHARED / name}")
    return score(load_pages(SHARED, name), finder)


@pytest.fixture(scope="module")
def result() -> Score:
    return _scored("dates", html_date)


def test_day_accuracy_floor(result: Score) -> None:
    assert result.accuracy() >= FLOORS["all"]
    assert result.accuracy("report") >= FLOORS["report"]


def test_speed_floor(result: Score) -> None:
    # Loose on purpose: CI machines are shared; this catches an accidental per-page slow path
    # only. Timed on a second pass over the pages: the first pass also pays one-time loads
    # (dateparser's locale data, about 2 s), which made this test flaky on a loaded machine
    # and says nothing about the cost per page. Cold speed is measured by `make bench`.
    del result  # the module's first pass (the cold one) has run
    warm = _scored("dates", html_date)
    assert warm.pages_per_second >= FLOORS["pages_per_second"]


def test_unseen_pages_beat_htmldate_extensive() -> None:
    from htmldate import find_date

    def extensive(html: str, url: str) -> str | None:
        try:
            found = find_date(
                html, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d"
            )
        except Exception:  # a crash is a miss, as in benchmarks/dates.py
            return None
        return str(found) if found else None

    ours = _scored("dates-more", html_date)
    peer = _scored("dates-more", extensive)
    assert ours.total["report"] == peer.total["report"] > 150
    assert ours.accuracy("report") >= MORE_FLOORS["report"]
    lead = ours.accuracy("report") - peer.accuracy("report")
    assert lead >= MORE_FLOORS["lead_over_htmldate"]
