"""Storylines: events linked across time by the same actors and the same thread.

Each event is described by the summed name vector and the summed word vector of its articles
(the same model-free features as event clustering, weighted by IDF over the events' articles).
Events are taken in date order; an event joins the storyline whose events it resembles most
(average similarity to the storyline's events, i.e. average link) when that similarity reaches
the threshold, else it starts a new storyline. Average rather than single link keeps a chain
of loosely related events from collapsing into one giant storyline.

Storyline ids are ``s0001``, ``s0002``... in order of each storyline's first event in the
input; every event is in exactly one storyline (alone, if nothing else fits).

:class:`StorylineLinker` is the same average link online, for ``watch``: it links the events a
batch touched as they arrive and, over one batch, gives the batch linker's storylines.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsweave.cluster.features import DocFreq, SparseVec, dot, raw_features
from newsweave.cluster.passes import BUCKET_SCAN, recent
from newsweave.errors import ConfigError
from newsweave.models import Article, Event, Storyline
from newsweave.time import day_number

# Names carry a storyline (the same actors), words its thread. There is no public storyline
# gold; the threshold weighs three sources. BCubed F1 of storylines (report parts; batch events
# model-free) against ECB+ topics, whose look-alike events often share actors (two fights of one
# boxer): 0.851 / 0.841 / 0.841 / 0.819 at 0.20 / 0.25 / 0.30 / 0.35 (events alone: 0.706);
# against GVA incidents, which punish any link between two shootings of one city: 0.839 /
# 0.880 / 0.906 / 0.915 (events: 0.924). The bundled example corpus, the one gold with real
# storylines (a strike and a second port's lock-out, a flood and a second town's flood, a
# trial and a second indictment), has its same-storyline events at 0.28-0.30 and unrelated
# events at most 0.11: 0.25 keeps all three storylines whole at a cost of 3.5 GVA points.
NAME_WEIGHT = 0.6
WORD_WEIGHT = 0.4
DEFAULT_THRESHOLD = 0.25


def _unit(vec: SparseVec) -> SparseVec:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm > 0 else {}


def _event_vectors(
    events: Sequence[Event], articles: Mapping[str, Article]
) -> list[tuple[SparseVec, SparseVec]]:
    raws = {
        aid: raw_features(a)
        for e in events
        for aid in e.article_ids
        if (a := articles.get(aid)) is not None and not a.duplicate_of
    }
    df = DocFreq()
    df.update(list(raws.values()))
    out = []
    for e in events:
        ent: SparseVec = {}
        tok: SparseVec = {}
        for aid in e.article_ids:
            raw = raws.get(aid)
            if raw is None:
                continue
            for target, vec in ((ent, df.weigh(raw.ent)), (tok, df.weigh(raw.tok))):
                for k, v in vec.items():
                    target[k] = target.get(k, 0.0) + v
        out.append((_unit(ent), _unit(tok)))
    return out


def _top_keys(vec: SparseVec, n: int = 10) -> list[int]:
    return [k for k, _ in sorted(vec.items(), key=lambda kv: -kv[1])[:n]]


class _Group:
    """A storyline under construction: its events and their summed unit vectors."""

    __slots__ = ("ent", "members", "n_named", "tok")

    def __init__(self) -> None:
        self.members: list[int] = []
        self.ent: SparseVec = {}
        self.tok: SparseVec = {}
        self.n_named = 0

    def add(self, i: int, ent: SparseVec, tok: SparseVec) -> None:
        self.members.append(i)
        if ent:
            self.n_named += 1
        for target, vec in ((self.ent, ent), (self.tok, tok)):
            for k, v in vec.items():
                target[k] = target.get(k, 0.0) + v

    def similarity(self, ent: SparseVec, tok: SparseVec) -> float:
        """Average :func:`event_similarity` of an event to the members (:func:`_average`)."""
        return _average(ent, tok, self.ent, self.tok, len(self.members), self.n_named)


def _average(
    ent: SparseVec, tok: SparseVec, sum_ent: SparseVec, sum_tok: SparseVec, members: int, named: int
) -> float:
    """Average :func:`event_similarity` of an event to a storyline's ``members`` events, from
    the sums of their unit vectors (``named``: members with names), so linear in the sums."""
    words = dot(tok, sum_tok) / members
    if ent and named:
        return NAME_WEIGHT * dot(ent, sum_ent) / named + WORD_WEIGHT * words
    return words


def event_similarity(a: tuple[SparseVec, SparseVec], b: tuple[SparseVec, SparseVec]) -> float:
    """Similarity of two events' (names, words) vectors; names count only when both have some."""
    if a[0] and b[0]:
        return NAME_WEIGHT * dot(a[0], b[0]) + WORD_WEIGHT * dot(a[1], b[1])
    return dot(a[1], b[1])


