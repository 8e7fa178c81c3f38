"""The Spark job equals the local batch path on the same input (Spark local mode).

The input mixes what makes equality hard: the bundled example corpus (boilerplate a source
repeats, syndicated copies, bad files, feeds, HTML), JSONL partitioned by day with an id used
twice for different texts and a record repeated verbatim, a WARC archive of pages without an
outlet (host names learned across records), a hidden file and a missing path.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.distributed import input_tasks, read_output, run_job, run_local
from newsweave.distributed.spark import (
    local_comparisons,
    read_comparisons,
    read_task,
    resolve_ids,
)
from newsweave.ingest import read_inputs
from newsweave.ingest.base import item_label
from newsweave.models import Article, Event
from newsweave.store import open_store

REPO = Path(__file__).resolve().parents[1]
JAVA_17 = Path("/usr/lib/jvm/java-17-openjdk-amd64")
SETTINGS = Settings(ner="off", embeddings="off", per_host_delay=0.0)

_STORY = {
    "bridge": (
        "The Alder bridge in Kessling closed on Tuesday after inspectors found cracks in two "
        "of its 14 pillars, city engineer Mara Olund said. Traffic was diverted through the "
        "old town and ferries added 6 crossings an hour. Olund said repairs would take at "
        "least 9 weeks and cost about 3.2 million."
    ),
    "vote": (
        "The Brennmark council approved a new tram line by 23 votes to 17 on Wednesday, "
        "ending a two-year dispute. Mayor Hedda Lunn called the vote a victory for commuters "
        "in the northern districts, while opposition leader Piet Sorensen said the 410 million "
        "budget would force cuts elsewhere."
    ),
}
_PROMO = "Subscribe to the Kessling Post for all the local news, every morning."


def _jsonl(path: Path, rows: list[dict[str, str] | str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """A WARC of HTML responses: (url, title, body text)."""
    fastwarc = pytest.importorskip("fastwarc.warc")
    out = io.BytesIO()
    for url, title, text in pages:
        html = (
            f"<html><head><title>{title} | Kessling Post</title></head><body><article>"
            f"<h1>{title}</h1><p>{text}</p><p>{_PROMO}</p></article>"
            "<footer>Kessling Post, the city's paper since 1901</footer></body></html>"
        ).encode()
        rec = fastwarc.WarcRecord()
        rec.init_headers(fastwarc.WarcRecordType.response, f"uuid:{uuid.uuid4()}".encode())
        rec.headers["WARC-Target-URI"] = url
        rec.headers["WARC-Date"] = "2026-03-03T08:00:00Z"
        rec.headers["Content-Type"] = "application/http; msgtype=response"
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(html)}\r\n\r\n"
        ).encode()
        rec.set_bytes_content(head + html)
        rec.write(out, checksum_data=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("spark-corpus")
    days = root / "days"
    rows1: list[dict[str, str] | str] = [
        {"id": "b1", "title": "Alder bridge shut", "date": "2026-03-03", "outlet": "Kessling Post",
         "text": f"{_STORY['bridge']}\n{_PROMO}"},
        {"id": "v1", "title": "Tram line approved", "date": "2026-03-04", "outlet": "Kessling Post",
         "text": f"{_STORY['vote']}\n{_PROMO}"},
        {"id": "b2", "title": "Cracks close bridge", "date": "2026-03-03", "outlet": "Wire Today",
         "text": _STORY["bridge"]},  # a syndicated copy
        "{not json",
    ]  # fmt: skip
    rows2: list[dict[str, str] | str] = [
        {"id": "v1", "title": "Council backs trams", "date": "2026-03-04", "outlet": "Lunn Daily",
         "text": _STORY["vote"].replace("Wednesday", "Wednesday evening")},  # id taken
        {"id": "b1", "title": "Alder bridge shut", "date": "2026-03-03", "outlet": "Kessling Post",
         "text": f"{_STORY['bridge']}\n{_PROMO}"},  # the same record again
        {"id": "x1", "text": ""},  # rejected: no text
    ]  # fmt: skip
    _jsonl(days / "day=2026-03-03" / "part-0.jsonl", rows1)
    _jsonl(days / "day=2026-03-04" / "part-0.jsonl", rows2)
    (days / "day=2026-03-04" / ".part-0.jsonl.crc").write_text("hidden\n")
    _warc(
        days / "day=2026-03-05" / "crawl.warc",
        [
            ("https://kesslingpost.example/news/bridge-repairs", "Bridge repairs to take weeks",
             _STORY["bridge"].replace("Tuesday", "Monday")),
            ("https://kesslingpost.example/news/tram-vote", "Trams win the council vote",
             _STORY["vote"]),
        ],
    )  # fmt: skip
    return [str(REPO / "examples" / "corpus"), str(days), str(root / "missing.jsonl")]


# -- without Spark: the parts the driver and executors share ------------------------------------


def test_tasks_read_what_a_local_run_reads(corpus: list[str]) -> None:
    local = list(read_inputs(corpus, SETTINGS))
    tasks = input_tasks(corpus)
    split = [item for task in tasks for _, item in read_task(task, SETTINGS)]
    assert split == local
    assert any(getattr(i, "reason", "") == "hidden file, skipped" for i in split)


def test_resolve_ids_follows_the_store() -> None:
    def art(aid: str, key: str, digest: str) -> Article:
        return Article(id=aid, text="t", source_key=key, content_hash=digest, path=key)

    arts = [
        art("a", "f1#1", "h1"), art("a", "f2#1", "h2"), art("a", "f3#1", "h1"),
        art("b", "f1#2", "h3"), art("b", "f1#2", "h4"),
    ]  # fmt: skip
    keep, outcomes = resolve_ids(
        ((0, i), a.id, a.source_key, a.content_hash, a.path, a.url) for i, a in enumerate(arts)
    )
    with open_store(":memory:") as store:
        expected = [store.add_article(a, label=item_label(a)) for a in arts]
    assert [o for _, o in outcomes] == expected
    # b's second version replaces the first in place: its content, the first's position.
    assert keep == {(0, 0): ((0, 0), "a"), (0, 1): ((0, 1), expected[1].article_id),
                    (0, 4): ((0, 3), "b")}  # fmt: skip


def _job_in_one_process(inputs: list[str], parts: int, seed: int) -> list[Event]:
    """The job's executor and driver functions composed without Spark, the cleaned articles
    dealt to ``parts`` partitions at random (as a shuffle would)."""
    import random
    from collections import defaultdict

    from newsweave.dedup import Deduplicator
    from newsweave.distributed import spark as job
    from newsweave.pipeline import cluster_articles

    items = [it for task in job.input_tasks(inputs) for it in job.read_task(task, SETTINGS)]
    arts = [p for p in items if isinstance(p[1], Article)]
    keep, _ = job.resolve_ids(job._stub(*p) for p in arts)
    stored = [job._stored(p, keep) for p in arts if p[0] in keep]
    groups: dict[str, list[tuple[tuple[int, int], Article]]] = defaultdict(list)
    for p in stored:
        groups[job._group_key(p)].append(p)
    templates = frozenset().union(*[job.group_templates(g) for g in groups.values()])
    cleaned = [x for g in reversed(list(groups.values())) for x in job.clean_group(g, templates)]
    hosts: dict[str, list[tuple[tuple[int, int], Article]]] = defaultdict(list)
    for x in cleaned:
        for key, value in job._host_item(x):
            hosts[key].append(value)
    names: dict[str, str] = {}
    for g in hosts.values():
        names.update(job.host_names(g, SETTINGS))
    random.Random(seed).shuffle(cleaned)
    chunks = [cleaned[i::parts] for i in range(parts)]
    dates = sorted(d for c in chunks for d in job.corpus_dates(c, SETTINGS))
    learned = {"host_names_": names, "corpus_dates_": dates}
    done = [r for c in chunks for r in job.extract_partition(c, SETTINGS, learned, True, False)]
    ordered = sorted((job._driver_item(r) for r in done), key=lambda r: r[0])
    articles = Deduplicator().dedupe([a for _, a, _ in ordered])
    return cluster_articles(articles, SETTINGS)[0]


def test_job_functions_equal_the_local_path_however_partitioned(corpus: list[str]) -> None:
    """Partitioning and the order partitions come back in change nothing: every stage
    sorts by the input order key (what gva-dev reorderings tested, see issue 19)."""
    _, local_events, _, _ = run_local(corpus, SETTINGS, quotes=True)
    for parts, seed in ((1, 0), (3, 1), (5, 2)):
        assert _job_in_one_process(corpus, parts, seed) == local_events


def test_article_files_are_bounded_per_month() -> None:
    from newsweave.distributed.outputs import (
        bucket_of,
        buckets_per_month,
        file_slots,
        month_of,
    )

    assert month_of(Article(id="a", text="t", date="2026-03-04")) == "2026-03"
    assert month_of(Article(id="a", text="t")) == "unknown"
    slots = file_slots({"2026-03": 450, "2026-04": 10, "unknown": 1}, rows_per_file=200)
    # 3 files for March's 450 lines, one each for the rest; numbered 0..n-1, months sorted.
    assert sorted(slots.values()) == list(range(5))
    assert buckets_per_month(slots) == {"2026-03": 3, "2026-04": 1, "unknown": 1}
    assert bucket_of("a17", 3) == bucket_of("a17", 3) < 3  # crc32: no hash seed


def test_comparison_lines_round_trip() -> None:
    from newsweave.distributed.outputs import comparison_line, event_number, read_comparisons
    from newsweave.models import Coverage, SummarySentence

    said = SummarySentence(text="The Alder bridge closed.", cites=("b1", "b2"), outlets=("KP",))
    cov = Coverage(event_id="e0007", summary=(said,), omissions={"KP": ("Repairs take weeks.",)})
    line = comparison_line("e0007", cov)
    assert json.loads(line) == {"event_id": "e0007", "coverage": cov.to_dict()}
    assert read_comparisons([line, ""]) == {"e0007": cov}
    assert event_number("e0007") < event_number("e0010") < event_number("e-extra")


# -- Spark local mode -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    pytest.importorskip("pyspark", reason="Spark tests need newsweave[spark] (pyspark)")
    if not os.environ.get("JAVA_HOME") and JAVA_17.is_dir():
        os.environ["JAVA_HOME"] = str(JAVA_17)
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.skip("Spark tests need Java 17: set JAVA_HOME (apt install openjdk-17-jre)")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from newsweave.distributed import spark_session

    session = spark_session("local[2]", app="newsweave-tests")
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()


@pytest.mark.spark
@pytest.mark.slow
def test_spark_job_equals_the_local_batch_path(
    spark: object, corpus: list[str], tmp_path: Path
) -> None:
    local_articles, local_events, local_stories, local_outcomes = run_local(
        corpus, SETTINGS, quotes=True
    )
    local_coverage = local_comparisons(local_articles, local_events, SETTINGS)
    report = run_job(
        corpus, tmp_path / "out", SETTINGS, spark=spark, quotes=True, partitions=3, rows_per_file=4
    )
    articles, events, storylines = read_output(tmp_path / "out")

    assert events == local_events
    assert storylines == local_stories
    assert articles == sorted(local_articles, key=lambda a: a.id)
    # Comparisons: the same coverage per event, one line per event, in event order.
    lines = (tmp_path / "out" / "comparisons.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["event_id"] for x in lines] == [e.id for e in local_events]
    coverage = read_comparisons(tmp_path / "out")
    assert coverage == local_coverage
    assert [json.loads(x)["coverage"] for x in lines] == [
        local_coverage[e.id].to_dict() for e in local_events
    ]
    assert any(c.consensus for c in coverage.values()) and report["compare_errors"] == 0
    outcomes = [json.loads(x) for x in (tmp_path / "out" / "outcomes.jsonl").open()]
    assert outcomes == [o.to_dict() for o in local_outcomes]
    # The input exercised what it should: copies, rejections, id collisions, several events.
    assert report["copies"] >= 2 and report["items"]["rejected"] >= 4
    assert any("already taken" in (o["reason"] or "") for o in outcomes)
    assert len(events) >= 6 and report["articles"] == len(local_articles)
    # Articles: month folders, at most ceil(articles of the month / rows_per_file) files each.
    folders = {p.name: p for p in (tmp_path / "out" / "articles").iterdir() if p.is_dir()}
    assert "month=2026-03" in folders
    per_month: dict[str, int] = {}
    for a in local_articles:
        key = a.date[:7] if a.date else "unknown"
        per_month[key] = per_month.get(key, 0) + 1
    files = {name: len(list(p.glob("part-*"))) for name, p in folders.items()}
    assert set(files) == {f"month={m}" for m in per_month}
    assert all(1 <= files[f"month={m}"] <= -(-n // 4) for m, n in per_month.items())
    assert max(files.values()) > 1  # a month over rows_per_file is split
    assert report["article_files"] == sum(files.values())


@pytest.mark.spark
@pytest.mark.slow
def test_spark_command_writes_the_documented_outputs(
    spark: object, corpus: list[str], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from newsweave.cli.spark import spark as spark_command

    out = tmp_path / "cli-out"
    args = [corpus[1], "--out", str(out), "--master", "local[2]", "--no-quotes"]
    result = CliRunner().invoke(spark_command, args, env={"NEWSWEAVE_NER": "off"})
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary == json.loads((out / "report.json").read_text())
    assert {p.name for p in out.iterdir()} == {
        "articles", "events.jsonl", "storylines.jsonl", "outcomes.jsonl", "report.json",
        "comparisons.jsonl",
    }  # fmt: skip
    articles, events, _ = read_output(out)
    assert sorted(a for e in events for a in e.article_ids) == [a.id for a in articles]
    assert all(not a.quotes for a in articles)
    missing = CliRunner().invoke(spark_command, ["--out", str(out)])
    assert missing.exit_code == 2 and "INPUTS" in missing.output


def test_job_refuses_a_stage_that_learns_unknown_corpus_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsweave.distributed.spark import check_fitted_state
    from newsweave.errors import PipelineError
    from newsweave.extract import Extractor

    check_fitted_state(SETTINGS)  # today's stages: fine
    fit = Extractor.fit

    def fit_more(self: Extractor, articles: object) -> Extractor:
        fit(self, articles)  # type: ignore[arg-type]
        self.spelling_ = {}  # type: ignore[attr-defined]
        return self

    monkeypatch.setattr(Extractor, "fit", fit_more)
    with pytest.raises(PipelineError, match="spelling_"):
        check_fitted_state(SETTINGS)
