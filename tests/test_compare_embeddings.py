"""The optional dense-embedding path of comparison (marked ``models``: skipped without the
model; install with ``pip install torch==2.13.0 'newsweave[embed]'`` in one command)."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.compare import Lexicon, compare_event
from newsweave.compare.align import Embedder, group_claims, similarity_matrix
from newsweave.compare.quotes import QuoteItem, group_quotes
from newsweave.config import Settings
from newsweave.embeddings import available as embeddings_available
from newsweave.embeddings import load_embedder
from newsweave.errors import ConfigError
from newsweave.models import Article, Event, Quote

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    found = load_embedder("on") if embeddings_available() else None  # "auto" stays model-free
    if found is None:
        pytest.skip(
            "optional embedding model not installed "
            "(pip install torch==2.13.0 'newsweave[embed]' in one command)"
        )
    return found


@pytest.mark.slow
def test_loader_gives_unit_vectors(embedder: Embedder) -> None:
    vecs = embedder(["The mayor is ready to meet the governor.", "Rain is expected."])
    assert vecs.shape == (2, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert embedder([]).shape[0] == 0
    # "on" with the model installed loads the same cached model.
    assert load_embedder("on") is not None


def test_paraphrased_claims_align_only_with_embeddings(embedder: Embedder) -> None:
    texts = [
        "Prepared to engage in discussions with Trump, the spokesman said.",
        "Ready to meet Trump, the spokesman said.",
        "Heavy rain flooded the lower town overnight, the fire brigade said.",
    ]
    owners = ["a", "b", "c"]
    lexical = group_claims(similarity_matrix(texts), owners)
    dense = group_claims(similarity_matrix(texts, embedder), owners)
    assert [0, 1] not in lexical  # too few shared words for the model-free path
    assert [0, 1] in dense and [2] in dense


def test_reworded_quotes_group_with_embeddings(embedder: Embedder) -> None:
    def item(text: str, article: str, kind: str) -> QuoteItem:
        quote = Quote(text=text, speaker="Aurel Brandt", kind=kind, start=0, end=len(text))
        return QuoteItem(quote, article, article.upper(), article)

    items = [
        item(
            "My officers showed restraint: not one baton was drawn, and the gate was open "
            "again in under forty minutes",
            "a",
            "direct",
        ),
        item(
            "they had shown restraint in the face of provocation and reopened the gate in less "
            "than an hour",
            "b",
            "indirect",
        ),
        item("the protesters had ignored repeated calls to leave the site", "c", "indirect"),
    ]
    assert len(group_quotes(items)) == 3
    groups = group_quotes(items, embedder)
    # the reported rendering joins the quote as reported speech, not as a rendering of it
    assert sorted((len(g.variants), len(g.reported)) for g in groups) == [(1, 0), (1, 1)]
    pair = next(g for g in groups if g.reported)
    assert pair.variants[0].kind == "direct" and pair.reported[0].kind == "indirect"
    assert {v.verdict for v in (*pair.variants, *pair.reported)} <= {
        "verbatim",
        "paraphrased",
        "uncertain",
    }


def test_embeddings_never_join_renderings_whose_words_share_nothing(embedder: Embedder) -> None:
    def item(text: str, article: str) -> QuoteItem:
        quote = Quote(text=text, speaker="Ilse Varga", kind="direct", start=0, end=len(text))
        return QuoteItem(quote, article, article.upper(), article)

    # one speaker, one topic, two different statements: close in embedding space
    items = [
        item("We will reopen the northern bridge to traffic by the end of the month", "a"),
        item("Nobody should drive across that crossing until engineers say it is safe", "b"),
    ]
    assert all(len(g.variants) == 1 for g in group_quotes(items, embedder))


def test_compare_event_uses_the_embedder(embedder: Embedder) -> None:
    arts = [
        Article(
            id="a",
            outlet="A",
            text="Prepared to engage in discussions with Trump, the spokesman said.",
        ),
        Article(id="b", outlet="B", text="Ready to meet Trump, the spokesman said."),
    ]
    event = Event("e", "t", None, ("a", "b"))
    off = compare_event(event, arts, Settings(embeddings="off"), Lexicon(()))
    on = compare_event(event, arts, Settings(embeddings="on"), Lexicon(()))
    assert not off.consensus
    assert len(on.consensus) == 1 and set(on.consensus[0].outlets) == {"A", "B"}


def test_off_never_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsweave.embeddings as emb

    def boom() -> bool:
        raise AssertionError("checked for the model although embeddings are off")

    monkeypatch.setattr(emb, "_installed", boom)
    assert emb.load_embedder("off") is None
    assert emb.load_embedder(None) is None


def test_on_without_the_model_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsweave.embeddings as emb

    monkeypatch.setattr(emb, "_PACKAGE", "no_such_model_package_xyz")
    with pytest.raises(ConfigError, match="pip install"):
        emb.load_embedder("on")
