"""Follow RSS/Atom feeds: poll, ingest new items, and assign them to events as they arrive.

:class:`Watcher` runs one *cycle* at a time (``newsweave watch`` repeats it every few minutes):

1. **Poll** every feed with a conditional request. The validators of the last stored version
   (``ETag``, ``Last-Modified``) live in the store (:class:`~newsweave.store.watchstate.FeedState`)
   and reach the polite :class:`~newsweave.ingest.fetch.Fetcher` through a small cache
   adapter; a ``304 Not Modified`` costs one request and nothing else. A changed feed's items
   are read exactly as ``newsweave ingest URL`` reads them (same ids and source keys), and
   stored in **one transaction with the feed's new validators**: a crash before it commits
   leaves the old validators, so the next poll fetches the feed again and nothing is lost;
   ingest is idempotent by source key, so nothing is stored twice.
2. **Assign** every stored article that has no event yet, in ingest order and in batches:
   clean (learning repeated lines from the batch and the two batches before it), extract,
   resolve outlets, mark syndicated copies, then :meth:`EventClusterer.partial_fit`. The
   processed articles, the touched events (with their coverage comparison), the assignments
   and a compressed checkpoint of the clusterer are written in **one transaction**. A crash
   (kill -9 included) before it commits loses nothing: the articles stay unassigned and the
   next run redoes the batch from the previous checkpoint, to the same result; an article is
   never assigned twice (the store refuses it). The touched events are linked into
   storylines as they arrive (:class:`StorylineLinker`), in the same transaction.

Memory stays bounded on an endless stream: the clusterer closes events that left its time
window (``Settings.window_days``) and have not grown for a few thousand articles
(``EventClusterer.min_idle``), and the syndication index is rebuilt from the members of
the still-open events whenever it has grown to twice their number.

If the checkpoint cannot be read (written by another newsweave version), or a batch analysis
(``newsweave analyze --db``) replaced the events, the online state is re-derived: every stored
article is assigned again from scratch, deterministically, by the next cycle.
"""

from __future__ import annotations

import logging
import pickle
import re
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from newsweave.clean import Cleaner
from newsweave.cluster import EventClusterer
from newsweave.cluster.storylines import StorylineLinker, StorylineParams
from newsweave.config import Settings
from newsweave.dedup import Deduplicator
from newsweave.errors import ConfigError, InputError
from newsweave.extract import Extractor
from newsweave.ingest.base import item_label
from newsweave.ingest.feeds import looks_like_feed
from newsweave.ingest.fetch import (
    ACCEPTED_TYPES,
    FEED_TYPES,
    Failure,
    FetchCache,
    Fetcher,
    Response,
    cache_dir,
    normalize_url,
)
from newsweave.models import Article, Coverage, Event, ItemOutcome
from newsweave.outlets import OutletDirectory
from newsweave.pipeline import compare_events
from newsweave.store import Store
from newsweave.store.watchstate import Assignment, FeedState
from newsweave.urls import redact

log = logging.getLogger(__name__)

