"""The Spark job end to end with comparisons, and its driver part alone, on synthetic news.

Input: :func:`newsweave.evaluation.synthetic.synthetic_articles` (invented events of 1-8
reports each, 500 invented outlets, 2,000 articles a day), written as JSONL files, one folder
per day, as a crawl delivers them.

* **Job** (``--job N``): :func:`newsweave.distributed.run_job` in local mode (``local[2]``),
  quotes on, rule-based names and model-free embeddings (``ner="off"``, ``embeddings="off"``:
  the model would dominate and is measured by the speed benchmark), comparisons on. Reported:
  seconds and articles/s per stage (read+ids, clean, extract, dedup, cluster, compare, write),
  the driver's share of the job (dedup + cluster + storylines, the sequential part), the
  number of article files, and the peak memory of the whole process tree (driver, JVM,
  Python workers; sampled every 0.5 s from /proc).
* **Driver** (``--driver N``): what the driver runs after extraction, alone -- dedup
  (:class:`newsweave.dedup.Deduplicator`), batch event clustering
  (:meth:`EventClusterer.fit`) and storyline linking -- on the synthetic articles, with
  articles per CPU second per part (CPU time of the process, so that a busy machine does
  not skew it) and peak RSS: its cost per article must stay flat as N grows.

Each size runs in a fresh process. Run alone: ``python -m benchmarks.spark [--sizes 10000]
[--driver-sizes 10000,20000]``; ``make bench`` runs the default sizes (job at 10,000; driver
at 10,000 and 20,000). Skipped without pyspark or Java (job part only).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import SkipBenchmark

ROOT = Path(__file__).resolve().parents[1]
JAVA_17 = Path("/usr/lib/jvm/java-17-openjdk-amd64")
JOB_SIZES = (10_000,)
DRIVER_SIZES = (10_000, 20_000)
#: Stages the driver runs alone (the sequential part of the job).
DRIVER_STAGES = ("dedup", "cluster")


def write_corpus(folder: Path, n: int) -> int:
    """``n`` synthetic articles as JSONL, one folder per day; returns the number written."""
    from newsweave.evaluation.synthetic import synthetic_articles

    handles: dict[str, Any] = {}
    count = 0
    try:
        for a in synthetic_articles(n):
            day = a.date or "unknown"
            handle = handles.get(day)
            if handle is None:
                (folder / f"day={day}").mkdir(parents=True, exist_ok=True)
                handle = handles[day] = (folder / f"day={day}" / "part-0.jsonl").open("w")
            record = {"id": a.id, "title": a.title, "date": a.date, "outlet": a.outlet}
            handle.write(json.dumps({**record, "text": a.text}) + "\n")
            count += 1
    finally:
        for handle in handles.values():
            handle.close()
    return count


def _tree_rss_mb(root: int) -> float:
    """Resident memory of process ``root`` and all its descendants (MB, from /proc)."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        pid = int(entry)
        parent[pid] = int(fields.get("PPid", "0").strip() or 0)
        rss[pid] = int((fields.get("VmRSS", "0 kB").split() or ["0"])[0])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parent.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in tree) / 1024


