"""The steps of event clustering that work on fixed article features: passes and refinement.

* :func:`one_pass` -- one greedy single pass over a batch in a given order, against the open
  events as they stood before the batch (copied on write) and the batch's own new groups;
  :func:`shuffled_within_days` gives the orders of the further passes, whose consensus
  (:mod:`newsweave.cluster.consensus`) decides the groups, and :func:`voted_event` which
  open event a group joins.
* :func:`refine` -- batch mode: with the whole corpus assigned, move each article to the
  event it fits best, itself left out.

The clusterer (:mod:`newsweave.cluster.clusterer`) owns the state these steps read.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections import Counter
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TypeVar

from newsweave.cluster.keyindex import top_candidates
from newsweave.cluster.scoring import Scorer
from newsweave.cluster.state import Doc, EventState
from newsweave.models import Article

_H = TypeVar("_H", bound=Hashable)


def shuffled_within_days(items: Sequence[int], docs: Sequence[Doc], seed: int) -> list[int]:
    """``items`` in date order, shuffled among articles of the same day and among undated."""
    rng = random.Random(seed)
    keyed = [(docs[i].day is None, docs[i].day or 0, rng.random(), i) for i in items]
    return [k[3] for k in sorted(keyed)]


def first_pass_groups(labels: Sequence[tuple[str, int]]) -> list[int]:
    """Group numbers of one pass's labels, in order of first appearance (no vote)."""
    rename: dict[tuple[str, int], int] = {}
    return [rename.setdefault(lab, len(rename)) for lab in labels]


def one_pass(
    seq: Sequence[int],
    docs: Sequence[Doc],
    cands: Mapping[int, list[int]],
    base: Mapping[int, Mapping[int, float]],
    open_events: Mapping[int, EventState],
    scorer: Scorer,
) -> dict[int, tuple[str, int]]:
    """One greedy pass over ``seq``: label ("a", serial) for an open event, ("t", n) else.

    ``cands`` are each article's candidate open events and ``base`` its similarities to them
    as they stood before the batch; ``open_events`` are not changed (copied on write)."""
    thr = scorer.threshold
    copies: dict[int, EventState] = {}  # open events this pass added articles to
    temps: list[EventState] = []
    # key -> labels having it, as an insertion-ordered set: a real set of ("t", n) tuples
    # iterates in an order that depends on the process's string hash seed, and the order
    # breaks ties between candidates -- the same input must give the same events.
    index: dict[int, dict[tuple[str, int], None]] = {}
    out: dict[int, tuple[str, int]] = {}
    for i in seq:
        doc = docs[i]
        best: tuple[str, int] | None = None
        best_sim = -math.inf
        for c in cands[i]:
            sim = scorer.similarity(doc, copies[c]) if c in copies else base[i][c]
            if sim > best_sim:
                best, best_sim = ("a", c), sim
        counts: Counter[tuple[str, int]] = Counter()
        for k in doc.index_keys:
            labels = index.get(k)
            if labels:
                counts.update(recent(labels))  # counted in C, in insertion order
        for lab in top_candidates(counts):
            if lab[0] == "a" and lab[1] in cands[i]:
                continue  # already scored above
            ev = temps[lab[1]] if lab[0] == "t" else copies[lab[1]]
            sim = scorer.similarity(doc, ev)
            if sim > best_sim:
                best, best_sim = lab, sim
        if best is None or best_sim < thr:
            best = ("t", len(temps))
            temps.append(EventState(serial=-1))
        if best[0] == "t":
            target = temps[best[1]]
        else:
            target = copies.get(best[1]) or copies.setdefault(best[1], open_events[best[1]].copy())
        target.add(doc)
        for k in doc.index_keys:
            index.setdefault(k, {})[best] = None
        out[i] = best
    return out


#: A key shared by thousands of events (a common word of a large corpus) is counted only for
#: the :data:`BUCKET_SCAN` events that took it last, as the online key index does
#: (``keyindex``): counting the whole bucket would make each article's cost grow with the
#: corpus. Buckets up to this size are counted whole, exactly as before.
BUCKET_SCAN = 256


def recent(bucket: dict[_H, None]) -> Iterator[_H]:
    """The labels of an insertion-ordered bucket to count: all of them, or the last
    :data:`BUCKET_SCAN` (newest first) when there are more."""
    if len(bucket) > BUCKET_SCAN:
        return itertools.islice(reversed(bucket), BUCKET_SCAN)
    return iter(bucket)


