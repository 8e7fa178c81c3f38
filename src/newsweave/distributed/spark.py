"""The batch pipeline on Spark: ingest -> clean -> extract -> dedup -> (embed) -> cluster
-> compare.

Its result equals the local batch path (``newsweave analyze``: :func:`ingest_paths` into a
store, :func:`process_articles`, :func:`cluster_articles`) on the same input, because every
stage runs the same code on the same articles in the same order, and only the parts that are
order-free run in parallel:

1. **Read** (executors, one task per input file; inputs are files or folders, typically one
   folder or WARC segment per day or hour -- partitioned by time). Every item keeps an order
   key ``(file number, item number)``, the order a local run reads them in.
2. **Ids** (driver): the store's rules for re-ingest and id collisions decide each item's
   outcome and final id; they run on small stubs (id, source key, content hash) in an
   in-memory store, so they are the store's own code.
3. **Clean** (executors, one group per source): the cleaner learns repeated lines per source
   (``source_group``), so fitting it on each source's articles alone, in order, learns
   exactly what a fit on the whole corpus learns.
4. **Extract** (executors, any partitioning): the extractor learns one outlet name per URL
   host (computed per host) and the corpus's dates (computed per partition, merged by
   sorting); the driver merges both and broadcasts them. A stage that starts learning
   something else makes the job refuse to run (:func:`check_fitted_state`).
   Extraction itself (dates, entities, quotes, outlets) is per article: the expensive part.
5. **Embed** (executors, optional): title+lead sentence embeddings when the ``[embed]``
   extra is installed and ``Settings.embeddings`` allows it.
6. **Dedup, cluster, storylines** (driver): the syndication index and the event clusterer
   are sequential by nature (each decision depends on all earlier ones), so the driver runs
   them over the articles streamed back in order, without the heavy fields they never read
   (raw text, removed lines, quotes).
7. **Compare** (executors, one group per event): events are independent once every article
   is assigned, so the full processed articles are joined with their event and each event
   is compared as :func:`newsweave.pipeline.compare_events` compares it
   (:mod:`newsweave.distributed.outputs`).

Outputs in ``--out``: ``articles/month=YYYY-MM/part-*`` (processed articles as JSON lines,
partitioned by publication month, ``month=unknown`` for undated ones; at most
``ceil(articles of the month / rows_per_file)`` files a month, 200,000 lines each by default,
so a corpus of N articles over M months writes about N / 200,000 + M files, not one per day
and partition), ``events.jsonl``, ``storylines.jsonl``, ``comparisons.jsonl`` (one
``{"event_id", "coverage"}`` per event in event order, the coverage as the store serializes
it), ``outcomes.jsonl`` (one outcome per input item, in input order) and ``report.json``
(counts, timings per stage, failed comparisons and the first 20 problems, number of
article files).

Every function shipped to executors lives in this module: workers import it from the
installed package (a function defined elsewhere would fail there with ModuleNotFoundError).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.errors import InputError, MissingDependencyError, PipelineError
from newsweave.models import (
    INGESTED,
    REJECTED,
    Article,
    Coverage,
    Event,
    ItemOutcome,
    Storyline,
)

log = logging.getLogger(__name__)

Order = tuple[int, int]  # (input file number, item number within the file)

#: Article fields the driver-side stages (dedup, clustering, storylines, event titles) never
#: read; they stay in the executors. tests/test_spark.py checks that the events still equal
#: the local path's, so a stage that starts reading one of them fails that test.
DRIVER_DROPS = ("raw_text", "removed_lines", "quotes", "date_flags", "meta")


# -- inputs ----------------------------------------------------------------------------------


def input_tasks(inputs: Iterable[str | os.PathLike[str]]) -> list[tuple[int, str | None, Any]]:
    """The input files in the order a local run reads them: ``(number, path, rejection)``.

    Folders are walked as :func:`newsweave.ingest.read_inputs` walks them (sorted, recursive,
    hidden files rejected); files, URLs and missing paths are tasks of their own (the reader
    turns a missing path into its rejection). A task has a path or a rejection, never both.
    """
    tasks: list[tuple[int, str | None, Any]] = []
    for raw in inputs:
        text = str(raw)
        path = Path(raw)
        if text.strip().lower().startswith(("http://", "https://")) or not path.is_dir():
            tasks.append((len(tasks), text, None))
            continue
        from newsweave.ingest.base import reject

        for dirpath, dirnames, filenames in os.walk(path):
            dirnames.sort()
            for filename in sorted(filenames):
                file = Path(dirpath) / filename
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    tasks.append((len(tasks), None, reject(str(file), "hidden file, skipped")))
                else:
                    tasks.append((len(tasks), str(file), None))
    return tasks


def read_task(task: tuple[int, str | None, Any], settings: Settings) -> Iterator[Any]:
    """Executor: the items of one input file, each with its order key."""
    from newsweave.ingest import read_inputs

    number, path, rejection = task
    if path is None:
        yield (number, 0), rejection
        return
    for index, item in enumerate(read_inputs([path], settings)):
        yield (number, index), item


def _stub(order: Order, article: Article) -> tuple[Order, str, str, str, str | None, str | None]:
    """Executor: what the store's id rules need of an article (no text)."""
    return order, article.id, article.source_key, article.content_hash, article.path, article.url


