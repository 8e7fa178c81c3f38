"""Worker processes in the batch job (issue 16, speed): the same result as one process."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.errors import ConfigError, MissingDependencyError
from newsweave.models import Article
from newsweave.pipeline import Pipeline, PipelineParams, WorkerPool, analyze
from newsweave.report import analysis_json

OUTLETS = ["Gazette", "Courier", "Herald", "Tribune"]
STORIES = [
    (
        "Harbour board approves new quay",
        'The harbour board of Velmar approved the new quay on Monday. "Work starts in May," '
        "board chair Ana Holt said. The quay will cost 12 million euros, officials said.",
    ),
    (
        "Storm closes coast road",
        "A storm closed the coast road near Orlan overnight. Police chief Tomas Reyk said the "
        'road would reopen on Tuesday. "Nobody was hurt," he said.',
    ),
    (
        "Museum reopens after repairs",
        "The city museum of Velmar reopened on Saturday after two years of repairs. Director "
        'Mira Lund said 4,000 visitors came. "We are delighted," Lund said.',
    ),
]


def _corpus(path: Path) -> Path:
    rows = []
    for s, (title, text) in enumerate(STORIES):
        for o, outlet in enumerate(OUTLETS):
            rows.append(
                {
                    "id": f"s{s}-{o}",
                    "outlet": outlet,
                    "date": f"2026-03-0{s + 1}",
                    "title": title,
                    "text": f"{text} Reported by {outlet} staff ({o}).",
                }
            )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


class Tagger:
    """A per-article stage that records a problem for some articles (must pickle)."""

    name = "tagger"
    requires = ("text",)
    assigns = ("title",)
    per_article = True

    def __init__(self) -> None:
        self.errors_: list[str] = []

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            if a.id.endswith("3"):
                self.errors_.append(f"tagger: {a.id}: odd")
            yield Article(id=a.id, text=a.text, raw_text=a.raw_text, title=a.text[:5])


class NeedsModel(Tagger):
    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        raise MissingDependencyError("spaCy named-entity recognition", "nlp")
        yield from ()


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"Text number {i}.", raw_text="") for i in range(n)]


@pytest.mark.slow
def test_analysis_in_workers_equals_the_analysis_in_one_process(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl")
    settings = Settings(ner="off", embeddings="off")
    one = analyze([corpus], settings)
    many = analyze([corpus], settings, params=PipelineParams(workers=2, min_parallel_articles=2))

    def as_json(result: object) -> str:
        parts = (result.articles, result.events, result.storylines, result.coverage, None)  # type: ignore[attr-defined]
        return json.dumps(analysis_json(*parts), sort_keys=True)

    assert len(one.articles) == 12 and one.events
    assert any(q for a in one.articles for q in a.quotes)
    assert as_json(one) == as_json(many)


@pytest.mark.slow
def test_stage_in_workers_keeps_order_and_problems() -> None:
    articles = _articles(40)
    stage = Tagger()
    with WorkerPool(PipelineParams(workers=2, min_parallel_articles=10)) as pool:
        out = Pipeline([stage]).fit_transform(articles, pool=pool)
        assert [a.id for a in out] == [a.id for a in articles]
        assert [a.title for a in out] == ["Text "] * 40
        assert sorted(stage.errors_) == sorted(f"tagger: a{i}: odd" for i in (3, 13, 23, 33))
        with pytest.raises(MissingDependencyError, match="nlp"):
            Pipeline([NeedsModel()]).fit_transform(articles, pool=pool)


def test_small_corpora_and_one_worker_stay_in_this_process() -> None:
    pool = WorkerPool(PipelineParams(workers=2, min_parallel_articles=50))
    assert not pool.worth(49) and pool.worth(50)
    assert pool.run_stage(Tagger(), _articles(10), None) is None  # no worker started
    assert pool._executor is None
    assert not WorkerPool(PipelineParams(workers=1)).worth(10_000)
    # a stage that does not pickle runs here
    unpicklable = Tagger()
    unpicklable.hook = lambda: None  # type: ignore[attr-defined]
    big = WorkerPool(PipelineParams(workers=2, min_parallel_articles=1))
    assert big.run_stage(unpicklable, _articles(5), None) is None
    assert big._executor is None


def test_worker_count_and_validation() -> None:
    assert PipelineParams(workers=3).worker_count() == 3
    assert 1 <= PipelineParams().worker_count() <= 8
    for bad in (0, -1, True, 2.5):
        with pytest.raises(ConfigError, match="workers"):
            PipelineParams(workers=bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="min_parallel_articles"):
        PipelineParams(min_parallel_articles=0)
