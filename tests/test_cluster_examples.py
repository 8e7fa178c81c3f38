"""Look-alike events of the example corpus stay apart when only part of the corpus is analysed.

The corpus's gold (examples/expected.json, ``lookalikes``) lists pairs of happenings that
share their vocabulary, minister and fund but are different events (two floods in one valley
four weeks apart, two dock disputes, a trial and a later indictment). The full corpus keeps
them apart (tests/test_end_to_end.py); a user who analyses one folder, or the corpus without
its later-format files, must get the same separation: fewer articles make fewer reports
place the first event, so the rule that separates them cannot lean on all of them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from newsweave.cluster import EventClusterer
from newsweave.config import Settings
from newsweave.ingest import read_inputs
from newsweave.models import Article
from newsweave.pipeline import process_articles
from tests.helpers import EXAMPLES

pytestmark = pytest.mark.slow

CORPUS = EXAMPLES / "corpus"


@cache
def _gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    return data


def _event_of() -> dict[str, str]:
    out = {a: e["key"] for e in _gold()["events"] for a in e["articles"]}
    for fmt in _gold()["later_formats"]:
        for article in fmt["articles"]:
            out[article["id"]] = article["event"]
    return out


def _events(folders: tuple[str, ...]) -> list[set[str]]:
    """Gold event keys of each event newsweave finds in ``folders`` of the corpus."""
    settings = Settings(ner="off", embeddings="off", outlets_file=str(EXAMPLES / "outlets.toml"))
    items = read_inputs([CORPUS / f for f in folders], settings)
    articles = process_articles([x for x in items if isinstance(x, Article)], settings)
    labels = EventClusterer(embeddings="off").fit(articles)
    event_of = _event_of()
    found: dict[str, set[str]] = {}
    for article, label in zip(articles, labels, strict=True):
        found.setdefault(label, set()).add(event_of[article.id])
    return list(found.values())


@pytest.mark.parametrize(
    "folders",
    [
        ("web", "feeds", "bad"),  # everything but the later formats: the gold's own events
        ("web", "feeds"),
        ("web",),
    ],
)
def test_lookalike_events_stay_apart_in_parts_of_the_corpus(folders: tuple[str, ...]) -> None:
    events = _events(folders)
    for pair in _gold()["lookalikes"]:
        a, b = pair["events"]
        merged = [keys for keys in events if a in keys and b in keys]
        assert not merged, f"{a} and {b} merged when analysing {folders}"
    # And the parts do not fall apart instead: each gold event of these folders is one event
    # or, for the folder of files alone (fewer reports of each), at most two.
    limit = 2 if folders == ("web",) else 1
    for key in {k for keys in events for k in keys}:
        assert sum(key in keys for keys in events) <= limit, key
