"""Speed and memory of online event clustering on a synthetic stream of articles.

The model-free path (TF-IDF + names + numbers + places + time) is timed from cleaned text to
assigned event: each batch of articles goes through :meth:`EventClusterer.partial_fit`
(featurising included), and closed events are drained as a consumer would store them. Each
size runs in a fresh process so that its peak RSS is its own.

The stream is :func:`newsweave.evaluation.synthetic.synthetic_articles` (invented events,
1-8 reports each, :data:`~newsweave.evaluation.synthetic.OUTLETS` invented outlets), in date
order, 2,000 articles a day, so the sliding window (``window_days``) bounds what is kept.

Run alone: ``python -m benchmarks.stream [--sizes 10000,100000,1000000]`` (the default sizes;
about 80 minutes on 2 cores).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsweave.evaluation.synthetic import synthetic_articles
from newsweave.models import Article


def measure(n: int, batch: int = 1000, window_days: int = 30) -> dict[str, float]:
    """Stream ``n`` synthetic articles through online clustering in this process."""
    from newsweave.cluster import EventClusterer
    from newsweave.cluster.metrics import bcubed

    clusterer = EventClusterer(embeddings="off", window_days=window_days)
    events = 0
    elapsed = 0.0
    pending: list[Article] = []
    # Scored on the first 20,000 articles only, so the labels kept stay small.
    gold: list[str] = []
    pred: list[str] = []

    def flush() -> None:
        nonlocal events, elapsed
        t0 = time.perf_counter()
        labels = clusterer.partial_fit(pending)
        events += len(clusterer.drain_closed())
        elapsed += time.perf_counter() - t0
        if len(gold) < 20_000:
            gold.extend(a.meta["event"] for a in pending)
            pred.extend(labels)
        pending.clear()

    for article in synthetic_articles(n):
        pending.append(article)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "articles": n,
        "seconds": round(elapsed, 1),
        "articles_per_s": round(n / elapsed, 1) if elapsed else 0.0,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "events_closed": events,
        "events_open": len(clusterer.open_),
        "b3_f1_first_20k": round(bcubed(gold, pred).f1, 3),
    }


def _measure_in_subprocess(n: int) -> dict[str, float]:
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.stream", "--one", str(n)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(shared_data: Path, sizes: Sequence[int] = (10_000, 100_000, 1_000_000)) -> str:
    """Benchmark section (Markdown); ``shared_data`` is unused (the stream is synthetic)."""
    lines = [
        "## Online clustering: speed and memory",
        "",
        "`python -m benchmarks.stream` -- synthetic news stream (2,000 articles a day, "
        "30-day window), model-free path, from cleaned text to assigned event, one process "
        "(one core) per size; peak RSS of that process.",
        "",
        "| articles | seconds | articles/s | peak RSS (MB) | events closed | events open "
        "| B³-F1 (first 20k) |",
        "|---|---|---|---|---|---|---|",
    ]
    for n in sizes:
        r = _measure_in_subprocess(n)
        lines.append(
            f"| {int(r['articles']):,} | {r['seconds']} | {r['articles_per_s']} | "
            f"{r['peak_rss_mb']} | {int(r['events_closed']):,} | {int(r['events_open']):,} | "
            f"{r['b3_f1_first_20k']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> None:
    """``--one N`` measures one size here; ``--sizes a,b`` prints the Markdown section."""
    if "--one" in argv:
        print(json.dumps(measure(int(argv[argv.index("--one") + 1]))))
        return
    sizes = (10_000, 100_000, 1_000_000)
    if "--sizes" in argv:
        sizes = tuple(int(x) for x in argv[argv.index("--sizes") + 1].split(","))
    print(run(Path("."), sizes))


if __name__ == "__main__":
    main(sys.argv[1:])
