"""Quality floors of the comparison on the real-news gold's report part (benchmarks/data/comparison).

Model-free path (``embeddings=off``), each event analysed alone as the scoring guide says. The
figures are printed by ``python -m benchmarks.comparison_gold``; floors sit a little below the
report-part figures measured when they were set (unique P 0.840, omits P 1.000 (11/11),
speaker 0.903 with unattributed as misses and 0.979 attributed only, groups P 1.000).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsweave.config import load_settings
from newsweave.evaluation import MissingData, tune_half
from newsweave.evaluation.compgold import GoldScore, load_gold, measure
from tests.helpers import SHARED_DATA

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def report() -> GoldScore:
    try:
        return measure(SHARED_DATA, replace(load_settings(), embeddings="off"), "report")
    except MissingData as exc:
        pytest.skip(f"comparison gold or shared data absent: {exc}")


def test_gold_loads_from_the_shared_data_and_splits() -> None:
    try:
        events = load_gold(SHARED_DATA)
    except MissingData as exc:
        pytest.skip(str(exc))
    assert len(events) == 32
    assert sum(tune_half(e.id) for e in events) == 14
    assert sum(len(e.quotes) for e in events) == 304
    # every quote span reads back to words (hash-checked by load_gold)
    assert all(q.text.strip() for e in events for q in e.quotes)


def test_only_this_outlet_precision(report: GoldScore) -> None:
    assert report.unique.claimed >= 50
    assert (report.unique.precision or 0) >= 0.80


def test_omits_precision(report: GoldScore) -> None:
    assert report.omits.claimed >= 5
    assert (report.omits.precision or 0) >= 0.85


def test_speakers(report: GoldScore) -> None:
    assert report.speaker.claimed >= 90
    assert (report.speaker.precision or 0) >= 0.88  # unattributed counted as misses
    attributed = report.speaker.claimed - report.unattributed
    assert report.speaker.right / attributed >= 0.95


def test_quote_groups_and_altered(report: GoldScore) -> None:
    assert report.groups.claimed >= 15
    assert (report.groups.precision or 0) >= 0.95
    # "altered" is printed only with evidence: none is false
    assert report.altered.claimed == report.altered.right