#: Name of the clusterer checkpoint in the store.
CHECKPOINT = "watch.clusterer"
#: Bumped when the checkpoint's contents change shape; an older checkpoint is re-derived.
#: 4: the storyline linker joined the clusterer; 5: its classes moved to cluster.storylines.
CHECKPOINT_VERSION = 5
#: Most articles assigned per transaction. Small enough that a first run over a big store
#: commits progress every few seconds; large enough that the per-batch checkpoint (a few MB
#: compressed) is written rarely.
MAX_BATCH = 500
#: Earlier batches whose articles the cleaner also learns repeated lines from: a feed's first
#: item of a cycle still meets the boilerplate its earlier items carried.
CONTEXT_BATCHES = 2
#: At most this many context articles (bounds the cost of a cycle).
MAX_CONTEXT = 1000

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_interval(text: str) -> float:
    """Seconds in an interval like ``"90"``, ``"30s"``, ``"10m"``, ``"2h"`` or ``"1d"``.

    Raises:
        ConfigError: for anything else, or a zero interval.
    """
    m = _INTERVAL.match(text)
    if m is None or float(m.group(1)) <= 0:
        raise ConfigError(f"Cannot read the interval {text!r}; write e.g. 30s, 10m, 2h or 1d.")
    return float(m.group(1)) * _UNITS[m.group(2).lower()]


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from a file: one URL per line (``#`` comments) or an OPML subscription list.

    URLs are normalized (no fragment) and de-duplicated, in file order.

    Raises:
        InputError: the file is unreadable, holds no URL, or a line is not an http(s) URL.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read the feed list {file}: {exc}.") from exc
    found: list[tuple[str, str]] = []  # (where, url)
    if text.lstrip().startswith("<"):
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError as exc:
            raise InputError(f"{file} looks like OPML but is not valid XML: {exc}.") from exc
        for node in root.iter("outline"):
            url = node.get("xmlUrl")
            if url:
                found.append((f"{file} outline {node.get('text') or url}", url.strip()))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if line and not line.startswith("#"):
                found.append((f"{file}:{number}", line))
    urls: list[str] = []
    for where, raw in found:
        url = normalize_url(raw)
        if url is None:
            raise InputError(f"{where}: {raw[:200]!r} is not an http(s) feed URL.")
        if url not in urls:
            urls.append(url)
    if not urls:
        raise InputError(f"{file} lists no feed URL; write one http(s) URL per line.")
    return urls


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


#: Media types a watched URL may be served as: feeds are recognised by their content, and
#: servers label them many ways (``application/x-rss+xml``, ``text/xml``, ``text/plain``,
#: ``application/octet-stream``...). The fetcher refuses any other type unread.
WATCH_TYPES = ACCEPTED_TYPES | frozenset(
    {
        "application/x-rss+xml",
        "application/x-atom+xml",
        "application/x-rdf+xml",
        "application/rss",
        "application/x-xml",
        "text/rss+xml",
        "text/atom+xml",
        "text/rss",
        "text/x-rss",
        "text/x-xml",
        "application/octet-stream",
        "binary/octet-stream",
        "application/json",
        "application/feed+json",
        "text/json",
    }
)
#: Media types that declare a feed whatever the body's first element (generic XML does not).
DECLARED_FEED_TYPES = (FEED_TYPES - {"application/xml", "text/xml"}) | frozenset(
    {"application/x-rss+xml", "application/x-atom+xml", "application/x-rdf+xml", "text/rss+xml"}
)


def not_a_feed(response: Response) -> str | None:
    """Why a fetched watched URL is not a feed, or None when it is one.

    A feed is known by its content (an RSS, Atom or RDF root element), whatever media type the
    server gives it; a declared feed type is taken at its word.
    """
    media = response.content_type
    if looks_like_feed(response.body) or media in DECLARED_FEED_TYPES:
        return None
    return (
        f"not an RSS or Atom feed (served as {media or 'no media type'}, and its content is "
        "not a feed either): check the URL in the feeds file"
    )


# -- polling ---------------------------------------------------------------------------------


class _ValidatorCache:
    """The Fetcher's cache, adapted: feed URLs are revalidated with the store's validators.

    For a feed it hands the fetcher an empty stand-in response carrying only the stored
    ``ETag``/``Last-Modified`` (what a conditional request needs), and keeps the fresh
    response in memory instead of on disk: the validators are written to the store only
    together with the items. Other URLs (teaser links followed from feed items) use the
    ordinary on-disk fetch cache.
    """

    def __init__(self, store: Store, pages: FetchCache | None) -> None:
        self.store = store
        self.pages = pages
        self.feeds: set[str] = set()

    def get(self, url: str) -> Response | None:
        if url not in self.feeds:
            return self.pages.get(url) if self.pages is not None else None
        state = self.store.feed_state(url)
        if state is None or not (state.etag or state.last_modified):
            return None
        headers = tuple(
            (name, value)
            for name, value in (("ETag", state.etag), ("Last-Modified", state.last_modified))
            if value
        )
        return Response(url, url, 200, headers, b"", state.last_changed or "", from_cache=True)

    def put(self, response: Response) -> None:
        if response.url not in self.feeds and self.pages is not None:
            self.pages.put(response)


def _status_recorder(inner: Any = None) -> Any:
    """An httpx transport that remembers the last status (or error) of each URL requested.

    The fetcher answers both "304 Not Modified" and "server unreachable, here is your cached
    copy" with the cached response; the recorded status (``recorder.last[url]``) tells the two
    apart.
    """
    import httpx

    class StatusRecorder(httpx.BaseTransport):
        def __init__(self) -> None:
            self.inner = inner if inner is not None else httpx.HTTPTransport()
            self.last: dict[str, str] = {}

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            key = normalize_url(str(request.url)) or str(request.url)
            try:
                response = self.inner.handle_request(request)
            except Exception as exc:
                self.last[key] = f"{type(exc).__name__}: {exc}"[:300]
                raise
            self.last[key] = str(response.status_code)
            return response

        def close(self) -> None:
            self.inner.close()

    return StatusRecorder()


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """What polling one feed did."""

    url: str
    status: str  # "changed" | "not-modified" | "error"
    items: int = 0  # items in the fetched version
    ingested: int = 0  # new (or changed) articles stored
    duplicates: int = 0  # items already stored
    rejected: int = 0  # items that could not become articles
    error: str | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one assignment batch did."""

    batch: int
    articles: int
    events_touched: int
    events_closed: int


@dataclass(frozen=True, slots=True)
class CycleReport:
    """One watch cycle: every feed's poll, the run id of its outcomes, and the batches."""

    run_id: str
    polls: tuple[FeedPoll, ...]
    batches: tuple[BatchResult, ...]

    @property
    def assigned(self) -> int:
        """Articles assigned to events in this cycle."""
        return sum(b.articles for b in self.batches)


class Watcher:
    """Polls feeds into a store and assigns new articles to events online.

    Args:
        store: where articles, feed state, events and the clusterer checkpoint live.
        settings: fetch settings, clustering parameters (``event_threshold``,
            ``window_days``, ``embeddings``), outlet profiles and the lexicon.
        compare: recompute the coverage comparison of every event a batch touched.
        quotes: extract quotes (needed by the comparison; off makes assignment faster).
        max_batch: most articles assigned per transaction.
        transport: an ``httpx`` transport for the fetcher (tests); default: the network.
        robots: obey robots.txt (switch off only for feeds you own).
        retries: fetch retries on 429/5xx/timeouts (with exponential backoff).

    Use as a context manager (or call :meth:`close`) to release the HTTP connections.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        compare: bool = True,
        quotes: bool = True,
        max_batch: int = MAX_BATCH,
        transport: Any = None,
        robots: bool = True,
        retries: int = 3,
    ) -> None:
        if max_batch < 1:
            raise ConfigError("max_batch must be at least 1.")
        self.store = store
        self.settings = settings
        self.compare = compare
        self.quotes = quotes
        self.max_batch = max_batch
        self._cache = _ValidatorCache(store, FetchCache(cache_dir(settings)))
        self._recorder = _status_recorder(transport)
        self.fetcher = Fetcher(
            settings, cache=True, transport=self._recorder, robots=robots, max_retries=retries
        )
        # The Fetcher types its cache as FetchCache; the adapter has the same two methods.
        self.fetcher.cache = self._cache  # type: ignore[assignment]
        self._clusterer: EventClusterer | None = None
        self._linker: StorylineLinker | None = None
        self._batch = 0
        self._dedup: Deduplicator | None = None

    def close(self) -> None:
        """Close the fetcher's connections."""
        self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- polling -----------------------------------------------------------------------------

    def poll(self, url: str, run_id: str) -> FeedPoll:
        """Poll one feed; store its new items and validators together; return what happened."""
        from newsweave.ingest.urls import response_items

        url = normalize_url(url) or url
        self._cache.feeds.add(url)
        before = self.store.feed_state(url) or FeedState(url)
        polled = _now()
        response = self.fetcher.fetch(url, revalidate=True, accept=WATCH_TYPES)
        if isinstance(response, Failure) or response.from_cache:
            last = self._recorder.last.get(url)
            if isinstance(response, Response) and last == "304":
                poll = FeedPoll(url, "not-modified")
            else:
                reason = response.reason if isinstance(response, Failure) else f"{last}"
                poll = FeedPoll(url, "error", error=reason or "unreachable")
            self.store.save_feed_state(
                replace(before, last_polled=polled, last_status=poll.status, last_error=poll.error)
            )
            return poll
        refused = not_a_feed(response)
        if refused:
            poll = FeedPoll(url, "error", error=refused)
            self.store.save_feed_state(
                replace(before, last_polled=polled, last_status=poll.status, last_error=poll.error)
            )
            return poll
        items: list[Article | ItemOutcome] = []
        try:
            items.extend(response_items(response, self.settings, self.fetcher))
        except Exception as exc:  # a reader bug must not stop the watch
            items.append(ItemOutcome(url, "rejected", None, f"reading the feed failed: {exc}"))
        outcomes: list[ItemOutcome] = []
        with self.store.transaction():
            for item in items:
                if isinstance(item, Article):
                    outcomes.append(self.store.add_article(item, label=item_label(item)))
                else:
                    outcomes.append(item)
            self.store.add_outcomes(run_id, outcomes)
            self.store.save_feed_state(
                FeedState(
                    url,
                    etag=response.header("etag"),
                    last_modified=response.header("last-modified"),
                    last_polled=polled,
                    last_changed=polled,
                    last_status="changed",
                    items_total=before.items_total + len(items),
                )
            )
        counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("ingested", "duplicate")}
        return FeedPoll(
            url,
            "changed",
            items=len(items),
            ingested=counts["ingested"],
            duplicates=counts["duplicate"],
            rejected=len(outcomes) - counts["ingested"] - counts["duplicate"],
        )

    # -- online state ------------------------------------------------------------------------

    def _new_clusterer(self) -> EventClusterer:
        s = self.settings
        return EventClusterer(
            threshold=s.event_threshold or None,
            window_days=s.window_days,
            min_idle=s.min_idle,
            embeddings=s.embeddings,
        )

    def _load_state(self) -> None:
        """The clusterer as of the last committed batch (re-derived when unusable)."""
        if self._clusterer is not None:
            return
        saved = self.store.load_checkpoint(CHECKPOINT)
        if saved is not None:
            batch, blob = saved
            try:
                version, clusterer, linker = pickle.loads(zlib.decompress(blob))
                if version != CHECKPOINT_VERSION or not isinstance(clusterer, EventClusterer):
                    raise ValueError(f"checkpoint version {version}")
            except Exception as exc:  # any unreadable checkpoint is re-derived, not fatal
                log.warning("watch: clusterer checkpoint unusable (%s); re-deriving events", exc)
            else:
                # How long events stay open is a setting, not learned state: the current
                # settings apply from the next batch on.
                clusterer.window_days = self.settings.window_days
                clusterer.min_idle = self.settings.min_idle
                self._clusterer, self._linker, self._batch = clusterer, linker, batch
                return
        if saved is not None or next(iter(self.store.assignments()), None) is not None:
            # Assignments without a usable checkpoint: start over from the stored articles.
            self.store.replace_analysis([], [], [])
        self._clusterer, self._batch = self._new_clusterer(), 0
        self._linker = StorylineLinker(StorylineParams(self.settings.storyline_threshold or None))

    def _deduplicator(self) -> Deduplicator:
        """The syndication index: members of the open events, in assignment order."""
        assert self._clusterer is not None
        open_ids = {aid for e in self._clusterer.events() for aid in e.article_ids}
        dedup = self._dedup
        if dedup is not None and len(getattr(dedup, "entries_", {})) <= 2 * len(open_ids) + 1000:
            return dedup
        dedup = Deduplicator()
        members = [a.article_id for a in self.store.assignments() if a.article_id in open_ids]
        for article in self.store.iter_articles(members):
            dedup.mark(article)
        self._dedup = dedup
        return dedup

    # -- assignment --------------------------------------------------------------------------

    def assign_pending(
        self, progress: Callable[[int, int], None] | None = None
    ) -> list[BatchResult]:
        """Process and assign every stored article without an event, batch by batch."""
        self._load_state()
        pending = self.store.unassigned_ids()
        results: list[BatchResult] = []
        for start in range(0, len(pending), self.max_batch):
            results.append(self._assign_batch(pending[start : start + self.max_batch]))
            if progress is not None:
                progress(min(start + self.max_batch, len(pending)), len(pending))
        return results

    def _context(self) -> list[Article]:
        """Articles of the last few batches (what the cleaner learns repetition from)."""
        first = self._batch - CONTEXT_BATCHES + 1
        ids = [a.article_id for a in self.store.assignments(since_batch=max(first, 1))]
        return list(self.store.iter_articles(ids[-MAX_CONTEXT:], ingested=True))

    def _process(self, articles: Sequence[Article]) -> list[Article]:
        """Clean, extract, resolve outlets and mark copies, as :func:`process_articles` does,
        with the cleaner and extractor also learning from the context batches and the
        syndication index kept across batches."""
        context = self._context()
        cleaner = Cleaner().fit([*context, *articles])
        extractor = Extractor(self.settings, quote_extractor=None if self.quotes else _no_quotes)
        profiles = OutletDirectory.from_file(self.settings.outlets_file)
        dedup = self._deduplicator()
        cleaned = list(cleaner(articles))
        extractor.fit([*cleaner(context), *cleaned])
        out = list(dedup(profiles(extractor(cleaned))))
        for stage in (cleaner, extractor, dedup):
            errors: list[str] = getattr(stage, "errors_", [])
            for error in errors:
                log.warning("watch: %s", error)
            errors.clear()
        return out

    def _assign_batch(self, ids: Sequence[str]) -> BatchResult:
        assert self._clusterer is not None
        clusterer = self._clusterer
        batch = self._batch + 1
        articles = self._process(list(self.store.iter_articles(ids, ingested=True)))
        labels = clusterer.partial_fit(articles)
        closed = clusterer.drain_closed()
        touched_ids = set(labels)
        touched = [e for e in clusterer.events() if e.id in touched_ids]
        touched += [e for e in closed if e.id in touched_ids]
        final = [e for e in closed if e.id not in touched_ids]
        linker = self._linker
        assert linker is not None
        stories = linker.update(articles, labels, touched)
        touched, final = (
            [replace(e, storyline_id=linker.storyline_of(e.id)) for e in group]
            for group in (touched, final)
        )
        linker.forget(e.id for e in closed)
        coverage: list[Coverage] = []
        if self.compare and touched:
            coverage = list(self._coverage(touched, articles).values())
        state = (CHECKPOINT_VERSION, clusterer, linker)
        blob = zlib.compress(pickle.dumps(state, protocol=5), 1)
        with self.store.transaction():
            if self._batch == 0:
                self.store.replace_analysis([], [], [])  # watch owns the events from here on
            self.store.save_articles(articles)
            self.store.upsert_events([*touched, *final], coverage)
            self.store.upsert_storylines(stories)
            self.store.add_assignments(
                Assignment(a.id, label, batch, i)
                for i, (a, label) in enumerate(zip(articles, labels, strict=True))
            )
            self.store.save_checkpoint(CHECKPOINT, batch, blob)
        self._batch = batch
        return BatchResult(batch, len(articles), len(touched), len(closed))

    def _coverage(self, events: Sequence[Event], batch: Sequence[Article]) -> dict[str, Coverage]:
        fresh = {a.id: a for a in batch}
        wanted = [aid for e in events for aid in e.article_ids if aid not in fresh]
        members = [*batch, *self.store.iter_articles(wanted)]
        return compare_events(events, members, self.settings)

    # -- cycles ------------------------------------------------------------------------------

    def run_once(
        self,
        urls: Iterable[str],
        progress: Callable[[str, int, int | None], None] | None = None,
    ) -> CycleReport:
        """Poll every feed once, then assign everything new; return what happened."""
        feeds = list(urls)
        run_id = self.store.start_run("watch")
        polls: list[FeedPoll] = []
        for done, url in enumerate(feeds, start=1):
            try:
                polls.append(self.poll(url, run_id))
            except Exception as exc:  # one broken feed must not stop the others
                log.warning("watch: polling %s failed", redact(url), exc_info=True)
                polls.append(FeedPoll(url, "error", error=f"{type(exc).__name__}: {exc}"))
            if progress is not None:
                progress("poll", done, len(feeds))
        self.store.finish_run(run_id)
        step = None if progress is None else (lambda d, t: progress("assign", d, t))
        batches = self.assign_pending(step)
        return CycleReport(run_id, tuple(polls), tuple(batches))

    def run(
        self,
        urls: Sequence[str],
        every: float,
        *,
        cycles: int | None = None,
        on_cycle: Callable[[CycleReport], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Run a cycle every ``every`` seconds (``cycles`` times, or until interrupted)."""
        done = 0
        while cycles is None or done < cycles:
            started = time.monotonic()
            report = self.run_once(urls)
            done += 1
            if on_cycle is not None:
                on_cycle(report)
            if cycles is not None and done >= cycles:
                break
            sleep(max(0.0, every - (time.monotonic() - started)))


def _no_quotes(text: str, entities: Sequence[object]) -> tuple[()]:
    return ()


__all__ = [
    "CHECKPOINT",
    "BatchResult",
    "CycleReport",
    "FeedPoll",
    "Watcher",
    "parse_interval",
    "read_feed_list",
]
