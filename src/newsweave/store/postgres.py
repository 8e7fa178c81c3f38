"""PostgreSQL store (extra ``newsweave[postgres]``), selected by a ``postgresql://`` URL.

Same schema, statements (written with psycopg's ``%s`` placeholder) and behaviour as the SQLite
store. Write transactions take a transaction-level advisory lock, so writers are serialized
exactly as SQLite's ``BEGIN IMMEDIATE`` serializes them (the article sequence number is
computed inside the transaction).
"""

from __future__ import annotations

from typing import Any

from newsweave.errors import MissingDependencyError, StoreError
from newsweave.store.base import MATCH_END, MATCH_START, SearchHit
from newsweave.store.connection import POSTGRESQL
from newsweave.store.sql import SQLStore
from newsweave.urls import redact

#: Key of the advisory lock that serializes newsweave writers on one database.
WRITE_LOCK_KEY = 0x6E657773  # "news"

#: ts_headline options: the same match marks and about the same snippet size as SQLite's.
_HEADLINE_OPTIONS = f"StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords=24, MinWords=10"


class PostgresStore(SQLStore):
    """A :class:`~newsweave.store.base.Store` in a PostgreSQL database."""

    dialect = POSTGRESQL  # statements below are PostgreSQL's own, written with psycopg's "%s"

    def __init__(self, url: str, *, create: bool = True) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise MissingDependencyError("The PostgreSQL store", "postgres") from exc
        self.url = url
        self.driver_errors = (psycopg.Error,)
        try:
            conn: Any = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(
                f"Cannot connect to PostgreSQL ({redact(url)}): {redact(str(exc))}. "
                "Check the URL, that the server runs, and the credentials."
            ) from exc
        try:
            super().__init__(conn, create=create)
        except (psycopg.Error, StoreError) as exc:
            conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"Cannot prepare the PostgreSQL store: {redact(str(exc))}.") from exc

    def where(self) -> str:
        return f"The PostgreSQL store ({redact(self.url)})"

    def failure(self, exc: BaseException) -> StoreError:
        """Word a PostgreSQL error by its cause: full disk, read-only, lost connection."""
        where = redact(self.url)
        state = getattr(getattr(exc, "diag", None), "sqlstate", None) or ""
        text = redact(str(exc).strip().splitlines()[0]) if str(exc).strip() else type(exc).__name__
        if state == "53100" or "no space left" in text.lower():  # disk_full
            return StoreError(
                f"The PostgreSQL store ({where}) is out of disk space ({text}): free space on "
                "the server, then rerun; the step that failed saved nothing."
            )
        if state == "25006":  # read_only_sql_transaction
            return StoreError(
                f"The PostgreSQL store ({where}) is read-only ({text}): connect to a writable "
                "server (the primary, not a replica) or a user with write rights."
            )
        if state.startswith("08") or getattr(self._conn, "closed", False):
            return StoreError(
                f"Lost the connection to PostgreSQL ({where}): {text}. Check the server and "
                "rerun; the step that failed saved nothing."
            )
        return StoreError(
            f"The PostgreSQL store ({where}) failed: {text}. Rerun; if it "
            "persists, check the server log."
        )

    def _begin(self) -> None:
        self._conn.execute("BEGIN")
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))

    def search_articles(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        query = query.replace("\x00", " ")  # PostgreSQL text cannot hold NUL; never a word
        if not query.strip() or limit <= 0:
            return []
        # websearch_to_tsquery never raises on user input; the text is a bound parameter.
        rows = self._fetchall(
            "SELECT id, ts_rank_cd(search, q), "
            "ts_headline('english', coalesce(data::jsonb ->> 'text', ''), q, %s) "
            "FROM articles, websearch_to_tsquery('english', %s) AS q "
            "WHERE search @@ q ORDER BY ts_rank_cd(search, q) DESC, seq LIMIT %s",
            (_HEADLINE_OPTIONS, query, limit),
        )
        return [SearchHit(r[0], float(r[1]), r[2] or "") for r in rows]

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")
