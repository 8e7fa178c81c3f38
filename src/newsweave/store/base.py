"""The store interface: what the pipeline, CLI, web app and watch loop talk to.

:class:`Store` is implemented over SQL by :class:`~newsweave.store.sql.SQLStore` (SQLite and
PostgreSQL backends); the records it returns besides the models live here, those of
`newsweave watch` in :mod:`newsweave.store.watchstate`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from newsweave.models import (
    Article,
    Coverage,
    Event,
    ItemOutcome,
    Quote,
    RunReport,
    Storyline,
)
from newsweave.store.watchstate import Assignment, FeedState

#: Marks around matched words in :attr:`SearchHit.snippet` (control characters that never occur
#: in cleaned text, so a caller can split on them and escape the pieces itself).
MATCH_START = "\x02"
MATCH_END = "\x03"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article matching a full-text query."""

    article_id: str
    rank: float  # higher is better; comparable only within one result list
    snippet: str  # plain text around the match, matches between MATCH_START and MATCH_END


@dataclass(frozen=True, slots=True)
class ArticleBrief:
    """The listing columns of an article, read without decoding its text."""

    id: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class ArticleQuotes:
    """The quotes of one article with the columns needed to place them in time and outlet."""

    article_id: str
    title: str | None
    outlet: str | None
    date: str | None
    quotes: tuple[Quote, ...]


class Store(ABC):
    """Where articles, runs, events, storylines and coverage live."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """A context in which all writes commit together or not at all."""

    # -- articles ----------------------------------------------------------------------------

    @abstractmethod
    def add_article(
        self, article: Article, label: str | None = None, *, processed: bool = False
    ) -> ItemOutcome:
        """Store a newly ingested article unless the same input is already stored.

        Returns the item's outcome: ``ingested`` (new, or its content changed), or
        ``duplicate`` (same source and content, or the same id and content from elsewhere).
        An id already used by a different article gets a stable suffix; the outcome says so.
        ``label`` names the input item in the outcome (default: its path, url or source key).
        ``processed=True`` stores an article processed elsewhere (a Spark run): it is stored
        as processed, and replaces the stored version of a duplicate.
        """

    @abstractmethod
    def save_articles(self, articles: Iterable[Article]) -> None:
        """Write processed versions of stored articles (same ids), replacing their data."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article:
        """The article with ``article_id``; raises :class:`NotFoundError`."""

    @abstractmethod
    def iter_articles(
        self, ids: Sequence[str] | None = None, *, ingested: bool = False
    ) -> Iterator[Article]:
        """All articles (or those in ``ids``) in ingest order.

        ``ingested=True`` gives them as ingest stored them, before any processing: a batch
        analysis starts from there, so analysing a store twice (or again after a crash)
        gives the same result as analysing it once.
        """

    @abstractmethod
    def count_articles(self) -> int:
        """Number of stored articles."""

    # -- reading for listings and search -----------------------------------------------------

    @abstractmethod
    def search_articles(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Articles whose title, text or outlet match ``query``, best first.

        ``query`` is web-search syntax: words (all must match, English stemming), ``"a
        phrase"``, ``OR`` between alternatives and ``-word`` to exclude. It is never SQL or the
        backend's own query language, so any user input is safe and a query with nothing
        searchable returns ``[]``.
        """

    @abstractmethod
    def article_briefs(self, ids: Sequence[str] | None = None) -> list[ArticleBrief]:
        """Id, title, outlet, date, url and original of all articles (or ``ids``), cheaply."""

    @abstractmethod
    def article_quotes(self) -> Iterator[ArticleQuotes]:
        """The quotes of every article that has any, in ingest order (text not decoded)."""

    # -- analysis ----------------------------------------------------------------------------

    @abstractmethod
    def replace_analysis(
        self,
        events: Sequence[Event],
        storylines: Sequence[Storyline],
        coverage: Sequence[Coverage],
    ) -> None:
        """Atomically replace all events, storylines and coverage with a new analysis."""

    @abstractmethod
    def events(self) -> list[Event]:
        """All events in time order: by date, then id.

        An undated event stands at the date of the first dated event of its storyline, just
        before it (it is never listed after its own follow-up); an undated event with no dated
        storyline mate comes last.
        """

    @abstractmethod
    def get_event(self, event_id: str) -> Event:
        """The event with ``event_id``; raises :class:`NotFoundError`."""

    @abstractmethod
    def storylines(self) -> list[Storyline]:
        """All storylines by id."""

    @abstractmethod
    def get_coverage(self, event_id: str) -> Coverage | None:
        """The coverage comparison of an event, if computed."""

    # -- runs --------------------------------------------------------------------------------

    @abstractmethod
    def start_run(self, command: str) -> str:
        """Open a run and return its id."""

    @abstractmethod
    def add_outcomes(self, run_id: str, outcomes: Iterable[ItemOutcome]) -> None:
        """Record item outcomes of a run, in order."""

    @abstractmethod
    def finish_run(self, run_id: str) -> RunReport:
        """Close a run and return its report."""

    @abstractmethod
    def run_report(self, run_id: str) -> RunReport:
        """The report of a run; raises :class:`NotFoundError`."""

    # -- watching feeds and online clustering ------------------------------------------------

    @abstractmethod
    def feed_state(self, url: str) -> FeedState | None:
        """The remembered state of feed ``url``, or None if it was never polled."""

    @abstractmethod
    def feed_states(self) -> list[FeedState]:
        """Every remembered feed, by URL."""

    @abstractmethod
    def save_feed_state(self, state: FeedState) -> None:
        """Insert or replace the state of ``state.url``."""

    @abstractmethod
    def load_checkpoint(self, name: str) -> tuple[int, bytes] | None:
        """``(batch, data)`` of the checkpoint called ``name``, or None."""

    @abstractmethod
    def save_checkpoint(self, name: str, batch: int, data: bytes) -> None:
        """Insert or replace checkpoint ``name`` (opaque bytes) as of ``batch``."""

    @abstractmethod
    def delete_checkpoint(self, name: str) -> None:
        """Forget checkpoint ``name`` (no error when absent)."""

    @abstractmethod
    def add_assignments(self, assignments: Iterable[Assignment]) -> None:
        """Record online event assignments; an article already assigned raises StoreError."""

    @abstractmethod
    def assignments(self, since_batch: int = 0) -> Iterator[Assignment]:
        """Recorded assignments of batch ``since_batch`` and later, by batch then position."""

    @abstractmethod
    def unassigned_ids(self) -> list[str]:
        """Ids of stored articles with no recorded assignment, in ingest order."""

    @abstractmethod
    def upsert_events(self, events: Sequence[Event], coverage: Sequence[Coverage] = ()) -> None:
        """Insert or replace ``events`` (with their members) and ``coverage``, keeping the rest."""

    @abstractmethod
    def upsert_storylines(self, storylines: Sequence[Storyline]) -> None:
        """Insert or replace ``storylines`` (by id), keeping the rest."""

    # -- housekeeping ------------------------------------------------------------------------

    @abstractmethod
    def integrity_check(self) -> list[str]:
        """Problems found in the store (empty when healthy)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
