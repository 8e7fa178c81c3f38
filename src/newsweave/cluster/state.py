"""Running state of one event: summed feature vectors and the tallies the penalties read.

* :class:`Doc` -- one article's weighted feature vectors (built by the clusterer from
  ``features.raw_features``), its day, its index keys (``cluster/keyindex.py``), and the
  signals the penalties use (states of office, protagonists, dateline place).
* :class:`EventState` -- per event: the summed vectors and their squared norms (updated
  incrementally as articles join and leave), the date range, the members, the best title,
  and per-signal member tallies.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsweave.cluster.features import STATUS_IN, STATUS_POST, STATUS_PRE, SparseVec, dot
from newsweave.cluster.titles import article_title
from newsweave.models import Article

_K = TypeVar("_K")

#: Event vectors keep at most this many keys per family (heaviest first); beyond it the tail
#: of rare words adds memory but no similarity.
_MAX_KEYS = 400


@dataclass(slots=True)
class Doc:
    """Weighted feature vectors of one article."""

    vecs: dict[str, SparseVec]
    day: int | None
    index_keys: list[int]
    status: dict[str, int] = field(default_factory=dict)
    # per protagonist (``features.title_people``): their "ent" keys (surname alone, surname
    # of a full name)
    heads: list[tuple[int, int]] = field(default_factory=list)
    # its place (``features.dateline_place``, else ``features.title_place``) as ("place" key,
    # "ent" key)
    where: tuple[int, int] | None = None
    # "place" and "ent" keys of the names in its title and lead (articles with a place only)
    lead: frozenset[int] = frozenset()
    # per family, the vector's squared norm (computed once: events add and remove it often)
    sq: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class EventState:
    """Running state of one event: summed vectors, date range, members, best title."""

    serial: int
    sums: dict[str, SparseVec] = field(default_factory=dict)
    sq: dict[str, float] = field(default_factory=dict)
    n: int = 0
    day_min: int | None = None
    day_max: int | None = None
    pub_min: int | None = None
    article_ids: list[str] = field(default_factory=list)
    title: str = ""
    title_score: float = -1.0
    last_step: int = 0
    keys: set[int] = field(default_factory=set)
    # (surname, STATUS_* bit) -> members saying so
    status: dict[tuple[str, int], int] = field(default_factory=dict)
    # protagonist (``Doc.heads`` entry) -> members having it
    heads: dict[tuple[int, int], int] = field(default_factory=dict)
    # dateline place (``Doc.where``) -> members having it
    where: dict[tuple[int, int], int] = field(default_factory=dict)

    def copy(self) -> EventState:
        """A copy whose vectors can grow without touching this one (members not copied)."""
        return EventState(
            serial=self.serial,
            sums={fam: dict(vec) for fam, vec in self.sums.items()},
            sq=dict(self.sq),
            n=self.n,
            status=dict(self.status),
            heads=dict(self.heads),
            where=dict(self.where),
            day_min=self.day_min,
            day_max=self.day_max,
        )

    def add(self, doc: Doc) -> None:
        """Add ``doc``'s vectors to the sums, updating squared norms incrementally."""
        for fam, vec in doc.vecs.items():
            if not vec:
                continue
            s = self.sums.setdefault(fam, {})
            d = dot(vec, s)
            self.sq[fam] = self.sq.get(fam, 0.0) + 2.0 * d + doc.sq[fam]
            for k, v in vec.items():
                s[k] = s.get(k, 0.0) + v
            if len(s) > 2 * _MAX_KEYS:
                kept = dict(heapq.nlargest(_MAX_KEYS, s.items(), key=lambda kv: kv[1]))
                self.sums[fam] = kept
                self.sq[fam] = sum(v * v for v in kept.values())
        self.n += 1
        for head in doc.heads:
            _count(self.heads, head, 1)
        if doc.where is not None:
            _count(self.where, doc.where, 1)
        for name, bits in doc.status.items():
            for bit in _bits(bits):
                _count(self.status, (name, bit), 1)
        if doc.day is not None:
            self.day_min = doc.day if self.day_min is None else min(self.day_min, doc.day)
            self.day_max = doc.day if self.day_max is None else max(self.day_max, doc.day)

    def remove(self, doc: Doc, days: Sequence[int] | None) -> None:
        """Take ``doc``'s vectors out of the sums; ``days`` are the remaining members' days
        (None keeps the date range as it is)."""
        for fam, vec in doc.vecs.items():
            s = self.sums.get(fam)
            if not vec or not s:
                continue
            d = dot(vec, s)
            self.sq[fam] = max(0.0, self.sq.get(fam, 0.0) - 2.0 * d + doc.sq[fam])
            for k, v in vec.items():
                if k in s:
                    left = s[k] - v
                    if left > 1e-9:
                        s[k] = left
                    else:
                        del s[k]
            if not s:
                del self.sums[fam]
                self.sq.pop(fam, None)
        self.n -= 1
        for head in doc.heads:
            _count(self.heads, head, -1)
        if doc.where is not None:
            _count(self.where, doc.where, -1)
        for name, bits in doc.status.items():
            for bit in _bits(bits):
                _count(self.status, (name, bit), -1)
        if days is not None:
            self.day_min = min(days) if days else None
            self.day_max = max(days) if days else None


def _count(counts: dict[_K, int], key: _K, delta: int) -> None:
    """Add ``delta`` to ``counts[key]``, dropping the key when it reaches zero."""
    left = counts.get(key, 0) + delta
    if left > 0:
        counts[key] = left
    else:
        counts.pop(key, None)


def title_of(article: Article) -> str:
    """The title an article gives its event: its own headline when it is a real one, else its
    first sentence of 3+ words (see :mod:`newsweave.cluster.titles`)."""
    return article_title(article)[0]


def _bits(bits: int) -> tuple[int, ...]:
    return tuple(b for b in (STATUS_PRE, STATUS_IN, STATUS_POST) if bits & b)
