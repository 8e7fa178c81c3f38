"""Shared fixtures: paths to the example corpus and the shared benchmark data."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from newsweave.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()
EXAMPLES = REPO / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test with a clear message when absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared benchmark data not found at {path}; it lives outside the repo")
    return path


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


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards.

    The server comes from ``NEWSWEAVE_TEST_PG_URL`` (set by .ci/run, which starts a private
    server); without it the test is skipped with the reason.
    """
    base = os.environ.get("NEWSWEAVE_TEST_PG_URL")
    if not base:
        pytest.skip("NEWSWEAVE_TEST_PG_URL is unset: start a server with `source .ci/postgres.sh`")
    psycopg = pytest.importorskip("psycopg", reason="PostgreSQL tests need newsweave[postgres]")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


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
