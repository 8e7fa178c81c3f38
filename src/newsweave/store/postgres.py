"""PostgreSQL store (extra ``newsweave[postgres]``), selected by a ``postgresql://`` URL.

Same schema, SQL and behaviour as the SQLite store. Write transactions take a transaction-level
advisory lock, so writers are serialized exactly as SQLite's ``BEGIN IMMEDIATE`` serializes
them (the article sequence number is computed inside the transaction).
"""

from __future__ import annotations

from typing import Any

from newsweave.errors import MissingDependencyError, StoreError
from newsweave.store.base import SQLStore

#: Key of the advisory lock that serializes newsweave writers on one database.
WRITE_LOCK_KEY = 0x6E657773  # "news"


class PostgresStore(SQLStore):
    """A :class:`~newsweave.store.base.Store` in a PostgreSQL database."""

    dialect = "postgresql"
    placeholder = "%s"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise MissingDependencyError("The PostgreSQL store", "postgres") from exc
        self.url = url
        try:
            conn: Any = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(
                f"Cannot connect to PostgreSQL ({_redact(url)}): {exc}. "
                "Check the URL, that the server runs, and the credentials."
            ) from exc
        try:
            super().__init__(conn)
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"Cannot prepare the PostgreSQL store: {exc}.") from exc

    def _begin(self) -> None:
        self._conn.execute("BEGIN")
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
