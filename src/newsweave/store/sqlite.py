"""The default store: one SQLite file in WAL mode.

WAL lets readers (the web app) run while a writer (ingest) commits; writers take the lock up
front with ``BEGIN IMMEDIATE`` and wait up to ``busy_timeout`` for each other instead of failing
with "database is locked".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsweave.errors import StoreError
from newsweave.store.base import SQLStore

#: Milliseconds a writer waits for another writer's lock before giving up. Long on purpose:
#: ingest batches can hold the lock for seconds while a web request waits.
BUSY_TIMEOUT_MS = 60_000


class SQLiteStore(SQLStore):
    """A :class:`~newsweave.store.base.Store` in a SQLite file (or ``:memory:``)."""

    dialect = "sqlite"
    placeholder = "?"

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(
                    f"Cannot create the store {self.path}: folder {parent} is missing."
                )
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by SQLStore's lock
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open the store {self.path}: {exc}.") from exc
        try:
            super().__init__(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"Cannot use {self.path} as a newsweave store: {exc}. "
                "Is it a SQLite file? Point --db at a new file."
            ) from exc

    def _begin(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def integrity_check(self) -> list[str]:
        rows = self._fetchall("PRAGMA integrity_check")
        problems = [str(r[0]) for r in rows if r[0] != "ok"]
        return problems + super().integrity_check()