def link_storylines(
    events: Sequence[Event],
    articles: Mapping[str, Article],
    threshold: float | None = None,
) -> list[Storyline]:
    """Chain events into storylines.

    Args:
        events: Events (their ``article_ids`` are looked up in ``articles``).
        articles: Articles by id; events whose articles are missing still get a storyline.
        threshold: Average similarity an event needs with a storyline to join it; ``None``
            uses the tuned default.

    Returns:
        Storylines ``s0001``... in order of their first event in ``events``; every event is
        in exactly one. Use :func:`assign_storylines` to set ``Event.storyline_id``.
    """
    thr = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < thr <= 1.0:
        raise ConfigError(
            f"storyline threshold must lie in (0, 1]; try {DEFAULT_THRESHOLD} (the default)."
        )
    vecs = _event_vectors(events, articles)
    far_future = 10**7

    def when(i: int) -> int:
        return day_number(events[i].date) or far_future

    order = sorted(range(len(events)), key=lambda i: (when(i), i))
    groups: list[_Group] = []
    index: dict[int, set[int]] = {}
    # The same buckets, storylines in the order they last took each key: a key of thousands
    # of storylines (a common word of a large corpus) is scanned for the storylines that took
    # it last only, so the cost per event stays flat as the corpus grows.
    latest: dict[int, dict[int, None]] = {}
    for i in order:
        ent, tok = vecs[i]
        keys = _top_keys(ent) + _top_keys(tok)
        cands: set[int] = set()
        for k in keys:
            bucket = index.get(k)
            if bucket:
                cands.update(bucket if len(bucket) <= BUCKET_SCAN else recent(latest[k]))
        best, best_sim = -1, -math.inf
        for g in cands:
            sim = groups[g].similarity(ent, tok)
            if sim > best_sim:
                best, best_sim = g, sim
        if best < 0 or best_sim < thr:
            best = len(groups)
            groups.append(_Group())
        groups[best].add(i, ent, tok)
        for k in keys:
            index.setdefault(k, set()).add(best)
            taken = latest.setdefault(k, {})
            taken.pop(best, None)
            taken[best] = None
    members_of = [g.members for g in groups]
    members_of.sort(key=min)
    out = []
    for n, members in enumerate(members_of, 1):
        members.sort()
        biggest = max(members, key=lambda i: (len(events[i].article_ids), -i))
        out.append(
            Storyline(
                id=f"s{n:04d}",
                title=events[biggest].title,
                event_ids=tuple(events[i].id for i in members),
            )
        )
    return out


def assign_storylines(events: Sequence[Event], storylines: Sequence[Storyline]) -> list[Event]:
    """Return ``events`` with ``storyline_id`` set from ``storylines``."""
    story_of = {eid: s.id for s in storylines for eid in s.event_ids}
    return [dataclasses.replace(e, storyline_id=story_of.get(e.id)) for e in events]


# -- online: storylines as events arrive (watch) -----------------------------------------------


@dataclass(frozen=True, slots=True)
class StorylineParams:
    """How `watch` links events into storylines as they arrive.

    ``threshold``: the average similarity an event needs with a storyline to join it (None:
    the batch linker's default); ``top_keys``: keys of each event's name and word vectors
    indexed; a storyline no event joined for ``horizon_days`` (event dates) is closed: it
    keeps its events but is no candidate any more, so memory stays bounded on a stream.
    """

    threshold: float | None = None
    top_keys: int = 10
    horizon_days: int = 365


class _Story:
    """An open storyline: its events and the sums of their unit (names, words) vectors."""

    __slots__ = ("best", "ent", "id", "keys", "last_day", "members", "n_named", "title", "tok")

    def __init__(self, story_id: str) -> None:
        self.id = story_id
        self.members: list[str] = []
        self.ent: SparseVec = {}
        self.tok: SparseVec = {}
        self.n_named = 0
        self.keys: set[int] = set()
        self.best = (0, "")  # (articles, event id) of its biggest event: the title's source
        self.title = ""
        self.last_day = 0

    def shift(self, ent: SparseVec, tok: SparseVec, sign: float) -> None:
        """Add (sign 1) or take out (sign -1) one event's unit vectors."""
        self.n_named += int(sign) if ent else 0
        for target, vec in ((self.ent, ent), (self.tok, tok)):
            for k, v in vec.items():
                target[k] = target.get(k, 0.0) + sign * v

    def similarity(self, ent: SparseVec, tok: SparseVec) -> float:
        """Average similarity of an event to the members, as in batch (:func:`_average`)."""
        return _average(ent, tok, self.ent, self.tok, len(self.members), self.n_named)


