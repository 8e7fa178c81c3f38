"""How ``newsweave extract`` runs: in one process, or with its pages read, cleaned and
extracted in worker processes -- the same items, in the same order, with the same fields.

What is learnt from the whole corpus (the stages' ``fit``: repeated lines, templates, host
names, corpus dates) is learnt in the main process from every article; only the per-article
work goes to the workers (:class:`~newsweave.pipeline.WorkerPool`). Inputs that fetch (URLs,
feeds, URL lists) run in one process: the run's one fetcher keeps per-host delays and
robots.txt rules across inputs.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.clean import Cleaner
from newsweave.config import Settings
from newsweave.errors import ConfigError, MissingDependencyError
from newsweave.extract import Extractor
from newsweave.models import Article, Entity, ItemOutcome, Quote
from newsweave.pipeline import Pipeline, PipelineParams, WorkerPool

Item = Article | ItemOutcome


def no_quotes(text: str, entities: Sequence[Entity]) -> tuple[Quote, ...]:
    """The quote extractor of ``extract``: it prints no quotes (``quotes`` does), so it finds
    none and spends nothing on them."""
    return ()


def import_spacy_lean() -> bool:
    """Import spaCy (when installed) the way the default install runs it: without torch.

    thinc, under spaCy, imports torch whenever it is installed (the ``embed`` extra brings
    it), which costs 1.5 s of CPU -- more than reading forty pages -- and the NER model of
    ``extract`` never uses it. torch is hidden from this one import only: a later
    ``import torch`` in the process works as usual. Nothing is done when torch or thinc is
    already imported.

    Returns:
        True when spaCy was imported with torch hidden.
    """
    if "torch" in sys.modules or "thinc" in sys.modules:
        return False
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" raises ImportError
    try:
        importlib.import_module("spacy")
    except ImportError:
        return False
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
    return True


@dataclass(frozen=True, slots=True)
class ExtractParams:
    """Tunables of ``newsweave extract``'s run (not of what it finds: the output is the same).

    Attributes:
        workers: processes that read and extract pages side by side (``--workers``). ``None``
            uses one per CPU (:meth:`newsweave.pipeline.PipelineParams.worker_count`); ``1``
            works in this process only.
        min_parallel_files: fewest input files worth starting workers for: starting them (a
            fork server, imports, spaCy and its model in each worker) costs about as much
            as reading this many pages in one process.
        read_chunk: files a worker reads per task: a page takes 20-100 ms, so a few per task
            keep the messaging cost small and every worker busy to the end.
        read_while_starting: read the first files in this process while the workers start
            (about 2 s on 2 cores, most of it the fork server loading the entity model).
    """

    workers: int | None = None
    min_parallel_files: int = 40
    read_chunk: int = 4
    read_while_starting: bool = True

    def __post_init__(self) -> None:
        for name in ("min_parallel_files", "read_chunk"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(
                    f"ExtractParams.{name} must be a whole number >= 1, got {value!r}"
                )
        self.pipeline_params()  # checks ``workers``

    def pipeline_params(self) -> PipelineParams:
        """The worker pool's parameters: once started, every stage is worth running there."""
        return PipelineParams(workers=self.workers, min_parallel_articles=1)


class _ChunkCleaner(Cleaner):
    """The cleaner, marked ``per_article``: after :meth:`~newsweave.clean.Cleaner.fit`, each
    article's cleaning depends on that article and what ``fit`` learnt only (see
    :meth:`~newsweave.clean.Cleaner.clean`), so chunks of the corpus may be cleaned in
    worker processes."""

    per_article = True


class _LeanExtractor(Extractor):
    """The extractor, importing spaCy without torch (:func:`import_spacy_lean`) in a worker
    process before its entity model loads there."""

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        if self.settings.ner != "off":
            import_spacy_lean()


def _stages(config: Settings) -> Pipeline:
    """Clean, extract (quotes not extracted: :func:`no_quotes`; nothing ``extract`` prints
    depends on them), outlet profiles."""
    from newsweave.outlets import OutletDirectory

    return Pipeline(
        [
            _ChunkCleaner(),
            _LeanExtractor(config, quote_extractor=no_quotes),
            OutletDirectory.from_file(config.outlets_file),
        ]
    )


