"""Storyline linking reads the clusterer's counts, scores candidates at once, and batch
clustering counts document frequencies in chunks: all with the same results as before."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest

from newsweave.cluster import EventClusterer, clusterer, link_storylines, storylines
from newsweave.cluster.features import dot, raw_features
from newsweave.cluster.storylines import StorylineParams
from newsweave.dedup import Deduplicator
from newsweave.evaluation.synthetic import synthetic_articles
from newsweave.models import Article


def _fitted(n: int) -> tuple[EventClusterer, list[Article]]:
    articles = Deduplicator().dedupe(list(synthetic_articles(n)))
    model = EventClusterer(embeddings="off", runs=2)
    model.fit(articles)
    return model, articles


def test_handed_counts_give_the_same_storylines_without_counting_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model, articles = _fitted(700)
    by_id = {a.id: a for a in articles}
    assert set(model.features_) == set(by_id)
    counted_again = link_storylines(model.events_, by_id)
    calls = {"n": 0}
    real = raw_features

    def spy(article: object) -> object:
        calls["n"] += 1
        return real(article)  # type: ignore[arg-type]

    monkeypatch.setattr(storylines, "raw_features", spy)
    handed = link_storylines(model.events_, by_id, features=model.features_)
    assert calls["n"] == 0
    assert handed == counted_again
    # an article the counts miss is counted here, as before
    partial = dict(model.features_)
    partial.pop(articles[0].id)
    assert link_storylines(model.events_, by_id, features=partial) == counted_again
    assert calls["n"] == 1


def test_fit_counts_in_chunks_as_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = Deduplicator().dedupe(list(synthetic_articles(300)))
    whole = EventClusterer(embeddings="off", runs=2)
    labels = whole.fit(articles)
    monkeypatch.setattr(clusterer, "_COUNT_CHUNK", 7)
    chunked = EventClusterer(embeddings="off", runs=2)
    assert chunked.fit(articles) == labels
    assert np.array_equal(chunked.df_.df, whole.df_.df)
    assert np.array_equal(chunked.df_.prior, whole.df_.prior)
    assert chunked.df_.n_docs == whole.df_.n_docs
    assert chunked.outlets_.counts == whole.outlets_.counts
    assert chunked.features_ == whole.features_


def test_counts_are_not_pickled_with_the_clusterer() -> None:
    model, _ = _fitted(120)
    assert model.features_
    again = pickle.loads(pickle.dumps(model))
    assert again.features_ == {}
    assert model.features_  # the instance keeps them
    assert [e.id for e in again.events_] == [e.id for e in model.events_]


def _vec(rng: random.Random, keys: int) -> dict[int, float]:
    return {rng.randrange(0, 2 << 21): rng.random() for _ in range(keys)}


def test_array_sums_equal_dict_sums_and_dots_equal_dict_dots() -> None:
    rng = random.Random(5)
    for _ in range(50):
        a, b = _vec(rng, rng.randrange(0, 40)), _vec(rng, rng.randrange(0, 40))
        b.update({k: 0.5 for k in list(a)[:5]})  # shared keys
        summed = dict(a)
        for k, v in b.items():
            summed[k] = summed.get(k, 0.0) + v
        keys, vals = storylines._merge(storylines._array(a), storylines._array(b))
        assert dict(zip(keys.tolist(), vals.tolist(), strict=True)) == summed  # exactly
        others = [_vec(rng, rng.randrange(0, 30)) for _ in range(6)] + [a, {}]
        scratch = np.zeros(storylines._KEY_SPACE)
        got = storylines._dots(
            scratch, storylines._array(b), [storylines._array(o) for o in others]
        )
        assert got == pytest.approx([dot(b, o) for o in others], abs=1e-12)
        assert not scratch.any()  # left zeroed for the next event


def test_params_pickled_before_bucket_scan_existed_still_load() -> None:
    old = StorylineParams.__new__(StorylineParams)
    old.__setstate__([0.3, 8, 90])  # threshold, top_keys, horizon_days
    assert old == StorylineParams(threshold=0.3, top_keys=8, horizon_days=90)
    params = StorylineParams(0.3, 8, 90, 12)
    assert pickle.loads(pickle.dumps(params)) == params


def test_a_smaller_bucket_scan_scores_fewer_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    model, articles = _fitted(700)
    by_id = {a.id: a for a in articles}
    scored = {"n": 0}
    real = storylines._scores

    def counted(scratch: object, ent: object, tok: object, cands: list[object]) -> object:
        scored["n"] += len(cands)
        return real(scratch, ent, tok, cands)  # type: ignore[arg-type]

    monkeypatch.setattr(storylines, "_scores", counted)
    per_cap = {}
    for cap in (256, 2):
        scored["n"] = 0
        found = link_storylines(
            model.events_, by_id, features=model.features_, params=StorylineParams(bucket_scan=cap)
        )
        assert sorted(e for s in found for e in s.event_ids) == sorted(e.id for e in model.events_)
        per_cap[cap] = scored["n"]
    assert per_cap[2] < per_cap[256]
