"""How similar an article is to an event: weighted cosines, time, and three penalties.

An article's similarity to an event is linear in the cosines of its word, name, number, place
and title vectors with the event's summed vectors; when both have dates, time scales that
evidence up (same days) or down (months apart). Three penalties need no dates: a person the
two sides put in different states of office; an article about someone new (its
protagonists, ``features.title_people``) facing an event that is about someone else; and an
article from a town new to an event placed elsewhere (by dateline or title,
``features.dateline_place`` / ``features.title_place``). The penalties' sizes and the time terms are
:class:`~newsweave.cluster.params.ClusterParams` fields.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TypeVar

from newsweave.cluster.features import STATUS_IN, STATUS_POST, STATUS_PRE, dot
from newsweave.cluster.params import ClusterParams
from newsweave.cluster.state import Doc, EventState

_K = TypeVar("_K")

FAMILIES = ("tok", "ent", "num", "place", "title")
#: The optional dense family (title + lead embeddings, see cluster/embeddings.py).
DENSE = "emb"

# The similarity of an article to an event combines the cosines of each feature family,
#   content = sum_f w_f * cos_f                (both sides have family f)
#   sim     = content * max(0, 1 + time_weight * (time_offset - gap)) + sum_f b_f
# where gap = min(1, log(1 + days) / log(366)) when both have dates; with one date missing,
# sim = content + sum_f b_f - unknown_time; with none, content + sum_f b_f. Family weights come
# from a logistic regression of "same event?" on article pairs of the ECB+ topics 1-20 and the
# GVA tune split together (scaled so that w_tok = 1); the threshold and the time terms were
# then tuned for BCubed F1 (and GVA pairwise F1) on the same tune parts, with spaCy and with
# rule-based entities, together with the consensus passes. `python -m benchmarks.clustering
# --tune` prints the threshold grid on the tune parts.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "tok": 1.0,
    "ent": 0.53,
    "num": 0.57,
    "place": 0.15,
    "title": 0.11,
    # Used only with embeddings="on"; see cluster/embeddings.py for what they (do not) earn.
    "emb": 0.15,
}
#: Offsets when both sides have the family at all: two texts that both carry numbers share
#: some by chance ("2", "10"), so mere presence of numbers is evidence *against*.
PRESENCE: Mapping[str, float] = {"ent": -0.19, "num": -0.14, "emb": -0.08}
DEFAULT_THRESHOLD = 0.18
#: How strongly time scales content evidence: it grows with log(days), so a follow-up a week
#: later loses little and one a year later most of it (GVA: half of an incident's articles
#: fall within a day, a tenth more than 4 months apart). Scaling rather than adding means two
#: unrelated articles of the same day stay unrelated on a busy feed.
DEFAULT_TIME_WEIGHT = 1.0
_TIME_HORIZON = math.log1p(365.0)


class Scorer:
    """The similarity of articles to events under one set of weights, threshold and params.

    Args:
        weights: Per-family weights (every family scored, see :data:`DEFAULT_WEIGHTS`).
        threshold: Similarity an article needs with an event to join it.
        time_weight: How strongly time scales the content evidence of dated articles.
        params: The penalties, time terms and refinement settings.
    """

    __slots__ = ("params", "threshold", "time_weight", "weights")

    def __init__(
        self,
        weights: Mapping[str, float],
        threshold: float,
        time_weight: float,
        params: ClusterParams,
    ) -> None:
        self.weights = weights
        self.threshold = threshold
        self.time_weight = time_weight
        self.params = params

    def similarity(self, doc: Doc, ev: EventState) -> float:
        """Similarity of ``doc`` to the event ``ev`` (see the formula above)."""
        params = self.params
        content = 0.0
        presence = 0.0
        for fam, w in self.weights.items():
            vec = doc.vecs.get(fam)
            if not vec:
                continue
            s = ev.sums.get(fam)
            if not s:
                continue
            sq = ev.sq.get(fam, 0.0)
            if sq > 0:
                content += w * dot(vec, s) / math.sqrt(sq)
                presence += PRESENCE.get(fam, 0.0)
        if params.new_head and doc.heads and _new_heads(doc, ev):
            presence -= params.new_head
        if params.new_place and doc.where is not None and _new_place(doc, ev):
            presence -= params.new_place
        if doc.day is not None and ev.day_min is not None and ev.day_max is not None:
            # Time scales the content evidence (never creates it: two unrelated articles of
            # the same day stay unrelated on a busy feed): up to 1 + w * offset for the same
            # day, down to 1 - w * (1 - offset) a year apart.
            gap = self.gap(doc.day, ev)
            closeness = params.time_offset - min(1.0, math.log1p(gap) / _TIME_HORIZON)
            return content * max(0.0, 1.0 + self.time_weight * closeness) + presence
        # Without two dates, a person the two sides put in different states of office
        # ("President-elect X" / "President X") dates them apart.
        presence -= params.status_conflict if _status_conflict(doc, ev) else 0.0
        if (doc.day is None) != (ev.day_min is None):
            return content + presence - params.unknown_time
        return content + presence

    def gap(self, day: int, ev: EventState) -> int:
        """Days between ``day`` and the event: to its first day when ``gap_from_start``."""
        assert ev.day_min is not None and ev.day_max is not None
        if self.params.gap_from_start:
            return abs(day - ev.day_min)
        return max(0, ev.day_min - day, day - ev.day_max)

    def refined_target(
        self,
        doc: Doc,
        own: int,
        state: EventState,
        alone: bool,
        others: Iterable[tuple[int, EventState | None, float | None]],
    ) -> int | None:
        """Where refinement puts ``doc`` (already taken out of its event ``state``): the
        candidate it is most similar to, if that clears the threshold and beats its own event
        by ``params.refine_margin``; else its own event; ``None`` when it fits nothing, its
        own event included, and should stand alone (with ``params.refine_split``).

        ``others`` are (serial, state, known similarity or None) per candidate event."""
        thr = self.threshold
        margin = self.params.refine_margin
        own_sim = -math.inf if alone else self.similarity(doc, state)
        best, best_sim = own, own_sim
        for serial, other, known in others:
            if other is None or other.n == 0:
                continue
            sim = self.similarity(doc, other) if known is None else known
            if sim > best_sim + margin:
                best, best_sim = serial, sim
        if best != own and best_sim < thr:
            best = own
        if best == own and not alone and own_sim < thr and self.params.refine_split:
            return None
        return best


def _established(counts: Mapping[_K, int], n: int) -> list[_K]:
    """Keys of an event's tally (protagonists, dateline places) that at least two of its
    ``n`` members and at least half of them have: what the event is about, or where."""
    return [k for k, c in counts.items() if c >= 2 and 2 * c >= n]


def _status_conflict(doc: Doc, ev: EventState) -> bool:
    """True if ``doc`` puts a person in a state of office none of the event's articles does,
    while they put that person in another state."""
    if not doc.status or not ev.status:
        return False
    for name, bits in doc.status.items():
        theirs = 0
        for bit in (STATUS_PRE, STATUS_IN, STATUS_POST):
            if ev.status.get((name, bit)):
                theirs |= bit
        if theirs and not theirs & bits:
            return True
    return False


def _new_heads(doc: Doc, ev: EventState) -> bool:
    """Whether ``doc`` is about someone new to an event that is about someone else: ``ev``
    has a protagonist (the head of at least two members and of half of them) and none of
    ``doc``'s protagonists appears anywhere in it (the charge of a second official, not a
    follow-up on the first). Without an established protagonist the test stays silent: on
    GVA, a shooting's follow-ups often lead with a suspect its first reports did not name."""
    ent = ev.sums.get("ent")
    if not ent or not _established(ev.heads, ev.n):
        return False
    return not any(a in ent or b in ent for a, b in doc.heads)


def _new_place(doc: Doc, ev: EventState) -> bool:
    """Whether ``doc`` comes from a place new to an event placed elsewhere: ``ev`` has a place
    (by dateline or title, ``features.dateline_place`` / ``features.title_place``: that of at
    least two of its placed members and of half of them), ``doc`` does not name it in its
    title or lead, and ``doc``'s own place appears nowhere in ``ev`` (as a place or a name). A
    report from the regional capital about "the fire in Kessling" names Kessling up front and
    is no new place; a report of a flood in Selke that recalls, further down, last month's
    flood in Harnovo is."""
    assert doc.where is not None
    if doc.where in ev.where:
        return False
    established = _established(ev.where, sum(ev.where.values()))
    if not established:
        return False
    if any(p in doc.lead or e in doc.lead for p, e in established):
        return False
    place_key, ent_key = doc.where
    return place_key not in ev.sums.get("place", {}) and ent_key not in ev.sums.get("ent", {})
