"""The Spark benchmark (benchmarks/spark.py): its corpus, its driver measurement and its table."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from benchmarks import spark as bench


def test_corpus_is_written_one_folder_per_day(tmp_path: Path) -> None:
    written = bench.write_corpus(tmp_path, 4500)  # 2,000 articles a day: three days
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert written == 4500 and len(folders) >= 3 and all(f.startswith("day=") for f in folders)
    rows = [(f.parent.name, json.loads(x)) for f in tmp_path.rglob("*.jsonl") for x in f.open()]
    assert len(rows) == 4500 and {"id", "title", "date", "outlet", "text"} <= set(rows[0][1])
    assert all(folder == f"day={r['date']}" for folder, r in rows)


def test_driver_measurement_reports_each_part() -> None:
    r = bench.measure_driver(400)
    assert r["articles"] == 400 and r["events"] > 50 and r["storylines"] <= r["events"]
    assert r["cluster_per_s"] > 0 and r["dedup_per_s"] > 0 and r["peak_rss_mb"] > 10


def test_tree_memory_includes_child_processes() -> None:
    alone = bench._tree_rss_mb(os.getpid())
    assert alone > 10
    assert bench._tree_rss_mb(1) >= 0.0  # any tree, even one we cannot read all of


def test_section_lists_driver_and_job_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_child(*args: str) -> dict[str, Any]:
        n = int(args[1])
        if args[0] == "--driver":
            return {"dedup_per_s": 900.0, "cluster_s": n / 300, "cluster_per_s": 300.0,
                    "events": n // 3, "storylines_s": 1.0, "storylines": n // 4,
                    "driver_per_s": 250.0, "peak_rss_mb": 400.0}  # fmt: skip
        stages = {"read": 5.0, "clean": 4.0, "extract": 30.0, "dedup": 6.0, "cluster": 20.0,
                  "compare": 40.0, "write": 3.0}  # fmt: skip
        return {"articles": n, "seconds": 108.0, "articles_per_s": n / 108, "stages": stages,
                "stage_rates": {s: round(n / t, 1) for s, t in stages.items()},
                "driver_share": 26 / 108, "events": n // 3, "article_files": 1,
                "peak_mb": 2100.0}  # fmt: skip

    monkeypatch.setattr(bench, "_child", fake_child)
    monkeypatch.setattr(bench, "_spark_available", lambda: None)
    text = bench.run(Path("."), sizes=(10_000,), driver_sizes=(10_000, 20_000))
    assert "| 10,000 | 900.0 |" in text and "| 20,000 | 900.0 |" in text
    assert "| 10,000 | 108.0 |" in text and "24% |" in text and "40.0 (250.0)" in text
    monkeypatch.setattr(bench, "_spark_available", lambda: "pyspark is not installed")
    assert "Skipped: pyspark is not installed." in bench.run(Path("."), (10_000,), (10_000,))