class _PeakSampler:
    """Samples the process tree's resident memory in a thread; ``peak`` in MB."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))
            self._stop.wait(self.every)

    def __enter__(self) -> _PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure_job(n: int, master: str = "local[2]") -> dict[str, Any]:
    """Run the Spark job with comparisons over ``n`` synthetic articles (in this process)."""
    from newsweave.config import Settings
    from newsweave.distributed import spark_session
    from newsweave.distributed.spark import run_job

    settings = Settings(ner="off", embeddings="off", per_host_delay=0.0)
    with tempfile.TemporaryDirectory() as tmp:
        written = write_corpus(Path(tmp) / "in", n)
        with _PeakSampler() as sampler:
            session = spark_session(master, app="newsweave-bench")
            started = time.perf_counter()
            report = run_job(
                [str(Path(tmp) / "in")], Path(tmp) / "out", settings, spark=session, quotes=True
            )
            seconds = time.perf_counter() - started
            session.stop()
    stages: dict[str, float] = report["seconds"]
    driver = sum(stages.get(s, 0.0) for s in DRIVER_STAGES)
    return {
        "articles": written,
        "seconds": round(seconds, 1),
        "articles_per_s": round(written / seconds, 1),
        "stages": stages,
        "stage_rates": {s: round(written / t, 1) if t else None for s, t in stages.items()},
        "driver_share": round(driver / seconds, 3),
        "events": report["events"],
        "storylines": report["storylines"],
        "comparisons": report["comparisons"],
        "compare_errors": report["compare_errors"],
        "article_files": report["article_files"],
        "peak_mb": round(sampler.peak, 1),
    }


def measure_driver(n: int) -> dict[str, Any]:
    """Dedup, batch clustering and storylines over ``n`` synthetic articles (this process)."""
    from newsweave.cluster import EventClusterer, link_storylines
    from newsweave.dedup import Deduplicator
    from newsweave.evaluation.synthetic import synthetic_articles

    articles = list(synthetic_articles(n))
    # CPU seconds of this process: on a shared machine, wall time measures the neighbours.
    clock = time.process_time
    t0 = clock()
    articles = Deduplicator().dedupe(articles)
    t1 = clock()
    clusterer = EventClusterer(embeddings="off")
    clusterer.fit(articles)
    events = clusterer.events_
    t2 = clock()
    storylines = link_storylines(events, {a.id: a for a in articles}, features=clusterer.features_)
    t3 = clock()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "articles": n,
        "dedup_per_s": round(n / (t1 - t0), 1),
        "cluster_s": round(t2 - t1, 1),
        "cluster_per_s": round(n / (t2 - t1), 1),
        "events": len(events),
        "storylines_s": round(t3 - t2, 1),
        "storylines": len(storylines),
        "driver_per_s": round(n / (t3 - t0), 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def _child(*args: str) -> dict[str, Any]:
    env = dict(os.environ)
    if not env.get("JAVA_HOME") and JAVA_17.is_dir():
        env["JAVA_HOME"] = str(JAVA_17)
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.spark", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _spark_available() -> str | None:
    """Why the job cannot run here, or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (`pip install 'newsweave[spark]'`)"
    if not (os.environ.get("JAVA_HOME") or JAVA_17.is_dir() or shutil.which("java")):
        return "Java 17 is not installed (set JAVA_HOME)"
    return None


def run(
    shared_data: Path,
    sizes: Sequence[int] = JOB_SIZES,
    driver_sizes: Sequence[int] = DRIVER_SIZES,
) -> str:
    """Benchmark section (Markdown); ``shared_data`` is unused (the input is synthetic)."""
    lines = [
        "## Spark job with comparisons, and its driver part",
        "",
        "`python -m benchmarks.spark` -- synthetic news (2,000 articles a day, 500 outlets), "
        "JSONL folders per day; each size in a fresh process.",
        "",
        "### Driver part alone (dedup, batch clustering, storylines), one process, CPU seconds",
        "",
        "| articles | dedup art/s | clustering s | clustering art/s | events | storylines s "
        "| storylines | driver art/s | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n in driver_sizes:
        r = _child("--driver", str(n))
        lines.append(
            f"| {n:,} | {r['dedup_per_s']} | {r['cluster_s']} | {r['cluster_per_s']} | "
            f"{r['events']:,} | {r['storylines_s']} | {r['storylines']:,} | "
            f"{r['driver_per_s']} | {r['peak_rss_mb']} |"
        )
    lines += ["", "### The whole job, Spark local[2], quotes and comparisons on", ""]
    why = _spark_available()
    if why:
        if not driver_sizes:
            raise SkipBenchmark(why)
        return "\n".join([*lines, f"Skipped: {why}."]) + "\n"
    stage_names = ("read", "clean", "extract", "dedup", "cluster", "compare", "write")
    lines += [
        "| articles | seconds | art/s | "
        + " | ".join(f"{s} s (art/s)" for s in stage_names)
        + " | driver share | events | article files | peak MB (tree) |",
        "|---|---|---|" + "---|" * len(stage_names) + "---|---|---|---|",
    ]
    for n in sizes:
        r = _child("--job", str(n))
        cells = [f"{r['stages'].get(s, 0)} ({r['stage_rates'].get(s)})" for s in stage_names]
        lines.append(
            f"| {r['articles']:,} | {r['seconds']} | {r['articles_per_s']} | "
            + " | ".join(cells)
            + f" | {r['driver_share']:.0%} | {r['events']:,} | {r['article_files']} "
            f"| {r['peak_mb']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> None:
    """``--job N`` / ``--driver N`` measure here; else print the Markdown section."""
    if "--job" in argv:
        print(json.dumps(measure_job(int(argv[argv.index("--job") + 1]))))
        return
    if "--driver" in argv:
        print(json.dumps(measure_driver(int(argv[argv.index("--driver") + 1]))))
        return
    sizes: Sequence[int] = JOB_SIZES
    driver_sizes: Sequence[int] = DRIVER_SIZES
    if "--sizes" in argv:
        sizes = [int(x) for x in argv[argv.index("--sizes") + 1].split(",") if x]
    if "--driver-sizes" in argv:
        driver_sizes = [int(x) for x in argv[argv.index("--driver-sizes") + 1].split(",") if x]
    print(run(Path("."), sizes, driver_sizes))


if __name__ == "__main__":
    main(sys.argv[1:])
