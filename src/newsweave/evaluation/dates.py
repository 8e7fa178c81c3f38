"""The publication-date benchmarks and their scorer.

Two sets of pages with a gold publication day each (``gold.json`` maps URL to file and date):
``../shared/data/dates`` (174 pages) and ``../shared/data/dates-more`` (309 pages, gzipped, the
other half of htmldate's own evaluation pages, seen by no rule before issue 17). Each is split
in two halves by :func:`~newsweave.evaluation.tune_half` on the URL: the rules of
:func:`newsweave.ingest.pagedate.html_date` were chosen on the *tune* halves; the *report*
halves were only measured. ``python -m benchmarks --only dates`` prints both next to htmldate.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsweave.evaluation import MissingData, tune_half


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page with its gold publication day."""

    url: str
    html: str
    gold: str
    half: str  # "tune" | "report"


@dataclass(frozen=True, slots=True)
class Score:
    """Day accuracy per half and speed of one date finder."""

    correct: dict[str, int]
    total: dict[str, int]
    pages_per_second: float

    def accuracy(self, half: str | None = None) -> float:
        """Share of pages whose day is right (``half`` None: all pages)."""
        if half is None:
            return sum(self.correct.values()) / max(1, sum(self.total.values()))
        return self.correct.get(half, 0) / max(1, self.total.get(half, 0))


#: The date benchmark sets under the shared data folder.
DATE_SETS = ("dates", "dates-more")


def load_pages(shared_data: Path, name: str = "dates") -> list[Page]:
    """Read every page of the date benchmark ``name`` (raises MissingData when absent).

    A page file may be stored gzipped (``<file>.gz``) as in ``dates-more``.
    """
    root = shared_data / name
    gold_file = root / "gold.json"
    if not gold_file.is_file():
        raise MissingData(f"date benchmark absent: expected {gold_file} and {root / 'html'}")
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    pages = []
    for url, entry in sorted(gold.items()):
        path = root / "html" / entry["file"]
        if path.is_file():
            raw = path.read_bytes()
        else:
            zipped = path.with_name(path.name + ".gz")
            if not zipped.is_file():
                raise MissingData(f"date benchmark page absent: {path}")
            raw = gzip.decompress(zipped.read_bytes())
        half = "tune" if tune_half(url) else "report"
        pages.append(Page(url, raw.decode("utf-8", errors="replace"), entry["date"], half))
    return pages


def _clear_htmldate_caches() -> None:
    # htmldate memoises parsed date expressions: a second method would run on warm caches.
    import htmldate.core
    import htmldate.extractors
    import htmldate.validators

    for module in (htmldate.core, htmldate.extractors, htmldate.validators):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def score(pages: list[Page], finder: Callable[[str, str], str | None]) -> Score:
    """Run ``finder(html, url)`` once on every page, on cleared caches, and count hits."""
    _clear_htmldate_caches()
    correct: dict[str, int] = {}
    total: dict[str, int] = {}
    started = time.process_time()
    for page in pages:
        found = finder(page.html, page.url)
        total[page.half] = total.get(page.half, 0) + 1
        correct[page.half] = correct.get(page.half, 0) + (found == page.gold)
    elapsed = max(time.process_time() - started, 1e-9)
    return Score(correct, total, len(pages) / elapsed)
