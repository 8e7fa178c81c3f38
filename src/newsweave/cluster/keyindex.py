"""Candidate lookup: which open events an article could join, found through shared keys.

Each article is indexed under a few keys (:func:`index_keys`: its heaviest word keys and its
name keys); an event is listed under the keys of its members. Exact similarities are then
computed only for the events sharing the most keys with an article (:func:`top_candidates`).
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from newsweave.cluster.features import SparseVec

_H = TypeVar("_H", bound=Hashable)

#: Index keys per article: its heaviest word keys and all its name keys (capped) are enough
#: to find every event it could join; exact similarities are computed only for the
#: candidates sharing the most keys (10 scored the same as 24 or 64 on the tune parts).
_INDEX_TOK = 12
_INDEX_ENT = 12
MAX_CANDIDATES = 10
#: A key shared by thousands of open events (a common word of a busy stream) is scanned only
#: for its most recent events: counting its whole bucket would cost more than it tells.
_BUCKET_SCAN = 256


def index_keys(vecs: Mapping[str, SparseVec]) -> list[int]:
    """The keys an article is indexed under: its heaviest "tok" and "ent" keys."""
    keys = [k for k, _ in heapq.nlargest(_INDEX_TOK, vecs["tok"].items(), key=_val)]
    keys += [k for k, _ in heapq.nlargest(_INDEX_ENT, vecs["ent"].items(), key=_val)]
    return keys


def top_candidates(counts: Mapping[_H, int]) -> list[_H]:
    """The :data:`MAX_CANDIDATES` labels sharing the most keys (ties: first counted first)."""
    return heapq.nlargest(MAX_CANDIDATES, counts, key=counts.__getitem__)


class KeyIndex:
    """Key -> open events having it, oldest first (a dict is an insertion-ordered set)."""

    __slots__ = ("buckets",)

    def __init__(self) -> None:
        self.buckets: dict[int, dict[int, None]] = {}

    def __len__(self) -> int:
        return len(self.buckets)

    def add(self, key: int, serial: int) -> None:
        """List event ``serial`` under ``key`` (after the events already there)."""
        self.buckets.setdefault(key, {})[serial] = None

    def remove(self, keys: Iterable[int], serial: int) -> None:
        """Take event ``serial`` out of the buckets of ``keys`` (dropping emptied buckets)."""
        buckets = self.buckets
        for k in keys:
            bucket = buckets.get(k)
            if bucket is not None:
                bucket.pop(serial, None)
                if not bucket:
                    del buckets[k]

    def clear(self) -> None:
        """Forget every key."""
        self.buckets.clear()

    def candidates(self, keys: Iterable[int]) -> list[int]:
        """Open events sharing the most of ``keys`` (at most :data:`MAX_CANDIDATES`)."""
        counts: Counter[int] = Counter()
        for k in keys:
            bucket = self.buckets.get(k)
            if not bucket:
                continue
            if len(bucket) > _BUCKET_SCAN:
                counts.update(itertools.islice(reversed(bucket), _BUCKET_SCAN))
            else:
                counts.update(iter(bucket))  # counted in C: a busy stream's buckets are long
        if len(counts) <= MAX_CANDIDATES:
            return list(counts)
        return top_candidates(counts)


def _val(kv: tuple[int, float]) -> float:
    return kv[1]
