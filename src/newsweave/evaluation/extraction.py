"""Main-text extraction evaluations and their metrics.

Two data sets, each split by :func:`newsweave.evaluation.tune_half` into a *tune* half (the
thresholds of :class:`newsweave.ingest.html.BodyParams` were chosen on it) and a *report* half
(only measured):

**ScrapingHub** (``../shared/data/extraction``, 181 news pages with their full article body).
The metric is the one of the ScrapingHub article-extraction benchmark's ``evaluate.py``, which
published figures (trafilatura 2.0: F1 0.958) use:

- tokens are ``\\w+`` runs of the text, case kept; shingles are runs of 4 consecutive tokens
  (a text of fewer than 4 tokens is one shorter shingle), counted as a multiset;
- per page, TP/FP/FN are the multiset overlaps, normalised by their sum so long pages do not
  weigh more;
- precision is the mean over pages that predicted something (TP+FP > 0), recall the mean over
  pages with a gold body (TP+FN > 0), with both 1 on a page with no FP and no FN;
- F1 is the harmonic mean of mean precision and mean recall (not a mean of per-page F1s).

**Snippets** (``../shared/data/extraction-snippets``, 482 pages of trafilatura's own evaluation:
many languages and site kinds), split by URL. Each page lists a few snippets that must be in the
main text and a few that must not; scored as trafilatura's ``tests/eval_common.py`` does (see
:func:`snippet_counts`), with trafilatura itself (``fast=False``, tables, no comments) run beside
newsweave in the same process (:func:`score_snippets_side_by_side`).

``python -m benchmarks --only extraction`` prints both.
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


def newsweave_body(page: Page) -> str:
    """newsweave's body extraction (the default method), as the HTML file reader runs it."""
    return extract_body(page.html)


def agreement_vote(page: Page) -> str:
    """newsweave's agreement vote (method "vote": all four extractors on every page)."""
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


# -- trafilatura's snippet evaluation (../shared/data/extraction-snippets) ----------------------
#
# Each page comes with a few snippets that must be in the main text ("with") and a few that must
# not ("without"). Scored as trafilatura's own tests/eval_common.py does: whitespace-normalised
# substring matching; a "with" snippet found is a TP (missed: FN), a "without" snippet found is
# an FP (absent: TN); P, R and F are computed over all snippets of the pages scored (micro), and
# a page an extractor returns nothing for counts every "with" snippet as missed. The pages are
# split by tune_half(url).

SnippetCounts = tuple[int, int, int, int]  # tp, fp, fn, tn

_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Runs of whitespace to one space, stripped (the snippet evaluation's normalisation)."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class SnippetPage:
    """One page of the snippet evaluation: raw bytes and the snippets it must (not) yield."""

    url: str
    file: str
    data: bytes
    with_: tuple[str, ...]
    without: tuple[str, ...]
    half: str  # "tune" | "report"


def load_snippet_pages(shared_data: Path, half: str | None = None) -> list[SnippetPage]:
    """Pages of ``extraction-snippets`` (all, or one ``half``); raises MissingData when absent."""
    root = shared_data / "extraction-snippets"
    gold_file = root / "evaldata.json"
    if not gold_file.is_file():
        raise MissingData(f"snippet evaluation absent: expected {gold_file} and {root}/html")
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    pages = []
    for url, entry in sorted(gold.items()):
        page_half = "tune" if tune_half(url) else "report"
        if half is not None and page_half != half:
            continue
        data = gzip.decompress((root / "html" / f"{entry['file']}.gz").read_bytes())
        pages.append(
            SnippetPage(
                url, entry["file"], data, tuple(entry["with"]), tuple(entry["without"]), page_half
            )
        )
    return pages


def snippet_counts(page: SnippetPage, text: str | None) -> SnippetCounts:
    """(TP, FP, FN, TN) of ``text`` against ``page``'s snippets (None or "": nothing found)."""
    found = normalise_space(text or "")
    tp = sum(normalise_space(s) in found for s in page.with_) if found else 0
    fp = sum(normalise_space(s) in found for s in page.without) if found else 0
    return tp, fp, len(page.with_) - tp, len(page.without) - fp


def snippet_prf(rows: Sequence[SnippetCounts]) -> tuple[float, float, float]:
    """Micro (precision, recall, F) over all snippets of ``rows``."""
    tp = sum(r[0] for r in rows)
    fp = sum(r[1] for r in rows)
    fn = sum(r[2] for r in rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True, slots=True)
class SnippetScore:
    """Per-page snippet counts of one extractor, its halves and its extraction seconds."""

    rows: dict[str, SnippetCounts]
    halves: dict[str, str]
    seconds: float  # wall time of the extractor's calls
    cpu_seconds: float  # process CPU time of the same calls
    empty: int  # pages it returned no text for

    def prf(self, half: str | None = None) -> tuple[float, float, float]:
        """(P, R, F) on ``half`` ("tune", "report") or on all pages scored (None)."""
        return snippet_prf(
            [r for k, r in self.rows.items() if half is None or self.halves[k] == half]
        )

    @property
    def pages_per_second(self) -> float:
        """Pages per second of extraction wall time (scoring not counted)."""
        return len(self.rows) / max(self.seconds, 1e-9)

    @property
    def cpu_ms_per_page(self) -> float:
        """Milliseconds of process CPU time per page (steadier than wall time on a busy box)."""
        return 1000 * self.cpu_seconds / max(len(self.rows), 1)


SnippetExtractor = Callable[[bytes], str | None]


def newsweave_snippet_text(data: bytes) -> str:
    """newsweave's main text of a page as ingest reads an HTML file: decode, then extract."""
    from newsweave.ingest.base import DecodeError
    from newsweave.ingest.html import decode_html

    try:
        html = decode_html(data)
    except DecodeError:
        return ""
    return extract_body(html)


def trafilatura_snippet_text(data: bytes) -> str | None:
    """trafilatura as its own snippet evaluation runs it (fast=False, tables, no comments)."""
    import trafilatura

    result: str | None = trafilatura.extract(
        data, fast=False, include_comments=False, include_tables=True, include_formatting=False
    )
    return result


def score_snippets_side_by_side(
    pages: Sequence[SnippetPage], extractors: dict[str, SnippetExtractor]
) -> dict[str, SnippetScore]:
    """Run every extractor on every page, alternating on each page, and score them.

    The extractors take turns page by page (in rotating order), so a slow spell of a shared
    machine weighs on all of them alike and their pages/s are comparable within the run.
    """
    names = list(extractors)
    rows: dict[str, dict[str, SnippetCounts]] = {n: {} for n in names}
    seconds = dict.fromkeys(names, 0.0)
    cpu = dict.fromkeys(names, 0.0)
    empty = dict.fromkeys(names, 0)
    for i, page in enumerate(pages):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                text = extractors[name](page.data)
            except Exception:  # an extractor crash counts as a full miss, as trafilatura's does
                text = None
            seconds[name] += time.perf_counter() - started
            cpu[name] += time.process_time() - started_cpu
            empty[name] += not (text or "").strip()
            rows[name][page.url] = snippet_counts(page, text)
    halves = {p.url: p.half for p in pages}
    return {n: SnippetScore(rows[n], halves, seconds[n], cpu[n], empty[n]) for n in names}
