"""The default store: one SQLite file in WAL mode.

WAL lets readers (the web app) run while a writer (ingest) commits; writers take the lock up
front with ``BEGIN IMMEDIATE`` and wait up to ``busy_timeout`` for each other instead of failing
with "database is locked".
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

from newsweave.errors import StoreError
from newsweave.store.base import MATCH_END, MATCH_START, SearchHit
from newsweave.store.connection import SQLITE
from newsweave.store.sql import SQLStore

#: Milliseconds a writer waits for another writer's lock before giving up. Long on purpose:
#: ingest batches can hold the lock for seconds while a web request waits.
BUSY_TIMEOUT_MS = 60_000

#: bm25 weights of the FTS columns (title, body, outlet): a word in the headline says more
#: about what an article is about than the same word deep in its body.
_BM25_WEIGHTS = (5.0, 1.0, 2.0)
#: Words of context around a match in a search snippet.
_SNIPPET_WORDS = 16

# A search query token: an optional "-", then a "quoted phrase" or a bare run of non-spaces.
_QUERY_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_WORD = re.compile(r"\w+")


def fts5_query(text: str) -> str | None:
    """Translate web-search syntax into a safe FTS5 expression (``None``: nothing to search).

    Words become quoted FTS5 phrases built only from ``\\w`` characters, so no user input can
    reach FTS5's own syntax (column filters, NEAR, ``*``). ``"a phrase"`` stays a phrase,
    ``OR`` joins alternatives, ``-word`` excludes; the rest must all match (as
    PostgreSQL's ``websearch_to_tsquery``).
    """
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for match in _QUERY_TOKEN.finditer(text):
        minus, phrase, bare = match.group(1), match.group(2), match.group(3)
        raw = phrase if phrase is not None else bare or ""
        if phrase is None and not minus and raw == "OR":
            pending_or = bool(positive)
            continue
        parts = _WORD.findall(raw)
        if not parts:
            continue
        term = '"' + " ".join(parts) + '"'
        if minus:
            negative.append(term)
        elif pending_or:
            positive.append("OR")
            positive.append(term)
        else:
            positive.append(term)
        pending_or = False
    if not positive:
        return None
    expr = "(" + " ".join(positive) + ")"
    return " NOT ".join([expr, *negative])


class SQLiteStore(SQLStore):
    """A :class:`~newsweave.store.base.Store` in a SQLite file (or ``:memory:``)."""

    dialect = SQLITE  # statements below are SQLite's own, written with its "?" placeholder
    driver_errors = (sqlite3.Error,)

    def __init__(self, path: str | Path = ":memory:", *, create: bool = True) -> None:
        self.path = str(path)
        target, uri = self.path, False
        if self.path != ":memory:":
            file = Path(self.path).expanduser()
            if file.is_dir():
                raise StoreError(f"The store {self.path} is a folder: point --db at a file.")
            if not file.exists():
                if not create:
                    raise StoreError(
                        f"No store at {self.path} (nothing was created): check the path, or "
                        f"create it with `newsweave analyze PATH... --db {self.path}`."
                    )
                parent = file.resolve().parent
                if not parent.is_dir():
                    raise StoreError(
                        f"Cannot create the store {self.path}: folder {parent} is missing."
                    )
            elif not _writable(file):
                # Readable all the same: a store on a read-only disk or in a folder this user
                # cannot write (where WAL's -shm cannot be created) opens read-only.
                self.read_only = True
                target, uri = read_only_uri(file), True
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(
                target,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by SQLStore's lock
                uri=uri,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Switching to WAL writes the file header: an existing file is first checked to
            # be a store (below), so a file that is not one is left exactly as it was.
            wal = self.path != ":memory:" and not self.read_only
            if wal and create:
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise self.failure(exc, opening=True) from exc
        try:
            super().__init__(conn, create=create)
            if wal and not create:
                conn.execute("PRAGMA journal_mode = WAL")
        except (sqlite3.Error, StoreError) as exc:
            conn.close()
            if isinstance(exc, StoreError):
                raise
            raise self.failure(exc, opening=True) from exc

    def where(self) -> str:
        return f"The store {self.path}"

    def failure(self, exc: BaseException, *, opening: bool = False) -> StoreError:
        """Word a SQLite error by its cause: full disk, read-only location, not a database."""
        text = str(exc)
        low = text.lower()
        where = self.path
        if "full" in low or getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
            return StoreError(
                f"The store {where} is full ({text}): free disk space or point --db at a "
                "bigger disk, then rerun; the step that failed saved nothing."
            )
        if (
            "readonly" in low
            or "read-only" in low
            or (opening and self._read_only())
            or (self.read_only and "unable to open" in low)
        ):
            return StoreError(
                f"The store {where} is read-only ({text}): make the file and its folder "
                "writable (SQLite also writes -wal and -shm files beside it) or point --db "
                "at a writable copy."
            )
        if "not a database" in low or "malformed" in low or "encrypted" in low:
            return StoreError(
                f"Cannot use {where} as a newsweave store: {text}. "
                "Is it a SQLite file? Point --db at a new file."
            )
        if "disk i/o" in low:
            return StoreError(
                f"The store {where} could not be written ({text}): check the disk (space, "
                "file size limit, errors), then rerun; the step that failed saved nothing."
            )
        if opening:
            return StoreError(f"Cannot open the store {where}: {text}.")
        return StoreError(f"The store {where} failed: {text}. Rerun; if it persists, check it.")

    def _read_only(self) -> bool:
        """True when the store file or its folder cannot be written."""
        if self.path == ":memory:" or self.path.startswith("file:"):
            return False
        path = Path(self.path).expanduser()
        target = path if path.exists() else path.resolve().parent
        return not os.access(target, os.W_OK) or not os.access(path.resolve().parent, os.W_OK)

    def _begin(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def search_articles(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        expr = fts5_query(query)
        if expr is None or limit <= 0:
            return []
        weights = ", ".join(str(w) for w in _BM25_WEIGHTS)
        rows = self._fetchall(
            f"SELECT a.id, bm25(articles_fts, {weights}), "
            f"snippet(articles_fts, -1, ?, ?, '…', {_SNIPPET_WORDS}) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, {weights}), a.seq LIMIT ?",
            (MATCH_START, MATCH_END, expr, limit),
        )
        # bm25() is lower-is-better; negate so that rank is higher-is-better on every backend.
        return [SearchHit(r[0], -float(r[1]), r[2] or "") for r in rows]

    def integrity_check(self) -> list[str]:
        rows = self._fetchall("PRAGMA integrity_check")
        problems = [str(r[0]) for r in rows if r[0] != "ok"]
        return problems + super().integrity_check()


def _writable(file: Path) -> bool:
    """True when ``file`` and its folder can be written (WAL writes -wal and -shm beside it)."""
    return os.access(file, os.W_OK) and os.access(file.resolve().parent, os.W_OK)


def read_only_uri(file: Path) -> str:
    """A SQLite URI opening ``file`` read-only.

    In WAL mode even a reader needs the ``-shm`` index beside the file. Where it cannot be
    created (a read-only folder or disk) and no ``-wal`` file is there, nothing can be writing
    the store (a writer keeps its ``-wal`` while it is open), so it is opened ``immutable``:
    read as it is, without locks or the WAL index. With a ``-wal`` beside it the store is
    opened ``mode=ro``, which reads the changes the log holds.
    """
    resolved = file.resolve()
    uri = "file:" + quote(str(resolved)) + "?mode=ro"
    wal = resolved.with_name(resolved.name + "-wal")
    if os.access(resolved.parent, os.W_OK) or wal.exists():
        return uri
    return uri + "&immutable=1"
