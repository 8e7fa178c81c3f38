"""The pipeline: stages checked before they run, and the jobs built from them.

An article stage is a callable object with ``name``, ``requires`` and ``assigns`` (Article
field names) mapping ``Iterable[Article] -> Iterator[Article]``. :class:`Pipeline` checks that
every field a stage requires is assigned by ingest or an earlier stage, then streams articles
through the stages. Corpus-level steps (clustering, storylines, comparison) follow in
:func:`analyze_store`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from newsweave.config import Settings, load_settings
from newsweave.errors import PipelineError
from newsweave.models import (
    INGESTED,
    Article,
    Coverage,
    Event,
    ItemOutcome,
    RunReport,
    Storyline,
)
from newsweave.store import Store, open_store

log = logging.getLogger(__name__)

#: ``progress(step, done, total)``: a job reports each step's count as it moves (``total`` is
#: None while unknown; ``done == total`` once the step is over).
Progress = Callable[[str, int, int | None], None]

#: Article fields every reader sets (others may be set too when the input carries them).
INGEST_ASSIGNS = (
    "id",
    "raw_text",
    "text",
    "path",
    "url",
    "source_key",
    "content_hash",
    "meta",
    "title",
    "outlet",
    "claimed_date",
    "date",
    "date_source",
    "authors",
)


@runtime_checkable
class Stage(Protocol):
    """A streaming article stage."""

    @property
    def name(self) -> str:
        """The stage's registered name."""

    @property
    def requires(self) -> tuple[str, ...]:
        """Article fields the stage reads."""

    @property
    def assigns(self) -> tuple[str, ...]:
        """Article fields the stage sets."""

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]: ...


class Pipeline:
    """Article stages in order, checked at construction.

    Raises:
        PipelineError: when a stage requires a field nothing before it assigns.
    """

    def __init__(self, stages: Sequence[Stage]) -> None:
        available = set(INGEST_ASSIGNS)
        for stage in stages:
            missing = [f for f in stage.requires if f not in available]
            if missing:
                raise PipelineError(
                    f"Stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage "
                    "assigns; put the stage that assigns it first."
                )
            available.update(stage.assigns)
        self.stages = tuple(stages)

    @property
    def names(self) -> tuple[str, ...]:
        """Stage names in order."""
        return tuple(s.name for s in self.stages)

    def fit_transform(
        self, articles: Sequence[Article], progress: Progress | None = None
    ) -> list[Article]:
        """Run the stages over a whole corpus, letting each stage that learns (``fit``) see
        the corpus as the stages before it left it.

        ``progress(stage name, done, total)`` is called as each stage emits each article.
        """
        current = list(articles)
        for stage in self.stages:
            total = len(current)
            if progress is not None:
                progress(stage.name, 0, total)
            fit = getattr(stage, "fit", None)
            if callable(fit):
                fit(current)
            # A stage that decides better with the whole corpus in view (dedup: which copy is
            # the original) has its own corpus method; streaming cannot revise what it emitted.
            corpus = getattr(stage, "transform_corpus", None)
            stream = corpus(current) if callable(corpus) else stage(current)
            if progress is None:
                current = list(stream)
                continue
            current = []
            for article in stream:
                current.append(article)
                progress(stage.name, len(current), total)
            progress(stage.name, len(current), len(current))  # done, even if it dropped some
        return current

    @property
    def errors(self) -> list[str]:
        """Per-article problems the stages recorded (``errors_``), in stage order."""
        return [e for stage in self.stages for e in getattr(stage, "errors_", [])]

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        stream: Iterable[Article] = articles
        for stage in self.stages:
            stream = stage(stream)
        return iter(stream)


def article_stages(settings: Settings, *, quotes: bool = True) -> Pipeline:
    """The standard per-article stages: clean -> extract -> outlet profiles -> dedup."""
    from newsweave.clean import Cleaner
    from newsweave.dedup import Deduplicator
    from newsweave.extract import Extractor
    from newsweave.outlets import OutletDirectory

    extractor = Extractor(settings) if quotes else Extractor(settings, quote_extractor=_no_quotes)
    profiles = OutletDirectory.from_file(settings.outlets_file)
    return Pipeline([Cleaner(), extractor, profiles, Deduplicator()])


def _no_quotes(text: str, entities: Sequence[object]) -> tuple[()]:
    return ()


