"""Clustering scores against hand-computed values and scikit-learn's ARI."""

from __future__ import annotations

import pytest
from sklearn.metrics import adjusted_rand_score

from newsweave.cluster.metrics import adjusted_rand, bcubed, pairwise, score


def test_bcubed_hand_computed() -> None:
    gold = ["a", "a", "a", "b", "b"]
    pred = [1, 1, 2, 2, 2]
    # Item precisions: 1, 1, 1/3, 2/3, 2/3 ; recalls: 2/3, 2/3, 1/3, 1, 1.
    s = bcubed(gold, pred)
    assert s.precision == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert s.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert s.f1 == pytest.approx(2 * s.precision * s.recall / (s.precision + s.recall))


def test_perfect_and_all_singletons() -> None:
    gold = ["x", "x", "y"]
    assert bcubed(gold, [0, 0, 1]).f1 == 1.0
    singles = bcubed(gold, [0, 1, 2])
    assert singles.precision == 1.0
    assert singles.recall == pytest.approx((0.5 + 0.5 + 1) / 3)


def test_pairwise_hand_computed() -> None:
    gold = ["a", "a", "a", "b"]
    pred = [1, 1, 2, 2]
    s = pairwise(gold, pred)
    # Predicted pairs: (0,1), (2,3); gold pairs: (0,1), (0,2), (1,2).
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("gold", "pred"),
    [
        ([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]),
        ([0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]),
        ([0, 1, 2, 3], [0, 0, 0, 0]),
        (list("aabbccdd"), list("abababcd")),
    ],
)
def test_ari_matches_sklearn(gold: list[object], pred: list[object]) -> None:
    assert adjusted_rand(gold, pred) == pytest.approx(adjusted_rand_score(gold, pred))


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="one each"):
        bcubed([1, 2], [1])


def test_score_counts() -> None:
    s = score(["a", "a", "b"], ["e1", "e2", "e2"])
    assert (s.n_items, s.n_gold, s.n_pred) == (3, 2, 2)
    assert 0.0 < s.bcubed.f1 < 1.0
