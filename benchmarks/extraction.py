"""Main-text extraction: ScrapingHub (4-gram shingle P/R/F1) and trafilatura's snippet
evaluation (snippet P/R/F), newsweave beside trafilatura in the same process.

The pages, their tune/report halves and both metrics are in
:mod:`newsweave.evaluation.extraction`. The thresholds of
:class:`newsweave.ingest.html.BodyParams` were chosen on the *tune* halves; the *report* halves
were only measured. Speed is measured side by side: on the snippet pages newsweave (decoding
included, as the HTML reader does it) and trafilatura (``extract`` on the raw bytes, which
decodes too) take turns page by page in one process, so a busy spell of the shared machine
weighs on both alike; wall-clock pages/s and CPU ms/page are both printed. The CLI rows run
``newsweave extract --json`` as a subprocess over each set.

Reproduce: ``python -m benchmarks --only extraction`` (or ``make bench`` for every section).
"""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from newsweave.evaluation import MissingData
from newsweave.evaluation.extraction import (
    Extractor,
    Page,
    SnippetPage,
    SnippetScore,
    agreement_vote,
    load_pages,
    load_snippet_pages,
    newsweave_body,
    newsweave_snippet_text,
    score,
    score_snippets_side_by_side,
    trafilatura_snippet_text,
)

PEER = "trafilatura (fast=False, tables, no comments)"


def corpus_hash(path: Path) -> str:
    """Short SHA-256 of a gold file, so a figure names the data it was measured on."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def extractors() -> dict[str, Extractor]:
    """The extractors compared on ScrapingHub: newsweave's methods and their parts alone."""
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
        "newsweave (default: auto)": newsweave_body,
        "newsweave method vote": agreement_vote,
        "trafilatura default": trafilatura_default,
        "trafilatura favor_precision": precision,
        "readability (trafilatura's fork)": readability,
        "jusText (all stop lists)": justext,
    }


def _warm_up(html: str) -> None:
    # jusText stop lists and lxml/trafilatura imports load once per process (~1 s); not timed.
    from newsweave.ingest.html import _justext_stoplist, extract_body

    _justext_stoplist()
    extract_body(html)
    extract_body(html, method="vote")


