"""Shared fixtures: the model-free default, the seed articles, a store on every backend.

Plain helpers (paths, builders, pg_schema_url, ...) live in tests/helpers.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.store import Store, open_store
from tests.helpers import pg_schema_url, shared_path


@pytest.fixture(autouse=True)
def _model_free_by_default(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read from the environment take the model-free path unless a test asks for models.

    Models (spaCy NER, sentence embeddings) are optional extras with their own marked tests; the
    model-free path is what every other test pins down, identically on every machine.
    """
    if request.node.get_closest_marker("models") is None:
        monkeypatch.setenv("NEWSWEAVE_EMBEDDINGS", "off")
        monkeypatch.setenv("NEWSWEAVE_NER", "off")


@pytest.fixture
def seeds_dir() -> Path:
    """The five real seed articles in ../shared/data/seeds."""
    return shared_path("seeds")


@pytest.fixture(
    params=["sqlite-memory", "sqlite-file", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on every backend: SQLite in memory, SQLite in a file, PostgreSQL (a
    fresh schema; skipped without ``NEWSWEAVE_TEST_PG_URL``). Tests of the store contract and
    of what is built on it take this fixture so every backend runs them."""
    if request.param == "postgres":
        with pg_schema_url() as url, open_store(url) as store:
            yield store
        return
    location = ":memory:" if request.param == "sqlite-memory" else str(tmp_path / "s.db")
    with open_store(location) as store:
        yield store
