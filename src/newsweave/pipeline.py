"""The pipeline: stages checked before they run, and the jobs built from them.

An article stage is a callable object with ``name``, ``requires`` and ``assigns`` (Article
field names) mapping ``Iterable[Article] -> Iterator[Article]``. :class:`Pipeline` checks that
every field a stage requires is assigned by ingest or an earlier stage, then streams articles
through the stages. Corpus-level steps (clustering, storylines, comparison) follow in
:func:`analyze_store`.

Speed: given :class:`PipelineParams` (``newsweave analyze`` passes them), :func:`analyze_store`
extracts articles and compares events in worker processes, one per CPU, when the corpus is
large enough to repay starting them; each article and each event is worked on exactly as in
one process, so the result is the same. Workers are started by a fork server, which imports
the main module: a script that asks for them must guard its entry point with
``if __name__ == "__main__":`` (as :mod:`multiprocessing` requires), which is why the library
functions work in one process unless asked.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import pickle
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from newsweave.config import Settings, load_settings
from newsweave.errors import ConfigError, MissingDependencyError, PipelineError
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
        self,
        articles: Sequence[Article],
        progress: Progress | None = None,
        pool: WorkerPool | None = None,
    ) -> list[Article]:
        """Run the stages over a whole corpus, letting each stage that learns (``fit``) see
        the corpus as the stages before it left it.

        ``progress(stage name, done, total)`` is called as each stage emits each article.
        A stage marked ``per_article`` (each article's output depends on that article and
        what ``fit`` learnt only) runs in ``pool``'s worker processes when it has any.
        """
        current = list(articles)
        for stage in self.stages:
            total = len(current)
            if progress is not None:
                progress(stage.name, 0, total)
            fit = getattr(stage, "fit", None)
            if callable(fit):
                fit(current)
            if pool is not None and getattr(stage, "per_article", False):
                done = pool.run_stage(stage, current, progress)
                if done is not None:
                    current = done
                    continue
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


# -- worker processes --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PipelineParams:
    """Tunables of the batch jobs (:func:`analyze_store`).

    Attributes:
        workers: processes that extract articles and compare events side by side. ``None``
            uses one per CPU this process may run on (at most :data:`MAX_WORKERS`); ``1``
            works in this process only.
        min_parallel_articles: fewest articles worth starting workers for. A worker costs
            about a second to start (libraries, the entity model) on 2 cores, about what
            one process spends on 100-150 articles; below this the job stays in one process.
    """

    workers: int | None = None
    min_parallel_articles: int = 200

    def __post_init__(self) -> None:
        if self.workers is not None and (
            isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers < 1
        ):
            raise ConfigError(
                f"PipelineParams.workers must be a whole number >= 1 or None (one per CPU), "
                f"got {self.workers!r}"
            )
        value = self.min_parallel_articles
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(
                f"PipelineParams.min_parallel_articles must be a whole number >= 1, got {value!r}"
            )

    def worker_count(self) -> int:
        """The number of worker processes to use."""
        if self.workers is not None:
            return self.workers
        try:
            cpus = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cpus = os.cpu_count() or 1
        return max(1, min(cpus, MAX_WORKERS))


#: Most worker processes ``PipelineParams(workers=None)`` starts.
MAX_WORKERS = 8

# Modules the worker processes import before they fork from the server (so each starts warm).
_PRELOAD = ["newsweave.pipeline", "newsweave.extract", "newsweave.compare"]


class WorkerPool:
    """Worker processes for one job, started on first use and stopped by :meth:`close`.

    Workers come from a fork server (safe beside threads, such as a progress display). They
    receive a pickled copy of a stage or of the comparison settings, so anything that does not
    pickle (a lambda as quote extractor) is worked on in this process instead.
    """

    def __init__(self, params: PipelineParams | None = None, preload: Sequence[str] = ()) -> None:
        self.params = params or PipelineParams()
        self.workers = self.params.worker_count()
        self._executor: Executor | None = None
        # More modules for the fork server to import once (if this process starts it).
        self.preload = [*_PRELOAD, *preload]

    def worth(self, articles: int) -> bool:
        """Whether ``articles`` are enough to work on in the worker processes."""
        return self.workers > 1 and articles >= self.params.min_parallel_articles

    def _pool(self) -> Executor:
        if self._executor is None:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                ctx.set_forkserver_preload(self.preload)
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        return self._executor

    def warm_up(self, settings: Settings) -> None:
        """Start the workers now and have each load the entity model ``settings`` asks for,
        while this process goes on (cleaning): the first chunk then finds them ready."""
        for _ in range(self.workers):
            self.submit(_warm_up, settings.ner)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``fn(*args)`` in a worker (``fn`` and the arguments must pickle)."""
        return self._pool().submit(fn, *args)

    def close(self) -> None:
        """Stop the workers (if any were started)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run_stage(
        self, stage: Stage, articles: list[Article], progress: Progress | None
    ) -> list[Article] | None:
        """``stage`` over ``articles`` in the workers, in order; None when not worth it or the
        stage does not pickle (then the caller runs it here). Problems the workers' copies
        recorded are appended to ``stage.errors_``."""
        if not self.worth(len(articles)):
            return None
        try:
            blob = pickle.dumps(stage)
        except (pickle.PicklingError, AttributeError, TypeError):
            log.debug("stage %s does not pickle: run in this process", stage.name)
            return None
        key = uuid.uuid4().hex
        # Chunks small enough to keep every worker busy to the end, large enough for the
        # entity model's batches.
        size = max(8, min(32, len(articles) // (self.workers * 8) or 1))
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        out: list[Article] = []
        errors: list[str] = []
        results = self._pool().map(_stage_chunk, [key] * len(chunks), [blob] * len(chunks), chunks)
        for done, problems, missing in results:
            if missing is not None:
                raise MissingDependencyError(*missing)
            out.extend(done)
            errors.extend(problems)
            if progress is not None:
                progress(stage.name, len(out), len(articles))
        if progress is not None:
            progress(stage.name, len(out), len(out))
        if errors:
            recorded = getattr(stage, "errors_", None)
            if not isinstance(recorded, list):
                recorded = []
                object.__setattr__(stage, "errors_", recorded)
            recorded.extend(errors)
        return out


def _warm_up(ner: str) -> None:
    """Load the entity model in a worker (cached for the process), if ``ner`` uses it."""
    from newsweave.extract.entities import EntityRecognizer

    if ner != "off":
        try:
            EntityRecognizer(ner).uses_model  # noqa: B018 - loads the model, or finds it missing
        except Exception:  # "on" without the model: the stage itself reports it
            log.debug("worker warm-up: no entity model", exc_info=True)


# One job's stage, unpickled once per worker process (keyed by job).
_WORKER_STAGE: dict[str, Any] = {}


def _stage_chunk(
    key: str, blob: bytes, articles: list[Article]
) -> tuple[list[Article], list[str], tuple[str, str] | None]:
    """Run the pickled stage over ``articles`` in a worker: (articles, problems, a missing
    extra as ``(feature, extra)`` or None)."""
    stage = _WORKER_STAGE.get(key)
    if stage is None:
        _WORKER_STAGE.clear()
        stage = _WORKER_STAGE[key] = pickle.loads(blob)
    try:
        out = list(stage(articles))
    except MissingDependencyError as exc:  # its constructor does not survive pickling
        return [], [], (exc.feature, exc.extra)
    recorded = getattr(stage, "errors_", None)
    problems = list(recorded) if isinstance(recorded, list) else []
    if isinstance(recorded, list):
        recorded.clear()
    return out, problems, None


def _compare_many(
    items: list[tuple[Event, list[Article], list[Article]]], settings: Settings, lexicon: Any
) -> list[tuple[str, Coverage, str | None]]:
    """Compare events in a worker: ``(event, members, context articles)`` each gives
    ``(event id, coverage, problem)``; a failing event gets an empty comparison and its
    problem, as in :func:`compare_events`."""
    from newsweave.compare import compare_event

    out: list[tuple[str, Coverage, str | None]] = []
    for event, members, context in items:
        try:
            coverage = compare_event(event, members, settings, lexicon=lexicon, context=context)
            out.append((event.id, coverage, None))
        except Exception as exc:  # one event's comparison must not lose the others
            log.warning("compare: event %s failed", event.id, exc_info=True)
            problem = f"compare: {event.id}: {type(exc).__name__}: {exc}"
            out.append((event.id, Coverage(event_id=event.id), problem))
    return out


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
    pool: WorkerPool | None = None,
) -> list[Article]:
    """Clean, extract and dedup ``articles`` as one corpus (cleaning learns from all of them).

    Per-article problems the stages survived are appended to ``errors`` when given;
    ``progress`` hears each stage's count per article (steps named after the stages).
    With ``pool``, extraction runs in its worker processes (same result).
    """
    pipeline = article_stages(settings, quotes=quotes)
    out = pipeline.fit_transform(articles, progress=progress, pool=pool)
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
    storylines = link_storylines(
        events, by_id, settings.storyline_threshold or None, clusterer.features_
    )
    story_of = {eid: s.id for s in storylines for eid in s.event_ids}
    events = [dataclasses.replace(e, storyline_id=story_of.get(e.id)) for e in events]
    return events, storylines


def compare_events(
    events: Sequence[Event],
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress = _noop_progress,
    errors: list[str] | None = None,
    pool: WorkerPool | None = None,
) -> dict[str, Coverage]:
    """Compare coverage for every event; a failing event gets an empty comparison and an error.

    One embedder serves the whole run (when ``settings.embeddings`` selects one): it is loaded
    once and embeds each distinct sentence once (:class:`~newsweave.embeddings.CachedEmbedder`).
    Without one, events are compared in ``pool``'s worker processes when it has any (same
    result; the model would have to load in every worker).

    "Only this outlet" is judged against the whole of ``articles``: each event is compared
    with the context articles of other events that :func:`newsweave.compare.context.
    pick_context` picks for it (the Spark job picks them the same way on its driver).
    """
    from newsweave.compare import compare_event, load_lexicon
    from newsweave.compare.context import context_articles, pick_context
    from newsweave.embeddings import CachedEmbedder, load_embedder

    lexicon = load_lexicon(settings.lexicon_file)
    embed = load_embedder(settings.embeddings, "compare") if events else None
    embedder = CachedEmbedder(embed) if embed is not None else None
    by_id = {a.id: a for a in articles}
    out: dict[str, Coverage] = {}
    progress("compare", 0, len(events))
    members_of = {e.id: [by_id[i] for i in e.article_ids if i in by_id] for e in events}
    picked = pick_context(events, articles)
    context_of = {e.id: context_articles(picked, e, by_id) for e in events}
    if embedder is None and pool is not None and pool.worth(len(articles)):
        # Largest events first, so that no worker is left with a big one at the end; small
        # events travel together (one round trip for many one-article events).
        order = sorted(events, key=lambda e: -len(members_of[e.id]))
        per_job = max(1, len(articles) // (pool.workers * 16))
        batches: list[list[Event]] = []
        for e in order:
            if batches and sum(len(members_of[x.id]) for x in batches[-1]) < per_job:
                batches[-1].append(e)
            else:
                batches.append([e])
        found: dict[str, Coverage] = {}
        jobs = [
            pool.submit(
                _compare_many,
                [(e, members_of[e.id], context_of[e.id]) for e in b],
                settings,
                lexicon,
            )
            for b in batches
        ]
        for job in as_completed(jobs):
            for event_id, coverage, problem in job.result():
                found[event_id] = coverage
                if problem is not None and errors is not None:
                    errors.append(problem)
            progress("compare", len(found), len(events))
        return {e.id: found[e.id] for e in events}
    for index, event in enumerate(events):
        members = members_of[event.id]
        try:
            out[event.id] = compare_event(
                event,
                members,
                settings,
                lexicon=lexicon,
                embedder=embedder,
                context=context_of[event.id],
            )
        except Exception as exc:  # one event's comparison must not lose the others
            log.warning("compare: event %s failed", event.id, exc_info=True)
            if errors is not None:
                errors.append(f"compare: {event.id}: {type(exc).__name__}: {exc}")
            out[event.id] = Coverage(event_id=event.id)
        progress("compare", index + 1, len(events))
    return out


def analyze_store(
    store: Store,
    settings: Settings,
    report: RunReport,
    progress: Progress = _noop_progress,
    params: PipelineParams | None = None,
) -> Analysis:
    """Process every article in ``store``, cluster, compare, save and return the analysis.

    With ``params`` (e.g. ``PipelineParams()``: one worker per CPU), extraction and
    comparison run in worker processes when there are enough articles; without, everything
    runs in this process. Same result either way.
    """
    errors: list[str] = []
    # From the ingested versions: processing again what an earlier analysis (or one killed
    # midway) left would give a different result than analysing once.
    stored = list(store.iter_articles(ingested=True))
    with WorkerPool(params or PipelineParams(workers=1)) as pool:
        if pool.worth(len(stored)):
            pool.warm_up(settings)
        articles = process_articles(stored, settings, errors=errors, progress=progress, pool=pool)
        store.save_articles(articles)
        # Clustering reports no count of its own: its step shows running, then done.
        progress("cluster", 0, None)
        events, storylines = cluster_articles(articles, settings)
        progress("cluster", len(articles), len(articles))
        coverage = compare_events(
            events, articles, settings, progress=progress, errors=errors, pool=pool
        )
    store.replace_analysis(events, storylines, list(coverage.values()))
    report = dataclasses.replace(report, stage_errors=(*report.stage_errors, *errors))
    return Analysis(articles, events, storylines, coverage, report)


def analyze(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    store: Store | None = None,
    progress: Progress = _noop_progress,
    url_lists: Iterable[str | os.PathLike[str]] = (),
    params: PipelineParams | None = None,
) -> Analysis:
    """Ingest ``paths``, then clean, extract, dedup, cluster and compare the whole store.

    Without a store, an in-memory one is used and thrown away. ``params``: worker processes
    (see :func:`analyze_store`).

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
        return analyze_store(store, settings, report, progress, params)
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
