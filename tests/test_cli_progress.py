"""Progress: every step's count moves per article, finished steps stop their clock, bars show an
ETA, and loading the embedding model prints nothing of its own (issue 18)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from newsweave.cli.output import StepBars, progress_bars
from newsweave.config import Settings
from newsweave.pipeline import analyze

TEXTS = {
    "dock-a": "Dockers strike in Brenmouth\nDock workers in Brenmouth stopped work on Monday "
    "over a shift roster, their union said. Eleven ships waited at anchor.\n",
    "dock-b": "Brenmouth dock strike enters second day\nThe strike by dock workers in Brenmouth "
    "went into a second day on Tuesday, the union said, with fourteen ships waiting.\n",
    "vote-a": "Orland council votes for tram line\nThe Orland city council voted 31 to 12 on "
    "Wednesday to build a tram line to the airport, the mayor said.\n",
    "vote-b": "Tram line approved in Orland\nOrland's council approved a new airport tram line "
    "on Wednesday after a long debate, council members said.\n",
    "fire": "Warehouse fire in Kessel\nA fire destroyed a furniture warehouse in Kessel on "
    "Thursday night, the fire brigade said. Nobody was hurt.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text)
    (folder / "blank.txt").write_text("")
    return folder


def test_every_step_moves_one_article_at_a_time_and_ends_at_its_total(corpus: Path) -> None:
    calls: list[tuple[str, int, int | None]] = []
    analyze([corpus], Settings(ner="off", embeddings="off"), progress=lambda *c: calls.append(c))
    steps = list(dict.fromkeys(step for step, _, _ in calls))
    assert steps[0] == "ingest" and steps[-1] == "compare"
    assert {"clean", "extract", "dedup", "cluster"} <= set(steps)
    assert "process" not in steps  # one bar sitting at 0/N, then jumping to done, is gone
    articles = len(TEXTS)
    for step in ("clean", "extract"):
        counts = [done for s, done, _ in calls if s == step]
        assert counts[: articles + 1] == list(range(articles + 1)), (step, counts)
        assert {total for s, _, total in calls if s == step} == {articles}
    ingest = [(done, total) for s, done, total in calls if s == "ingest"]
    assert ingest[0] == (0, None) and all(t is None for _, t in ingest[:-1])
    assert ingest[-1] == (articles + 1, articles + 1)  # 6 items: its total, stated at the end
    for step in steps:  # each step's last call says it is done
        done, total = next((d, t) for s, d, t in reversed(calls) if s == step)
        assert total is not None and done == total, (step, done, total)


def _terminal() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=100)


def test_bars_stop_the_clock_of_a_finished_step_and_show_an_eta() -> None:
    console = _terminal()
    with progress_bars(True, console=console) as progress:
        assert isinstance(progress, StepBars)
        for done in range(1, 4):
            progress("ingest", done, None)
        ingest = progress.bar.tasks[progress.tasks["ingest"]]
        assert not ingest.finished  # an unknown total: still running
        progress("ingest", 3, 3)
        assert ingest.finished and ingest.finished_time is not None
        progress("extract", 0, 10)
        progress("extract", 4, 10)
        extract = progress.bar.tasks[progress.tasks["extract"]]
        assert not extract.finished and extract.completed == 4
        progress.bar.refresh()
    assert "eta" in console.file.getvalue()


def test_no_bars_without_a_terminal() -> None:
    console = Console(file=io.StringIO(), force_terminal=False)
    with progress_bars(True, console=console) as progress:
        progress("ingest", 1, None)
    assert not isinstance(progress, StepBars)
    assert console.file.getvalue() == ""  # type: ignore[attr-defined]


def test_model_loading_silences_transformers_and_restores_it() -> None:
    tf_logging = pytest.importorskip("transformers.utils.logging")
    from newsweave.embeddings import _quiet_loading

    tf_logging.enable_progress_bar()
    tf_logging.set_verbosity_warning()
    with _quiet_loading():
        assert not tf_logging.is_progress_bar_enabled()
        assert tf_logging.get_verbosity() == tf_logging.ERROR
    assert tf_logging.is_progress_bar_enabled()
    assert tf_logging.get_verbosity() == tf_logging.WARNING


@pytest.mark.models
def test_loading_the_embedder_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    from newsweave import embeddings

    if not embeddings.available():
        pytest.skip("the offline embedding model is not installed (newsweave[embed])")
    embeddings._load_model.cache_clear()
    embed = embeddings.load_embedder("on")
    assert embed is not None and embed(["A ship waits."]).shape[0] == 1
    out, err = capfd.readouterr()
    assert "Loading weights" not in err and err.strip() == "", err
    assert out == ""
