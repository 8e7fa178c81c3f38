"""Event clustering: one event per real-world happening, in batch or one batch at a time.

The clusterer is a single-pass "assign to the best open event or start a new one" algorithm
over event centroids, in the style of news-stream clusterers (Miranda et al., 2018,
*Multilingual clustering of streaming news*). An article's similarity to an event is linear in
the cosines of its word, name, number, place and title vectors with the event's summed vectors;
when both have dates, time scales that evidence up (same days) or down (months apart). Three
penalties need no dates: a person the two sides put in different states of office; an
article about someone new (its protagonists, ``features.title_people``) facing an event that is
about someone else; and an article datelined in a town new to an event datelined elsewhere
(``features.dateline_place``). Keys an outlet puts in a larger share of its articles than
all outlets do (a station's city, name and sign-off) are discounted in its articles
(``features.OutletKeys``), counted like document frequencies.

* :meth:`EventClusterer.fit` sees the whole corpus: document frequencies come from all of it,
  articles are taken in date order, and several passes that differ in the order among
  articles of the same day (or undated ones) vote (:mod:`newsweave.cluster.consensus`).
* :meth:`EventClusterer.partial_fit` takes one batch at a time (as from a feed), with the
  same vote within each batch: document frequencies are a running count, and events whose
  newest article is older than ``window_days`` before the newest date seen (and which have
  not grown for ``min_idle`` articles) are closed -- dropped from the candidate index, their
  vectors freed -- so memory stays bounded on an endless stream.

Syndicated copies (``Article.duplicate_of``) always join their original's event.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsweave.cluster.consensus import consensus
from newsweave.cluster.embeddings import LeadEncoder, load_encoder
from newsweave.cluster.features import (
    BACKGROUND_DOCS,
    STATUS_IN,
    STATUS_POST,
    STATUS_PRE,
    Background,
    DocFreq,
    OutletKeys,
    RawFeatures,
    SparseVec,
    dot,
    raw_features,
    stable_hash,
)
from newsweave.errors import ConfigError
from newsweave.models import Article, Event
from newsweave.text import sentences
from newsweave.time import day_iso, day_number

log = logging.getLogger(__name__)

_K = TypeVar("_K")

FAMILIES = ("tok", "ent", "num", "place", "title")
#: The optional dense family (title + lead embeddings, see cluster/embeddings.py).
DENSE = "emb"

# The similarity of an article to an event combines the cosines of each feature family,
#   content = sum_f w_f * cos_f                (both sides have family f)
#   sim     = content * max(0, 1 + time_weight * (TIME_OFFSET - gap)) + sum_f b_f
# where gap = min(1, log(1 + days) / log(366)) when both have dates; with one date missing,
# sim = content + sum_f b_f - UNKNOWN_TIME; with none, content + sum_f b_f. Family weights come
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
#: Where time turns from evidence for to evidence against, as a share of the log-day horizon
#: (0.1: about one day). Articles of the same day or the next get a small bonus.
TIME_OFFSET = 0.3
#: Penalty when only one side has a date: the time evidence is missing, and its expected
#: value over candidate pairs is negative (most look-alike articles are far apart in time).
#: Tuned on the GVA tune part with the dates of a random half of the articles removed.
UNKNOWN_TIME = 0.15
#: Penalty when, without two dates, the two sides give one person different states of office
#: (before / in / after office: "President-elect X" and "President X" were written at
#: different times).
STATUS_CONFLICT = 0.5
#: Penalty when an article's protagonists (the people its title names, or the one its body
#: names far more than others) never appear in an event about someone else: a report about a
#: second official charged is not a follow-up on the first one's trial.
NEW_HEAD = 0.2
#: Penalty when an article is datelined ("KESSLING, March 3 (Agency) -") in a place that an
#: event datelined elsewhere never mentions, and the article does not name the event's place:
#: the same kind of happening in another town. Neutral on the ECB+ and GVA tune parts (few
#: datelines; GVA's look-alikes share a city) up to 0.2, slightly harmful at 0.3; on the
#: synthetic stream, whose articles all carry datelines, it takes online B-cubed F1 at 10k
#: from 0.916 to 0.955 (batch 0.965 -> 0.985).
NEW_PLACE = 0.2
#: Measure an article's time gap from the event's first day, not from its newest article:
#: an event is anchored where it happened, so a stream of similar articles (a city's daily
#: shootings) cannot chain one event forward day after day. Neutral on the GVA tune part.
GAP_FROM_START = True
_TIME_HORIZON = math.log1p(365.0)

#: Index keys per article: its heaviest word keys and all its name keys (capped) are enough
#: to find every event it could join; exact similarities are computed only for the
#: candidates sharing the most keys (10 scored the same as 24 or 64 on the tune parts).
_INDEX_TOK = 12
_INDEX_ENT = 12
_MAX_CANDIDATES = 10
#: A key shared by thousands of open events (a common word of a busy stream) is scanned only
#: for its most recent events: counting its whole bucket would cost more than it tells.
_BUCKET_SCAN = 256
#: Event vectors keep at most this many keys per family (heaviest first); beyond it the tail
#: of rare words adds memory but no similarity.
_MAX_KEYS = 400
#: Batch mode: rounds of moving each article to the event it fits best (0 = off), and the
#: margin by which another event must beat the article's own (itself left out) to move it.
REFINE_ROUNDS = 2
REFINE_MARGIN = 0.0
REFINE_SPLIT = True
#: Online mode refines each batch's own articles among the open events the same way.
ONLINE_REFINE = True
#: Undated streams cannot close events by date; they close events idle for this many articles.
DEFAULT_MAX_IDLE = 200_000
#: An event leaves the time window only once this many articles have also arrived since it
#: last grew. The window bounds memory; it is not evidence (the time terms of the similarity
#: are), so closing early only loses joins: a corpus whose few dated articles span years
#: (dates found in the text of an otherwise undated collection) would otherwise close each
#: dated event before its undated siblings arrive (ECB+ tune part, online: B-cubed F1 0.859
#: with closing at the window alone, 0.936 with this guard; batch 0.932). At 2,000 articles
#: a day this keeps events about 2.5 days longer than the window.
DEFAULT_MIN_IDLE = 5_000


@dataclass(slots=True)
class _Doc:
    """Weighted feature vectors of one article."""

    vecs: dict[str, SparseVec]
    day: int | None
    index_keys: list[int]
    status: dict[str, int] = field(default_factory=dict)
    # per protagonist (``features.title_people``): their "ent" keys (surname alone, surname
    # of a full name)
    heads: list[tuple[int, int]] = field(default_factory=list)
    # the dateline's place (``features.dateline_place``) as ("place" key, "ent" key)
    where: tuple[int, int] | None = None
    # per family, the vector's squared norm (computed once: events add and remove it often)
    sq: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class _EventState:
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
    # protagonist (``_Doc.heads`` entry) -> members having it
    heads: dict[tuple[int, int], int] = field(default_factory=dict)
    # dateline place (``_Doc.where``) -> members having it
    where: dict[tuple[int, int], int] = field(default_factory=dict)

    def copy(self) -> _EventState:
        """A copy whose vectors can grow without touching this one (members not copied)."""
        return _EventState(
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

    def add(self, doc: _Doc) -> None:
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

    def remove(self, doc: _Doc, days: Sequence[int] | None) -> None:
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


def _established(counts: Mapping[_K, int], n: int) -> list[_K]:
    """Keys of an event's tally (protagonists, dateline places) that at least two of its
    ``n`` members and at least half of them have: what the event is about, or where."""
    return [k for k, c in counts.items() if c >= 2 and 2 * c >= n]


def _title_of(article: Article) -> str:
    if article.title and article.title.strip():
        return article.title.strip()
    for sent in sentences((article.text or "")[:2000]):
        if len(sent.split()) >= 3:
            return sent if len(sent) <= 160 else sent[:157].rstrip() + "..."
    text = (article.text or "").strip()
    return text[:160] if text else "(untitled)"


class EventClusterer:
    """Group articles into events, over a whole corpus (:meth:`fit`) or a stream
    (:meth:`partial_fit`).

    Args:
        threshold: Similarity an article needs with an event to join it (0 < t < 2). ``None``
            uses the tuned default.
        window_days: Online mode keeps an event open while its newest article is at most this
            many days older than the newest article seen; older events are closed.
        embeddings: ``"on"`` adds the cosine of title+lead sentence embeddings to the
            similarity (raises :class:`~newsweave.errors.ConfigError` when the optional model
            is not installed); ``"auto"`` and ``"off"`` cluster model-free, because on the
            tune parts embeddings did not earn their 20-40x cost (cluster/embeddings.py).
        weights: Per-family weights (``tok``, ``ent``, ``num``, ``place``, ``title`` and
            ``emb`` for embeddings); missing keys keep their defaults.
        time_weight: How strongly time scales the content evidence of dated articles: the
            same day multiplies it by ``1 + time_weight * TIME_OFFSET``, a year apart by
            ``1 - time_weight * (1 - TIME_OFFSET)`` (never below 0).
        max_idle: Online mode closes events that received no article among the last
            ``max_idle`` articles (bounds memory on undated streams).
        min_idle: Online mode closes an event that left the time window only once it has
            also received no article among the last ``min_idle`` articles (0 = at once).
        background_docs: Weight of general-English word frequencies in IDF, in pseudo-
            documents (0 = corpus IDF only); used when ``wordfreq`` is installed.
        runs: Passes over the corpus in :meth:`fit`, each in a different order among articles
            of the same day (or undated); their consensus is the result (1 = one pass).
        online_runs: The same, within each batch of :meth:`partial_fit`.

    Attributes:
        events_: The events found so far (see :meth:`events`), as ``Event`` records.
        labels_: Event id per article of the last :meth:`fit`.
    """

    def __init__(
        self,
        threshold: float | None = None,
        window_days: int = 30,
        embeddings: str = "auto",
        weights: Mapping[str, float] | None = None,
        time_weight: float = DEFAULT_TIME_WEIGHT,
        max_idle: int = DEFAULT_MAX_IDLE,
        min_idle: int = DEFAULT_MIN_IDLE,
        background_docs: float = BACKGROUND_DOCS,
        runs: int = 8,
        online_runs: int = 3,
    ) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self.embeddings = embeddings
        self.weights = weights
        self.time_weight = time_weight
        self.max_idle = max_idle
        self.min_idle = min_idle
        self.runs = runs
        self.online_runs = online_runs
        self.background_docs = background_docs

    # -- parameters ---------------------------------------------------------------------------

    def _check(self) -> None:
        if self.embeddings not in ("auto", "on", "off"):
            raise ConfigError(f"embeddings must be 'auto', 'on' or 'off', not {self.embeddings!r}.")
        if self.threshold is not None and not 0.0 < self.threshold < 2.0:
            raise ConfigError(
                f"threshold must lie between 0 and 2; try {DEFAULT_THRESHOLD} (the default)."
            )
        if self.runs < 1 or self.online_runs < 1:
            raise ConfigError("runs and online_runs must be at least 1 (1 = a single pass).")
        if self.min_idle < 0 or self.max_idle < 1:
            raise ConfigError("min_idle must be 0 or more and max_idle at least 1 (articles).")
        if self.window_days <= 0:
            raise ConfigError("window_days must be a positive number of days, e.g. 30.")
        known = (*FAMILIES, DENSE)
        unknown = set(self.weights or {}) - set(known)
        if unknown:
            raise ConfigError(f"Unknown weight(s) {sorted(unknown)}; known: {list(known)}.")

    def _weights(self) -> dict[str, float]:
        w = dict(DEFAULT_WEIGHTS)
        w.update(self.weights or {})
        return w

    def _threshold(self) -> float:
        return self.threshold if self.threshold is not None else DEFAULT_THRESHOLD

    # -- state --------------------------------------------------------------------------------

    def _reset(self) -> None:
        self.df_ = DocFreq(self.background_docs)
        self.outlets_ = OutletKeys()
        self.background_ = Background()
        self.open_: dict[int, _EventState] = {}
        self.closed_: list[Event] = []
        # key -> open events having it, oldest first (a dict is an insertion-ordered set).
        self.index_: dict[int, dict[int, None]] = {}
        self.article_event_: dict[str, int] = {}
        self.n_events_ = 0
        self.step_ = 0
        self.now_day_: int | None = None
        self.labels_: list[str] = []

    def _ensure_state(self) -> None:
        if not hasattr(self, "df_"):
            self._check()
            self._reset()
        elif not hasattr(self, "outlets_"):  # pickled before outlets were profiled
            self.outlets_ = OutletKeys()

    # -- featurising ---------------------------------------------------------------------------

    def _encoder(self) -> LeadEncoder | None:
        """The title+lead encoder, loaded once per instance (None on the model-free path)."""
        if not self.__dict__.get("_encoder_loaded"):
            self._encoder_obj = load_encoder("on") if self.embeddings == "on" else None
            self._encoder_loaded = True
        return self._encoder_obj

    def __getstate__(self) -> dict[str, object]:
        # The model is not state: drop it when pickling and reload it lazily (Spark workers).
        state = dict(self.__dict__)
        state.pop("_encoder_obj", None)
        state.pop("_encoder_loaded", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def _dense(self, arts: Sequence[Article]) -> list[dict[int, float]]:
        if not arts:
            return []
        encoder = self._encoder()
        return encoder.encode(arts) if encoder is not None else [{} for _ in arts]

    def _doc(self, raw: RawFeatures, dense: dict[int, float] | None = None) -> _Doc:
        vecs = {fam: self.df_.weigh(raw.family(fam)) for fam in FAMILIES}
        self.outlets_.discount(raw.outlet, vecs, self.df_)
        if dense:
            vecs[DENSE] = dense
        keys = [k for k, _ in heapq.nlargest(_INDEX_TOK, vecs["tok"].items(), key=_val)]
        keys += [k for k, _ in heapq.nlargest(_INDEX_ENT, vecs["ent"].items(), key=_val)]
        heads = [(stable_hash(k, "ent"), stable_hash("~" + k, "ent")) for k in raw.heads]
        where = (
            (stable_hash(raw.where, "place"), stable_hash(raw.where, "ent")) if raw.where else None
        )
        return _Doc(
            vecs=vecs,
            day=raw.day,
            index_keys=keys,
            status=raw.status,
            heads=heads,
            where=where,
            sq={fam: sum(v * v for v in vec.values()) for fam, vec in vecs.items()},
        )

    # -- scoring ------------------------------------------------------------------------------

    def _similarity(self, doc: _Doc, ev: _EventState, weights: Mapping[str, float]) -> float:
        content = 0.0
        presence = 0.0
        for fam, w in weights.items():
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
        if NEW_HEAD and doc.heads and _new_heads(doc, ev):
            presence -= NEW_HEAD
        if NEW_PLACE and doc.where is not None and _new_place(doc, ev):
            presence -= NEW_PLACE
        if doc.day is not None and ev.day_min is not None and ev.day_max is not None:
            # Time scales the content evidence (never creates it: two unrelated articles of
            # the same day stay unrelated on a busy feed): up to 1 + w * offset for the same
            # day, down to 1 - w * (1 - offset) a year apart.
            gap = self._gap(doc.day, ev)
            closeness = TIME_OFFSET - min(1.0, math.log1p(gap) / _TIME_HORIZON)
            return content * max(0.0, 1.0 + self.time_weight * closeness) + presence
        # Without two dates, a person the two sides put in different states of office
        # ("President-elect X" / "President X") dates them apart.
        presence -= STATUS_CONFLICT if _status_conflict(doc, ev) else 0.0
        if (doc.day is None) != (ev.day_min is None):
            return content + presence - UNKNOWN_TIME
        return content + presence

    @staticmethod
    def _gap(day: int, ev: _EventState) -> int:
        """Days between ``day`` and the event: to its first day when GAP_FROM_START."""
        assert ev.day_min is not None and ev.day_max is not None
        if GAP_FROM_START:
            return abs(day - ev.day_min)
        return max(0, ev.day_min - day, day - ev.day_max)

    def _candidates(self, doc: _Doc) -> list[int]:
        counts: Counter[int] = Counter()
        for k in doc.index_keys:
            bucket = self.index_.get(k)
            if not bucket:
                continue
            if len(bucket) > _BUCKET_SCAN:
                counts.update(itertools.islice(reversed(bucket), _BUCKET_SCAN))
            else:
                counts.update(iter(bucket))  # counted in C: a busy stream's buckets are long
        if len(counts) <= _MAX_CANDIDATES:
            return list(counts)
        return heapq.nlargest(_MAX_CANDIDATES, counts, key=counts.__getitem__)

    def _best(self, doc: _Doc, weights: Mapping[str, float]) -> tuple[int | None, float]:
        best: int | None = None
        best_sim = -math.inf
        for serial in self._candidates(doc):
            sim = self._similarity(doc, self.open_[serial], weights)
            if sim > best_sim:
                best, best_sim = serial, sim
        return best, best_sim

    # -- assignment ---------------------------------------------------------------------------

    def _new_event(self) -> _EventState:
        self.n_events_ += 1
        ev = _EventState(serial=self.n_events_)
        self.open_[ev.serial] = ev
        return ev

    def _join(self, ev: _EventState, article: Article, doc: _Doc | None) -> None:
        self.step_ += 1
        ev.last_step = self.step_
        ev.article_ids.append(article.id)
        self.article_event_[article.id] = ev.serial
        pub = _pub_day(article)
        if pub is not None:
            ev.pub_min = pub if ev.pub_min is None else min(ev.pub_min, pub)
        if doc is None:
            if not ev.title:
                ev.title = _title_of(article)
            return
        ev.add(doc)
        for k in doc.index_keys:
            if k not in ev.keys:
                ev.keys.add(k)
                self.index_.setdefault(k, {})[ev.serial] = None
        # Centrality of this article in its event (cosine of words with the event's words);
        # the most central article names the event.
        s = ev.sums.get("tok")
        sq = ev.sq.get("tok", 0.0)
        central = dot(doc.vecs["tok"], s) / math.sqrt(sq) if s and sq > 0 else 0.0
        if central > ev.title_score or not ev.title:
            ev.title_score = central
            ev.title = _title_of(article)

    def _assign(self, article: Article, doc: _Doc, weights: Mapping[str, float]) -> int:
        original = article.duplicate_of
        if original and original in self.article_event_:
            serial = self.article_event_[original]
            if serial in self.open_:
                self._join(self.open_[serial], article, None)
                return serial
        best, sim = self._best(doc, weights)
        ev = self.open_[best] if best is not None and sim >= self._threshold() else None
        if ev is None:
            ev = self._new_event()
        self._join(ev, article, doc)
        return ev.serial

    def _assign_batch(
        self,
        arts: Sequence[Article],
        docs: Sequence[_Doc],
        order: Sequence[int],
        weights: Mapping[str, float],
        runs: int,
        scored: dict[int, dict[int, float]] | None = None,
    ) -> list[int]:
        """Assign a batch of articles (see :mod:`newsweave.cluster.consensus`).

        Every pass takes the batch in a different order among articles of the same day and
        assigns each article to an open event (the state before the batch, copied on write)
        or to a new group of the batch; the passes' consensus decides the groups, and a group
        joins the open event most of its members joined, else becomes a new event.
        ``scored`` (if given) receives each article's similarities to its candidate events as
        they stood before the batch.
        """
        batch_pos = {a.id: i for i, a in enumerate(arts)}
        follow = [
            i
            for i in order
            if arts[i].duplicate_of
            and arts[i].duplicate_of != arts[i].id
            and (arts[i].duplicate_of in self.article_event_ or arts[i].duplicate_of in batch_pos)
        ]
        following = set(follow)
        work = [i for i in order if i not in following]
        serial_of = [0] * len(arts)
        if work:
            cands = {i: self._candidates(docs[i]) for i in work}
            base = {
                i: {c: self._similarity(docs[i], self.open_[c], weights) for c in cands[i]}
                for i in work
            }
            if scored is not None:
                scored.update(base)
            passes = []
            for r in range(runs):
                seq = work if r == 0 else _shuffled_within_days(work, docs, r)
                labels = self._one_pass(seq, docs, cands, base, weights)
                passes.append([labels[i] for i in work])
            groups = consensus(passes) if runs > 1 else _first_pass_groups(passes[0])
            pos = {i: n for n, i in enumerate(work)}
            members: dict[int, list[int]] = {}
            for i, g in zip(work, groups, strict=True):
                members.setdefault(g, []).append(i)
            for g in sorted(members):  # groups are numbered by first member in ``work``
                ev = self._event_for(members[g], pos, passes)
                for i in members[g]:
                    self._join(ev, arts[i], docs[i])
                    serial_of[i] = ev.serial
        for i in follow:
            original = arts[i].duplicate_of or ""
            serial = self.article_event_.get(original)
            if serial is not None and serial in self.open_:
                self._join(self.open_[serial], arts[i], None)
                serial_of[i] = serial
            else:  # the original's event closed meanwhile: cluster the copy on its own merits
                serial_of[i] = self._assign(arts[i], docs[i], weights)
        return serial_of

    def _one_pass(
        self,
        seq: Sequence[int],
        docs: Sequence[_Doc],
        cands: Mapping[int, list[int]],
        base: Mapping[int, Mapping[int, float]],
        weights: Mapping[str, float],
    ) -> dict[int, tuple[str, int]]:
        """One greedy pass over ``seq``: label ("a", serial) for an open event, ("t", n) else."""
        thr = self._threshold()
        copies: dict[int, _EventState] = {}  # open events this pass added articles to
        temps: list[_EventState] = []
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
                sim = self._similarity(doc, copies[c], weights) if c in copies else base[i][c]
                if sim > best_sim:
                    best, best_sim = ("a", c), sim
            counts: Counter[tuple[str, int]] = Counter()
            for k in doc.index_keys:
                labels = index.get(k)
                if labels:
                    counts.update(iter(labels))  # counted in C, in insertion order
            for lab in heapq.nlargest(_MAX_CANDIDATES, counts, key=counts.__getitem__):
                if lab[0] == "a" and lab[1] in cands[i]:
                    continue  # already scored above
                ev = temps[lab[1]] if lab[0] == "t" else copies[lab[1]]
                sim = self._similarity(doc, ev, weights)
                if sim > best_sim:
                    best, best_sim = lab, sim
            if best is None or best_sim < thr:
                best = ("t", len(temps))
                temps.append(_EventState(serial=-1))
            if best[0] == "t":
                target = temps[best[1]]
            else:
                target = copies.get(best[1]) or copies.setdefault(
                    best[1], self.open_[best[1]].copy()
                )
            target.add(doc)
            for k in doc.index_keys:
                index.setdefault(k, {})[best] = None
            out[i] = best
        return out

    def _event_for(
        self,
        group: Sequence[int],
        pos: Mapping[int, int],
        passes: Sequence[Sequence[tuple[str, int]]],
    ) -> _EventState:
        """The open event most passes put this group's articles in, or a new event."""
        votes: dict[int, int] = {}
        for labels in passes:
            for i in group:
                kind, serial = labels[pos[i]]
                if kind == "a":
                    votes[serial] = votes.get(serial, 0) + 1
        if votes:
            serial = max(votes, key=lambda s: (votes[s], -s))
            if 2 * votes[serial] >= len(passes) * len(group) and serial in self.open_:
                return self.open_[serial]
        return self._new_event()

    # -- public API ---------------------------------------------------------------------------

    def fit(self, articles: Sequence[Article]) -> list[str]:
        """Cluster a whole corpus; return one event id per article, in input order.

        Event ids are ``e0001``, ``e0002``... in order of each event's first article in the
        input. Earlier state is discarded.
        """
        self._check()
        self._reset()
        arts = list(articles)
        raws = [raw_features(a, self.background_) for a in arts]
        ids = [a.id for a in arts]
        # A syndicated copy is the same document again: counting it would make a wire
        # story's own words look common. Document frequencies count each original once.
        known = set(ids)
        originals = [r for r, a in zip(raws, arts, strict=True) if not _copy_of(a, known)]
        self.df_.update(originals)
        self.outlets_.update(originals)
        docs = [self._doc(r, d) for r, d in zip(raws, self._dense(arts), strict=True)]
        weights = self._weights()
        positions = {aid: i for i, aid in enumerate(ids)}
        # Originals first, copies after (they follow their original); dated articles in date
        # order so events grow the way they happened; undated ones keep input order.
        order = sorted(
            range(len(arts)),
            key=lambda i: (
                arts[i].duplicate_of in positions and arts[i].duplicate_of != ids[i],
                docs[i].day is None,
                docs[i].day or 0,
                i,
            ),
        )
        serial_of = self._assign_batch(arts, docs, order, weights, self.runs)
        if REFINE_ROUNDS:
            serial_of = self._refine(arts, docs, order, serial_of, weights)
        # Renumber in order of first article in the input.
        rename: dict[int, str] = {}
        for s in serial_of:
            if s not in rename:
                rename[s] = f"e{len(rename) + 1:04d}"
        self.labels_ = [rename[s] for s in serial_of]
        self._rebuild(arts, docs, self.labels_, order)
        return list(self.labels_)

    def _refine(
        self,
        arts: Sequence[Article],
        docs: Sequence[_Doc],
        order: Sequence[int],
        serial_of: list[int],
        weights: Mapping[str, float],
    ) -> list[int]:
        """Move each article to the event it fits best, with itself left out (batch only).

        A single pass decides with the events as they stood when an article came: the first
        report of a second, look-alike happening joins the first happening's event before
        its own siblings exist. With the whole corpus assigned, each article is compared
        again with every candidate event (its own without it) and moves where it is most
        similar, if that clears the threshold; copies then follow their originals again.
        """
        is_copy = {i for i in order if _copy_of(arts[i], self.article_event_)}
        states: dict[int, _EventState] = {}
        days: dict[int, list[int]] = {}
        index: dict[int, set[int]] = {}
        for i in order:
            if i in is_copy:
                continue
            serial = serial_of[i]
            states.setdefault(serial, _EventState(serial=serial)).add(docs[i])
            day = docs[i].day
            if day is not None:
                days.setdefault(serial, []).append(day)
            for k in docs[i].index_keys:
                index.setdefault(k, set()).add(serial)
        next_serial = max(states, default=0) + 1
        for _ in range(REFINE_ROUNDS):
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
                    for serial in index.get(k, ()):
                        if serial != own:
                            counts[serial] = counts.get(serial, 0) + 1
                others = heapq.nlargest(_MAX_CANDIDATES, counts, key=counts.__getitem__)
                best = self._refined_target(
                    doc, own, state, alone, ((c, states.get(c), None) for c in others), weights
                )
                if best is None:  # it stands alone
                    best = next_serial
                    next_serial += 1
                    states[best] = _EventState(serial=best)
                if best != own:
                    moved += 1
                    days[own] = rest
                    serial_of[i] = best
                    for k in doc.index_keys:
                        index.setdefault(k, set()).add(best)
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

    def _refine_batch(
        self,
        arts: Sequence[Article],
        docs: Sequence[_Doc],
        serials: list[int],
        weights: Mapping[str, float],
        before: Mapping[int, Mapping[int, float]],
    ) -> list[int]:
        """Online counterpart of :meth:`_refine` for one batch: its articles (not earlier
        ones, whose labels were already returned) move to the open event they fit best.

        ``before`` holds similarities to events as they stood before the batch: for an event
        the batch has not touched they still hold, and most candidates of a busy stream are
        such look-alikes."""
        movable = [i for i in range(len(arts)) if not _copy_of(arts[i], self.article_event_)]
        touched = set(serials)
        # Candidates are looked up once (the index already holds the batch's new events), and
        # a later round weighs an article again only if its event or a candidate changed
        # since it was last weighed: else it would decide the same.
        cands: dict[int, list[int]] = {}
        changed_before: set[int] | None = None
        for _ in range(REFINE_ROUNDS):
            moved = 0
            changed: set[int] = set()
            for i in movable:
                own = serials[i]
                ev = self.open_.get(own)
                if ev is None:
                    continue
                doc = docs[i]
                mine = cands.get(i)
                if mine is None:
                    mine = cands[i] = self._candidates(doc)
                if changed_before is not None and not any(
                    c in changed_before or c in changed for c in (own, *mine)
                ):
                    continue
                alone = ev.n <= 1
                ev.remove(doc, None)
                known = before.get(i, {})
                others = [
                    (c, self.open_.get(c), None if c in touched else known.get(c))
                    for c in mine
                    if c != own
                ]
                target = self._refined_target(doc, own, ev, alone, others, weights)
                best = self._new_event().serial if target is None else target
                if best == own:
                    ev.add(doc)
                    continue
                moved += 1
                touched.add(best)
                changed.update((own, best))
                self._move(arts[i].id, ev, self.open_[best], doc)
                serials[i] = best
            if not moved:
                break
            changed_before = changed
        for i in range(len(arts)):
            original = arts[i].duplicate_of
            if original and original != arts[i].id and original in self.article_event_:
                serial = self.article_event_[original]
                if serial != serials[i] and serials[i] in self.open_ and serial in self.open_:
                    self._move(arts[i].id, self.open_[serials[i]], self.open_[serial], None)
                    serials[i] = serial
        return serials

    def _refined_target(
        self,
        doc: _Doc,
        own: int,
        state: _EventState,
        alone: bool,
        others: Iterable[tuple[int, _EventState | None, float | None]],
        weights: Mapping[str, float],
    ) -> int | None:
        """Where refinement puts ``doc`` (already taken out of its event ``state``): the
        candidate it is most similar to, if that clears the threshold and beats its own event
        by :data:`REFINE_MARGIN`; else its own event; ``None`` when it fits nothing, its own
        event included, and should stand alone."""
        thr = self._threshold()
        own_sim = -math.inf if alone else self._similarity(doc, state, weights)
        best, best_sim = own, own_sim
        for serial, other, known in others:
            if other is None or other.n == 0:
                continue
            sim = self._similarity(doc, other, weights) if known is None else known
            if sim > best_sim + REFINE_MARGIN:
                best, best_sim = serial, sim
        if best != own and best_sim < thr:
            best = own
        if best == own and not alone and own_sim < thr and REFINE_SPLIT:
            return None
        return best

    def _move(self, aid: str, src: _EventState, dst: _EventState, doc: _Doc | None) -> None:
        """Move article ``aid`` (its vectors already taken out of ``src``) to ``dst``."""
        src.article_ids.remove(aid)
        dst.article_ids.append(aid)
        self.article_event_[aid] = dst.serial
        if doc is not None:
            dst.add(doc)
            for k in doc.index_keys:
                if k not in dst.keys:
                    dst.keys.add(k)
                    self.index_.setdefault(k, {})[dst.serial] = None
        if not src.article_ids:
            self.open_.pop(src.serial, None)
            for k in src.keys:
                bucket = self.index_.get(k)
                if bucket is not None:
                    bucket.pop(src.serial, None)
                    if not bucket:
                        del self.index_[k]

    def partial_fit(self, articles: Sequence[Article]) -> list[str]:
        """Assign one batch of a stream; return one event id per article, in input order.

        Each article joins the most similar open event or starts a new one; state persists on
        the instance between calls (pickle it to resume). Event ids are ``e0001``... in order
        of creation, stable across calls.
        """
        self._ensure_state()
        arts = list(articles)
        raws = [raw_features(a, self.background_) for a in arts]
        # The batch counts towards document frequencies before it is weighed, so the first
        # batch of a stream already has an IDF (syndicated copies of a known original once).
        batch_ids = {a.id for a in arts}
        originals = [
            r
            for r, a in zip(raws, arts, strict=True)
            if not _copy_of(a, batch_ids, self.article_event_)
        ]
        self.df_.update(originals)
        self.outlets_.update(originals)
        weights = self._weights()
        docs = [self._doc(r, d) for r, d in zip(raws, self._dense(arts), strict=True)]
        for doc in docs:
            if doc.day is not None and (self.now_day_ is None or doc.day > self.now_day_):
                self.now_day_ = doc.day
        before: dict[int, dict[int, float]] = {}
        serials = self._assign_batch(
            arts, docs, range(len(arts)), weights, self.online_runs, scored=before
        )
        if REFINE_ROUNDS and ONLINE_REFINE:
            serials = self._refine_batch(arts, docs, serials, weights, before)
        out = [f"e{serial:04d}" for serial in serials]
        self._close_stale()
        return out

    def _close_stale(self) -> None:
        now = self.now_day_
        stale = [
            ev.serial
            for ev in self.open_.values()
            if (
                now is not None
                and ev.day_max is not None
                and now - ev.day_max > self.window_days
                and self.step_ - ev.last_step >= self.min_idle
            )
            or self.step_ - ev.last_step > self.max_idle
        ]
        for serial in stale:
            ev = self.open_.pop(serial)
            for k in ev.keys:
                bucket = self.index_.get(k)
                if bucket is not None:
                    bucket.pop(serial, None)
                    if not bucket:
                        del self.index_[k]
            for aid in ev.article_ids:
                self.article_event_.pop(aid, None)
            self.closed_.append(self._event_record(ev, f"e{serial:04d}"))

    def _event_record(self, ev: _EventState, key: str) -> Event:
        return Event(
            id=key,
            title=ev.title or "(untitled)",
            date=day_iso(ev.pub_min),
            article_ids=tuple(ev.article_ids),
        )

    def _rebuild(
        self,
        arts: Sequence[Article],
        docs: Sequence[_Doc],
        labels: Sequence[str],
        order: Sequence[int],
    ) -> None:
        """Rebuild the event states from final labels (so :meth:`partial_fit` can go on)."""
        self.open_.clear()
        self.index_.clear()
        self.article_event_.clear()
        self.step_ = 0
        self.n_events_ = len(set(labels))
        for i in order:
            serial = int(labels[i][1:])
            ev = self.open_.get(serial)
            if ev is None:
                ev = self.open_[serial] = _EventState(serial=serial)
            copy = arts[i].duplicate_of in self.article_event_
            self._join(ev, arts[i], None if copy else docs[i])
        # Members in input order, and the exact most central article as the title.
        members: dict[int, list[int]] = {}
        for i, lab in enumerate(labels):
            members.setdefault(int(lab[1:]), []).append(i)
        for serial, idx in members.items():
            ev = self.open_[serial]
            ev.article_ids = [arts[i].id for i in idx]
            s = ev.sums.get("tok")
            sq = ev.sq.get("tok", 0.0)
            if s and sq > 0:
                best = max(idx, key=lambda i: dot(docs[i].vecs["tok"], s))
                ev.title = _title_of(arts[best])
        days = [d.day for d in docs if d.day is not None]
        self.now_day_ = max(days) if days else None

    def events(self) -> list[Event]:
        """All events: of the last :meth:`fit`, or closed and open events of the stream."""
        if not hasattr(self, "df_"):
            return []
        out = list(self.closed_)
        out += [self._event_record(ev, f"e{ev.serial:04d}") for ev in self.open_.values()]
        return sorted(out, key=lambda e: int(e.id[1:]))

    @property
    def events_(self) -> list[Event]:
        """The events found so far (see :meth:`events`)."""
        return self.events()

    def drain_closed(self) -> list[Event]:
        """Return and forget the events closed so far (keeps memory flat on long streams)."""
        out, self.closed_ = self.closed_, []
        return out


