"""Sentence embeddings: where "auto" uses them, and one cached embedder per run (issue 16)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from newsweave import embeddings
from newsweave.config import Settings
from newsweave.embeddings import CachedEmbedder, load_embedder
from newsweave.models import Article, Event
from newsweave.pipeline import compare_events


class CountingEmbedder:
    """A fake model: one unit vector per text (from its length), counting what it is sent."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.calls = 0

    def __call__(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls += 1
        self.seen.extend(texts)
        vecs = np.zeros((len(texts), 4), dtype=np.float32)
        for i, t in enumerate(texts):
            vecs[i, len(t) % 4] = 1.0
        return vecs


def test_cached_embedder_embeds_each_distinct_text_once_and_keeps_order() -> None:
    fake = CountingEmbedder()
    cached = CachedEmbedder(fake)
    first = cached(["a ship", "a port", "a ship"])
    assert fake.seen == ["a ship", "a port"]  # the repeat within a call is embedded once
    again = cached(["a port", "a crane", "a ship"])
    assert fake.seen == ["a ship", "a port", "a crane"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert np.array_equal(again, fake(["a port", "a crane", "a ship"]))
    assert cached.embedded == 3
    assert cached([]).shape[0] == 0


def test_cached_embedder_forgets_the_least_recently_used_beyond_its_bound() -> None:
    fake = CountingEmbedder()
    cached = CachedEmbedder(fake, max_texts=2)
    cached(["one", "two"])
    cached(["one"])  # "one" is now the most recent
    cached(["three"])  # "two" goes
    cached(["one", "two"])
    assert fake.seen == ["one", "two", "three", "two"]


def test_auto_stays_model_free_in_comparison_and_clustering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Even with the model installed, "auto" loads nothing in either stage (measured in
    # newsweave.embeddings.HELPS); "off" never does.
    monkeypatch.setattr(embeddings, "_installed", lambda: True)

    def no_load(path: str) -> None:
        raise AssertionError("the model must not be loaded")

    monkeypatch.setattr(embeddings, "_load_model", no_load)
    assert embeddings.HELPS == {"compare": False, "cluster": False}
    assert load_embedder("auto", "compare") is None
    assert load_embedder("auto", "cluster") is None
    assert load_embedder("off") is None


def _article(aid: str, outlet: str, text: str) -> Article:
    return Article(id=aid, text=text, raw_text=text, outlet=outlet, date="2026-03-02")


def test_one_embedder_serves_the_run_and_each_sentence_is_embedded_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = CountingEmbedder()
    loads: list[tuple[str | None, str]] = []

    def loader(mode: str | None, stage: str = "compare") -> CountingEmbedder:
        loads.append((mode, stage))
        return fake

    monkeypatch.setattr(embeddings, "load_embedder", loader)
    shared = "The harbour board approved the new quay on Monday after a long debate."
    articles = [
        _article("a1", "Gazette", f"{shared} Work starts in May, the board said."),
        _article("a2", "Courier", f"{shared} Fishermen welcomed the decision."),
        _article("b1", "Gazette", "A storm closed the coast road near Velmar overnight."),
        _article("b2", "Courier", "The coast road near Velmar was shut overnight by a storm."),
    ]
    events = [
        Event(id="e1", title="quay", date=None, article_ids=("a1", "a2")),
        Event(id="e2", title="storm", date=None, article_ids=("b1", "b2")),
    ]
    coverage = compare_events(events, articles, Settings(embeddings="on", ner="off"))
    assert set(coverage) == {"e1", "e2"}
    assert loads == [("on", "compare")]  # loaded once for the run, not once per event
    assert fake.seen and len(fake.seen) == len(set(fake.seen))  # no sentence twice
    assert shared in fake.seen


def test_a_run_without_embeddings_loads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def loader(mode: str | None, stage: str = "compare") -> None:
        assert mode == "off"
        return None

    monkeypatch.setattr(embeddings, "load_embedder", loader)
    art = _article("a1", "Gazette", "The harbour board approved the new quay on Monday.")
    out = compare_events(
        [Event(id="e1", title="quay", date=None, article_ids=("a1",))],
        [art],
        Settings(embeddings="off"),
    )
    assert list(out) == ["e1"]
