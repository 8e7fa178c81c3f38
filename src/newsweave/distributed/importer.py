"""Import the output folder of a Spark job (``newsweave spark``) into a store.

After the import, ``newsweave serve``, ``events``, ``show`` and ``export`` read the Spark run as
they read a local analysis: its processed articles, events, storylines and, when the job wrote
``comparisons.jsonl``, the comparison of each event. What is read (see docs/SPARK.md):

* ``articles/**/part-*``: processed articles, one JSON object (the ``Article`` model) per line,
  whatever the partitioning folders (``day=``, ``month=``...) and however many part files;
* ``events.jsonl``, ``storylines.jsonl``: one ``Event`` / ``Storyline`` per line;
* ``comparisons.jsonl`` (optional): ``{"event_id": ..., "coverage": <Coverage>}`` per line;
* ``outcomes.jsonl`` (optional): the job's item outcomes, counted in the report.

Articles go through the store's own :meth:`~newsweave.store.base.Store.add_article` rules (by
source key and content hash), so importing the same folder twice stores nothing twice, and an
article already ingested locally is matched rather than copied; its processed version then
replaces the stored one. Events, storylines and comparisons replace the store's analysis in
one transaction (an import is a batch analysis of the store). Every line that cannot be used is
an item of the import's run report, named by file and line, and everything else is imported.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from newsweave.errors import InputError
from newsweave.models import Article, Coverage, Event, ItemOutcome, Storyline
from newsweave.store import Store

#: Articles added per transaction: few commits, and a crash loses at most one batch (a rerun
#: completes it: the import is idempotent).
ARTICLES_PER_TRANSACTION = 1000
#: Files of the output folder the import needs.
REQUIRED = ("events.jsonl", "storylines.jsonl")
#: Part files kept open at once while reading articles back in input order.
OPEN_FILES = 64
#: Longest excerpt of a rejected line quoted in its reason.
EXCERPT = 80


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What importing one output folder did."""

    run_id: str
    articles: int  # article lines imported
    new: int  # of which stored for the first time (or with changed content)
    unchanged: int  # of which already stored with the same content
    events: int
    storylines: int
    comparisons: int
    job_items: dict[str, int] = field(default_factory=dict)  # outcomes.jsonl by status
    problems: tuple[ItemOutcome, ...] = ()  # lines or records that could not be imported

    def to_dict(self) -> dict[str, Any]:
        """The report as ``import-spark --json`` prints it."""
        out = dataclasses.asdict(self)
        out["problems"] = [p.to_dict() for p in self.problems]
        return out


def _lines(path: Path, root: Path) -> Iterator[tuple[str, str]]:
    """``(where, line)`` of every non-blank line of ``path``; ``where`` is ``file#line N``."""
    rel = path.relative_to(root).as_posix()
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield f"{rel}#line {number}", line


