"""Syndicated copies: exact and near-duplicate articles, and which copy is the original.

Two articles are copies when their normalised texts are identical (a SHA-1 of the folded,
whitespace-collapsed text) or when one contains nearly all of the other's word 5-gram
shingles. Candidates come from a MinHash LSH index (datasketch) at a deliberately low Jaccard
threshold, because a copy that adds an outlet's credit lines or trims the last paragraphs has a
lower Jaccard similarity than its containment; every candidate is then verified exactly on
shingle containment.

Which copy is the original, in order of evidence:

1. **Dates.** The earlier defended ``Article.date`` is the original: a copy cannot predate
   what it copies.
2. **Citations.** An article whose ``cited_sources`` name the other's outlet relays it.
3. **Containment.** When one text holds the other plus extra material, the extra is what the
   relaying outlet added -- its credit line ("Azernews reports via TRT World"), a related-links
   block, a disclaimer the cleaner did not catch -- so the *contained* text is the original.
   Syndicators also trim, which would point the other way; but trimming removes whole
   paragraphs at the end, and dates or citations usually settle those cases first.
4. Otherwise the first one seen is the original.

Streaming (:meth:`Deduplicator.__call__`) decides with what it has seen so far: a later
article that turns out to be the original (an earlier date) gets ``duplicate_of=None`` and
becomes the original for later copies, but articles already emitted are not revised.
:meth:`Deduplicator.dedupe` sees the whole corpus first and points every copy at the best
original of its group.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsweave.models import Article
from newsweave.text import fold, words
from newsweave.time import day_number

log = logging.getLogger(__name__)

#: Word n-gram size of shingles: 5-grams rarely repeat across different articles (common
#: phrases are shorter) yet survive light edits between copies.
SHINGLE = 5
#: Share of the shorter text's shingles the longer must contain to call them copies. 0.7
#: tolerates a changed headline, a reworded lead, a dropped paragraph and local edits in a
#: wire copy (such a copy in the example corpus keeps 0.76); different reports of one event,
#: even from one wire, stay far below (under 0.2 in the example corpus).
CONTAINMENT = 0.7
#: Jaccard threshold of the LSH candidate index: low, so a short copy inside a long page
#: (Jaccard ~ 0.3 at containment 1.0 with 3x the length) is still found.
LSH_JACCARD = 0.3
NUM_PERM = 128
#: Texts with fewer words are never near-duplicates (too little evidence), only exact ones.
MIN_WORDS = 20
#: Identical texts shorter than this are not called copies ("Photo", "Video").
MIN_EXACT_WORDS = 3
#: Only the first this many characters are shingled (a 1 MB text costs no more than 100 kB).
MAX_CHARS = 100_000


@dataclass(slots=True)
class _Entry:
    """What the index remembers of one article."""

    id: str
    shingles: frozenset[int]
    day: int | None
    outlet: str | None
    cited: tuple[str, ...]
    position: int


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text)).strip()


def _shingles(tokens: Sequence[str]) -> frozenset[int]:
    n = SHINGLE
    if len(tokens) < n:
        return frozenset()
    return frozenset(
        int.from_bytes(
            hashlib.blake2b(" ".join(tokens[i : i + n]).encode(), digest_size=8).digest(), "big"
        )
        for i in range(len(tokens) - n + 1)
    )


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of ``a``'s shingles that are in ``b`` (0 for an empty ``a``)."""
    return len(a & b) / len(a) if a else 0.0


def _outlet_keys(outlet: str | None) -> set[str]:
    """Folded names an outlet is cited by: its name, its initials ("VNA" for "Veltrian News
    Agency"; small words such as "of" and "the" are skipped) and its first word."""
    if not outlet:
        return set()
    keys = {fold(outlet)}
    initials = "".join(w[0] for w in outlet.split() if w[:1].isupper())
    if len(initials) >= 2:
        keys.add(fold(initials))
    # its first word, as credits shorten it ("Kestrel" for Kestrel Wire; as compare reads it)
    first = [w for w in outlet.split() if fold(w) not in ("the", "a", "an")][:1]
    if first and len(first[0]) >= 4:
        keys.add(fold(first[0]))
    return keys


