"""SQL plumbing shared by every SQL store: dialects, the locked connection, transactions, schema.

A :class:`Dialect` states what differs between database drivers: its name (which selects the
migration statements), its parameter placeholder (SQLite ``?``, psycopg ``%s``) and the few SQL
expressions that are spelled differently. Statements are written with the dialect's placeholder
(``dialect.ph``, ``dialect.marks(n)``); they are never rewritten as text afterwards, so a
literal ``?`` or ``%`` in a statement means what it says. (psycopg reads ``%`` in a statement
with parameters as a placeholder mark: such a statement must write a literal one as ``%%``.)
All values are bound parameters; schema changes go through numbered migrations.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsweave.errors import StoreError
from newsweave.store.migrations import MIGRATIONS
from newsweave.urls import redact

log = logging.getLogger(__name__)


def now_iso() -> str:
    """The current UTC time as stored in the ``*_at`` columns."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    """Compact JSON text as stored in the ``data`` columns."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Dialect:
    """What the SQL of one database driver spells its own way."""

    name: str  # "sqlite" | "postgresql": selects the statements of each migration
    ph: str  # the driver's parameter placeholder, written into every statement
    quotes_json: str  # SQL expression: the JSON array of an article's quotes from ``data``
    has_table: str  # SQL query: one row when the table named by its one parameter exists

    def marks(self, count: int) -> str:
        """``count`` placeholders separated by commas, for ``VALUES (...)`` and ``IN (...)``."""
        return ", ".join([self.ph] * count)


SQLITE = Dialect(
    name="sqlite",
    ph="?",
    quotes_json="json_extract(data, '$.quotes')",
    has_table="SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
)
POSTGRESQL = Dialect(
    name="postgresql",
    ph="%s",
    quotes_json="(data::jsonb) -> 'quotes'",
    has_table="SELECT 1 WHERE to_regclass(%s) IS NOT NULL",  # on the search_path
)


class SQLConnection:
    """A DB-API connection shared by threads, with transactions, error wording and migrations.

    Backends set :attr:`dialect` and :attr:`driver_errors` and may override the transaction
    statements (:meth:`_begin`, :meth:`_commit`, :meth:`_rollback`) and :meth:`failure`.
    """

    dialect: Dialect = SQLITE
    #: The driver's own exceptions. They never leave the store raw: a full disk, a read-only
    #: file or a lost server becomes a :class:`StoreError` saying what to do (see
    #: :meth:`failure`), which the CLI prints as one line and the web app answers with 503.
    driver_errors: tuple[type[Exception], ...] = ()

    #: True when the connection can only read (a SQLite file on a read-only disk or folder):
    #: the schema must then be current already, and any write fails as "read-only".
    read_only: bool = False

    def __init__(self, connection: Any, *, create: bool = True) -> None:
        self._conn = connection
        # One connection is shared by the threads of a web server; DB-API connections are not
        # thread-safe, so every use goes through this lock (writes are serialized anyway).
        self._lock = threading.RLock()
        self._depth = 0
        self._migrate(create=create)

    # -- transactions ------------------------------------------------------------------------

    def _begin(self) -> None:
        self._conn.execute("BEGIN")

    def _commit(self) -> None:
        self._conn.commit()

    def _rollback(self) -> None:
        self._conn.rollback()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Run the block in one transaction (nested blocks join the outer one)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            try:
                self._begin()
            except self.driver_errors as exc:
                raise self.failure(exc) from exc
            self._depth = 1
            try:
                yield self._conn
            except BaseException as exc:
                self._depth = 0
                self._safe_rollback()
                if isinstance(exc, self.driver_errors):
                    raise self.failure(exc) from exc
                raise
            else:
                self._depth = 0
                try:
                    self._commit()
                except self.driver_errors as exc:
                    self._safe_rollback()
                    raise self.failure(exc) from exc

    def _safe_rollback(self) -> None:
        try:
            self._rollback()
        except self.driver_errors:  # the original failure is what the caller must see
            log.warning("rollback failed after a store error", exc_info=True)

    def failure(self, exc: BaseException) -> StoreError:
        """The :class:`StoreError` a driver error becomes; backends word the common causes."""
        return StoreError(
            f"The store failed: {redact(str(exc))}. Check that it is reachable and rerun."
        )

    # -- statements (written with ``self.dialect.ph``) ----------------------------------------

    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            try:
                return self._conn.execute(query, tuple(params))
            except self.driver_errors as exc:
                raise self.failure(exc) from exc

    def _fetchall(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return list(self._conn.execute(query, tuple(params)).fetchall())
            except self.driver_errors as exc:
                raise self.failure(exc) from exc

    def _fetchone(self, query: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            try:
                return self._conn.execute(query, tuple(params)).fetchone()
            except self.driver_errors as exc:
                raise self.failure(exc) from exc

    # -- schema ------------------------------------------------------------------------------

    def where(self) -> str:
        """The store as messages name it at the start of a sentence (no password)."""
        return "The store"

    def _applied_versions(self) -> set[int] | None:
        """Versions recorded in the ``migrations`` table; None when there is no such table.

        Only reads: opening a current store writes nothing (a read-only store stays readable).
        """
        if self._fetchone(self.dialect.has_table, ("migrations",)) is None:
            return None
        return {row[0] for row in self._fetchall("SELECT version FROM migrations")}

    def _migrate(self, *, create: bool = True) -> None:
        ph = self.dialect.ph
        with self._lock:
            applied = self._applied_versions()
            if applied is None:
                if not create:
                    raise StoreError(
                        f"{self.where()} is not a newsweave store (it has no newsweave tables): "
                        "check the --db path, or create a store with `newsweave analyze PATH... "
                        "--db FILE`."
                    )
                if self.read_only:
                    raise self.failure(StoreError("cannot create tables: read-only"))
                with self.transaction():
                    self._conn.execute(
                        "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, "
                        "name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                    )
                applied = set()
            known = {m.version for m in MIGRATIONS}
            if applied - known:
                raise StoreError(
                    f"The store has schema version {max(applied)}, newer than this newsweave "
                    f"knows ({max(known)}). Upgrade newsweave."
                )
            pending = [step for step in MIGRATIONS if step.version not in applied]
            if pending and self.read_only:
                raise StoreError(
                    f"{self.where()} is read-only and has schema version "
                    f"{max(applied, default=0)}, older than this newsweave reads "
                    f"({max(known)}): open it once where it can be written to upgrade it, or "
                    "use the newsweave that wrote it."
                )
            for step in pending:
                with self.transaction():
                    # Another process opening the same new store may have applied this step
                    # since we looked; writers are serialized here, so look again.
                    done = self._fetchone(
                        f"SELECT 1 FROM migrations WHERE version = {ph}", (step.version,)
                    )
                    if done is not None:
                        continue
                    for statement in step.statements(self.dialect.name):
                        self._conn.execute(statement)
                    self._conn.execute(
                        "INSERT INTO migrations (version, name, applied_at) "
                        f"VALUES ({self.dialect.marks(3)})",
                        (step.version, step.name, now_iso()),
                    )

    def schema_version(self) -> int:
        """The highest applied migration number."""
        row = self._fetchone("SELECT MAX(version) FROM migrations")
        return int(row[0] or 0)

    def close(self) -> None:
        """Release the connection."""
        with self._lock:
            self._conn.close()