def resolve_ids(
    stubs: Iterable[tuple[Order, str, str, str, str | None, str | None]],
) -> tuple[dict[Order, tuple[Order, str]], list[tuple[Order, ItemOutcome]]]:
    """Driver: apply the store's re-ingest and id-collision rules to articles in order.

    Returns:
        ``keep``: order key of each stored version -> (position in the store, final id), and
        the outcome of every article item.
    """
    from newsweave.ingest.base import item_label
    from newsweave.store import open_store

    keep: dict[Order, tuple[Order, str]] = {}
    position: dict[str, Order] = {}  # final id -> order key of its first (stored) version
    holder: dict[str, Order] = {}  # final id -> order key of the version kept (latest)
    outcomes: list[tuple[Order, ItemOutcome]] = []
    with open_store(":memory:") as store:
        for order, aid, key, digest, path, url in sorted(stubs):
            stub = Article(id=aid, text="", source_key=key, content_hash=digest, path=path, url=url)
            outcome = store.add_article(stub, label=item_label(stub))
            outcomes.append((order, outcome))
            if outcome.status != INGESTED or outcome.article_id is None:
                continue
            final = outcome.article_id
            if final in holder:  # same source, new content: the store replaces in place
                keep.pop(holder[final], None)
            position.setdefault(final, order)
            holder[final] = order
            keep[order] = (position[final], final)
    return keep, outcomes


def _stored(item: tuple[Order, Article], keep: Mapping[Order, tuple[Order, str]]) -> Any:
    """Executor: the article as the store hands it back (final id, JSON round trip)."""
    order, article = item
    position, final = keep[order]
    if final != article.id:
        article = dataclasses.replace(article, id=final)
    return position, Article.from_dict(
        json.loads(json.dumps(article.to_dict(), ensure_ascii=False))
    )


# -- per-article stages -------------------------------------------------------------------------


def _group_key(item: tuple[Order, Article]) -> str:
    from newsweave.clean import source_group

    return source_group(item[1])


def group_templates(items: Iterable[tuple[Order, Article]]) -> frozenset[str]:
    """Executor: the template paragraphs :meth:`Cleaner.fit` learns from one source's
    articles (the driver unites them: templates apply to every source)."""
    from newsweave.clean import Cleaner

    ordered = [a for _, a in sorted(items, key=lambda pair: pair[0])]
    templates: frozenset[str] = Cleaner().fit(ordered).templates_
    return templates


def clean_group(
    items: Iterable[tuple[Order, Article]], templates: frozenset[str] = frozenset()
) -> Iterator[tuple[Order, Article]]:
    """Executor: fit a cleaner on one source's articles (in order) and clean them, with the
    template paragraphs learned from every source (``templates``)."""
    from newsweave.clean import Cleaner

    ordered = sorted(items, key=lambda pair: pair[0])
    articles = [a for _, a in ordered]
    cleaner = Cleaner().fit(articles)
    cleaner.templates_ = templates
    for (order, _), cleaned in zip(ordered, cleaner(articles), strict=True):
        yield order, cleaned
    for error in getattr(cleaner, "errors_", []):
        log.warning("spark clean: %s", error)


