"""The speed benchmark (benchmarks/speed.py): stage timing of one run and the section's table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks import SkipBenchmark, speed

from newsweave import embeddings


def _corpus(path: Path) -> Path:
    rows = [
        {
            "id": f"a{i}",
            "outlet": outlet,
            "date": "2026-03-02",
            "title": "Harbour board approves new quay",
            "text": (
                "The harbour board of Velmar approved the new quay on Monday. "
                f'"Work starts in May," board chair Ana Holt said. Item {i}.'
            ),
        }
        for i, outlet in enumerate(["Gazette", "Courier", "Herald"])
    ]
    rows.append({"id": "x", "text": "A storm closed the coast road near Orlan overnight."})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_measure_times_every_stage_of_one_model_free_run(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl")
    embeddings._load_model.cache_clear()  # another test may have loaded it in this process
    result = speed.measure(corpus, 3, "off", "off")  # the first 3 rows only
    assert result["articles"] == 3
    assert result["events"] >= 1
    assert set(speed.STAGES) <= set(result["stages"])
    total = sum(s["wall"] for s in result["stages"].values())
    assert total == pytest.approx(result["wall"], rel=1e-6)
    assert not result["embedding_model_loaded"]
    assert speed.measure(corpus, None, "off", "off")["articles"] == 4


def test_section_lists_both_settings_per_data_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "clustering").mkdir()
    for name in ("ecbplus-dev.jsonl", "gva-dev.jsonl"):
        _corpus(tmp_path / "clustering" / name)
    calls: list[tuple[Any, ...]] = []

    def fake(path: Path, rows: int | None, embeddings: str, ner: str) -> dict[str, Any]:
        calls.append((path.name, rows, embeddings, ner))
        stages = {s: {"wall": 0.5, "cpu": 0.5} for s in speed.STAGES}
        return {"articles": 100, "events": 10, "stages": stages, "wall": 4.0, "cpu": 3.5,
                "embedding_model_loaded": False}  # fmt: skip

    monkeypatch.setattr(speed, "_measure_in_subprocess", fake)
    section = speed.run(tmp_path, gva_rows=(600,))
    assert ("ecbplus-dev.jsonl", None, "auto", "auto") in calls
    assert ("gva-dev.jsonl", 600, "off", "off") in calls and len(calls) == 4
    assert "| ECB+ dev | default | 100 | 10 |" in section
    assert "| 4.0 | **25.0** |" in section  # 100 articles in 4 s
    assert "nproc" in section and "Commit:" in section


def test_section_skips_without_the_data(tmp_path: Path) -> None:
    with pytest.raises(SkipBenchmark, match="ecbplus-dev"):
        speed.run(tmp_path)


def test_repeat_keeps_the_fastest_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "clustering").mkdir()
    for name in ("ecbplus-dev.jsonl", "gva-dev.jsonl"):
        _corpus(tmp_path / "clustering" / name)
    walls = iter([8.0, 5.0] * 8)

    def fake(path: Path, rows: int | None, embeddings: str, ner: str) -> dict[str, Any]:
        stages = {s: {"wall": 0.1, "cpu": 0.1} for s in speed.STAGES}
        return {"articles": 100, "events": 10, "stages": stages, "wall": next(walls),
                "cpu": 1.0, "embedding_model_loaded": False}  # fmt: skip

    monkeypatch.setattr(speed, "_measure_in_subprocess", fake)
    section = speed.run(tmp_path, gva_rows=(600,), repeat=2)
    assert section.count("| 5.0 | **20.0** |") == 4 and "| 8.0 |" not in section
    assert "Fastest of 2 runs each." in section