def _around(entries: Sequence[tuple[int, int]], rank: int) -> set[int]:
    """The events of the :data:`BUCKET_SCAN` entries ``(rank, serial)`` (sorted) nearest
    ``rank``: a long bucket's events close in time to the article."""
    lo = max(0, bisect.bisect_left(entries, (rank,)) - BUCKET_SCAN // 2)
    return {serial for _, serial in entries[lo : lo + BUCKET_SCAN]}


def voted_event(
    group: Sequence[int],
    pos: Mapping[int, int],
    passes: Sequence[Sequence[tuple[str, int]]],
    open_events: Mapping[int, EventState],
) -> int | None:
    """The open event most passes put this group's articles in, or None for a new event."""
    votes: dict[int, int] = {}
    for labels in passes:
        for i in group:
            kind, serial = labels[pos[i]]
            if kind == "a":
                votes[serial] = votes.get(serial, 0) + 1
    if votes:
        serial = max(votes, key=lambda s: (votes[s], -s))
        if 2 * votes[serial] >= len(passes) * len(group) and serial in open_events:
            return serial
    return None


def refine(
    arts: Sequence[Article],
    docs: Sequence[Doc],
    order: Sequence[int],
    serial_of: list[int],
    is_copy: set[int],
    scorer: Scorer,
) -> list[int]:
    """Move each article to the event it fits best, with itself left out (batch only).

    A single pass decides with the events as they stood when an article came: the first
    report of a second, look-alike happening joins the first happening's event before
    its own siblings exist. With the whole corpus assigned, each article is compared
    again with every candidate event (its own without it) and moves where it is most
    similar, if that clears the threshold; copies (``is_copy``: positions of syndicated
    copies, which refinement does not weigh) then follow their originals again.
    """
    states: dict[int, EventState] = {}
    days: dict[int, list[int]] = {}
    index: dict[int, set[int]] = {}
    # The same buckets as (rank in ``order``, serial), sorted: a long bucket is scanned for
    # the events that took the key near the article's own rank (time) only.
    near: dict[int, list[tuple[int, int]]] = {}
    rank = {i: r for r, i in enumerate(order)}
    for i in order:
        if i in is_copy:
            continue
        serial = serial_of[i]
        states.setdefault(serial, EventState(serial=serial)).add(docs[i])
        day = docs[i].day
        if day is not None:
            days.setdefault(serial, []).append(day)
        for k in docs[i].index_keys:
            index.setdefault(k, set()).add(serial)
            near.setdefault(k, []).append((rank[i], serial))
    next_serial = max(states, default=0) + 1
    for _ in range(scorer.params.refine_rounds):
        moved = 0
        for i in order:
            if i in is_copy:
                continue
            doc, own = docs[i], serial_of[i]
            state = states[own]
            alone = state.n <= 1
            rest = list(days.get(own, []))
            if doc.day is not None:
                rest.remove(doc.day)
            state.remove(doc, rest)
            counts: dict[int, int] = {}
            for k in doc.index_keys:
                bucket = index.get(k)
                if not bucket:
                    continue
                # A key of thousands of events (a common word of a large corpus) is scanned
                # for the events that took it nearest in time only: cost stays flat.
                scan = bucket if len(bucket) <= BUCKET_SCAN else _around(near[k], rank[i])
                for serial in scan:
                    if serial != own:
                        counts[serial] = counts.get(serial, 0) + 1
            others = top_candidates(counts)
            best = scorer.refined_target(
                doc, own, state, alone, ((c, states.get(c), None) for c in others)
            )
            if best is None:  # it stands alone
                best = next_serial
                next_serial += 1
                states[best] = EventState(serial=best)
            if best != own:
                moved += 1
                days[own] = rest
                serial_of[i] = best
                for k in doc.index_keys:
                    index.setdefault(k, set()).add(best)
                    bisect.insort(near.setdefault(k, []), (rank[i], best))
                if doc.day is not None:
                    days.setdefault(best, []).append(doc.day)
                target = states[best]
            else:
                target = state
            target.add(doc)
        if not moved:
            break
    position = {a.id: i for i, a in enumerate(arts)}
    for i in order:
        if i in is_copy:
            original = position.get(arts[i].duplicate_of or "")
            if original is not None:
                serial_of[i] = serial_of[original]
    return serial_of
