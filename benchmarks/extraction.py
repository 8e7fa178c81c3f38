"""Main-text extraction: 4-gram shingle P/R/F1 on ../shared/data/extraction (ScrapingHub).

The pages, their tune/report halves and the metric (the ScrapingHub article-extraction
benchmark's ``evaluate.py``, which published figures such as trafilatura 2.0's F1 0.958 use)
are in :mod:`newsweave.evaluation.extraction`. The agreement rule of
:func:`newsweave.ingest.html.extract_body` was chosen on the *tune* half; the *report* half
was only measured. Here it is compared with each of its parts alone and trafilatura's default.
Speed: pages per second of wall time, one process, body extraction only.

Reproduce: ``python -m benchmarks.extraction`` (or ``make bench``).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from newsweave.evaluation.extraction import (
    Extractor,
    Page,
    agreement_vote,
    load_pages,
    score,
)


def corpus_hash(shared_data: Path) -> str:
    """Short SHA-256 of the ground truth file, so a figure names the data it was measured on."""
    data = (shared_data / "extraction" / "ground-truth.json").read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


def extractors() -> dict[str, Extractor]:
    """The extractors compared: newsweave's agreement rule and each of its parts alone."""
    import trafilatura

    from newsweave.ingest import html as nw_html

    def trafilatura_default(page: Page) -> str:
        # As the benchmark's own run_trafilatura.py calls it.
        return trafilatura.extract(page.html, include_comments=False) or ""

    def precision(page: Page) -> str:
        return nw_html.extract_body(page.html, method="precision")

    def readability(page: Page) -> str:
        tree = nw_html._parse(page.html)
        return nw_html._readability_text(tree) if tree is not None else ""

    def justext(page: Page) -> str:
        return nw_html._justext_text(page.html)

    return {
        "newsweave (agreement vote)": agreement_vote,
        "trafilatura default": trafilatura_default,
        "trafilatura favor_precision": precision,
        "readability (trafilatura's fork)": readability,
        "jusText (all stop lists)": justext,
    }


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
        f"report {halves['report']}), ground-truth.json sha256 {corpus_hash(shared_data)}. "
        "Metric: 4-gram shingle precision/recall/F1 of the body text, computed as the "
        "benchmark's evaluate.py does (published: trafilatura 2.0 F1 0.958, newspaper4k 0.949, "
        "readability 0.947). The agreement rule was tuned on the tune half only.",
        "",
        "| extractor | P | R | F1 | F1 tune | F1 report | pages/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, extractor in extractors().items():
        result = score(pages, extractor)
        p, r, f1 = result.prf()
        lines.append(
            f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {result.prf('tune')[2]:.3f} | "
            f"{result.prf('report')[2]:.3f} | {result.pages_per_second:.1f} |"
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
