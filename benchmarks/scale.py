"""Scale: throughput and memory of the batch stages at 10k and 100k articles, and Spark.

Input is synthetic (see :func:`write_corpus`): news-like English articles about invented
happenings, each reported by one to eight of 40 outlets over a few days, with datelines,
quotes, numbers, each outlet's own boilerplate lines (promos, copyright) and wire copies
syndicated verbatim by other outlets -- JSONL files partitioned by day, as a crawl would
deliver them.

* **Stages** (one process per size, so its peak RSS is its own): ingest into a SQLite store
  (read JSONL, store), clean (the cleaner fitted on the corpus), dedup (MinHash LSH) and batch
  event clustering (model-free: TF-IDF + names + numbers + places + time) of the cleaned
  articles. Extraction (dates, entities, quotes) is measured by the extraction benchmarks.
* **Spark local mode**: the whole job (read -> clean -> extract -> dedup -> cluster, quotes
  and NER off) with 1 and 2 cores, next to the single-process path on the same input
  (:func:`newsweave.distributed.run_local`); each run in a fresh process. Skipped without
  pyspark or Java.

Run alone: ``python -m benchmarks.scale [--sizes 10000,100000] [--spark-size 1500]
[--batch-max 20000]``.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks import SkipBenchmark

ROOT = Path(__file__).resolve().parents[1]
JAVA_17 = Path("/usr/lib/jvm/java-17-openjdk-amd64")
#: Articles per partial_fit call in the online measurement (one feed-poll's worth at scale).
ONLINE_BATCH = 1000
#: Largest size also clustered in batch mode: batch fit ran at ~85 articles/s on this corpus
#: (2 cores), so 100k would take 20 minutes, beyond the budget of the whole benchmark
#: (~15 minutes); raise it with --batch-max.
BATCH_MAX = 10_000
#: Partitions of the per-article stages in both Spark runs: the same for 1 and 2 cores, so
#: both load the NER model equally often, and few, because each partition loads it (about
#: 2 s) and a benchmark-sized input has only a few thousand articles to spread.
SPARK_PARTITIONS = 2

_SYL = "ka lo mi ra te su vo ne ba di gu ha je ko lu ma ni po ri sa to vi ze ar en il or".split()
_KINDS = {
    "fire": (
        "A fire broke out at a {thing} in {place} on {weekday}, injuring {n1} people",
        "Firefighters fought the blaze at the {thing} for {n2} hours",
        "The cause of the fire at the {thing} is under investigation",
    ),
    "flood": (
        "Floods swept through {place} on {weekday}, forcing {n1} families from their homes",
        "The river rose {n2} centimetres above its normal level near the {thing}",
        "Emergency shelters opened in schools across {place}",
    ),
    "vote": (
        "The council of {place} voted {n1} to {n2} on {weekday} to approve the new {thing}",
        "Supporters said the {thing} would create jobs in {place}",
        "Opponents of the {thing} promised to challenge the vote in court",
    ),
    "strike": (
        "Workers at the {thing} in {place} went on strike on {weekday} over a {n1} percent pay cut",
        "The union said {n2} members had joined the walkout at the {thing}",
        "Managers of the {thing} called the strike illegal",
    ),
    "crash": (
        "A bus crash near {place} on {weekday} killed {n1} people and injured {n2}",
        "The bus left the road close to the {thing} in heavy rain",
        "Police closed the road to {place} for most of the day",
    ),
    "trial": (
        "The trial of a former director of the {thing} opened in {place} on {weekday}",
        "Prosecutors say {n1} million went missing from the {thing} over {n2} months",
        "The defendant denies all charges linked to the {thing}",
    ),
}
_THINGS = (
    "warehouse factory hospital stadium bridge harbour school library market depot station "
    "refinery mill airport museum plant tower prison mine"
).split()
_BACKGROUND = (
    "Officials said more details would be released later in the week.",
    "Residents gathered outside the town hall to ask for answers.",
    "The regional government said it was following the situation closely.",
    "It was the second such incident in the region this year.",
    "Local businesses said they expected the disruption to last for days.",
    "Several roads in the area remained closed on the following morning.",
    "A spokesperson declined to comment on the ongoing investigation.",
    "Witnesses described scenes of confusion in the first hours.",
    "The opposition demanded a full report to the regional parliament.",
    "Volunteers handed out food and water to those affected.",
)
_ORGS = "Group Holdings Authority Company Foundation Institute Agency Trust".split()
_GROUPS = "committee commission board panel taskforce council".split()
_SUBJECTS = (
    "The mayor", "Police", "Rescue workers", "The company", "Local residents", "The union",
    "Investigators", "The provincial governor", "Hospital staff", "Shop owners",
    "The transport ministry", "Community leaders", "A group of lawyers", "Engineers",
)  # fmt: skip
_VERBS = (
    "called for calm", "promised a full inquiry into the events", "asked for more funding",
    "criticised the slow response", "set up a hotline for families", "held a press conference",
    "warned of further problems", "cancelled planned events", "opened a temporary office",
    "demanded answers from the authorities", "praised the emergency services",
)  # fmt: skip
_OBJECTS = (
    "on Tuesday evening", "late at night", "after a long meeting", "earlier in the day",
    "without giving details", "for the first time", "amid growing anger", "in a statement",
)  # fmt: skip
_QUOTES = (
    "We have never seen anything like this", "Our priority is to help the families",
    "This should never have happened", "We will find out who is responsible",
    "People are frightened and they want answers", "The coming days will be difficult",
    "We are doing everything we can", "Nobody warned us",
)  # fmt: skip
_MONTHS = "January February March April May June July August September October November December"


def _name(rng: random.Random, parts: int = 2) -> str:
    return " ".join(
        "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(parts)
    )


def _outlets(rng: random.Random, count: int = 40) -> list[dict[str, Any]]:
    outlets = []
    for _ in range(count):
        name = f"The {_name(rng, 1)} {rng.choice(['Herald', 'Times', 'Courier', 'Post', 'Ledger'])}"
        domain = name.lower().removeprefix("the ").replace(" ", "") + ".example"
        outlets.append(
            {
                "name": name,
                "domain": domain,
                "boiler": [
                    f"Sign up for the {name} newsletter to get the day's news first.",
                    f"Copyright {rng.randint(2019, 2025)} {name}. All rights reserved.",
                ],
            }
        )
    return outlets


def write_corpus(folder: Path, n: int, seed: int = 11, per_day: int = 400) -> dict[str, int]:
    """Write ``n`` synthetic articles as JSONL, one file per publication day, into ``folder``.

    Returns counts: articles, events, syndicated copies, days.
    """
    rng = random.Random(seed)
    outlets = _outlets(rng)
    start = date(2024, 1, 1)
    by_day: dict[str, list[str]] = {}
    produced = events = copies = 0
    while produced < n:
        events += 1
        kind = rng.choice(sorted(_KINDS))
        lead, second, third = _KINDS[kind]
        place, thing = _name(rng, rng.randint(1, 2)), rng.choice(_THINGS)
        people = [_name(rng) for _ in range(3)]
        # Names only this happening has: an organisation, a group, a street.
        topic = [
            f"the {_name(rng, 1)} {rng.choice(_ORGS)}",
            f"the {_name(rng, 1)} {rng.choice(_GROUPS)}",
            f"{_name(rng, 1)} {rng.choice(['Street', 'Road', 'Square', 'Avenue'])}",
        ]
        n1, n2 = rng.randint(2, 95), rng.randint(2, 900)
        day = start + timedelta(days=produced // per_day)
        facts = {"place": place, "thing": thing, "weekday": day.strftime("%A"), "n1": n1, "n2": n2}
        reports = min(n - produced, rng.choice((1, 1, 2, 2, 3, 4, 6, 8)))
        wire: str | None = None
        for r in range(reports):
            outlet = rng.choice(outlets)
            published = day + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            if wire is not None and rng.random() < 0.15:
                body, copies = wire, copies + 1  # syndicated verbatim
            else:
                # Reports of one happening share its facts and names, not their wording:
                # each picks its own sentences around the shared lead.
                own = [
                    f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
                    f" in {place}."
                    for _ in range(rng.randint(2, 5))
                ]
                sentences = [
                    lead.format(**facts) + ".",
                    f'"{rng.choice(_QUOTES)}," {people[r % 3]} said.',
                    rng.choice((second, third)).format(**facts) + ".",
                    *own,
                    *rng.sample(_BACKGROUND, rng.randint(1, 3)),
                    f"{people[(r + 1) % 3]} of {topic[0]} said {n1} people had been affected "
                    f"and that {topic[1]} would review the {thing} by {topic[2]}.",
                ]
                month = _MONTHS.split()[published.month - 1]
                dateline = f"{place.upper()}, {month} {published.day} ({outlet['name']}) - "
                body = dateline + "\n\n".join(sentences)
                wire = wire or body
            record = {
                "id": f"a{produced:07d}",
                "title": f"{kind.capitalize()} in {place}: {people[0]} speaks",
                "date": published.isoformat(),
                "url": f"https://{outlet['domain']}/news/{produced}",
                "outlet": outlet["name"],
                "text": body + "\n\n" + "\n".join(outlet["boiler"]),
                "event": str(events),
            }
            by_day.setdefault(published.isoformat(), []).append(json.dumps(record))
            produced += 1
    for day_iso, lines in by_day.items():
        part = folder / f"day={day_iso}"
        part.mkdir(parents=True, exist_ok=True)
        (part / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"articles": produced, "events": events, "copies": copies, "days": len(by_day)}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure_stages(n: int, batch_fit: bool = True) -> dict[str, Any]:
    """Time ingest, clean, dedup and clustering of ``n`` synthetic articles in this process.

    Clustering runs online (``partial_fit`` in batches of :data:`ONLINE_BATCH`, the path of
    ``newsweave watch``) and, when ``batch_fit``, in batch (``fit``, the path of ``analyze``).
    """
    from newsweave.clean import Cleaner
    from newsweave.cluster import EventClusterer
    from newsweave.cluster.metrics import bcubed
    from newsweave.config import Settings
    from newsweave.dedup import Deduplicator
    from newsweave.pipeline import ingest_paths
    from newsweave.store import open_store

    settings = Settings(ner="off", embeddings="off")
    out: dict[str, Any] = {"articles": n}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "in", n)
        out.update(events=corpus["events"], copies=corpus["copies"])
        with open_store(Path(tmp) / "scale.db") as store:
            t0 = time.perf_counter()
            ingest_paths([Path(tmp) / "in"], store, settings)
            out["ingest_s"] = time.perf_counter() - t0
            articles = list(store.iter_articles())
    t0 = time.perf_counter()
    cleaner = Cleaner().fit(articles)
    articles = list(cleaner(articles))
    out["clean_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    articles = list(Deduplicator()(articles))
    out["dedup_s"] = time.perf_counter() - t0
    out["found_copies"] = sum(1 for a in articles if a.duplicate_of)
    gold = [a.meta.get("event", "") for a in articles]
    online = EventClusterer(embeddings="off", window_days=settings.window_days)
    labels: list[str] = []
    t0 = time.perf_counter()
    for start in range(0, len(articles), ONLINE_BATCH):
        labels += online.partial_fit(articles[start : start + ONLINE_BATCH])
        online.drain_closed()
    out["online_s"] = time.perf_counter() - t0
    out["online_b3_f1"] = round(bcubed(gold, labels).f1, 3)
    del online
    if batch_fit:
        t0 = time.perf_counter()
        labels = EventClusterer(embeddings="off", window_days=settings.window_days).fit(articles)
        out["batch_s"] = time.perf_counter() - t0
        out["batch_b3_f1"] = round(bcubed(gold, labels).f1, 3)
    out["peak_rss_mb"] = _peak_mb()
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in out.items()}


def measure_spark(folder: str, master: str) -> dict[str, Any]:
    """Run the Spark job (``master`` = local[N]) or, for ``"single"``, the local path.

    The full per-article work runs: extraction with quotes, and spaCy NER when the ``[nlp]``
    extra is installed (``ner="auto"``) -- the part executors share.
    """
    from newsweave.config import Settings

    settings = Settings(ner="auto", embeddings="off")
    t0 = time.perf_counter()
    if master == "single":
        from newsweave.distributed import run_local

        _, events, _, _ = run_local([folder], settings, quotes=True)
        seconds = round(time.perf_counter() - t0, 1)
        return {"seconds": seconds, "events": len(events), "digest": _digest(events)}
    from newsweave.distributed import spark_session
    from newsweave.distributed.spark import run_job

    session = spark_session(master, app="newsweave-bench")
    session.conf.set("spark.sql.shuffle.partitions", "4")
    started = time.perf_counter()  # the session start (JVM) is not the job's work
    with tempfile.TemporaryDirectory() as tmp:
        report = run_job(
            [folder],
            Path(tmp) / "out",
            settings,
            spark=session,
            quotes=True,
            partitions=SPARK_PARTITIONS,
        )
        seconds = time.perf_counter() - started
        from newsweave.distributed import read_output

        _, events, _ = read_output(Path(tmp) / "out")
    session.stop()
    return {
        "seconds": round(seconds, 1),
        "events": report["events"],
        "stages": report["seconds"],
        "digest": _digest(events),
    }


def _digest(events: Sequence[Any]) -> str:
    """A short fingerprint of events (ids, titles, members, storylines)."""
    import hashlib

    text = json.dumps([e.to_dict() for e in events], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _child(*args: str) -> dict[str, Any]:
    env = dict(os.environ)
    if not env.get("JAVA_HOME") and JAVA_17.is_dir():
        env["JAVA_HOME"] = str(JAVA_17)
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env["PYSPARK_PYTHON"] = sys.executable
    # One hash seed for every run: the event clusterer's result currently depends on
    # PYTHONHASHSEED (set iteration in its consensus passes), and the comparison below is of
    # the pipelines, not of hash seeds.
    env["PYTHONHASHSEED"] = "0"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.scale {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _ner() -> str:
    try:
        from newsweave.extract.entities import EntityRecognizer

        return "spaCy" if EntityRecognizer("auto").uses_model else "rule-based"
    except Exception:  # an unexpected recognizer API: say so rather than guess
        return "auto"


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}" if seconds > 0 else "-"


def _spark_section(size: int) -> list[str]:
    lines = [
        "",
        f"### Spark local mode ({size:,} articles, whole job: quotes on, NER {_ner()})",
        "",
    ]
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return [*lines, "Skipped: pyspark is not installed (`pip install 'newsweave[spark]'`)."]
    if not (os.environ.get("JAVA_HOME") or JAVA_17.is_dir() or shutil.which("java")):
        return [*lines, "Skipped: no Java (set JAVA_HOME to a Java 17)."]
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), size, seed=5)
        runs = {m: _child("--spark", tmp, m) for m in ("single", "local[1]", "local[2]")}
    single = runs["single"]["seconds"]
    lines += [
        "Seconds exclude the Spark session start (about 10 s of JVM start-up per run). "
        "`single` is the single-process path (`run_local`: ingest into a store, process, "
        "cluster) on the same input.",
        "",
        "| run | seconds | articles/s | vs single process | events | job stages (s) |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in runs.items():
        stages = ", ".join(f"{k} {v}" for k, v in r.get("stages", {}).items()) or "-"
        ratio = f"{single / r['seconds']:.2f}x" if r["seconds"] else "-"
        lines.append(
            f"| {name} | {r['seconds']} | {_rate(size, r['seconds'])} | {ratio} | {r['events']} "
            f"| {stages} |"
        )
    one, two = runs["local[1]"]["seconds"], runs["local[2]"]["seconds"]
    lines += ["", f"Scaling 1 -> 2 cores: {one / two:.2f}x." if two else ""]
    same = len({r["digest"] for r in runs.values()}) == 1
    lines.append(f"Identical events in all three runs: {'yes' if same else 'NO'}.")
    return lines


def run(
    shared_data: Path,
    sizes: Sequence[int] = (10_000, 100_000),
    spark_size: int = 1500,
    batch_max: int = BATCH_MAX,
) -> str:
    """Benchmark section (Markdown); ``shared_data`` is unused (the corpus is synthetic)."""
    if os.cpu_count() is None:
        raise SkipBenchmark("cannot count CPU cores")
    lines = [
        "## Scale: batch stages at 10k and 100k articles, and Spark",
        "",
        "`python -m benchmarks.scale` -- synthetic JSONL news partitioned by day (40 outlets "
        "with their own boilerplate, 1-8 reports per happening, ~15% wire copies). One "
        "process per size, one core; articles/s per stage; peak RSS of that process. "
        "Clustering is model-free (TF-IDF + names + numbers + places + time) on the cleaned, "
        f"deduplicated articles: online (`partial_fit`, {ONLINE_BATCH:,} at a time, the path "
        "of `newsweave watch`) and batch (`fit`, the path of `analyze`); B³-F1 against the "
        "generator's happenings as a sanity check.",
        "",
        "| articles | ingest+store /s | clean /s | dedup /s | cluster online /s "
        "| cluster batch /s | B³-F1 online / batch | copies found/made | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n in sizes:
        r = _child("--stages", str(n), "--batch-max", str(batch_max))
        batch = _rate(n, r["batch_s"]) if "batch_s" in r else "not run (*)"
        lines.append(
            f"| {n:,} | {_rate(n, r['ingest_s'])} | {_rate(n, r['clean_s'])} | "
            f"{_rate(n, r['dedup_s'])} | {_rate(n, r['online_s'])} | {batch} | "
            f"{r['online_b3_f1']} / {r.get('batch_b3_f1', '-')} | "
            f"{r['found_copies']:,}/{r['copies']:,} | {r['peak_rss_mb']:,} |"
        )
    if any(n > batch_max for n in sizes):
        lines += [
            "",
            f"(*) Batch clustering runs only up to {batch_max:,} articles to keep the "
            "benchmark within its time budget; `python -m benchmarks.scale --sizes 100000 "
            "--batch-max 100000` measures it.",
        ]
    lines += _spark_section(spark_size)
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> None:
    """``--stages N`` / ``--spark DIR MASTER`` measure here; else print the section."""
    batch_max = int(argv[argv.index("--batch-max") + 1]) if "--batch-max" in argv else BATCH_MAX
    if "--stages" in argv:
        n = int(argv[argv.index("--stages") + 1])
        print(json.dumps(measure_stages(n, batch_fit=n <= batch_max)))
        return
    if "--spark" in argv:
        i = argv.index("--spark")
        print(json.dumps(measure_spark(argv[i + 1], argv[i + 2])))
        return
    sizes: Sequence[int] = (10_000, 100_000)
    if "--sizes" in argv:
        sizes = tuple(int(x) for x in argv[argv.index("--sizes") + 1].split(","))
    spark_size = int(argv[argv.index("--spark-size") + 1]) if "--spark-size" in argv else 1500
    print(run(Path("."), sizes, spark_size, batch_max))


if __name__ == "__main__":
    main(sys.argv[1:])
