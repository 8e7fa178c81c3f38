"""Event clustering: one event per real-world happening, in batch or one batch at a time.

The clusterer is a single-pass "assign to the best open event or start a new one" algorithm
over event centroids, in the style of news-stream clusterers (Miranda et al., 2018,
*Multilingual clustering of streaming news*). How similar an article is to an event (word,
name, number, place and title cosines, time, and the penalties) is
:mod:`newsweave.cluster.scoring`; the events' running sums and tallies are
:mod:`newsweave.cluster.state`; the candidate events of an article come from the key index
(:mod:`newsweave.cluster.keyindex`); the single passes and the batch refinement over
fixed features are :mod:`newsweave.cluster.passes`; the tunables are
:class:`~newsweave.cluster.params.ClusterParams`. Keys an outlet puts in a larger share of
its articles than all outlets do (a station's city, name and sign-off) are discounted in its
articles (``features.OutletKeys``), counted like document frequencies.

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

import logging
import math
from collections.abc import Mapping, Sequence

from newsweave.cluster.consensus import consensus
from newsweave.cluster.embeddings import LeadEncoder, load_encoder
from newsweave.cluster.features import (
    BACKGROUND_DOCS,
    Background,
    DocFreq,
    OutletKeys,
    RawFeatures,
    dot,
    raw_features,
    stable_hash,
)
from newsweave.cluster.keyindex import KeyIndex, index_keys
from newsweave.cluster.params import DEFAULT_PARAMS, ClusterParams
from newsweave.cluster.passes import (
    first_pass_groups,
    one_pass,
    refine,
    shuffled_within_days,
    voted_event,
)
from newsweave.cluster.scoring import (
    DEFAULT_THRESHOLD,
    DEFAULT_TIME_WEIGHT,
    DEFAULT_WEIGHTS,
    DENSE,
    FAMILIES,
    Scorer,
)
from newsweave.cluster.state import Doc, EventState
from newsweave.cluster.titles import article_title, offer_title, title_score
from newsweave.errors import ConfigError
from newsweave.models import Article, Event
from newsweave.time import day_iso, day_number

log = logging.getLogger(__name__)

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
#: :meth:`EventClusterer.fit` counts document frequencies this many articles at a time, so the
#: per-article background priors are dropped as it goes (they are a third of the counts).
_COUNT_CHUNK = 2_000


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
            same day multiplies it by ``1 + time_weight * time_offset``, a year apart by
            ``1 - time_weight * (1 - time_offset)`` (never below 0; ``time_offset`` is a
            field of ``params``).
        max_idle: Online mode closes events that received no article among the last
            ``max_idle`` articles (bounds memory on undated streams).
        min_idle: Online mode closes an event that left the time window only once it has
            also received no article among the last ``min_idle`` articles (0 = at once).
        background_docs: Weight of general-English word frequencies in IDF, in pseudo-
            documents (0 = corpus IDF only); used when ``wordfreq`` is installed.
        runs: Passes over the corpus in :meth:`fit`, each in a different order among articles
            of the same day (or undated); their consensus is the result (1 = one pass).
        online_runs: The same, within each batch of :meth:`partial_fit`.
        params: The penalties, time terms, refinement and outlet-profile settings
            (:class:`~newsweave.cluster.params.ClusterParams`; the tuned defaults when not
            given). Kept on the instance and pickled with its state.

    Attributes:
        events_: The events found so far (see :meth:`events`), as ``Event`` records.
        labels_: Event id per article of the last :meth:`fit`.
        features_: Article id -> its unweighted (names, words) counts, of the last
            :meth:`fit` (empty online): storyline linking reads them instead of counting
            every article again (``link_storylines(..., features=clusterer.features_)``).
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
        params: ClusterParams = DEFAULT_PARAMS,
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
        self.params = params

    # -- parameters ---------------------------------------------------------------------------

    def _check(self) -> None:
        if not isinstance(self.params, ClusterParams):
            raise ConfigError(
                "params must be a ClusterParams (from newsweave.cluster import ClusterParams), "
                f"not {type(self.params).__name__}."
            )
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

    def _scorer(self) -> Scorer:
        return Scorer(self._weights(), self._threshold(), self.time_weight, self.params)

    # -- state --------------------------------------------------------------------------------

    def _reset(self) -> None:
        self.df_ = DocFreq(self.background_docs)
        self.outlets_ = OutletKeys(self.params)
        self.background_ = Background()
        self.open_: dict[int, EventState] = {}
        self.closed_: list[Event] = []
        self.index_ = KeyIndex()
        self.article_event_: dict[str, int] = {}
        self.n_events_ = 0
        self.step_ = 0
        self.now_day_: int | None = None
        self.labels_: list[str] = []
        self.features_: dict[str, tuple[dict[int, float], dict[int, float]]] = {}

    def _ensure_state(self) -> None:
        if not hasattr(self, "df_"):
            self._check()
            self._reset()
        elif not hasattr(self, "outlets_"):  # pickled before outlets were profiled
            self.outlets_ = OutletKeys(self.params)

    # -- featurising ---------------------------------------------------------------------------

    def _encoder(self) -> LeadEncoder | None:
        """The title+lead encoder, loaded once per instance (None on the model-free path)."""
        if not self.__dict__.get("_encoder_loaded"):
            # "auto" is model-free in clustering (newsweave.embeddings.HELPS); the loader
            # decides, as it does for the Spark executors.
            self._encoder_obj = load_encoder(self.embeddings)
            self._encoder_loaded = True
        return self._encoder_obj

    def __getstate__(self) -> dict[str, object]:
        # The model is not state: drop it when pickling and reload it lazily (Spark workers).
        state = dict(self.__dict__)
        state.pop("_encoder_obj", None)
        state.pop("_encoder_loaded", None)
        state["features_"] = {}  # a convenience for storyline linking, not state
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        # Pickled before parameters were kept on the instance: the defaults it was built with.
        params = state.setdefault("params", DEFAULT_PARAMS)
        state.setdefault("features_", {})
        outlets = state.get("outlets_")
        if isinstance(outlets, OutletKeys) and not hasattr(outlets, "params"):
            outlets.params = params if isinstance(params, ClusterParams) else DEFAULT_PARAMS
        self.__dict__.update(state)

    def _dense(
        self, arts: Sequence[Article], given: Mapping[str, Mapping[int, float]] | None = None
    ) -> list[dict[int, float]]:
        if given is not None:  # computed elsewhere (Spark executors): no model here
            return [dict(given.get(a.id, {})) for a in arts]
        if not arts:
            return []
        encoder = self._encoder()
        return encoder.encode(arts) if encoder is not None else [{} for _ in arts]

    def _doc(self, raw: RawFeatures, dense: dict[int, float] | None = None) -> Doc:
        vecs = {fam: self.df_.weigh(raw.family(fam)) for fam in FAMILIES}
        self.outlets_.discount(raw.outlet, vecs, self.df_)
        if dense:
            vecs[DENSE] = dense
        keys = index_keys(vecs)
        heads = [(stable_hash(k, "ent"), stable_hash("~" + k, "ent")) for k in raw.heads]
        where = (
            (stable_hash(raw.where, "place"), stable_hash(raw.where, "ent")) if raw.where else None
        )
        lead = frozenset(stable_hash(k, fam) for k in raw.lead for fam in ("place", "ent"))
        return Doc(
            vecs=vecs,
            day=raw.day,
            index_keys=keys,
            status=raw.status,
            heads=heads,
            where=where,
            lead=lead,
            sq={fam: sum(v * v for v in vec.values()) for fam, vec in vecs.items()},
        )

    # -- scoring ------------------------------------------------------------------------------

    def _best(self, doc: Doc, scorer: Scorer) -> tuple[int | None, float]:
        best: int | None = None
        best_sim = -math.inf
        for serial in self.index_.candidates(doc.index_keys):
            sim = scorer.similarity(doc, self.open_[serial])
            if sim > best_sim:
                best, best_sim = serial, sim
        return best, best_sim

    # -- assignment ---------------------------------------------------------------------------

    def _new_event(self) -> EventState:
        self.n_events_ += 1
        ev = EventState(serial=self.n_events_)
        self.open_[ev.serial] = ev
        return ev

    def _join(self, ev: EventState, article: Article, doc: Doc | None) -> None:
        self.step_ += 1
        ev.last_step = self.step_
        ev.article_ids.append(article.id)
        self.article_event_[article.id] = ev.serial
        pub = _pub_day(article)
        if pub is not None:
            ev.pub_min = pub if ev.pub_min is None else min(ev.pub_min, pub)
        if doc is None:
            offer_title(ev, article, 0.0)  # a copy names the event only with a better title
            return
        ev.add(doc)
        for k in doc.index_keys:
            if k not in ev.keys:
                ev.keys.add(k)
                self.index_.add(k, ev.serial)
        # Centrality of this article in its event (cosine of words with the event's words);
        # the most central article names the event.
        s = ev.sums.get("tok")
        sq = ev.sq.get("tok", 0.0)
        central = dot(doc.vecs["tok"], s) / math.sqrt(sq) if s and sq > 0 else 0.0
        offer_title(ev, article, central)

    def _assign(self, article: Article, doc: Doc, scorer: Scorer) -> int:
        original = article.duplicate_of
        if original and original in self.article_event_:
            serial = self.article_event_[original]
            if serial in self.open_:
                self._join(self.open_[serial], article, None)
                return serial
        best, sim = self._best(doc, scorer)
        ev = self.open_[best] if best is not None and sim >= scorer.threshold else None
        if ev is None:
            ev = self._new_event()
        self._join(ev, article, doc)
        return ev.serial

    def _assign_batch(
        self,
        arts: Sequence[Article],
        docs: Sequence[Doc],
        order: Sequence[int],
        scorer: Scorer,
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
            cands = {i: self.index_.candidates(docs[i].index_keys) for i in work}
            base = {
                i: {c: scorer.similarity(docs[i], self.open_[c]) for c in cands[i]} for i in work
            }
            if scored is not None:
                scored.update(base)
            passes = []
            for r in range(runs):
                seq = work if r == 0 else shuffled_within_days(work, docs, r)
                labels = one_pass(seq, docs, cands, base, self.open_, scorer)
                passes.append([labels[i] for i in work])
            groups = consensus(passes) if runs > 1 else first_pass_groups(passes[0])
            pos = {i: n for n, i in enumerate(work)}
            members: dict[int, list[int]] = {}
            for i, g in zip(work, groups, strict=True):
                members.setdefault(g, []).append(i)
            for g in sorted(members):  # groups are numbered by first member in ``work``
                serial = voted_event(members[g], pos, passes, self.open_)
                ev = self._new_event() if serial is None else self.open_[serial]
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
                serial_of[i] = self._assign(arts[i], docs[i], scorer)
        return serial_of

    # -- public API ---------------------------------------------------------------------------

    def fit(
        self,
        articles: Sequence[Article],
        dense: Mapping[str, Mapping[int, float]] | None = None,
    ) -> list[str]:
        """Cluster a whole corpus; return one event id per article, in input order.

        Event ids are ``e0001``, ``e0002``... in order of each event's first article in the
        input. Earlier state is discarded. ``dense`` (article id -> embedding, as
        ``cluster.embeddings.LeadEncoder.encode`` gives it) supplies embeddings computed
        elsewhere instead of loading the model; articles missing from it have none.
        """
        self._check()
        self._reset()
        arts = list(articles)
        ids = [a.id for a in arts]
        # A syndicated copy is the same document again: counting it would make a wire
        # story's own words look common. Document frequencies count each original once.
        known = set(ids)
        raws: list[RawFeatures] = []
        for start in range(0, len(arts), _COUNT_CHUNK):
            chunk = arts[start : start + _COUNT_CHUNK]
            counted = [raw_features(a, self.background_, self.params) for a in chunk]
            originals = [r for r, a in zip(counted, chunk, strict=True) if not _copy_of(a, known)]
            self.df_.update(originals)  # counting in chunks, in order, counts the same
            self.outlets_.update(originals)
            for r in counted:
                r.prior = {}  # now in df_: a word's prior is kept once, not per article
            raws += counted
        self.features_ = {a.id: (r.ent, r.tok) for a, r in zip(arts, raws, strict=True)}
        # Each article's counts are let go as its vectors are weighed (storylines keep their
        # names and words in ``features_``).
        raws.reverse()
        docs = [self._doc(raws.pop(), d) for d in self._dense(arts, dense)]
        scorer = self._scorer()
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
        serial_of = self._assign_batch(arts, docs, order, scorer, self.runs)
        if self.params.refine_rounds:
            is_copy = {i for i in order if _copy_of(arts[i], self.article_event_)}
            serial_of = refine(arts, docs, order, serial_of, is_copy, scorer)
        # Renumber in order of first article in the input.
        rename: dict[int, str] = {}
        for s in serial_of:
            if s not in rename:
                rename[s] = f"e{len(rename) + 1:04d}"
        self.labels_ = [rename[s] for s in serial_of]
        self._rebuild(arts, docs, self.labels_, order)
        return list(self.labels_)

    def _refine_batch(
        self,
        arts: Sequence[Article],
        docs: Sequence[Doc],
        serials: list[int],
        scorer: Scorer,
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
        for _ in range(self.params.refine_rounds):
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
                    mine = cands[i] = self.index_.candidates(doc.index_keys)
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
                target = scorer.refined_target(doc, own, ev, alone, others)
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

    def _move(self, aid: str, src: EventState, dst: EventState, doc: Doc | None) -> None:
        """Move article ``aid`` (its vectors already taken out of ``src``) to ``dst``."""
        src.article_ids.remove(aid)
        dst.article_ids.append(aid)
        self.article_event_[aid] = dst.serial
        if doc is not None:
            dst.add(doc)
            for k in doc.index_keys:
                if k not in dst.keys:
                    dst.keys.add(k)
                    self.index_.add(k, dst.serial)
        if not src.article_ids:
            self.open_.pop(src.serial, None)
            self.index_.remove(src.keys, src.serial)

    def partial_fit(self, articles: Sequence[Article]) -> list[str]:
        """Assign one batch of a stream; return one event id per article, in input order.

        Each article joins the most similar open event or starts a new one; state persists on
        the instance between calls (pickle it to resume). Event ids are ``e0001``... in order
        of creation, stable across calls.
        """
        self._ensure_state()
        arts = list(articles)
        raws = [raw_features(a, self.background_, self.params) for a in arts]
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
        scorer = self._scorer()
        docs = [self._doc(r, d) for r, d in zip(raws, self._dense(arts), strict=True)]
        for doc in docs:
            if doc.day is not None and (self.now_day_ is None or doc.day > self.now_day_):
                self.now_day_ = doc.day
        before: dict[int, dict[int, float]] = {}
        serials = self._assign_batch(
            arts, docs, range(len(arts)), scorer, self.online_runs, scored=before
        )
        if self.params.refine_rounds and self.params.online_refine:
            serials = self._refine_batch(arts, docs, serials, scorer, before)
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
            self.index_.remove(ev.keys, serial)
            for aid in ev.article_ids:
                self.article_event_.pop(aid, None)
            self.closed_.append(self._event_record(ev, f"e{serial:04d}"))

    def _event_record(self, ev: EventState, key: str) -> Event:
        return Event(
            id=key,
            title=ev.title or "(untitled)",
            date=day_iso(ev.pub_min),
            article_ids=tuple(ev.article_ids),
        )

    def _rebuild(
        self,
        arts: Sequence[Article],
        docs: Sequence[Doc],
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
                ev = self.open_[serial] = EventState(serial=serial)
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
                cos = {i: dot(docs[i].vecs["tok"], s) / math.sqrt(sq) for i in idx}
                best = max(idx, key=lambda i: title_score(arts[i], cos[i]))
                ev.title = article_title(arts[best])[0]
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


def _copy_of(article: Article, *known: set[str] | Mapping[str, object]) -> bool:
    """True if ``article`` is a syndicated copy of another article in any of ``known``."""
    original = article.duplicate_of
    return bool(original) and original != article.id and any(original in k for k in known)


def _pub_day(article: Article) -> int | None:
    return day_number(article.date)