def _plan(paths: Sequence[str]) -> list[str | ItemOutcome] | None:
    """The input files of ``paths`` in the order :func:`~newsweave.ingest.read_inputs` walks
    them: a file that may be read alone (its path), or the rejection ``read_inputs`` gives
    one it does not read (hidden, no reader, missing). None when an input fetches (a URL, a
    feed whose teaser links are followed, a URL list): the run's one fetcher keeps per-host
    delays and robots.txt across inputs, so those runs stay in one process."""
    from newsweave.ingest import _FETCHING_READERS, _walk, reader_for
    from newsweave.ingest.base import reject as make
    from newsweave.ingest.base import scrub_item

    def reject(source: str, reason: str) -> ItemOutcome:
        scrubbed = scrub_item(make(source, reason))  # as read_inputs gives it
        assert isinstance(scrubbed, ItemOutcome)
        return scrubbed

    plan: list[str | ItemOutcome] = []
    for raw in paths:
        if str(raw).strip().lower().startswith(("http://", "https://")):
            return None
        path = Path(raw)
        if path.is_dir():
            files: Iterable[Path] = _walk(path)
        elif path.exists():
            files = [path]
        else:
            plan.append(reject(str(raw), "no such file or folder"))
            continue
        for file in files:
            if any(part.startswith(".") for part in file.relative_to(path).parts):
                plan.append(reject(str(file), "hidden file, skipped"))
                continue
            spec = reader_for(file)
            if spec is None:
                plan.append(reject(str(file), f"unsupported format ({file.suffix or 'no suffix'})"))
            elif spec.name in _FETCHING_READERS:
                return None
            else:
                plan.append(str(file))
    return plan


_Missing = tuple[type[MissingDependencyError], str, dict[str, Any]]


def _read_files(files: list[str], config: Settings) -> tuple[list[Item], _Missing | None]:
    """Read ``files`` in a worker, each as :func:`~newsweave.ingest.read_inputs` reads it:
    (items, a missing dependency as (class, message, attributes) or None)."""
    from newsweave.ingest import read_inputs

    if config.ner != "off":
        import_spacy_lean()  # before anything imports spaCy in this worker
    try:
        return [item for file in files for item in read_inputs([file], config)], None
    except MissingDependencyError as exc:  # its constructor does not survive pickling
        return [], (type(exc), str(exc), dict(exc.__dict__))


def _read_in_workers(
    plan: list[str | ItemOutcome], config: Settings, pool: WorkerPool, params: ExtractParams
) -> Iterator[Item]:
    """The items of ``plan`` in order, its files read in ``pool``'s workers a few at a time
    (a few tasks queued per worker: pages never pile up in this process).

    Starting the workers takes a while (the fork server imports the libraries and loads the
    entity model first): with ``params.read_while_starting`` this process reads the first
    files itself meanwhile, until the first worker is up."""
    from newsweave.ingest import read_inputs

    tasks: list[list[str] | ItemOutcome] = []
    for entry in plan:
        last = tasks[-1] if tasks else None
        if not isinstance(entry, str):
            tasks.append(entry)
        elif isinstance(last, list) and len(last) < params.read_chunk:
            last.append(entry)
        else:
            tasks.append([entry])
    pending = iter(tasks)
    if params.read_while_starting:
        up = threading.Event()

        def start() -> None:
            try:
                pool.submit(int)  # starts the fork server and a first worker
            finally:
                up.set()

        threading.Thread(target=start, name="newsweave-workers-start", daemon=True).start()
        for task in pending:
            if isinstance(task, list):
                for file in task:
                    yield from read_inputs([file], config)
            else:
                yield task
            if up.is_set():
                break
        up.wait()  # the pool is used from this thread only once it is up
    queued: deque[Future[Any] | ItemOutcome] = deque()
    while True:
        for task in pending:
            queued.append(
                pool.submit(_read_files, task, config) if isinstance(task, list) else task
            )
            if len(queued) >= pool.workers * 4:
                break
        if not queued:
            return
        head = queued.popleft()
        if not isinstance(head, Future):
            yield head
            continue
        items, missing = head.result()
        if missing is not None:
            cls, message, attributes = missing
            error = cls.__new__(cls)
            Exception.__init__(error, message)
            error.__dict__.update(attributes)
            raise error
        yield from items


def extracted(
    paths: tuple[str, ...], config: Settings, params: ExtractParams | None = None
) -> Iterator[Item]:
    """Clean and extract every input item; rejections pass through in order.

    With ``params`` asking for more than one worker and at least
    ``params.min_parallel_files`` files to read, the files are read, cleaned and extracted
    in worker processes while what is learnt from the whole corpus (the stages' ``fit``) is
    learnt here: the items, their order and every field are those of one process."""
    from newsweave.ingest import read_inputs

    params = params or ExtractParams(workers=1)
    pool_params = params.pipeline_params()
    plan = _plan(paths) if pool_params.worker_count() > 1 else None
    stages = _stages(config)
    items: list[Item]
    if plan is None or sum(isinstance(e, str) for e in plan) < params.min_parallel_files:
        if config.ner != "off":
            import_spacy_lean()
        items = list(read_inputs(paths, config))
        articles = [i for i in items if isinstance(i, Article)]
        done = {a.source_key: a for a in stages.fit_transform(articles)}
    else:
        preload = ["newsweave.cli.extract_preload"]
        if config.ner != "off":
            preload.append("newsweave.cli.extract_preload_ner")
        with WorkerPool(pool_params, preload=preload) as pool:
            items = list(_read_in_workers(plan, config, pool, params))
            articles = [i for i in items if isinstance(i, Article)]
            done = {a.source_key: a for a in stages.fit_transform(articles, pool=pool)}
    for item in items:
        yield done.get(item.source_key, item) if isinstance(item, Article) else item
