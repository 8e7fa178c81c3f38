"""Speed of ``newsweave analyze``: articles a second per stage and in total, default install
and model-free, on ECB+ dev and GVA dev.

Each run is ``newsweave.pipeline.analyze`` as ``newsweave analyze`` runs it (worker processes
on every CPU, ``PipelineParams()``), in a fresh process (so loading the models and importing
the libraries count, as they do for a user), followed by the ``--json`` rendering the command
prints: ingest -> clean -> extract -> profiles -> dedup -> cluster -> compare ->
report. Two settings:

* **default** -- ``embeddings="auto"``, ``ner="auto"``: what ``newsweave analyze`` does with
  the default install (spaCy and the sentence-embedding model installed);
* **model-free** -- ``embeddings="off"``, ``ner="off"``.

A stage's rate is articles / the stage's wall time. The machine line gives the load average
when the section started: on a machine shared with other work the figures drop with it.

Run alone: ``python -m benchmarks.speed [--gva-rows 600,3104] [--repeat N]`` (``--repeat``
keeps the fastest of N runs of each); one run:
``python -m benchmarks.speed --one PATH ROWS EMBEDDINGS NER`` prints its figures as JSON.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import SkipBenchmark

ROOT = Path(__file__).resolve().parents[1]
#: Stages as the table shows them (the outlet-profile step, a dictionary look-up per article,
#: counts with extract).
STAGES = ("ingest", "clean", "extract", "dedup", "cluster", "compare", "report")
SETTINGS = {"default": ("auto", "auto"), "model-free": ("off", "off")}
#: Rows of gva-dev.jsonl measured by default: the first 600 (the size the issue was measured
#: on) and all of them.
GVA_ROWS = (600, 3104)


def measure(path: Path, rows: int | None, embeddings: str, ner: str) -> dict[str, Any]:
    """Analyse the first ``rows`` lines of ``path`` (all when None) here and time each stage."""
    started, cpu_started = time.perf_counter(), time.process_time()
    from dataclasses import replace

    from newsweave.config import load_settings
    from newsweave.pipeline import PipelineParams, analyze
    from newsweave.report import analysis_json

    settings = replace(load_settings(), embeddings=embeddings, ner=ner)
    marks: list[tuple[str, float, float]] = [("import", started, cpu_started)]

    def progress(step: str, done: int, total: int | None) -> None:
        if marks[-1][0] != step:
            marks.append((step, time.perf_counter(), time.process_time()))

    with tempfile.TemporaryDirectory() as tmp:
        source = path
        if rows is not None:
            source = Path(tmp) / path.name
            with path.open(encoding="utf-8") as src, source.open("w", encoding="utf-8") as dst:
                for n, line in enumerate(src):
                    if n >= rows:
                        break
                    dst.write(line)
        # As `newsweave analyze` runs it: worker processes on every CPU.
        result = analyze([source], settings, progress=progress, params=PipelineParams())
    marks.append(("report", time.perf_counter(), time.process_time()))
    parts = (result.articles, result.events, result.storylines, result.coverage, result.report)
    json.dumps(analysis_json(*parts), ensure_ascii=False)
    marks.append(("end", time.perf_counter(), time.process_time()))
    stages: dict[str, dict[str, float]] = {}
    for (name, wall, cpu), (_, wall_next, cpu_next) in itertools.pairwise(marks):
        entry = stages.setdefault(name, {"wall": 0.0, "cpu": 0.0})
        entry["wall"] += wall_next - wall
        entry["cpu"] += cpu_next - cpu
    # Importing newsweave and its libraries counts with ingest, as it does for a user.
    for part, into in (("import", "ingest"), ("profiles", "extract")):
        moved = stages.pop(part, {"wall": 0.0, "cpu": 0.0})
        entry = stages.setdefault(into, {"wall": 0.0, "cpu": 0.0})
        entry["wall"] += moved["wall"]
        entry["cpu"] += moved["cpu"]
    from newsweave.embeddings import _load_model

    return {
        "articles": len(result.articles),
        "events": len(result.events),
        "stages": stages,
        "wall": marks[-1][1] - started,
        "cpu": marks[-1][2] - cpu_started,
        "embedding_model_loaded": _load_model.cache_info().currsize > 0,
    }


def _measure_in_subprocess(path: Path, rows: int | None, embeddings: str, ner: str) -> Any:
    cmd = [sys.executable, "-m", "benchmarks.speed", "--one", str(path), str(rows or 0)]
    out = subprocess.run(
        [*cmd, embeddings, ner], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return f"{cpu}; nproc {usable}; load average at start {load}"


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    except OSError:
        return "unknown"
    commit = done.stdout.strip() or "unknown"
    return commit + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def _rate(articles: int, seconds: float) -> str:
    return f"{articles / seconds:,.0f}" if seconds > 0 else "-"


def run(shared_data: Path, gva_rows: Sequence[int] = GVA_ROWS, repeat: int = 1) -> str:
    """The BENCHMARKS.md section (Markdown); with ``repeat`` > 1 each run is repeated and the
    fastest kept (on a machine shared with other work, the least disturbed)."""
    clustering = shared_data / "clustering"
    sets = [("ECB+ dev", clustering / "ecbplus-dev.jsonl", None)]
    sets += [(f"GVA dev, first {n:,} rows", clustering / "gva-dev.jsonl", n) for n in gva_rows]
    missing = [str(p) for _, p, _ in sets if not p.exists()]
    if missing:
        raise SkipBenchmark(f"speed data not found: {', '.join(missing)}")
    machine, commit = _machine(), _commit()
    lines = [
        "## Speed: `newsweave analyze`, default install and model-free",
        "",
        "`python -m benchmarks.speed` -- `newsweave.pipeline.analyze` and the `--json` "
        "rendering, in a fresh process per run (imports and model loading included, counted "
        "with ingest). *default* = `embeddings=auto, ner=auto` with spaCy and the embedding "
        "model installed; *model-free* = `embeddings=off, ner=off`. Stage figures are "
        "articles / the stage's wall seconds; extraction and comparison run in one worker "
        "process per CPU (`PipelineParams()`, as `newsweave analyze` runs them).",
        "",
        f"Machine: {machine}. Commit: {commit}."
        + (f" Fastest of {repeat} runs each." if repeat > 1 else ""),
        "",
        "| data | settings | articles | events | "
        + " | ".join(STAGES)
        + " | total s | **articles/s** |",
        "|---|---|---|---|" + "---|" * len(STAGES) + "---|---|",
    ]
    notes: list[str] = []
    for label, path, rows in sets:
        for name, (embeddings, ner) in SETTINGS.items():
            runs = [_measure_in_subprocess(path, rows, embeddings, ner) for _ in range(repeat)]
            r = min(runs, key=lambda x: float(x["wall"]))
            n = int(r["articles"])
            cells = [_rate(n, float(r["stages"].get(s, {}).get("wall", 0.0))) for s in STAGES]
            lines.append(
                f"| {label} | {name} | {n:,} | {int(r['events']):,} | "
                + " | ".join(cells)
                + f" | {r['wall']:.1f} | **{n / r['wall']:.1f}** |"
            )
            if name == "default" and r["embedding_model_loaded"]:
                notes.append(f"{label}: the embedding model was loaded.")
    lines += [
        "",
        "With `embeddings=auto` comparison stays model-free (measured in "
        "`newsweave.embeddings.HELPS`), so the default run never loads the embedding model; "
        "`ner=auto` runs spaCy only around speaker mentions "
        "(`newsweave.extract.entities`).",
    ]
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> None:
    """``--one PATH ROWS EMBEDDINGS NER`` measures one run here; else print the section
    (``--gva-rows 600,3104``, ``--repeat N``, ``--shared DIR``)."""
    if "--one" in argv:
        k = argv.index("--one")
        path, rows, embeddings, ner = argv[k + 1 : k + 5]
        print(json.dumps(measure(Path(path), int(rows) or None, embeddings, ner)))
        return
    rows = GVA_ROWS
    if "--gva-rows" in argv:
        rows = tuple(int(x) for x in argv[argv.index("--gva-rows") + 1].split(","))
    shared = ROOT.parent / "shared" / "data"
    if "--shared" in argv:
        shared = Path(argv[argv.index("--shared") + 1])
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    print(run(shared, rows, repeat))


if __name__ == "__main__":
    main(sys.argv[1:])
