"""Quality gate: outlet identity on GVA dev (../shared/data/clustering/gva-dev.jsonl).

One outlet name per registered domain (issue 16: 69 of 739 sites were split, cbslocal.com into
"Cbs Local", "Cbslocal", ...) and no outlet taken from a credit, tip or exchange line instead of
the URL's site (27 + 29 articles: ksla.com -> "The Town Talk", kirotv.com -> "Crime Stoppers").
Measured when set: 0 split sites, 0/1524 (tune) and 0/1533 (report) off-site outlets. If it
fails, run ``python -m newsweave.evaluation.outlets`` for the sites and articles concerned.
"""

from __future__ import annotations

import pytest

from newsweave.evaluation.outlets import OutletIdentity, names_the_site, outlet_identity
from tests.helpers import SHARED_DATA

pytestmark = pytest.mark.eval

GVA = SHARED_DATA / "clustering" / "gva-dev.jsonl"


@pytest.fixture(scope="module")
def result() -> OutletIdentity:
    if not GVA.is_file():
        pytest.skip(f"GVA dev absent at {GVA}")
    return outlet_identity(GVA)


def test_one_outlet_per_site(result: OutletIdentity) -> None:
    assert result.sites > 700
    assert result.split_sites == {}


def test_outlet_is_the_urls_site(result: OutletIdentity) -> None:
    assert result.total["tune"] > 1500 and result.total["report"] > 1500
    assert result.off_site == {"tune": 0, "report": 0}, result.off_site_examples[:10]


def test_the_site_check_itself() -> None:
    assert names_the_site("KSLA", "https://www.ksla.com/story/1")
    assert names_the_site("Sun-Times", "https://chicago.suntimes.com/x")
    assert names_the_site("KIRO 7", "https://www.kirotv.com/x")
    assert not names_the_site("The Town Talk", "https://www.ksla.com/story/1")
    assert not names_the_site("Crime Stoppers", "https://www.kirotv.com/x")
    assert not names_the_site(None, "https://www.kirotv.com/x")