class StorylineLinker:
    """Storylines built as events arrive: the average link of
    :func:`~newsweave.cluster.link_storylines`, online.

    Each event is described, as there, by the unit sums of its articles' IDF-weighted name and
    word vectors (copies left out); document frequencies grow with the stream, and an
    article's vectors are weighed once, in the batch it arrives in. The events a batch touched
    are taken in date order: a new one joins the open storyline it resembles most on average
    when that reaches the threshold, else starts one (``s0001``...); an event that grew
    updates its vectors in the storyline it is in. Over one batch this is the batch linker.
    Pickled with the clusterer in the watch checkpoint.
    """

    def __init__(self, params: StorylineParams | None = None) -> None:
        self.params = params or StorylineParams()
        self.df = DocFreq()
        self.stories: dict[str, _Story] = {}  # open storylines
        # key -> open storylines having it, in the order they last took it (as the batch
        # linker: a bucket over BUCKET_SCAN is scanned for its newest storylines only)
        self.index: dict[int, dict[str, None]] = {}
        self.created = 0
        self.latest = 0  # latest event day seen
        self.sums: dict[str, tuple[SparseVec, SparseVec]] = {}  # open event -> summed vectors
        # open event -> (its storyline, its unit vectors as added there)
        self.placed: dict[str, tuple[str, SparseVec, SparseVec]] = {}

    def update(
        self, articles: Sequence[Article], labels: Sequence[str], events: Iterable[Event]
    ) -> list[Storyline]:
        """Link ``events`` (those a batch touched, with their members so far) after
        ``articles`` joined them (``labels``: the event id of each); return the storylines
        that changed."""
        feats = {a.id: raw_features(a) for a in articles if not a.duplicate_of}
        self.df.update(list(feats.values()))
        for article, label in zip(articles, labels, strict=True):
            raw = feats.get(article.id)
            if raw is None:
                continue
            ent, tok = self.sums.setdefault(label, ({}, {}))
            for target, vec in ((ent, self.df.weigh(raw.ent)), (tok, self.df.weigh(raw.tok))):
                for k, v in vec.items():
                    target[k] = target.get(k, 0.0) + v
        far = 10**7

        def when(event: Event) -> tuple[int, int, str]:
            number = int(event.id[1:]) if event.id[1:].isdigit() else far
            return day_number(event.date) or far, number, event.id

        touched = sorted(events, key=when)
        self.latest = max([self.latest, *(day_number(e.date) or 0 for e in touched)])
        self._close_idle()  # before linking: a storyline idle for too long is no candidate
        changed: dict[str, _Story] = {}
        for event in touched:
            story = self._link(event)
            if story is not None:
                changed[story.id] = story
        return [Storyline(s.id, s.title, tuple(s.members)) for s in changed.values()]

    def _link(self, event: Event) -> _Story | None:
        sums = self.sums.get(event.id, ({}, {}))
        ent, tok = _unit(sums[0]), _unit(sums[1])
        keys = _top_keys(ent, self.params.top_keys) + _top_keys(tok, self.params.top_keys)
        placed = self.placed.get(event.id)
        if placed is not None:
            found = self.stories.get(placed[0])
            if found is None:  # its storyline closed: it stays there as it was
                return None
            story = found
            story.shift(placed[1], placed[2], -1.0)
        else:
            threshold = self.params.threshold or DEFAULT_THRESHOLD
            best: _Story | None = None
            best_sim = -math.inf
            cands: set[str] = set()
            for bucket in (self.index.get(k, {}) for k in keys):
                cands.update(recent(bucket))
            for story_id in sorted(cands):
                sim = self.stories[story_id].similarity(ent, tok)
                if sim > best_sim:
                    best, best_sim = self.stories[story_id], sim
            if best is None or best_sim < threshold:
                self.created += 1
                best = _Story(f"s{self.created:04d}")
                self.stories[best.id] = best
            story = best
            story.members.append(event.id)
        story.shift(ent, tok, 1.0)
        self.placed[event.id] = (story.id, ent, tok)
        for k in keys:
            taken = self.index.setdefault(k, {})
            taken.pop(story.id, None)
            taken[story.id] = None
        story.keys.update(keys)
        size = len(event.article_ids)
        if story.best[1] == event.id or size > story.best[0]:
            story.best, story.title = (size, event.id), event.title
        day = day_number(event.date)
        story.last_day = max(story.last_day, day or 0)
        return story

    def _close_idle(self) -> None:
        horizon = self.latest - self.params.horizon_days
        for story in [s for s in self.stories.values() if s.last_day and s.last_day < horizon]:
            del self.stories[story.id]
            for k in story.keys:
                holders = self.index.get(k)
                if holders is not None:
                    holders.pop(story.id, None)
                    if not holders:
                        del self.index[k]

    def storyline_of(self, event_id: str) -> str | None:
        """The storyline of an event still open (None if it was never linked)."""
        placed = self.placed.get(event_id)
        return placed[0] if placed else None

    def forget(self, event_ids: Iterable[str]) -> None:
        """Drop the state of closed events (they never grow again)."""
        for event_id in event_ids:
            self.sums.pop(event_id, None)
            self.placed.pop(event_id, None)


__all__ = [
    "StorylineLinker",
    "StorylineParams",
    "assign_storylines",
    "event_similarity",
    "link_storylines",
]