def scrapinghub_section(shared_data: Path) -> str:
    """ScrapingHub: every extractor's shingle P/R/F1, halves and pages/s."""
    pages = load_pages(shared_data)
    _warm_up(pages[0].html)
    halves = Counter(p.half for p in pages)
    lines = [
        "### ScrapingHub article-extraction benchmark",
        "",
        f"Data: `../shared/data/extraction`, {len(pages)} pages (tune {halves['tune']}, "
        f"report {halves['report']}), ground-truth.json sha256 "
        f"{corpus_hash(shared_data / 'extraction' / 'ground-truth.json')}. Metric: 4-gram "
        "shingle precision/recall/F1 of the body text, computed as the benchmark's evaluate.py "
        "does (published: trafilatura 2.0 F1 0.958, newspaper4k 0.949, readability 0.947). "
        "Floor: F1 >= 0.965 on all pages (tests/eval/test_extraction.py). Its gold leaves "
        "standfirsts out; newsweave puts them back (`BodyParams.lead_max_blocks`), which costs "
        "it some precision here.",
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
        print(f"[extraction] ScrapingHub {name}: F1 {f1:.4f}", file=sys.stderr, flush=True)
    from newsweave.ingest.html import extract_html

    started = time.perf_counter()
    for page in pages:
        extract_html(page.html, page.url)
    full = len(pages) / (time.perf_counter() - started)
    lines += [
        "",
        f"Full page reading as ingest does it (`extract_html`: body, title, authors, site name, "
        f"publication date by `html_date`): {full:.1f} pages/s.",
    ]
    return "\n".join(lines)


def unsure_share(pages: Sequence[SnippetPage]) -> float:
    """Share of pages on which the default method asks second opinions (not timed)."""
    from newsweave.ingest.base import DecodeError
    from newsweave.ingest.html import (
        DEFAULT_BODY_PARAMS,
        _parse,
        _trafilatura_text,
        _unsure,
        decode_html,
    )

    unsure = 0
    for page in pages:
        try:
            tree = _parse(decode_html(page.data))
        except DecodeError:
            continue
        if tree is not None:
            first = _trafilatura_text(tree, None, precision=True, fast=True)
            unsure += _unsure(first, tree, DEFAULT_BODY_PARAMS)
    return unsure / max(len(pages), 1)


def _prf_cells(result: SnippetScore, half: str) -> str:
    p, r, f = result.prf(half)
    return f"{p:.3f} | {r:.3f} | {f:.3f}"


def snippets_section(shared_data: Path) -> str:
    """trafilatura's snippet evaluation: newsweave and trafilatura side by side."""
    pages = load_snippet_pages(shared_data)
    halves = Counter(p.half for p in pages)
    newsweave_snippet_text(pages[0].data)  # imports and stop lists, not timed
    trafilatura_snippet_text(pages[0].data)
    results = score_snippets_side_by_side(
        pages, {"newsweave (default: auto)": newsweave_snippet_text, PEER: trafilatura_snippet_text}
    )
    ours, peer = results["newsweave (default: auto)"], results[PEER]
    lines = [
        "### trafilatura's snippet evaluation",
        "",
        f"Data: `../shared/data/extraction-snippets`, {len(pages)} pages of many languages and "
        f"site kinds (tune {halves['tune']}, report {halves['report']}, split by URL), "
        f"evaldata.json sha256 "
        f"{corpus_hash(shared_data / 'extraction-snippets' / 'evaldata.json')}. Metric as "
        "trafilatura's tests/eval_common.py: a whitespace-normalised snippet counts when it is "
        "a substring of the text; P, R, F over all snippets of a half. Both extractors read the "
        "raw bytes (newsweave decodes as its HTML reader does) and take turns page by page in "
        "this process; pages/s is wall time, CPU ms/page process time of the same calls. Goal: "
        "report-half F >= trafilatura's + 0.01; floor in tests/eval/test_extraction.py.",
        "",
        "| extractor | tune P | tune R | tune F | report P | report R | report F | "
        "pages/s | CPU ms/page | empty pages |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        lines.append(
            f"| {name} | {_prf_cells(result, 'tune')} | {_prf_cells(result, 'report')} | "
            f"{result.pages_per_second:.1f} | {result.cpu_ms_per_page:.1f} | {result.empty} |"
        )
        print(
            f"[extraction] snippets {name}: F report {result.prf('report')[2]:.4f}",
            file=sys.stderr,
            flush=True,
        )
    lead = ours.prf("report")[2] - peer.prf("report")[2]
    lines += [
        "",
        f"Report half: newsweave F - trafilatura F = {lead:+.3f}; newsweave's main text runs at "
        f"{ours.pages_per_second / max(peer.pages_per_second, 1e-9):.2f}x trafilatura's pages/s "
        f"({peer.cpu_ms_per_page / max(ours.cpu_ms_per_page, 1e-9):.2f}x by CPU time). Second "
        f"opinions (balanced mode, readability, jusText) ran on {unsure_share(pages):.0%} of "
        "the pages, where precision mode's text was unsure (`BodyParams.unsure_min_chars`, "
        "`unsure_page_share`).",
    ]
    return "\n".join(lines)


# Runs a command as a "subreaper": the worker processes (children of the fork server, which
# outlives the command by a moment) are reaped here, so this process's children CPU time --
# what the benchmark reads -- counts every process of the run. Linux; elsewhere the workers'
# CPU time is not counted.
_REAPER = """
import ctypes, os, subprocess, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
except (AttributeError, OSError):
    pass
code = subprocess.call(sys.argv[1:])
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
sys.exit(code)
"""


def _cli_rate(
    files: Sequence[Path], ner: str, workers: int | None = None
) -> tuple[float, float, int, int]:
    """(pages/s wall, pages/s CPU, articles, rejected) of ``newsweave extract --json``;
    CPU time counts the worker processes too."""
    more = ["--workers", str(workers)] if workers is not None else []
    with tempfile.TemporaryDirectory(prefix="nw-bench-extract-") as folder:
        for i, file in enumerate(files):
            (Path(folder) / f"p{i:04d}.html.gz").symlink_to(file)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        command = ["-m", "newsweave.cli", "extract", folder, "--json", "--ner", ner, *more]
        done = subprocess.run(
            [sys.executable, "-c", _REAPER, sys.executable, *command],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    items = [line for line in done.stdout.splitlines() if line.strip()]
    rejected = sum('"error"' in line for line in items)
    return len(files) / wall, len(files) / max(cpu, 1e-9), len(items) - rejected, rejected


def cli_section(shared_data: Path) -> str:
    """``newsweave extract`` pages/s over both page sets (startup included)."""
    sets = {
        "ScrapingHub": sorted((shared_data / "extraction" / "html").glob("*.html.gz")),
        "snippets": sorted((shared_data / "extraction-snippets" / "html").glob("*.gz")),
    }
    lines = [
        "### `newsweave extract` (the CLI)",
        "",
        "Command per row: `newsweave extract DIR --json --ner NER [--workers N]` over the "
        "set's pages (process start, imports and model loading included). By default pages "
        "are read, cleaned and extracted in one worker process per CPU (same output as "
        "`--workers 1`, one process). `--ner off` is what an install "
        "without the `nlp` extra does; `auto` with the extra runs spaCy's NER around speaker "
        "mentions (its entities are printed); `extract` finds no quotes (it prints none) and "
        "imports spaCy without torch. pages/s (CPU time) is the user+system time of all the "
        "run's processes: on a shared machine wall time measures the neighbours. Goal: >= 20 "
        f"pages/s (wall) on this {os.cpu_count()}-core machine.",
        "",
        "| set | --ner | --workers | pages | articles | rejected | pages/s (wall) | "
        "pages/s (CPU time) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if not any(sets.values()):
        raise MissingData(f"no HTML pages under {shared_data}/extraction*/html")
    for label, files in sets.items():
        for ner, workers in (("off", None), ("auto", None), ("auto", 1)) if files else ():
            wall, cpu, articles, rejected = _cli_rate(files, ner, workers)
            lines.append(
                f"| {label} | {ner} | {workers or 'default'} | {len(files)} | {articles} | "
                f"{rejected} | {wall:.1f} | {cpu:.1f} |"
            )
            print(
                f"[extraction] CLI {label} ner={ner} workers={workers or 'default'}: "
                f"{wall:.1f} pages/s",
                file=sys.stderr,
            )
    return "\n".join(lines)


def run(shared_data: Path) -> str:
    """Every part whose data is present, as the Markdown section for BENCHMARKS.md."""
    parts, missing = [], []
    for part in (scrapinghub_section, snippets_section, cli_section):
        try:
            parts.append(part(shared_data))
        except MissingData as exc:
            missing.append(str(exc))
    if not parts:
        raise MissingData("; ".join(missing))
    header = [
        "## Main-text extraction",
        "",
        "Command: `python -m benchmarks --only extraction`",
        "",
    ]
    skipped = [f"Skipped: {reason}" for reason in missing]
    return "\n".join([*header, *skipped, *(p + "\n" for p in parts)]).rstrip() + "\n"


if __name__ == "__main__":
    repo = Path(__file__).resolve().parents[1]
    print(run((repo / ".." / "shared" / "data").resolve()))
