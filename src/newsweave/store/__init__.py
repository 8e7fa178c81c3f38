"""Stores: where articles and analyses live. SQLite by default; PostgreSQL with the extra."""

from __future__ import annotations

from pathlib import Path

from newsweave.store.base import Store
from newsweave.store.sql import SQLStore
from newsweave.store.sqlite import SQLiteStore

__all__ = ["SQLStore", "SQLiteStore", "Store", "open_store"]


def open_store(location: str | Path | None = None) -> Store:
    """Open the store at ``location``: a SQLite path, ``:memory:``, or a ``postgresql://`` URL."""
    target = str(location) if location is not None else ":memory:"
    if target.startswith(("postgresql://", "postgres://")):
        from newsweave.store.postgres import PostgresStore  # optional extra

        store: Store = PostgresStore(target)
        return store
    return SQLiteStore(target)
