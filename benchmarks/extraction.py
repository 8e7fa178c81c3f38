"""Main-text extraction: 4-gram shingle P/R/F1 on ../shared/data/extraction (ScrapingHub).

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
:func:`newsweave.ingest.html.extract_body` was chosen on the *tune* half; the *held-out* half
was only measured. Speed: pages per second of wall time, one process, body extraction only.

Reproduce: ``python -m benchmarks.extraction`` (or ``make bench``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import SkipBenchmark

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
    half: str  # "tune" | "held-out"


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
    """Read every page of the benchmark (raises SkipBenchmark when absent)."""
    root = shared_data / "extraction"
    gold_file = root / "ground-truth.json"
    if not gold_file.is_file():
        raise SkipBenchmark(f"extraction benchmark absent: expected {gold_file} and {root}/html")
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(gold.items()):
        with gzip.open(root / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as handle:
            html = handle.read()
        half = "tune" if int(hashlib.md5(page_id.encode()).hexdigest(), 16) % 2 == 0 else "held-out"
        pages.append(Page(page_id, html, entry.get("articleBody") or "", entry.get("url"), half))
    return pages


def corpus_hash(shared_data: Path) -> str:
    """Short SHA-256 of the ground truth file, so a figure names the data it was measured on."""
    data = (shared_data / "extraction" / "ground-truth.json").read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Score:
    """Per-page (TP, FP, FN) of one extractor and its speed."""

    rows: dict[str, TpFpFn]
    halves: dict[str, str]
    pages_per_second: float

    def prf(self, half: str | None = None) -> tuple[float, float, float]:
        """(P, R, F1) on ``half`` ("tune", "held-out") or on all pages (None)."""
        return prf([r for k, r in self.rows.items() if half is None or self.halves[k] == half])


Extractor = Callable[[Page], str]


def extractors() -> dict[str, Extractor]:
    """The extractors compared: newsweave's agreement rule and each of its parts alone."""
    import trafilatura

    from newsweave.ingest import html as nw_html

    def trafilatura_default(page: Page) -> str:
        # As the benchmark's own run_trafilatura.py calls it.
        return trafilatura.extract(page.html, include_comments=False) or ""

    def precision(page: Page) -> str:
        return nw_html.extract_body(page.html, method="precision")

    def vote(page: Page) -> str:
        return nw_html.extract_body(page.html, method="vote")

    def readability(page: Page) -> str:
        tree = nw_html._parse(page.html)
        return nw_html._readability_text(tree) if tree is not None else ""

    def justext(page: Page) -> str:
        return nw_html._justext_text(page.html)

    return {
        "newsweave (agreement vote)": vote,
        "trafilatura default": trafilatura_default,
        "trafilatura favor_precision": precision,
        "readability (trafilatura's fork)": readability,
        "jusText (all stop lists)": justext,
    }


def score(pages: Sequence[Page], extractor: Extractor) -> Score:
    """Run ``extractor`` on every page and score it."""
    rows: dict[str, TpFpFn] = {}
    started = time.perf_counter()
    outputs = {page.id: extractor(page) for page in pages}
    took = time.perf_counter() - started
    for page in pages:
        rows[page.id] = match(page.gold, outputs[page.id])
    return Score(rows, {p.id: p.half for p in pages}, len(pages) / max(took, 1e-9))


def _warm_up(pages: Sequence[Page]) -> None:
    # jusText stop lists and lxml/trafilatura imports load once per process (~1 s); not timed.
    from newsweave.ingest.html import _justext_stoplist, extract_body

    _justext_stoplist()
    extract_body(pages[0].html)


def run(shared_data: Path) -> str:
    """Score every extractor and return the Markdown section for BENCHMARKS.md."""
    pages = load_pages(shared_data)
    _warm_up(pages)
    halves = Counter(p.half for p in pages)
    lines = [
        "## Main-text extraction (ScrapingHub article-extraction benchmark)",
        "",
        "Command: `python -m benchmarks.extraction`",
        "",
        f"Data: `../shared/data/extraction`, {len(pages)} pages (tune {halves['tune']}, "
        f"held-out {halves['held-out']}), ground-truth.json sha256 {corpus_hash(shared_data)}. "
        "Metric: 4-gram shingle precision/recall/F1 of the body text, computed as the "
        "benchmark's evaluate.py does (published: trafilatura 2.0 F1 0.958, newspaper4k 0.949, "
        "readability 0.947). The agreement rule was tuned on the tune half only.",
        "",
        "| extractor | P | R | F1 | F1 tune | F1 held-out | pages/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, extractor in extractors().items():
        result = score(pages, extractor)
        p, r, f1 = result.prf()
        lines.append(
            f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {result.prf('tune')[2]:.3f} | "
            f"{result.prf('held-out')[2]:.3f} | {result.pages_per_second:.1f} |"
        )
        print(f"[extraction] {name}: F1 {f1:.4f}", file=sys.stderr, flush=True)
    from newsweave.ingest.html import extract_html

    started = time.perf_counter()
    for page in pages:
        extract_html(page.html, page.url)
    full = len(pages) / (time.perf_counter() - started)
    lines += [
        "",
        f"Full page reading as ingest does it (`extract_html`: body by vote, title, authors, "
        f"site name, publication date by `html_date`): {full:.1f} pages/s.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    repo = Path(__file__).resolve().parents[1]
    print(run((repo / ".." / "shared" / "data").resolve()))