# -- jobs ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Analysis:
    """Everything one analysis produced (a container, not a stored record)."""

    articles: list[Article]
    events: list[Event]
    storylines: list[Storyline]
    coverage: dict[str, Coverage]
    report: RunReport
    outlets: dict[str, object] = field(default_factory=dict)


def _noop_progress(step: str, done: int, total: int | None) -> None:
    return None


def ingest_paths(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    settings: Settings,
    *,
    command: str = "ingest",
    progress: Progress = _noop_progress,
    url_lists: Iterable[str | os.PathLike[str]] = (),
) -> RunReport:
    """Read every input item into ``store`` and return the run report (one outcome per item).

    Items are committed in small batches, so a run killed midway leaves a consistent store and
    rerunning it completes the job: items already stored come back as ``duplicate``.
    ``url_lists`` are files of URLs to fetch, one per line.
    """
    from newsweave.ingest import item_label, read_inputs

    run_id = store.start_run(command)
    pending: list[ItemOutcome] = []
    items = read_inputs(paths, settings, url_lists=url_lists)
    done = 0
    progress("ingest", done, None)
    for item in items:
        if isinstance(item, Article):
            outcome = store.add_article(item, label=item_label(item))
        else:
            outcome = item
        pending.append(outcome)
        if len(pending) >= 200:
            store.add_outcomes(run_id, pending)
            pending.clear()
        done += 1
        progress("ingest", done, None)
    store.add_outcomes(run_id, pending)
    progress("ingest", done, done)  # the total is known now: the step is over
    return store.finish_run(run_id)


def process_articles(
    articles: Sequence[Article],
    settings: Settings,
    *,
    quotes: bool = True,
    errors: list[str] | None = None,
    progress: Progress | None = None,
) -> list[Article]:
    """Clean, extract and dedup ``articles`` as one corpus (cleaning learns from all of them).

    Per-article problems the stages survived are appended to ``errors`` when given;
    ``progress`` hears each stage's count per article (steps named after the stages).
    """
    pipeline = article_stages(settings, quotes=quotes)
    out = pipeline.fit_transform(articles, progress=progress)
    if errors is not None:
        errors.extend(pipeline.errors)
    return out


def cluster_articles(
    articles: Sequence[Article],
    settings: Settings,
    dense: Mapping[str, Mapping[int, float]] | None = None,
) -> tuple[list[Event], list[Storyline]]:
    """Group processed articles into events and events into storylines (batch mode).

    ``dense`` (article id -> title+lead embedding) supplies embeddings computed elsewhere
    (the Spark executors) instead of embedding on this machine.
    """
    from newsweave.cluster import EventClusterer, link_storylines

    clusterer = EventClusterer(
        threshold=settings.event_threshold or None,
        window_days=settings.window_days,
        embeddings=settings.embeddings,
    )
    clusterer.fit(articles, dense=dense)
    events = list(clusterer.events_)
    by_id = {a.id: a for a in articles}
    storylines = link_storylines(events, by_id, threshold=settings.storyline_threshold or None)
    story_of = {eid: s.id for s in storylines for eid in s.event_ids}
    events = [dataclasses.replace(e, storyline_id=story_of.get(e.id)) for e in events]
    return events, storylines


def compare_events(
    events: Sequence[Event],
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress = _noop_progress,
    errors: list[str] | None = None,
) -> dict[str, Coverage]:
    """Compare coverage for every event; a failing event gets an empty comparison and an error."""
    from newsweave.compare import compare_event, load_lexicon

    lexicon = load_lexicon(settings.lexicon_file)
    by_id = {a.id: a for a in articles}
    out: dict[str, Coverage] = {}
    progress("compare", 0, len(events))
    for index, event in enumerate(events):
        members = [by_id[i] for i in event.article_ids if i in by_id]
        try:
            out[event.id] = compare_event(event, members, settings, lexicon=lexicon)
        except Exception as exc:  # one event's comparison must not lose the others
            log.warning("compare: event %s failed", event.id, exc_info=True)
            if errors is not None:
                errors.append(f"compare: {event.id}: {type(exc).__name__}: {exc}")
            out[event.id] = Coverage(event_id=event.id)
        progress("compare", index + 1, len(events))
    return out


