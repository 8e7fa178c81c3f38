"""Quality gate: publication-day accuracy of html_date on ../shared/data/dates.

Floors sit slightly below the figures measured when they were last raised (0.931 on both
halves, 162/174). If a change drops below them, run ``python -m benchmarks.dates`` and compare
with the htmldate baselines it prints.
"""

from __future__ import annotations

import pytest

from newsweave.evaluation.dates import Score, load_pages, score
from newsweave.ingest.pagedate import html_date
from tests.helpers import SHARED_DATA as SHARED

pytestmark = pytest.mark.eval

FLOORS = {"all": 0.92, "report": 0.91, "pages_per_second": 40.0}


@pytest.fixture(scope="module")
def result() -> Score:
    if not (SHARED / "dates" / "gold.json").is_file():
        pytest.skip(f"date benchmark absent at {SHARED / 'dates'}")
    return score(load_pages(SHARED), html_date)


def test_day_accuracy_floor(result: Score) -> None:
    assert result.accuracy() >= FLOORS["all"]
    assert result.accuracy("report") >= FLOORS["report"]


def test_speed_floor(result: Score) -> None:
    # Loose on purpose: CI machines are shared; this catches an accidental slow path only.
    assert result.pages_per_second >= FLOORS["pages_per_second"]