def _host_item(item: tuple[Order, Article]) -> Iterator[tuple[str, tuple[Order, Article]]]:
    from newsweave.urls import host_of, registered_domain

    order, a = item
    host = host_of(a.url) if a.url and not a.outlet else None
    if host:  # one outlet name per registered domain (extract/outlet.py): group by it
        yield registered_domain(host), (order, a)


def host_names(items: Iterable[tuple[Order, Article]], settings: Settings) -> dict[str, str]:
    """Executor: what :meth:`Extractor.fit` learns of one host's articles (in order)."""
    from newsweave.extract import Extractor

    ordered = [a for _, a in sorted(items, key=lambda pair: pair[0])]
    names: dict[str, str] = Extractor(settings).fit(ordered).host_names_
    return names


def corpus_dates(items: Iterable[tuple[Order, Article]], settings: Settings) -> Iterator[Any]:
    """Executor: the dates :meth:`Extractor.fit` learns from one partition's articles."""
    from newsweave.extract import Extractor

    yield from Extractor(settings).fit(a for _, a in items).corpus_dates_


#: What :meth:`Extractor.fit` learns, and how the job computes each part: per host
#: (``host_names_``) and per partition, merged by sorting (``corpus_dates_``). A new learned
#: attribute makes :func:`check_fitted_state` refuse to run rather than diverge silently.
EXTRACTOR_LEARNS = frozenset({"host_names_", "corpus_dates_"})
#: What :meth:`Cleaner.fit` learns: repeated lines per source, which the job fits per source
#: group, and template paragraphs, learned per source group and united on the driver.
CLEANER_LEARNS = frozenset({"repeated_", "templates_"})


def check_fitted_state(settings: Settings) -> None:
    """Refuse to run when a stage learns corpus state this job does not know how to split.

    Raises:
        PipelineError: naming the stage and the attribute.
    """
    from newsweave.clean import Cleaner
    from newsweave.extract import Extractor

    for stage, known in ((Extractor(settings), EXTRACTOR_LEARNS), (Cleaner(), CLEANER_LEARNS)):
        stage.fit([])
        learned = {k for k in vars(stage) if k.endswith("_") and not k.startswith("_")}
        unknown = learned - known - {"errors_"}
        if unknown:
            raise PipelineError(
                f"{type(stage).__name__}.fit learns {', '.join(sorted(unknown))}, which the "
                "Spark job does not compute yet, so its result would differ from a local run; "
                "update newsweave.distributed.spark (EXTRACTOR_LEARNS / CLEANER_LEARNS)."
            )


def extract_partition(
    items: Iterable[tuple[Order, Article]],
    settings: Settings,
    learned: Mapping[str, Any],
    quotes: bool,
    embed: bool,
) -> Iterator[tuple[Order, Article, dict[int, float] | None]]:
    """Executor: extract, resolve outlets (and embed title+lead) for one partition."""
    from newsweave.extract import Extractor
    from newsweave.outlets import OutletDirectory

    batch = list(items)
    extractor = Extractor(settings, quote_extractor=None if quotes else _no_quotes)
    for name, value in learned.items():  # what Extractor.fit learns, computed in parts
        setattr(extractor, name, value)
    profiles = OutletDirectory.from_file(settings.outlets_file)
    done = list(profiles(extractor(a for _, a in batch)))
    for error in getattr(extractor, "errors_", []):
        log.warning("spark extract: %s", error)
    vectors: list[dict[int, float] | None] = [None] * len(done)
    if embed and done:
        from newsweave.cluster.embeddings import load_encoder

        encoder = load_encoder(settings.embeddings)
        if encoder is not None:
            vectors = list(encoder.encode(done))
    for (order, _), article, vector in zip(batch, done, vectors, strict=True):
        yield order, article, vector