def _cites(a: _Entry, b: _Entry) -> bool:
    """True if ``a`` names ``b``'s outlet (or its initials) among its cited sources.

    A wire's own dateline credit ("PORT VALEN, March 12 (VNA)") names itself: a citation of
    ``a``'s own outlet is not relaying.
    """
    theirs = _outlet_keys(b.outlet) - _outlet_keys(a.outlet)
    return any(fold(c) in theirs for c in a.cited)


def more_original(a: _Entry, b: _Entry) -> bool:
    """True if ``a`` is a better candidate for the original than ``b`` (see module doc)."""
    if a.day is not None and b.day is not None and a.day != b.day:
        return a.day < b.day
    if _cites(b, a) != _cites(a, b):
        return _cites(b, a)
    ab = containment(a.shingles, b.shingles)
    ba = containment(b.shingles, a.shingles)
    if ab >= CONTAINMENT and ab - ba > 0.05:  # a inside b, b adds material: a is the original
        return True
    if ba >= CONTAINMENT and ba - ab > 0.05:
        return False
    return a.position < b.position


class Deduplicator:
    """Pipeline stage marking syndicated copies with ``duplicate_of`` = the original's id.

    Args:
        containment: Share of the shorter text's shingles found in the other to call them
            copies (0.5-1.0).
        num_perm: MinHash permutations (more = fewer missed candidates, slower).

    The index lives on the instance: one instance sees a stream, and a later call continues
    it (pickle the instance to resume). Use :meth:`dedupe` for a whole corpus.
    """

    name = "dedup"
    requires = ("text",)
    assigns = ("duplicate_of",)

    def __init__(self, containment: float = CONTAINMENT, num_perm: int = NUM_PERM) -> None:
        self.containment = containment
        self.num_perm = num_perm

    def _ensure(self) -> None:
        if not 0.5 <= self.containment <= 1.0:
            raise ValueError("containment must be between 0.5 and 1.0; 0.8 is the default.")
        if not hasattr(self, "lsh_"):
            self.lsh_ = MinHashLSH(threshold=LSH_JACCARD, num_perm=self.num_perm)
            self.exact_: dict[str, str] = {}  # text hash -> id of the group's original
            self.entries_: dict[str, _Entry] = {}
            self.root_: dict[str, str] = {}  # id -> id of its group's original
            self.seen_ = 0
            self.errors_: list[str] = []

    # -- matching -------------------------------------------------------------------------

    def _entry(self, article: Article) -> tuple[_Entry, str | None, MinHash | None]:
        text = (article.text or "")[:MAX_CHARS]
        tokens = words(fold(text))
        norm = _normal(text)
        key = (
            hashlib.sha1(norm.encode("utf-8")).hexdigest()
            if len(tokens) >= MIN_EXACT_WORDS
            else None
        )
        shingles = _shingles(tokens) if len(tokens) >= MIN_WORDS else frozenset()
        entry = _Entry(
            id=article.id,
            shingles=shingles,
            day=day_number(article.date),
            outlet=article.outlet,
            cited=tuple(article.cited_sources),
            position=self.seen_,
        )
        self.seen_ += 1
        mh = None
        if shingles:
            mh = MinHash(num_perm=self.num_perm)
            mh.update_batch(
                np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
                .view(np.uint8)
                .reshape(-1, 8)
            )
        return entry, key, mh

    def _matches(self, entry: _Entry, key: str | None, mh: MinHash | None) -> list[str]:
        """Ids of indexed articles ``entry`` copies or is copied by."""
        found: list[str] = []
        if key is not None and key in self.exact_:
            found.append(self.exact_[key])
        if mh is not None:
            for cand in self.lsh_.query(mh):
                other = self.entries_.get(cand)
                if other is None or cand in found:
                    continue
                a, b = entry.shingles, other.shingles
                small, big = (a, b) if len(a) <= len(b) else (b, a)
                if containment(small, big) >= self.containment:
                    found.append(cand)
        return found

    def _index(self, entry: _Entry, key: str | None, mh: MinHash | None) -> None:
        self.entries_[entry.id] = entry
        if key is not None:
            self.exact_.setdefault(key, entry.id)
        if mh is not None and entry.id not in self.lsh_:
            self.lsh_.insert(entry.id, mh)

    def _root(self, aid: str) -> str:
        while self.root_.get(aid, aid) != aid:
            aid = self.root_[aid]
        return aid

    # -- stage ----------------------------------------------------------------------------

    def mark(self, article: Article) -> Article:
        """Index one article and return it with ``duplicate_of`` set (or None)."""
        self._ensure()
        if article.id in self.entries_:
            # The same id again (re-ingest): keep its first decision.
            root = self._root(article.id)
            return replace(article, duplicate_of=None if root == article.id else root)
        entry, key, mh = self._entry(article)
        roots = {self._root(m) for m in self._matches(entry, key, mh)}
        roots.discard(article.id)
        self._index(entry, key, mh)
        if not roots:
            self.root_[entry.id] = entry.id
            return replace(article, duplicate_of=None)
        best = min(roots, key=lambda r: self.entries_[r].position)
        # In the order seen, not the set's hash order: ``more_original`` may rank in a cycle.
        for r in sorted(roots, key=lambda r: self.entries_[r].position):
            if more_original(self.entries_[r], self.entries_[best]):
                best = r
        # Groups that this article bridges become one group under ``best``.
        for r in roots:
            self.root_[r] = best
        if more_original(entry, self.entries_[best]):
            self.root_[best] = entry.id
            self.root_[entry.id] = entry.id
            return replace(article, duplicate_of=None)
        self.root_[entry.id] = best
        return replace(article, duplicate_of=best)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Mark a stream of articles; an article that fails passes on unchanged (logged)."""
        self._ensure()
        for article in articles:
            try:
                yield self.mark(article)
            except Exception as exc:  # one bad article must not stop the stream
                log.warning("dedup: article %s failed: %s", article.id, exc, exc_info=True)
                self.errors_.append(f"dedup: {article.id}: {type(exc).__name__}: {exc}")
                yield article

    def dedupe(self, articles: Iterable[Article]) -> list[Article]:
        """Mark a whole corpus, choosing each group's original with all dates known.

        Returns the articles in input order, every copy pointing directly at its group's
        original (never at another copy).
        """
        marked = list(self(articles))
        groups: dict[str, list[str]] = {}
        for a in marked:
            if a.id in self.entries_:
                groups.setdefault(self._root(a.id), []).append(a.id)
        original: dict[str, str] = {}
        for members in groups.values():
            best = members[0]
            for m in members[1:]:
                if more_original(self.entries_[m], self.entries_[best]):
                    best = m
            for m in members:
                original[m] = best
        out = []
        for a in marked:
            orig = original.get(a.id)
            out.append(replace(a, duplicate_of=orig if orig and orig != a.id else None))
        return out

    def transform_corpus(self, articles: Iterable[Article]) -> list[Article]:
        """The pipeline's whole-corpus hook: :meth:`dedupe`."""
        return self.dedupe(articles)


def dedupe(articles: Iterable[Article], **params: float) -> list[Article]:
    """Batch helper: mark the copies in ``articles`` with a fresh :class:`Deduplicator`."""
    return Deduplicator(**params).dedupe(articles)  # type: ignore[arg-type]  # pass-through


__all__ = ["Deduplicator", "containment", "dedupe", "more_original"]
