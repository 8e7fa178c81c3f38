"""Stores: where articles and analyses live. SQLite by default; PostgreSQL with the extra."""

from __future__ import annotations

from pathlib import Path

from newsweave.store.base import Store
from newsweave.store.sql import SQLStore
from newsweave.store.sqlite import SQLiteStore

__all__ = ["SQLStore", "SQLiteStore", "Store", "open_store"]


def open_store(location: str | Path | None = None, *, create: bool = True) -> Store:
    """Open the store at ``location``: a SQLite path, ``:memory:``, or a ``postgresql://`` URL.

    ``create=False`` opens only an existing newsweave store (what commands that only read
    want: a mistyped path must not become a new, empty store) and raises
    :class:`~newsweave.errors.StoreError` naming the location otherwise. A SQLite store that
    cannot be written (read-only disk, file or folder) is opened read-only: reading works,
    writing raises a StoreError saying it is read-only.
    """
    target = str(location) if location is not None else ":memory:"
    if target.startswith(("postgresql://", "postgres://")):
        from newsweave.store.postgres import PostgresStore  # optional extra

        store: Store = PostgresStore(target, create=create)
        return store
    return SQLiteStore(target, create=create)