def _no_quotes(text: str, entities: Sequence[object]) -> tuple[()]:
    return ()


def slim(article: Article) -> Article:
    """The article without the fields the driver-side stages never read."""
    return dataclasses.replace(article, **{f: _EMPTY[f] for f in DRIVER_DROPS})


_EMPTY: dict[str, Any] = {
    "raw_text": "",
    "removed_lines": (),
    "quotes": (),
    "date_flags": (),
    "meta": {},
}


def _driver_item(item: tuple[Order, Article, dict[int, float] | None]) -> Any:
    order, article, vector = item
    return order, slim(article), vector


def _final(
    item: tuple[Order, Article, dict[int, float] | None], originals: Mapping[str, str]
) -> Article:
    """Executor: a processed article as the local path ends it (its original if a copy)."""
    return dataclasses.replace(item[1], duplicate_of=originals.get(item[1].id))


def _output_row(article: Article) -> tuple[str, str, str]:
    """Executor: (month, id, JSON line) of a final article."""
    from newsweave.distributed.outputs import month_of

    return month_of(article), article.id, json.dumps(article.to_dict(), ensure_ascii=False)


# -- clustering on the driver ---------------------------------------------------------------------


# -- the job -----------------------------------------------------------------------------------


def spark_session(master: str | None = None, app: str = "newsweave") -> Any:
    """A SparkSession: spark-submit's when running under it, else local on 127.0.0.1.

    Raises:
        MissingDependencyError: pyspark is not installed.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MissingDependencyError("The Spark job", "spark") from exc
    builder = SparkSession.builder.appName(app)
    submitted = "SPARK_ENV_LOADED" in os.environ or "spark.master" in os.environ.get(
        "PYSPARK_SUBMIT_ARGS", ""
    )
    chosen = master or (None if submitted else "local[*]")
    if chosen:
        builder = builder.master(chosen)
    if chosen and chosen.startswith("local"):
        # Local mode: bind to loopback only and open no web UI.
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
    return builder.getOrCreate()


def run_job(
    inputs: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    settings: Settings,
    *,
    master: str | None = None,
    quotes: bool = True,
    partitions: int | None = None,
    spark: Any = None,
    compare: bool = True,
    rows_per_file: int | None = None,
) -> dict[str, Any]:
    """Run the pipeline on Spark over ``inputs`` and write the results to ``out``.

    Args:
        inputs: files and folders (WARC, JSONL, JSON, text, HTML, feeds) on a filesystem every
            executor can read, or http(s) URLs.
        out: output folder (replaced if it exists).
        settings: the same settings a local run would use.
        master: Spark master when no session is given (default: spark-submit's or local[*]).
        quotes: extract quotes (off: faster, as ``newsweave cluster`` does).
        partitions: partitions of the per-article stages (default: 2 x default parallelism).
        spark: an existing SparkSession (tests share one).
        compare: compare every event on the executors (``comparisons.jsonl``).
        rows_per_file: article lines per output file at most (default
            :data:`~newsweave.distributed.outputs.ROWS_PER_FILE`).

    Returns:
        The report also written to ``out/report.json``.
    """
    from pyspark import StorageLevel

    session = spark or spark_session(master)
    sc = session.sparkContext
    parts = partitions or max(2, 2 * sc.defaultParallelism)
    if rows_per_file is None:
        from newsweave.distributed.outputs import ROWS_PER_FILE

        rows_per_file = ROWS_PER_FILE
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    check_fitted_state(settings)
    tasks = input_tasks(inputs)
    if not tasks:
        raise InputError("No input given; pass files or folders.")
    target = Path(out)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)

    items = (
        sc.parallelize(tasks, min(len(tasks), max(parts, 1)))
        .flatMap(lambda task: read_task(task, settings))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    is_article = items.filter(lambda pair: isinstance(pair[1], Article))
    keep, article_outcomes = resolve_ids(is_article.map(lambda p: _stub(*p)).collect())
    rejections = items.filter(lambda pair: not isinstance(pair[1], Article)).collect()
    lap("read")
    kept = sc.broadcast(keep)
    stored = is_article.filter(lambda p: p[0] in kept.value).map(lambda p: _stored(p, kept.value))
    by_source = stored.groupBy(_group_key, numPartitions=parts).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    templates = sc.broadcast(
        frozenset().union(*by_source.map(lambda group: group_templates(group[1])).collect())
    )
    cleaned = by_source.flatMap(lambda group: clean_group(group[1], templates.value)).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    names: dict[str, str] = {}
    for found in (
        cleaned.flatMap(_host_item)
        .groupByKey(numPartitions=parts)
        .map(lambda pair: host_names(pair[1], settings))
        .collect()
    ):
        names.update(found)
    dates = sorted(cleaned.mapPartitions(lambda part: corpus_dates(part, settings)).collect())
    lap("clean")
    embed = settings.embeddings != "off"
    learned = sc.broadcast({"host_names_": names, "corpus_dates_": dates})
    processed = (
        cleaned.repartition(parts)
        .mapPartitions(lambda part: extract_partition(part, settings, learned.value, quotes, embed))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    processed.count()
    items.unpersist()
    cleaned.unpersist()
    lap("extract")

    from newsweave.dedup import Deduplicator

    ordered = processed.map(_driver_item).sortBy(lambda row: row[0], numPartitions=parts)
    dedup = Deduplicator()
    articles: list[Article] = []
    vectors: dict[str, dict[int, float]] = {}
    for _, article, vector in ordered.toLocalIterator():
        articles.append(article)
        if vector:
            vectors[article.id] = vector
    articles = dedup.dedupe(articles)
    lap("dedup")
    from newsweave.pipeline import cluster_articles

    # the local path's clustering, with the executors' embeddings instead of the driver's
    events, storylines = cluster_articles(articles, settings, dense=vectors or None)
    lap("cluster")

    originals = {a.id: a.duplicate_of for a in articles if a.duplicate_of}
    shared_originals = sc.broadcast(originals)
    final = processed.map(lambda item: _final(item, shared_originals.value)).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    problems: list[str] = []
    if compare:
        problems = _write_comparisons(sc, final, events, articles, settings, parts, target)
        lap("compare")
    files = _write_articles(session, final, target / "articles", rows_per_file)
    final.unpersist()
    processed.unpersist()
    outcomes = sorted([*article_outcomes, *rejections], key=lambda pair: pair[0])
    _write_lines(target / "outcomes.jsonl", (o.to_dict() for _, o in outcomes))
    _write_lines(target / "events.jsonl", (e.to_dict() for e in events))
    _write_lines(target / "storylines.jsonl", (s.to_dict() for s in storylines))
    lap("write")
    counts = {status: 0 for status in ("ingested", "duplicate", REJECTED)}
    for _, outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    report = {
        "inputs": len(tasks),
        "items": counts,
        "articles": len(articles),
        "copies": len(originals),
        "events": len(events),
        "storylines": len(storylines),
        "comparisons": len(events) if compare else 0,
        "compare_errors": len(problems),
        "compare_problems": problems[:20],
        "article_files": files,
        "partitions": parts,
        "master": sc.master,
        "seconds": timings,
        "out": str(target),
    }
    (target / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


def _write_comparisons(
    sc: Any,
    final: Any,
    events: Sequence[Event],
    articles: Sequence[Article],
    settings: Settings,
    parts: int,
    target: Path,
) -> list[str]:
    """Compare every event on the executors; write ``comparisons.jsonl`` in event order.

    As the local path does (:func:`newsweave.pipeline.compare_events`), each event also gets
    the context articles of other events that the driver picks from the whole corpus
    (:func:`newsweave.compare.context.pick_context`): they travel to the event's group beside
    its members and only veto "only this outlet".

    Returns the problems of events whose comparison failed (they get an empty one)."""
    from newsweave.compare.context import pick_context
    from newsweave.distributed.outputs import compare_group, memberships

    picked = sc.broadcast(pick_context(events, articles))
    by_event = sc.parallelize([(e.id, e) for e in events], parts)
    members = (
        final.map(lambda a: (a.id, a))
        .join(by_event.flatMap(lambda pair: memberships(pair[1], picked.value)), parts)
        .map(lambda pair: (pair[1][1], pair[1][0]))
    )
    compared = (
        members.cogroup(by_event, parts)
        .mapPartitions(lambda groups: compare_group(groups, settings, picked.value))
        .sortBy(lambda row: row[0], numPartitions=parts)
    )
    problems: list[str] = []
    with (target / "comparisons.jsonl").open("w", encoding="utf-8") as handle:
        for _, line, problem in compared.toLocalIterator():
            handle.write(line + "\n")
            if problem is not None:
                problems.append(problem)
    return problems


def _write_articles(session: Any, final: Any, folder: Path, rows_per_file: int) -> int:
    """Write the final articles as ``folder/month=YYYY-MM/part-*`` JSON lines, at most
    ``ceil(articles of the month / rows_per_file)`` files a month; returns the files written."""
    from newsweave.distributed.outputs import buckets_per_month, file_slots, slot_key

    rows = final.map(_output_row)
    counts = rows.map(lambda row: (row[0], 1)).reduceByKey(lambda a, b: a + b).collectAsMap()
    slots = file_slots(counts, rows_per_file)
    per_month = buckets_per_month(slots)
    keyed = (
        rows.map(lambda row: slot_key(row[0], row[1], row[2], per_month))
        .partitionBy(max(1, len(slots)), lambda key: slots[key])
        .values()
    )
    session.createDataFrame(keyed, "month string, value string").write.partitionBy("month").text(
        str(folder)
    )
    return sum(1 for _ in folder.rglob("part-*"))


def _write_lines(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


# -- reading results back, and the local reference ------------------------------------------------


def read_output(out: str | os.PathLike[str]) -> tuple[list[Article], list[Event], list[Storyline]]:
    """The articles (in id order), events and storylines a job wrote to ``out``."""
    root = Path(out)
    articles = [
        Article.from_dict(json.loads(line))
        for part in sorted((root / "articles").rglob("part-*"))
        for line in part.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    events = [Event.from_dict(json.loads(x)) for x in _lines(root / "events.jsonl")]
    storylines = [Storyline.from_dict(json.loads(x)) for x in _lines(root / "storylines.jsonl")]
    return sorted(articles, key=lambda a: a.id), events, storylines


def read_comparisons(out: str | os.PathLike[str]) -> dict[str, Coverage]:
    """Event id -> coverage from the ``comparisons.jsonl`` a job wrote to ``out``."""
    from newsweave.distributed.outputs import read_comparisons as parse

    return parse(_lines(Path(out) / "comparisons.jsonl"))


def _lines(path: Path) -> list[str]:
    return [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def run_local(
    inputs: Sequence[str | os.PathLike[str]], settings: Settings, *, quotes: bool = True
) -> tuple[list[Article], list[Event], list[Storyline], list[ItemOutcome]]:
    """The local batch path the job must equal: ingest into a store, process, cluster.

    Returns articles (in store order), events, storylines and the item outcomes.
    """
    from newsweave.pipeline import cluster_articles, ingest_paths, process_articles
    from newsweave.store import open_store

    with open_store(":memory:") as store:
        report = ingest_paths(inputs, store, settings)
        articles = process_articles(list(store.iter_articles()), settings, quotes=quotes)
    events, storylines = cluster_articles(articles, settings)
    return articles, events, storylines, list(report.items)


def local_comparisons(
    articles: Sequence[Article], events: Sequence[Event], settings: Settings
) -> dict[str, Coverage]:
    """The local path's comparisons of :func:`run_local`'s events (what ``analyze`` stores)."""
    from newsweave.pipeline import compare_events

    return compare_events(events, articles, settings)


__all__ = [
    "CLEANER_LEARNS",
    "DRIVER_DROPS",
    "EXTRACTOR_LEARNS",
    "check_fitted_state",
    "input_tasks",
    "local_comparisons",
    "read_comparisons",
    "read_output",
    "resolve_ids",
    "run_job",
    "run_local",
    "slim",
    "spark_session",
]
