"""Quality gate: main-text extraction on ../shared/data/extraction (ScrapingHub, 181 pages).

Floors sit slightly below the figures measured when they were last raised (4-gram shingle F1
0.970 on all pages, 0.973 tune half, 0.967 report half; 14.6 pages/s on a 2-core machine),
and above trafilatura 2.0's published F1 of 0.958. If a change drops below them, run
``python -m benchmarks.extraction`` and compare with the single extractors it prints.
"""

from __future__ import annotations

import pytest

from newsweave.evaluation.extraction import Score, agreement_vote, load_pages, score
from tests.helpers import SHARED_DATA as SHARED

pytestmark = pytest.mark.eval

FLOORS = {"all": 0.965, "report": 0.962, "published": 0.958, "pages_per_second": 4.0}


@pytest.fixture(scope="module")
def result() -> Score:
    if not (SHARED / "extraction" / "ground-truth.json").is_file():
        pytest.skip(f"extraction benchmark absent at {SHARED / 'extraction'}")
    return score(load_pages(SHARED), agreement_vote)


def test_f1_floor(result: Score) -> None:
    assert result.prf()[2] >= FLOORS["all"]
    assert result.prf("report")[2] >= FLOORS["report"]
    assert min(result.prf("tune")[2], result.prf("report")[2]) > FLOORS["published"]


def test_speed_floor(result: Score) -> None:
    # Loose on purpose: CI machines are shared; this catches an accidental slow path only.
    assert result.pages_per_second >= FLOORS["pages_per_second"]