def _record(line: str) -> dict[str, Any]:
    """The JSON object on ``line``; ValueError names what is wrong."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg}): {line.strip()[:EXCERPT]!r}") from exc
    if not isinstance(value, dict):
        raise ValueError(f"not a JSON object: {line.strip()[:EXCERPT]!r}")
    return value


def _parsed(kind: str, build: Any, line: str) -> Any:
    try:
        record = build(_record(line))
    except (TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"not a {kind} record ({type(exc).__name__}: {exc})") from exc
    # from_dict rebuilds shapes but checks no types: the ids the store keys on must be text.
    ids = [getattr(record, name) for name in ("id", "event_id") if hasattr(record, name)]
    for name in ("article_ids", "event_ids"):
        ids.extend(getattr(record, name, ()))
    if not all(isinstance(x, str) and x for x in ids):
        raise ValueError(f"not a {kind} record (an id that is not a non-empty string)")
    return record


def article_parts(root: Path) -> list[Path]:
    """The article part files under ``root/articles``, in path order (hidden files skipped)."""
    folder = root / "articles"
    return sorted(
        p
        for p in folder.rglob("part-*")
        if p.is_file() and not any(x.startswith((".", "_")) for x in p.relative_to(folder).parts)
    )


def check_output(root: Path) -> None:
    """Raise :class:`InputError` unless ``root`` looks like the output folder of a Spark job."""
    if not root.is_dir():
        raise InputError(
            f"{root} is not a folder: give the --out folder of `newsweave spark`."
            if root.exists()
            else f"No folder {root}: give the --out folder of `newsweave spark`."
        )
    missing = [name for name in (*REQUIRED, "articles") if not (root / name).exists()]
    if missing:
        raise InputError(
            f"{root} is not the output of `newsweave spark` (no {', '.join(missing)}): give "
            "the --out folder of a finished job."
        )


def import_spark_output(out: str | Path, store: Store) -> ImportReport:
    """Import the Spark output folder ``out`` into ``store``; see the module docstring.

    Raises:
        InputError: ``out`` is not the output folder of a finished Spark job.
    """
    root = Path(out)
    check_output(root)
    run_id = store.start_run("import-spark")
    problems: list[ItemOutcome] = []
    renamed: dict[str, str] = {}  # id in the output -> id in the store (collisions)
    stored: set[str] = set()  # output ids imported
    counts = {"new": 0, "unchanged": 0}

    def flush(batch: list[tuple[str, Article]]) -> None:
        outcomes: list[ItemOutcome] = []
        with store.transaction():
            for where, article in batch:
                if article.duplicate_of in renamed:  # its original was stored under a new id
                    article = dataclasses.replace(
                        article, duplicate_of=renamed[article.duplicate_of]
                    )
                # The output holds the processed version: it replaces whatever the store had.
                outcome = store.add_article(article, label=where, processed=True)
                outcomes.append(outcome)
                if outcome.status == "rejected" or outcome.article_id is None:
                    continue
                counts["new" if outcome.status == "ingested" else "unchanged"] += 1
                if outcome.article_id != article.id:
                    renamed[article.id] = outcome.article_id
                stored.add(article.id)
            store.add_outcomes(run_id, outcomes)

    job_items, order = _job_items(root, problems)
    batch: list[tuple[str, Article]] = []
    for item in _articles_in_input_order(root, order, problems):
        batch.append(item)
        if len(batch) >= ARTICLES_PER_TRANSACTION:
            flush(batch)
            batch = []
    if batch:
        flush(batch)

    events = _events(root, stored, renamed, problems)
    storylines = _storylines(root, events, problems)
    in_story = {eid: s.id for s in storylines for eid in s.event_ids}
    for i, event in enumerate(events):
        if event.storyline_id is not None and event.storyline_id != in_story.get(event.id):
            problems.append(
                ItemOutcome(
                    f"events.jsonl event {event.id}",
                    "rejected",
                    None,
                    f"its storyline {event.storyline_id!r} does not list it or was not imported; "
                    "imported without a storyline",
                )
            )
            events[i] = dataclasses.replace(event, storyline_id=in_story.get(event.id))
        elif event.id in in_story and event.storyline_id is None:
            events[i] = dataclasses.replace(event, storyline_id=in_story[event.id])
    coverage = _comparisons(root, {e.id for e in events}, problems)
    store.replace_analysis(events, storylines, coverage)
    store.add_outcomes(run_id, problems)
    store.finish_run(run_id)
    return ImportReport(
        run_id=run_id,
        articles=counts["new"] + counts["unchanged"],
        new=counts["new"],
        unchanged=counts["unchanged"],
        events=len(events),
        storylines=len(storylines),
        comparisons=len(coverage),
        job_items=job_items,
        problems=tuple(problems),
    )


def _events(
    root: Path, stored: set[str], renamed: dict[str, str], problems: list[ItemOutcome]
) -> list[Event]:
    """The events of ``events.jsonl`` whose articles were imported, ids as stored."""
    events: list[Event] = []
    ids: set[str] = set()
    for where, line in _lines(root / "events.jsonl", root):
        try:
            event = _parsed("event", Event.from_dict, line)
            if event.id in ids:
                raise ValueError(f"event id {event.id!r} appears twice")
        except ValueError as exc:
            problems.append(ItemOutcome(where, "rejected", None, str(exc)))
            continue
        missing = [aid for aid in event.article_ids if aid not in stored]
        members = tuple(renamed.get(aid, aid) for aid in event.article_ids if aid in stored)
        if missing:
            shown = ", ".join(missing[:3]) + (
                f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            )
            problems.append(
                ItemOutcome(
                    where,
                    "rejected",
                    None,
                    f"event {event.id}: {len(missing)} of its {len(event.article_ids)} articles "
                    f"were not imported ({shown})"
                    + ("; event dropped" if not members else "; imported without them"),
                )
            )
        if not members:
            continue
        ids.add(event.id)
        events.append(dataclasses.replace(event, article_ids=members))
    return events


def _storylines(
    root: Path, events: Sequence[Event], problems: list[ItemOutcome]
) -> list[Storyline]:
    """The storylines of ``storylines.jsonl``, restricted to imported events (each in one)."""
    known = {e.id for e in events}
    placed: set[str] = set()
    out: list[Storyline] = []
    ids: set[str] = set()
    for where, line in _lines(root / "storylines.jsonl", root):
        try:
            story = _parsed("storyline", Storyline.from_dict, line)
            if story.id in ids:
                raise ValueError(f"storyline id {story.id!r} appears twice")
        except ValueError as exc:
            problems.append(ItemOutcome(where, "rejected", None, str(exc)))
            continue
        members = tuple(e for e in story.event_ids if e in known and e not in placed)
        if len(members) < len(story.event_ids):
            problems.append(
                ItemOutcome(
                    where,
                    "rejected",
                    None,
                    f"storyline {story.id}: {len(story.event_ids) - len(members)} of its events "
                    "were not imported or are in another storyline"
                    + ("; storyline dropped" if not members else "; imported without them"),
                )
            )
        if not members:
            continue
        ids.add(story.id)
        placed.update(members)
        out.append(dataclasses.replace(story, event_ids=members))
    return out


def _coverage(row: dict[str, Any]) -> Coverage:
    event_id, data = row["event_id"], row["coverage"]
    if not isinstance(event_id, str) or not isinstance(data, dict):
        raise TypeError("needs a string event_id and a coverage object")
    return Coverage.from_dict({**data, "event_id": event_id})


def _comparisons(root: Path, events: set[str], problems: list[ItemOutcome]) -> list[Coverage]:
    """The comparisons of ``comparisons.jsonl`` (when written) of imported events."""
    path = root / "comparisons.jsonl"
    if not path.is_file():
        return []
    out: dict[str, Coverage] = {}
    for where, line in _lines(path, root):
        try:
            coverage = _parsed("comparison", _coverage, line)
            if coverage.event_id not in events:
                raise ValueError(f"event {coverage.event_id!r} was not imported")
            if coverage.event_id in out:
                raise ValueError(f"a second comparison of event {coverage.event_id!r}")
        except ValueError as exc:
            problems.append(ItemOutcome(where, "rejected", None, str(exc)))
            continue
        out[coverage.event_id] = coverage
    return list(out.values())


def _job_items(root: Path, problems: list[ItemOutcome]) -> tuple[dict[str, int], dict[str, int]]:
    """The job's item outcomes (``outcomes.jsonl``, in input order) counted by status, and the
    input position of each article id stored."""
    path = root / "outcomes.jsonl"
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    if not path.is_file():
        return counts, order
    for where, line in _lines(path, root):
        try:
            outcome = _parsed("outcome", ItemOutcome.from_dict, line)
        except ValueError as exc:
            problems.append(ItemOutcome(where, "rejected", None, str(exc)))
            continue
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status == "ingested" and outcome.article_id:
            order.setdefault(outcome.article_id, len(order))
    return counts, order


def _articles_in_input_order(
    root: Path, order: dict[str, int], problems: list[ItemOutcome]
) -> Iterator[tuple[str, Article]]:
    """``(where, article)`` of every usable article line, in the job's input order.

    Part files hold articles in partition order; the store lists (and a later ``analyze
    --db`` reads) articles in ingest order, so they are added in the order of
    ``outcomes.jsonl``. A first pass checks every line and keeps only its id's position and
    its place in the files; the second reads the lines again in that order. Articles the
    outcomes do not name follow, in file order.
    """
    parts = article_parts(root)
    places: list[tuple[int, int, int, int, str]] = []  # (position, part, offset, line, id)
    seen: set[str] = set()
    for number, part in enumerate(parts):
        rel = part.relative_to(root).as_posix()
        with part.open("rb") as handle:
            offset = 0
            for line_no, raw in enumerate(handle, start=1):
                start, offset = offset, offset + len(raw)
                if not raw.strip():
                    continue
                try:
                    article = _article(raw.decode("utf-8", errors="replace"), seen)
                except ValueError as exc:
                    problems.append(
                        ItemOutcome(f"{rel}#line {line_no}", "rejected", None, str(exc))
                    )
                    continue
                seen.add(article.id)
                position = order.get(article.id, len(order))
                places.append((position, number, start, line_no, article.id))
    places.sort()
    handles: dict[int, BinaryIO] = {}
    try:
        for _, number, start, line_no, _ in places:
            reader = handles.get(number)
            if reader is None:
                if len(handles) >= OPEN_FILES:
                    handles.pop(next(iter(handles))).close()
                reader = handles[number] = parts[number].open("rb")
            reader.seek(start)
            text = reader.readline().decode("utf-8", errors="replace")
            where = f"{parts[number].relative_to(root).as_posix()}#line {line_no}"
            yield where, _article(text, set())
    finally:
        for reader in handles.values():
            reader.close()


def _article(line: str, seen: set[str]) -> Article:
    article: Article = _parsed("article", Article.from_dict, line)
    if not article.source_key:
        raise ValueError(f"article {article.id!r} has no source_key")
    if article.id in seen:
        raise ValueError(f"article id {article.id!r} appears twice in the output")
    return article


__all__ = ["ImportReport", "article_parts", "check_output", "import_spark_output"]
