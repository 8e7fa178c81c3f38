"""Clustering scores: BCubed (primary), pairwise precision/recall/F1 and the adjusted Rand index.

All functions take two equally long sequences of hashable labels, ``gold`` and ``pred``, one
per item; label values only matter through equality.

* **BCubed** (Bagga & Baldwin, 1998; Amigó et al., 2009): per item, precision is the share of
  its predicted cluster that shares its gold class, recall the share of its gold class in its
  predicted cluster; both averaged over items. Singletons count, which suits news corpora
  where most events have one article.
* **Pairwise**: precision and recall over the pairs of items put together; dominated by the
  big clusters.
* **ARI**: Rand index corrected for chance (Hubert & Arabie, 1985).

Why not scikit-learn's ``adjusted_rand_score`` and ``pair_confusion_matrix``: measured on
3,000-label vectors (and edge cases: one item, all singletons, one cluster) they give
identical values, but take about 4x as long (2.1-2.4 ms against 0.56 ms at best; they sort
the labels into arrays), and they need labels NumPy can sort, where these functions take
any hashable labels (``None`` next to strings). ``tests/test_cluster_metrics.py`` checks the
ARI against scikit-learn's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import comb


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1."""

    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _check(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels but pred has {len(pred)}; pass one each.")


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> PRF:
    """BCubed precision, recall and F1 (1.0 each for two empty sequences)."""
    _check(gold, pred)
    n = len(gold)
    if n == 0:
        return PRF(1.0, 1.0, 1.0)
    joint = Counter(zip(gold, pred, strict=True))
    g_size = Counter(gold)
    p_size = Counter(pred)
    # Every item in cell (g, p) has the same per-item precision |g∩p|/|p| and recall |g∩p|/|g|.
    precision = sum(c * c / p_size[p] for (_, p), c in joint.items()) / n
    recall = sum(c * c / g_size[g] for (g, _), c in joint.items()) / n
    return PRF(precision, recall, _f1(precision, recall))


def pairwise(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> PRF:
    """Pairwise precision, recall and F1 over item pairs (1.0 when there are no pairs)."""
    _check(gold, pred)
    joint = sum(comb(c, 2) for c in Counter(zip(gold, pred, strict=True)).values())
    g_pairs = sum(comb(c, 2) for c in Counter(gold).values())
    p_pairs = sum(comb(c, 2) for c in Counter(pred).values())
    precision = joint / p_pairs if p_pairs else 1.0
    recall = joint / g_pairs if g_pairs else 1.0
    return PRF(precision, recall, _f1(precision, recall))


def adjusted_rand(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Adjusted Rand index (1.0 for identical partitions, about 0 for chance)."""
    _check(gold, pred)
    n = len(gold)
    if n < 2:
        return 1.0
    index = sum(comb(c, 2) for c in Counter(zip(gold, pred, strict=True)).values())
    a = sum(comb(c, 2) for c in Counter(gold).values())
    b = sum(comb(c, 2) for c in Counter(pred).values())
    expected = a * b / comb(n, 2)
    maximum = (a + b) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


@dataclass(frozen=True, slots=True)
class Scores:
    """All clustering scores of one run."""

    bcubed: PRF
    pairwise: PRF
    ari: float
    n_items: int
    n_pred: int
    n_gold: int


def score(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Scores:
    """BCubed, pairwise and ARI scores plus cluster counts."""
    return Scores(
        bcubed=bcubed(gold, pred),
        pairwise=pairwise(gold, pred),
        ari=adjusted_rand(gold, pred),
        n_items=len(gold),
        n_pred=len(set(pred)),
        n_gold=len(set(gold)),
    )