def analyze_store(
    store: Store, settings: Settings, report: RunReport, progress: Progress = _noop_progress
) -> Analysis:
    """Process every article in ``store``, cluster, compare, save and return the analysis."""
    errors: list[str] = []
    # From the ingested versions: processing again what an earlier analysis (or one killed
    # midway) left would give a different result than analysing once.
    stored = list(store.iter_articles(ingested=True))
    articles = process_articles(stored, settings, errors=errors, progress=progress)
    store.save_articles(articles)
    # Clustering reports no count of its own: its step shows running, then done.
    progress("cluster", 0, None)
    events, storylines = cluster_articles(articles, settings)
    progress("cluster", len(articles), len(articles))
    coverage = compare_events(events, articles, settings, progress=progress, errors=errors)
    store.replace_analysis(events, storylines, list(coverage.values()))
    report = dataclasses.replace(report, stage_errors=(*report.stage_errors, *errors))
    return Analysis(articles, events, storylines, coverage, report)


def analyze(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    store: Store | None = None,
    progress: Progress = _noop_progress,
    url_lists: Iterable[str | os.PathLike[str]] = (),
) -> Analysis:
    """Ingest ``paths``, then clean, extract, dedup, cluster and compare the whole store.

    Without a store, an in-memory one is used and thrown away.

    Example:
        >>> result = analyze(["examples/corpus"])  # doctest: +SKIP
        >>> [e.title for e in result.events]  # doctest: +SKIP
    """
    settings = settings or load_settings()
    owned = store is None
    store = store or open_store(":memory:")
    try:
        report = ingest_paths(
            paths, store, settings, command="analyze", progress=progress, url_lists=url_lists
        )
        return analyze_store(store, settings, report, progress)
    finally:
        if owned:
            store.close()


def ingested_ids(report: RunReport) -> list[str]:
    """Ids of articles a run ingested (new or changed)."""
    return [i.article_id for i in report.items if i.status == INGESTED and i.article_id]


def cluster_jsonl(path: os.PathLike[str] | str, settings: Settings) -> Iterator[dict[str, object]]:
    """Cluster the records of a JSONL file; yield ``{"id", "event", "storyline"}`` per record.

    This is the code path of ``newsweave cluster``: read -> clean -> extract (no quotes) ->
    dedup -> batch event clustering -> storylines. Every non-blank input line yields exactly one
    row, in input order. A record that cannot become an article (no text) still gets an event
    of its own, with an ``error``; a line that is not JSON gets ``null`` ids and an ``error``.
    """
    import json
    from pathlib import Path

    from newsweave.ingest.base import safe_id
    from newsweave.ingest.jsonl import iter_jsonl_lines
    from newsweave.ingest.records import article_from_record

    source = Path(path)
    rows: list[tuple[str | None, str | None, str | None]] = []  # (given id, internal id, error)
    articles: list[Article] = []
    used: set[str] = set()
    for number, line, error in iter_jsonl_lines(source, settings):
        if line is None:
            rows.append((None, None, f"line {number}: {error}"))
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            rows.append((None, None, f"line {number}: invalid JSON: {exc}"))
            continue
        given = record.get("id") if isinstance(record, dict) else None
        given_id = str(given) if given not in (None, "") else None
        internal = safe_id(given_id) if given_id else f"line-{number}"
        if internal in used:  # the same id twice: cluster both, keep their rows apart
            internal = f"{internal}~{number}"
        used.add(internal)
        item = article_from_record(
            record if isinstance(record, dict) else {},
            default_id=internal,
            source_key=f"{source.resolve()}#{number}",
            path=str(source),
            settings=settings,
            label=f"{source}#line {number}",
        )
        if isinstance(item, Article):
            articles.append(dataclasses.replace(item, id=internal))
            rows.append((given_id, internal, None))
        else:
            rows.append((given_id, internal, item.reason))
    # Events use rule-based names whatever ``ner`` says (ClusterParams.model_entities is off),
    # so the entity model would only cost time here.
    fast = dataclasses.replace(settings, ner="off")
    processed = process_articles(articles, fast, quotes=False)
    events, _ = cluster_articles(processed, fast) if processed else ([], [])
    event_of = {aid: e for e in events for aid in e.article_ids}
    extra = 0
    for shown_id, key, problem in rows:
        row: dict[str, object]
        if key is None:
            row = {"id": None, "event": None, "storyline": None}
        elif key in event_of:
            event = event_of[key]
            row = {"id": shown_id or key, "event": event.id, "storyline": event.storyline_id}
        else:
            extra += 1  # unreadable record: an event and storyline of its own
            row = {"id": shown_id or key, "event": f"x{extra:04d}", "storyline": f"x{extra:04d}"}
        if problem:
            row["error"] = problem
        yield row
