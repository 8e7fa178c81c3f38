"""Evidence accumulation over passes: what most passes agree on survives."""

from __future__ import annotations

from newsweave.cluster.consensus import consensus


def test_identical_passes_give_their_partition() -> None:
    run = ["a", "a", "b", "c", "c"]
    assert consensus([run, run, run]) == [0, 0, 1, 2, 2]


def test_majority_decides_and_groups_are_numbered_by_first_item() -> None:
    # Items 0 and 1 are together in 3 of 4 passes, items 1 and 2 in 1 of 4.
    runs = [
        ["x", "x", "y"],
        ["x", "x", "y"],
        ["x", "x", "y"],
        ["x", "y", "y"],
    ]
    assert consensus(runs) == [0, 0, 1]


def test_one_dissenting_pass_does_not_merge_groups() -> None:
    # {0,1} and {2,3} in three passes; one pass groups 1 with 2 (and splits the pairs).
    runs = [[0, 0, 1, 1], [5, 6, 6, 7], [0, 0, 1, 1], [0, 0, 1, 1]]
    assert consensus(runs, cut=0.5) == [0, 0, 1, 1]


def test_a_split_half_the_time_is_kept_together_at_the_default_cut() -> None:
    # Together in 2 of 4 passes: co-association 0.5 reaches the cut (ties join).
    runs = [[0, 0], [0, 1], [0, 0], [0, 1]]
    assert consensus(runs) == [0, 0]
    assert consensus(runs, cut=0.75) == [0, 1]


def test_empty() -> None:
    assert consensus([]) == []
    assert consensus([[]]) == []
