"""What the Spark job computes and writes after clustering: comparisons and the article files.

* **Comparisons** (executors): once the driver has assigned every article to an event, events
  are independent. The processed articles (with ``duplicate_of`` from the driver's dedup) are
  joined with their event, grouped by event and compared with
  :func:`newsweave.compare.compare_event`, members in the event's ``article_ids`` order, the
  contested-terms lexicon and the sentence embedder chosen as the local path chooses them
  (:func:`newsweave.pipeline.compare_events`). A failing event gets an empty comparison and
  its problem, as there. Written to ``comparisons.jsonl`` in event order, one
  ``{"event_id": ..., "coverage": Coverage.to_dict()}`` per line (the store's serialization).
* **Articles** (executors): JSON lines under ``articles/month=YYYY-MM/part-*`` (``month=unknown``
  for undated ones), at most ``ceil(articles of the month / rows_per_file)`` files a month, so
  the number of files grows with the corpus, not with the number of days or partitions.

Every function here that runs on executors is importable from the installed package.
"""

from __future__ import annotations

import json
import logging
import math
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from newsweave.config import Settings
from newsweave.models import Article, Coverage, Event

log = logging.getLogger(__name__)

#: Article lines per output file (a month with more gets several files, about this size each).
ROWS_PER_FILE = 200_000


# -- comparisons -------------------------------------------------------------------------------


def compare_group(
    groups: Iterable[tuple[str, tuple[Iterable[Article], Iterable[Event]]]],
    settings: Settings,
    context: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[tuple[int, str, str | None]]:
    """Executor: compare the events of one partition.

    ``groups`` are ``(event id, (articles, [event]))`` as a cogroup gives them: the event's
    members and its context articles (``context``: event id -> context article ids, from
    :func:`newsweave.compare.context.pick_context`). Yields ``(event number, JSON line,
    problem or None)``; the event number orders the lines.
    """
    from newsweave.compare import compare_event, load_lexicon
    from newsweave.embeddings import CachedEmbedder, load_embedder

    lexicon = None
    embedder: Any = None
    for event_id, (arts, evs) in groups:
        found = list(evs)
        if not found:  # articles of no event cannot happen; skip rather than invent one
            continue
        event = found[0]
        if lexicon is None:
            lexicon = load_lexicon(settings.lexicon_file)
            embed = load_embedder(settings.embeddings, "compare")
            embedder = CachedEmbedder(embed) if embed is not None else None
        by_id = {a.id: a for a in arts}
        members = [by_id[i] for i in event.article_ids if i in by_id]
        around = [by_id[i] for i in (context or {}).get(event_id, ()) if i in by_id]
        problem = None
        try:
            coverage = compare_event(
                event, members, settings, lexicon=lexicon, embedder=embedder, context=around
            )
        except Exception as exc:  # one event's comparison must not lose the others
            log.warning("spark compare: event %s failed", event_id, exc_info=True)
            problem = f"compare: {event_id}: {type(exc).__name__}: {exc}"
            coverage = Coverage(event_id=event_id)
        yield event_number(event_id), comparison_line(event_id, coverage), problem


def comparison_line(event_id: str, coverage: Coverage) -> str:
    """One line of ``comparisons.jsonl``."""
    return json.dumps({"event_id": event_id, "coverage": coverage.to_dict()}, ensure_ascii=False)


def event_number(event_id: str) -> int:
    """``e0042`` -> 42 (events are written in this order); other ids sort last."""
    digits = event_id[1:]
    return int(digits) if digits.isdigit() else 1 << 62


def memberships(
    event: Event, context: Mapping[str, Sequence[str]] | None = None
) -> list[tuple[str, str]]:
    """Executor: ``(article id, event id)`` for each member of ``event`` and each of its
    context articles (``context``: event id -> article ids)."""
    pairs = [(aid, event.id) for aid in event.article_ids]
    members = set(event.article_ids)
    extra = (context or {}).get(event.id, ())
    return pairs + [(aid, event.id) for aid in extra if aid not in members]


def read_comparisons(lines: Iterable[str]) -> dict[str, Coverage]:
    """Event id -> coverage from the lines of ``comparisons.jsonl``."""
    out: dict[str, Coverage] = {}
    for line in lines:
        if line.strip():
            row = json.loads(line)
            out[row["event_id"]] = Coverage.from_dict(row["coverage"])
    return out


# -- article files ---------------------------------------------------------------------------


def month_of(article: Article) -> str:
    """The output folder key of an article: ``YYYY-MM`` of its date, or ``unknown``."""
    date = article.date or ""
    return date[:7] if len(date) >= 7 and date[4] == "-" else "unknown"


def file_slots(
    month_counts: Mapping[str, int], rows_per_file: int = ROWS_PER_FILE
) -> dict[tuple[str, int], int]:
    """``(month, bucket) -> output partition``: ``ceil(count / rows_per_file)`` buckets a month."""
    slots: dict[tuple[str, int], int] = {}
    for month in sorted(month_counts):
        for bucket in range(max(1, math.ceil(month_counts[month] / rows_per_file))):
            slots[(month, bucket)] = len(slots)
    return slots


def bucket_of(article_id: str, buckets: int) -> int:
    """A stable bucket of an article id (the same in every process, whatever the hash seed)."""
    return zlib.crc32(article_id.encode("utf-8")) % max(1, buckets)


def slot_key(
    month: str, article_id: str, line: str, per_month: Mapping[str, int]
) -> tuple[tuple[str, int], tuple[str, str]]:
    """Executor: ``((month, bucket), (month, line))`` for the slot partitioner."""
    return (month, bucket_of(article_id, per_month.get(month, 1))), (month, line)


def buckets_per_month(slots: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Month -> number of buckets, from the slots of :func:`file_slots`."""
    out: dict[str, int] = {}
    for month, bucket in slots:
        out[month] = max(out.get(month, 0), bucket + 1)
    return out


__all__ = [
    "ROWS_PER_FILE",
    "bucket_of",
    "buckets_per_month",
    "compare_group",
    "comparison_line",
    "event_number",
    "file_slots",
    "memberships",
    "month_of",
    "read_comparisons",
    "slot_key",
]
