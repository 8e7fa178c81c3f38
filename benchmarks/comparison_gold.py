"""Coverage comparison scored against real-news gold read by hand (benchmarks/data/comparison).

32 multi-outlet events (BASIL 2010-2015 triplets, ECB+ dev events, GVA dev incidents with three
or more sites) annotated by reading them, following ../shared/COMPARISON-GOLD.md: every direct
quote's speaker, cross-outlet groups of one statement with a verdict, and for every sentence
which other outlets carry its fact. Split by :func:`newsweave.evaluation.tune_half` on the event
id: the thresholds of "only this outlet", "omits" and the quote grouping were chosen on the
tune part; the report part is the figure. Scored as the guide says
(:mod:`newsweave.evaluation.compgold`): each event analysed alone with default settings.

Reproduce: ``python -m benchmarks.comparison_gold``.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from newsweave.config import load_settings
from newsweave.embeddings import available
from newsweave.evaluation.compgold import PR, GoldScore, measure


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _cell(pr: PR) -> str:
    return f"{_f(pr.precision)} ({pr.right}/{pr.claimed}) | {_f(pr.recall)} ({pr.found}/{pr.gold})"


def _rows(label: str, sc: GoldScore, seconds: float) -> list[str]:
    attributed = sc.speaker.claimed - sc.unattributed
    return [
        f"| {label} | only this outlet | {_cell(sc.unique)} |",
        f"| {label} | omits | {_cell(sc.omits)} |",
        f"| {label} | speaker (unattributed = miss) | {_cell(sc.speaker)} |",
        f"| {label} | speaker, attributed only | "
        f"{_f(sc.speaker.right / attributed if attributed else None)} "
        f"({sc.speaker.right}/{attributed}); {sc.unattributed} unattributed | – |",
        f"| {label} | cross-outlet quote groups | {_cell(sc.groups)} |",
        f'| {label} | "altered" verdicts | {_cell(sc.altered)} |',
        f"| {label} | core fact in the first summary sentence | "
        f"{sc.core_first}/{sc.events} events | – |",
        f"| {label} | time | {seconds:.0f} s for {sc.events} events | – |",
    ]


def run(shared_data: Path) -> str:
    """Score the comparison on the gold's report part (and, labelled, its tune part)."""
    base = load_settings()
    modes = ["off"] + (["auto"] if available() else [])
    lines = [
        "## Comparison on real news: hand-read gold (speakers, quote groups, only/omits)",
        "",
        "Command: `python -m benchmarks.comparison_gold`. Gold: `benchmarks/data/comparison/` "
        "(32 events, 1,429 sentences, 304 quotes, 48 cross-outlet groups; guide in its "
        "README). Thresholds were chosen on the *tune* part; the *report* part is the figure. "
        "Precision = right / claimed, recall = found / gold, scored as "
        "../shared/COMPARISON-GOLD.md says. *model-free* = `embeddings=off`; *default* = the "
        "default install (sentence embeddings where they help).",
        "",
        "| part, path | claim | precision | recall |",
        "|---|---|---|---|",
    ]
    for part in ("report", "tune"):
        for mode in modes:
            t0 = time.perf_counter()
            sc = measure(shared_data, replace(base, embeddings=mode), part)
            label = f"{part}, {'model-free' if mode == 'off' else 'default'}"
            lines += _rows(label, sc, time.perf_counter() - t0)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    sys.stdout.write(run(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
