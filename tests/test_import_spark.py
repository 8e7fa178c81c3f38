"""`newsweave import-spark`: a Spark output folder becomes a store that `events`, `show`,
`export` and `serve` read as they read a local analysis (issue 19).

The output folders here are hand-built from a local analysis of invented articles, written in
the layout of docs/SPARK.md (articles split over partition folders and part files, Spark's
marker and checksum files beside them): importing one must give back exactly that analysis.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsweave.cli import main
from newsweave.distributed.importer import import_spark_output
from newsweave.models import Article
from newsweave.store import Store, open_store
from tests.helpers import pg_schema_url

DAY1, DAY2 = "2026-03-03", "2026-04-14"
_BRIDGE = (
    "The Alder bridge in Kessling closed on Tuesday after inspectors found cracks in two of its "
    "14 pillars, city engineer Mara Olund said. Traffic was diverted through the old town and "
    'ferries added 6 crossings an hour. "We will not reopen it until every pillar is safe," '
    "Olund said. Repairs would take at least 9 weeks and cost about 3.2 million."
)
_VOTE = (
    "The Brennmark council approved a new tram line by 23 votes to 17 on Wednesday, ending a "
    "two-year dispute. Mayor Hedda Lunn called the vote a victory for commuters in the northern "
    "districts, while opposition leader Piet Sorensen said the 410 million budget would force "
    "cuts elsewhere."
)
_REOPEN = (
    "The Alder bridge in Kessling reopened on Monday after repairs to two of its 14 pillars, "
    "city engineer Mara Olund said. Olund said the repairs cost 3.4 million, slightly more than "
    "planned, and that ferries would return to their normal timetable."
)
RECORDS = [
    {"id": "kp-1", "title": "Alder bridge closed", "text": _BRIDGE, "date": DAY1,
     "outlet": "Kessling Post", "url": "https://kesslingpost.example/bridge"},
    {"id": "rv-1", "title": "Cracks close Kessling's Alder bridge",
     "text": _BRIDGE.replace("Tuesday", "Tuesday morning"), "date": DAY1,
     "outlet": "River Voice", "url": "https://rivervoice.example/alder"},
    {"id": "bt-1", "title": "Tram line approved", "text": _VOTE, "date": DAY1,
     "outlet": "Brennmark Times", "url": "https://brennmarktimes.example/tram"},
    {"id": "nd-1", "title": "Brennmark backs tram", "text": _VOTE.replace("Wednesday", "Wednesday night"),
     "date": DAY1, "outlet": "North Daily", "url": "https://northdaily.example/tram"},
    {"id": "kp-2", "title": "Alder bridge reopens", "text": _REOPEN, "date": DAY2,
     "outlet": "Kessling Post", "url": "https://kesslingpost.example/reopen"},
    {"id": "rv-2", "title": "Kessling bridge open again", "text": _REOPEN, "date": None,
     "outlet": "River Voice", "url": "https://rivervoice.example/open"},
]  # fmt: skip


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the local analysis of the invented articles."""
    folder = tmp_path_factory.mktemp("local")
    source = folder / "news.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    db = folder / "local.db"
    result = _cli("analyze", str(source), "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    return db


def _spark_folder(db: Path, out: Path) -> Path:
    """The store's analysis written as a Spark job writes its output folder."""
    with open_store(db, create=False) as store:
        articles = list(store.iter_articles())
        events = store.events()
        stories = store.storylines()
        coverage = [c for e in events if (c := store.get_coverage(e.id)) is not None]
        outcomes = [o for run in _runs(store) for o in store.run_report(run).items]
    assert len(events) >= 2 and coverage and stories
    parts: dict[Path, list[str]] = {}
    for n, article in enumerate(articles):
        month = article.date[:7] if article.date else "unknown"
        part = out / "articles" / f"month={month}" / f"part-{n % 2:05d}-x.txt"
        parts.setdefault(part, []).append(json.dumps(article.to_dict(), ensure_ascii=False))
    for part, lines in parts.items():
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_text("\n".join(lines) + "\n", encoding="utf-8")
        (part.parent / f".{part.name}.crc").write_bytes(b"\x00crc")  # Spark's checksums
    (out / "articles" / "_SUCCESS").write_text("", encoding="utf-8")

    def lines(name: str, rows: list[dict[str, object]]) -> None:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (out / name).write_text(text, encoding="utf-8")

    lines("events.jsonl", [e.to_dict() for e in events])
    lines("storylines.jsonl", [s.to_dict() for s in stories])
    lines(
        "comparisons.jsonl", [{"event_id": c.event_id, "coverage": c.to_dict()} for c in coverage]
    )
    lines("outcomes.jsonl", [o.to_dict() for o in outcomes])
    (out / "report.json").write_text("{}", encoding="utf-8")
    return out


def _runs(store: object) -> list[str]:
    rows = store._fetchall("SELECT id FROM runs ORDER BY started")  # type: ignore[attr-defined]
    return [r[0] for r in rows]


@pytest.fixture
def spark_out(analysed: Path, tmp_path: Path) -> Path:
    return _spark_folder(analysed, tmp_path / "out")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where to import: a new SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "postgres":
        with pg_schema_url() as url:
            yield url
        return
    yield str(tmp_path / "imported.db")


def _view(db: str) -> dict[str, object]:
    """What the read commands print of a store."""
    events = _cli("events", "--db", db, "--json")
    assert events.exit_code == 0, events.output
    ids = [json.loads(line)["id"] for line in events.stdout.splitlines()]
    shows = {}
    for event_id in ids:
        shown = _cli("show", event_id, "--db", db, "--json")
        assert shown.exit_code == 0, shown.output
        shows[event_id] = json.loads(shown.stdout)
    export = _cli("export", "--db", db)
    assert export.exit_code == 0, export.output
    return {"events": events.stdout, "show": shows, "export": json.loads(export.stdout)}


def test_an_import_reads_back_exactly_the_analysis_it_was_written_from(
    analysed: Path, spark_out: Path, target: str
) -> None:
    result = _cli("import-spark", str(spark_out), "--db", target)
    assert result.exit_code == 0, result.output
    assert "6 articles (6 new, 0 already stored)" in result.stdout
    imported, local = _view(target), _view(str(analysed))
    assert imported == local
    shows = imported["show"]
    assert isinstance(shows, dict)
    # the comparisons came along: some event has a summary or quotes, not an empty coverage
    assert any(s["summary"] and s["quotes"] for s in shows.values())
    assert any(e["storyline"] for e in imported["export"]["events"])  # type: ignore[index]


def test_importing_twice_stores_nothing_twice(spark_out: Path, target: str) -> None:
    first = _cli("import-spark", str(spark_out), "--db", target, "--json")
    assert first.exit_code == 0, first.output
    before = _view(target)
    second = _cli("import-spark", str(spark_out), "--db", target, "--json")
    assert second.exit_code == 0, second.output
    report = json.loads(second.stdout)
    assert (report["articles"], report["new"], report["unchanged"]) == (6, 0, 6)
    assert report["events"] == json.loads(first.stdout)["events"]
    assert report["job_items"] == {"ingested": 6}
    assert _view(target) == before
    with open_store(target, create=False) as store:
        assert store.count_articles() == 6
        assert store.integrity_check() == []


def test_the_import_matches_articles_the_store_already_ingested(
    analysed: Path, spark_out: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(analysed, db)
    with open_store(db) as store:
        report = import_spark_output(spark_out, store)
        assert (report.new, report.unchanged, report.problems) == (0, 6, ())
        assert store.count_articles() == 6


def test_every_line_that_cannot_be_imported_is_named_and_the_rest_is_imported(
    spark_out: Path, tmp_path: Path
) -> None:
    part = sorted((spark_out / "articles").rglob("part-*"))[0]
    lines = part.read_text(encoding="utf-8").splitlines()
    lost = json.loads(lines[0])["id"]
    part.write_text("\n".join(["{not json", *lines[1:]]) + "\n", encoding="utf-8")
    with (spark_out / "events.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('["an", "array"]\n')
    with (spark_out / "comparisons.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"event_id": "e9999", "coverage": {"event_id": "e9999"}}) + "\n")
    db = str(tmp_path / "s.db")
    result = _cli("import-spark", str(spark_out), "--db", db)
    assert result.exit_code == 1
    rel = part.relative_to(spark_out).as_posix()
    assert f"not imported {rel}#line 1: not JSON" in result.stdout
    assert "events.jsonl#line" in result.stdout and "not a JSON object" in result.stdout
    assert f"were not imported ({lost})" in result.stdout
    assert "comparisons.jsonl#line" in result.stdout and "'e9999' was not imported" in result.stdout
    assert result.stderr.startswith("Error: 4 line(s)") and len(result.stderr.splitlines()) == 1
    with open_store(db, create=False) as store:
        assert store.count_articles() == 5
        members = {aid for e in store.events() for aid in e.article_ids}
        assert lost not in members and len(members) == 5
        assert store.integrity_check() == []


@pytest.mark.parametrize("missing", ["events.jsonl", "storylines.jsonl", "articles"])
def test_a_folder_that_is_not_a_spark_output_is_refused_and_creates_no_store(
    spark_out: Path, tmp_path: Path, missing: str
) -> None:
    path = spark_out / missing
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    db = tmp_path / "never.db"
    result = _cli("import-spark", str(spark_out), "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {spark_out} is not the output of `newsweave spark` (no {missing}): give the "
        "--out folder of a finished job."
    ]
    assert not db.exists()
    nothing = _cli("import-spark", str(tmp_path / "nowhere"), "--db", str(db))
    assert nothing.exit_code == 1 and "No folder" in nothing.stderr and not db.exists()


def test_an_output_without_comparisons_imports_events_without_them(
    spark_out: Path, tmp_path: Path
) -> None:
    (spark_out / "comparisons.jsonl").unlink()
    db = str(tmp_path / "s.db")
    result = _cli("import-spark", str(spark_out), "--db", db, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["comparisons"] == 0
    with open_store(db, create=False) as store:
        assert store.events() and all(store.get_coverage(e.id) is None for e in store.events())


def test_the_web_app_serves_an_imported_run(spark_out: Path, tmp_path: Path) -> None:
    pytest.importorskip("starlette", reason="the web app needs newsweave[web]")
    from starlette.testclient import TestClient

    from newsweave.web.app import create_app

    db = str(tmp_path / "s.db")
    assert _cli("import-spark", str(spark_out), "--db", db).exit_code == 0
    with open_store(db, create=False) as store:
        first = store.events()[0]
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        page = client.get(f"/event/{first.id}")
        assert page.status_code == 200 and first.title in page.text


# -- a real Spark run --------------------------------------------------------------------------

JAVA_17 = Path("/usr/lib/jvm/java-17-openjdk-amd64")


@pytest.fixture(scope="module")
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

    session = spark_session("local[2]", app="newsweave-import-tests")
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()


@pytest.mark.spark
@pytest.mark.slow
def test_a_spark_run_imported_reads_as_the_local_analysis_of_the_same_input(
    spark: object, analysed: Path, target: str, tmp_path: Path
) -> None:
    from newsweave.config import Settings
    from newsweave.distributed import run_job

    source = analysed.parent / "news.jsonl"  # the file the local analysis read
    settings = Settings(ner="off", embeddings="off", per_host_delay=0.0)
    run_job([str(source)], tmp_path / "out", settings, spark=spark, partitions=3, rows_per_file=2)
    assert len(list((tmp_path / "out" / "articles").rglob("part-*"))) >= 2
    result = _cli("import-spark", str(tmp_path / "out"), "--db", target, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["comparisons"] == report["events"] >= 2
    assert _view(target) == _view(str(analysed))


def test_a_processed_article_is_stored_as_processed_and_replaces_a_duplicate(
    any_store: Store,
) -> None:
    raw = Article(id="a1", text="Raw text.", raw_text="Raw text.", source_key="/in/a1")
    assert any_store.add_article(raw).status == "ingested"
    done = dataclasses.replace(raw, text="Cleaned text.", outlet="Kessling Post")
    outcome = any_store.add_article(done, processed=True)
    assert (outcome.status, outcome.article_id) == ("duplicate", "a1")
    assert any_store.get_article("a1") == done
    assert next(any_store.iter_articles(ingested=True)).text == "Raw text."  # kept as ingested
    other = Article(id="b1", text="Other.", raw_text="Other b.", source_key="/in/b1")
    assert any_store.add_article(other, processed=True).status == "ingested"
    assert next(any_store.iter_articles(["b1"], ingested=True)) == other
