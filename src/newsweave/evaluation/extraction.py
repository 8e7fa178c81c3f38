"""The main-text extraction benchmark (../shared/data/extraction, ScrapingHub) and its metric.

The metric is the one of the ScrapingHub article-extraction benchmark's ``evaluate.py``, which
published figures (trafilatura 2.0: F1 0.958) use:

- tokens are ``\\w+`` runs of the text, case kept; shingles are runs of 4 consecutive tokens
  (a text of fewer than 4 tokens is one shorter shingle), counted as a multiset;
- per page, TP/FP/FN are the multiset overlaps, normalised by their sum so long pages do not
  weigh more;
- precision is the mean over pages that predicted something (TP+FP > 0), recall the mean over
  pages with a gold body (TP+FN > 0), with both 1 on a page with no FP and no FN;
- F1 is the harmonic mean of mean precision and mean recall (not a mean of per-page F1s).

The pages are split in two halves by the parity of the MD5 of their id: the agreement rule of
:func:`newsweave.ingest.html.extract_body` was chosen on the *tune* half; the *report* half
was only measured. ``python -m benchmarks.extraction`` compares it with its parts alone.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsweave.evaluation import MissingData, tune_half
from newsweave.ingest.html import extract_body

NGRAM = 4
_TOKEN = re.compile(r"\w+")

TpFpFn = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page and its gold article body."""

    id: str
    html: str
    gold: str
    url: str | None
    half: str  # "tune" | "report"


def shingles(text: str, n: int = NGRAM) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams of ``text`` (the benchmark's tokenisation)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def match(true: str, pred: str) -> TpFpFn:
    """Normalised (TP, FP, FN) of the shingles of ``pred`` against ``true``."""
    gold, guess = shingles(true), shingles(pred)
    tp = sum((gold & guess).values())
    fp = sum((guess - gold).values())
    fn = sum((gold - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(rows: Sequence[TpFpFn]) -> tuple[float, float, float]:
    """(precision, recall, F1) over pages, computed as the benchmark does."""
    precisions = [_precision(*r) for r in rows if r[0] + r[1] > 0]
    recalls = [_recall(*r) for r in rows if r[0] + r[2] > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_pages(shared_data: Path) -> list[Page]:
    """Read every page of the benchmark (raises MissingData when absent)."""
    root = shared_data / "extraction"
    gold_file = root / "ground-truth.json"
    if not gold_file.is_file():
        raise MissingData(f"extraction benchmark absent: expected {gold_file} and {root}/html")
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(gold.items()):
        with gzip.open(root / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as handle:
            html = handle.read()
        half = "tune" if tune_half(page_id) else "report"
        pages.append(Page(page_id, html, entry.get("articleBody") or "", entry.get("url"), half))
    return pages


@dataclass(frozen=True, slots=True)
class Score:
    """Per-page (TP, FP, FN) of one extractor and its speed."""

    rows: dict[str, TpFpFn]
    halves: dict[str, str]
    pages_per_second: float

    def prf(self, half: str | None = None) -> tuple[float, float, float]:
        """(P, R, F1) on ``half`` ("tune", "report") or on all pages (None)."""
        return prf([r for k, r in self.rows.items() if half is None or self.halves[k] == half])


Extractor = Callable[[Page], str]


def agreement_vote(page: Page) -> str:
    """newsweave's body extraction (the agreement vote), as the benchmark runs it."""
    return extract_body(page.html, method="vote")


def score(pages: Sequence[Page], extractor: Extractor) -> Score:
    """Run ``extractor`` on every page and score it."""
    rows: dict[str, TpFpFn] = {}
    started = time.perf_counter()
    outputs = {page.id: extractor(page) for page in pages}
    took = time.perf_counter() - started
    for page in pages:
        rows[page.id] = match(page.gold, outputs[page.id])
    return Score(rows, {p.id: p.half for p in pages}, len(pages) / max(took, 1e-9))