def _shuffled_within_days(items: Sequence[int], docs: Sequence[_Doc], seed: int) -> list[int]:
    """``items`` in date order, shuffled among articles of the same day and among undated."""
    rng = random.Random(seed)
    keyed = [(docs[i].day is None, docs[i].day or 0, rng.random(), i) for i in items]
    return [k[3] for k in sorted(keyed)]


def _first_pass_groups(labels: Sequence[tuple[str, int]]) -> list[int]:
    rename: dict[tuple[str, int], int] = {}
    return [rename.setdefault(lab, len(rename)) for lab in labels]


def _copy_of(article: Article, *known: set[str] | Mapping[str, object]) -> bool:
    """True if ``article`` is a syndicated copy of another article in any of ``known``."""
    original = article.duplicate_of
    return bool(original) and original != article.id and any(original in k for k in known)


def _bits(bits: int) -> tuple[int, ...]:
    return tuple(b for b in (STATUS_PRE, STATUS_IN, STATUS_POST) if bits & b)


def _status_conflict(doc: _Doc, ev: _EventState) -> bool:
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


def _new_heads(doc: _Doc, ev: _EventState) -> bool:
    """Whether ``doc`` is about someone new to an event that is about someone else: ``ev``
    has a protagonist (the head of at least two members and of half of them) and none of
    ``doc``'s protagonists appears anywhere in it (the charge of a second official, not a
    follow-up on the first). Without an established protagonist the test stays silent: on
    GVA, a shooting's follow-ups often lead with a suspect its first reports did not name."""
    ent = ev.sums.get("ent")
    if not ent or not _established(ev.heads, ev.n):
        return False
    return not any(a in ent or b in ent for a, b in doc.heads)


def _new_place(doc: _Doc, ev: _EventState) -> bool:
    """Whether ``doc`` is datelined somewhere new to an event datelined elsewhere: ``ev`` has
    a dateline place (that of at least two members and of half of them), ``doc`` does not
    name it, and ``doc``'s own dateline place appears nowhere in ``ev`` (as a dateline or a
    name). A report from the regional capital about "the fire in Kessling" is no new place."""
    assert doc.where is not None
    if doc.where in ev.where:
        return False
    established = _established(ev.where, ev.n)
    if not established:
        return False
    places, names = doc.vecs.get("place", {}), doc.vecs.get("ent", {})
    if any(p in places or e in names for p, e in established):
        return False
    place_key, ent_key = doc.where
    return place_key not in ev.sums.get("place", {}) and ent_key not in ev.sums.get("ent", {})


def _val(kv: tuple[int, float]) -> float:
    return kv[1]


def _pub_day(article: Article) -> int | None:
    return day_number(article.date)
