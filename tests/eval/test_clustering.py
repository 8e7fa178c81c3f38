"""Quality gate: event clustering on the report parts of ECB+, GVA and BASIL.

The floors sit slightly below what ``python -m benchmarks.clustering --ner off`` measured on
the same report parts (the model-free path: rule-based entities, no embeddings) and refuse to
drop silently. These are report parts: newsweave's constants were not chosen on them, but
several commits measured them while choosing one (e.g. 3029ce7 "GVA report batch 0.929 ->
0.930" for the outlet-word discount; b33d17b, min_idle, by ECB+ online), so treat them as seen
data, not as a clean held-out set (see benchmarks/clustering.py).
"""

from __future__ import annotations

import pytest

from newsweave.cluster.metrics import Scores, score
from newsweave.config import load_settings
from newsweave.evaluation.datasets import (
    Dataset,
    load_datasets,
    process,
    run_batch,
    run_online,
    stream_orders,
)
from newsweave.models import Article
from tests.helpers import SHARED_DATA as SHARED

pytestmark = pytest.mark.eval

# name -> (batch B3-F1 floor, batch pairwise-F1 floor); measured values in the comments
# (report parts, ner=off, embeddings off; each part cleaned and extracted on its own).
FLOORS: dict[str, tuple[float, float]] = {
    "ECB+": (0.93, 0.89),  # measured B3-F1 0.942, pairwise 0.904 (TF-IDF baseline 0.865)
    "GVA": (0.925, 0.805),  # measured 0.930, 0.818 (baseline 0.857, 0.500)
    "BASIL": (0.96, 0.935),  # measured 0.976, 0.950
}
#: Online may trail batch by at most this much B3-F1 (the issue's "within 1 point") on the
#: dated sets, whose stream order is chronological.
ONLINE_GAP = 0.01
#: ECB+ is undated, so its stream order is the file's (topics in sequence) and where a
#: 100-article batch cuts a topic moves both modes by a point or two: measured online 0.930
#: against batch 0.942 in the file's order. Over 8 random topic orders the means are 0.931
#: online and 0.938 batch, and that mean gap is what the issue's "within 1 point" is held to.
ECB_ONLINE_FLOOR = 0.92


def _dataset(name: str) -> Dataset:
    for ds in load_datasets(SHARED):
        if ds.name == name:
            return ds
    pytest.skip(f"{name} data not found under {SHARED} (clustering/ or basil/)")


_CACHE: dict[str, tuple[Scores, Scores]] = {}
_REPORT: dict[str, tuple[list[Article], list[str], Dataset]] = {}


def _report(name: str) -> tuple[list[Article], list[str], Dataset]:
    """The report part of ``name``, processed once for all tests: articles, gold, data set."""
    if name not in _REPORT:
        ds = _dataset(name)
        report = ds.part(False)
        settings = load_settings(ner="off", embeddings="off")
        articles = process([ds.rows[i] for i in report], settings)
        _REPORT[name] = (articles, [ds.rows[i]["event"] for i in report], ds)
    return _REPORT[name]


def _scores(name: str) -> tuple[Scores, Scores]:
    if name not in _CACHE:
        articles, gold, _ = _report(name)
        batch = score(gold, run_batch(articles, embeddings="off"))
        online = score(gold, run_online(articles, embeddings="off"))
        _CACHE[name] = (batch, online)
    return _CACHE[name]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_batch_clustering_floor(name: str) -> None:
    batch, _ = _scores(name)
    b3_floor, pair_floor = FLOORS[name]
    assert batch.bcubed.f1 >= b3_floor, f"{name} B3-F1 {batch.bcubed.f1:.3f} < {b3_floor}"
    assert batch.pairwise.f1 >= pair_floor, f"{name} pairwise F1 {batch.pairwise.f1:.3f}"


@pytest.mark.parametrize("name", ["BASIL", "GVA"])
def test_online_within_a_point_of_batch(name: str) -> None:
    batch, online = _scores(name)
    assert online.bcubed.f1 >= batch.bcubed.f1 - ONLINE_GAP, (
        f"{name}: online B3-F1 {online.bcubed.f1:.3f} vs batch {batch.bcubed.f1:.3f}"
    )


def test_online_on_undated_ecb_plus() -> None:
    _, online = _scores("ECB+")
    assert online.bcubed.f1 >= ECB_ONLINE_FLOOR, f"ECB+ online B3-F1 {online.bcubed.f1:.3f}"


def test_online_within_a_point_of_batch_over_topic_orders() -> None:
    articles, gold, ds = _report("ECB+")
    pairs = stream_orders(articles, gold, [str(ds.rows[i]["topic"]) for i in ds.part(False)])
    batch = sum(b for b, _ in pairs) / len(pairs)
    online = sum(o for _, o in pairs) / len(pairs)
    assert online >= batch - ONLINE_GAP, f"ECB+ mean B3-F1 online {online:.3f}, batch {batch:.3f}"
