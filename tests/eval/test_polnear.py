"""Quality floor of quote extraction on PolNeAR dev (see newsweave.evaluation.polnear for the metrics).

Floors sit slightly below the figures measured on dev when they were last raised; if a change
drops below them, rerun ``python -m benchmarks.polnear`` and look at what broke.
"""

from __future__ import annotations

import pytest

from newsweave.evaluation.polnear import evaluate
from newsweave.extract.quotes import QuoteExtractor
from tests.helpers import SHARED_DATA

POLNEAR = SHARED_DATA / "polnear"

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def dev_counts():  # type: ignore[no-untyped-def]
    if not (POLNEAR / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR data absent at {POLNEAR}")
    return evaluate(POLNEAR / "dev", QuoteExtractor())


def test_content_overlap_f1_floor(dev_counts) -> None:  # type: ignore[no-untyped-def]
    p, _, f1 = dev_counts.prf(dev_counts.overlap)
    assert f1 >= FLOORS["overlap_f1"]
    assert p >= FLOORS["overlap_precision"]


def test_content_exact_f1_floor(dev_counts) -> None:  # type: ignore[no-untyped-def]
    assert dev_counts.prf(dev_counts.exact)[2] >= FLOORS["exact_f1"]


def test_speaker_accuracy_floor(dev_counts) -> None:  # type: ignore[no-untyped-def]
    assert dev_counts.speaker_accuracy >= FLOORS["speaker_accuracy"]


def test_pronoun_resolution_floor(dev_counts) -> None:  # type: ignore[no-untyped-def]
    # he/she sources resolved to the name the gold source chain implies (a noisy proxy).
    assert dev_counts.extra["pronoun_total"] > 150
    assert dev_counts.pronoun_accuracy >= FLOORS["pronoun_accuracy"]


def test_every_dev_article_scored(dev_counts) -> None:  # type: ignore[no-untyped-def]
    assert dev_counts.articles == 84
    assert dev_counts.gold > 2000


# Measured on dev with QuoteExtractor() defaults (overlap F1 0.582, P 0.906, exact F1 0.482,
# speaker 0.953, he/she -> name 0.649 over 194 pronoun sources); floors ~0.02 below. Rerun
# ``python -m benchmarks.polnear`` to re-measure.
FLOORS = {
    "overlap_f1": 0.56,
    "overlap_precision": 0.885,
    "exact_f1": 0.46,
    "speaker_accuracy": 0.93,
    "pronoun_accuracy": 0.61,
}
