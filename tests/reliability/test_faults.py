"""Faults: kill -9 mid-command, a full disk, a read-only store, two writers at once.

Every fault runs the real ``newsweave`` command in a subprocess. After each one the store must
pass ``integrity_check()``, and a rerun must complete the job with no article lost or stored
twice; a fault that stops a command must show one clear ``Error:`` line and exit 1, never a
traceback.

Kill points are random (seeded by ``NEWSWEAVE_FAULT_SEED``, default fixed so CI is
reproducible) but always land while the process is still working: ingest kills wait for a
random number of stored articles; analyze and export kills pick a random moment of the
reference run's duration.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsweave.errors import StoreError
from newsweave.models import Article, Event
from newsweave.store import SQLiteStore, open_store
from tests.helpers import (
    EXAMPLES,
    Corpus,
    assert_clean_failure,
    cli_command,
    cli_env,
    count,
    make_corpus,
    pg_schema_url,
    run_cli,
    small_fs,
)

#: Fault injection runs the CLI as subprocesses: minutes, so out of ``make test-fast``.
pytestmark = pytest.mark.fuzz

SEED = int(os.environ.get("NEWSWEAVE_FAULT_SEED", "20240611"))
CORPUS = EXAMPLES / "corpus"


def _stored(db: str | Path) -> list[Article]:
    with open_store(db) as store:
        assert store.integrity_check() == []
        return list(store.iter_articles())


def _assert_complete(db: str | Path, corpus: Corpus) -> None:
    """Every good item stored exactly once, with its full text; nothing else."""
    articles = _stored(db)
    keys = [a.source_key for a in articles]
    assert len(keys) == len(set(keys)), "an input item was stored twice"
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids))
    found: dict[str, int] = {}
    for article in articles:
        marker = article.raw_text.split("\n", 1)[0].removeprefix("Report ").strip()
        assert corpus.texts[marker].strip() == article.raw_text.strip(), marker
        found[marker] = found.get(marker, 0) + 1
    lost = set(corpus.texts) - set(found)
    count("items lost", len(lost))
    assert not lost, f"{len(lost)} items lost, e.g. {sorted(lost)[:3]}"
    assert len(articles) == corpus.good


def _sqlite_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _kill_when(
    args: list[str], ready: Callable[[float], bool], *, env: dict[str, str] | None = None
) -> bool:
    """Start ``newsweave ARGS``, SIGKILL it once ``ready(elapsed)`` holds; True when the kill
    hit the process while it was still running (a real fault, not a finished run)."""
    proc = subprocess.Popen(
        cli_command(*args),
        env=env or cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    start = time.monotonic()
    try:
        while proc.poll() is None and not ready(time.monotonic() - start):
            time.sleep(0.003)
        alive = proc.poll() is None
        if alive:
            os.kill(proc.pid, signal.SIGKILL)
        return alive
    finally:
        proc.wait(timeout=30)


# -- kill -9 ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_during_ingest_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", files=1500, jsonl_lines=1500, seed=SEED % 97)
    db = tmp_path / "k.db"
    rng = random.Random(SEED)
    faults = 0
    # Each round dies at a random number of stored articles, later than the last round's.
    targets = sorted(rng.sample(range(50, corpus.good - 50), 6))
    for target in targets:
        hit = _kill_when(
            ["ingest", str(corpus.root), "--db", str(db)],
            lambda _t, target=target: _sqlite_count(db) >= target,
        )
        faults += hit
        with open_store(db) as store:  # readable and consistent after every kill
            assert store.integrity_check() == []
    count("faults injected: kill -9 during ingest", faults)
    assert faults >= 4, "the kills came too late to hit a running ingest"
    done = run_cli("ingest", str(corpus.root), "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["counts"]["rejected"] == corpus.bad
    _assert_complete(db, corpus)
    # A second rerun changes nothing: every item is a duplicate now.
    again = json.loads(run_cli("ingest", str(corpus.root), "--db", str(db), "--json").stdout)
    statuses = {item["status"] for item in again["items"] if item["status"] != "rejected"}
    assert statuses == {"duplicate"}


@pytest.mark.slow
@pytest.mark.postgres
def test_kill_9_during_ingest_on_postgresql(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", files=600, jsonl_lines=600, seed=SEED % 89)
    rng = random.Random(SEED + 1)
    with pg_schema_url() as url:

        def stored() -> int:
            try:
                with open_store(url) as store:
                    return store.count_articles()
            except StoreError:
                return 0

        faults = 0
        for target in sorted(rng.sample(range(30, corpus.good - 30), 3)):
            faults += _kill_when(
                ["ingest", str(corpus.root), "--db", url],
                lambda _t, target=target: stored() >= target,
            )
            with open_store(url) as store:
                assert store.integrity_check() == []
        count("faults injected: kill -9 during ingest (PostgreSQL)", faults)
        assert faults >= 2
        done = run_cli("ingest", str(corpus.root), "--db", url)
        assert done.returncode == 0, done.stderr
        _assert_complete(url, corpus)


def _analysis(db: Path) -> dict[str, object]:
    """What an analysis saved: events with members, storylines, coverage, processed texts."""
    with open_store(db) as store:
        assert store.integrity_check() == []
        events = [e.to_dict() for e in store.events()]
        return {
            "events": events,
            "storylines": [s.to_dict() for s in store.storylines()],
            "coverage": {
                e["id"]: (c.to_dict() if (c := store.get_coverage(e["id"])) else None)
                for e in events
            },
            "articles": {a.id: a.to_dict() for a in store.iter_articles()},
        }


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    """(ingested-only store, analysed store, seconds the analysis took) of the example corpus."""
    if not CORPUS.is_dir():
        pytest.skip(f"example corpus missing at {CORPUS}")
    root = tmp_path_factory.mktemp("analysed")
    ingested = root / "ingested.db"
    done = run_cli("ingest", str(CORPUS), "--db", str(ingested))
    assert done.returncode == 0, done.stderr
    analysed = root / "analysed.db"
    shutil.copy(ingested, analysed)
    start = time.monotonic()
    done = run_cli("analyze", "--db", str(analysed), "--json")
    assert done.returncode == 0, done.stderr
    return ingested, analysed, time.monotonic() - start


def test_reanalysis_gives_the_same_analysis(
    analysed: tuple[Path, Path, float], tmp_path: Path
) -> None:
    """Analysing an analysed store again changes nothing (what a rerun after a kill does)."""
    _, reference, _ = analysed
    again = tmp_path / "again.db"
    shutil.copy(reference, again)
    done = run_cli("analyze", "--db", str(again), "--json")
    assert done.returncode == 0, done.stderr
    assert _analysis(again) == _analysis(reference)


@pytest.mark.slow
def test_kill_9_during_analyze_then_rerun_completes(
    analysed: tuple[Path, Path, float], tmp_path: Path
) -> None:
    ingested, reference, seconds = analysed
    db = tmp_path / "a.db"
    shutil.copy(ingested, db)
    rng = random.Random(SEED + 2)
    faults = 0
    # Random moments across the whole run: processing, saving, clustering, comparing, saving.
    for moment in sorted(rng.uniform(0.15, 0.97) * seconds for _ in range(5)):
        faults += _kill_when(
            ["analyze", "--db", str(db), "--json"], lambda t, moment=moment: t >= moment
        )
        with open_store(db) as store:
            assert store.integrity_check() == []
            assert store.count_articles() == len(_analysis(reference)["articles"])  # type: ignore[arg-type]
    count("faults injected: kill -9 during analyze", faults)
    assert faults >= 3
    done = run_cli("analyze", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    assert _analysis(db) == _analysis(reference)


@pytest.mark.slow
def test_kill_9_during_export_never_leaves_a_truncated_file(
    analysed: tuple[Path, Path, float], tmp_path: Path
) -> None:
    _, reference, _ = analysed
    db = tmp_path / "e.db"
    shutil.copy(reference, db)
    out = tmp_path / "export.json"
    start = time.monotonic()
    done = run_cli("export", "--db", str(db), "--out", str(out))
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    expected = out.read_bytes()
    json.loads(expected)
    out.unlink()
    rng = random.Random(SEED + 3)
    faults = 0
    for moment in sorted(rng.uniform(0.05, 1.0) * seconds for _ in range(8)):
        faults += _kill_when(
            ["export", "--db", str(db), "--out", str(out)], lambda t, moment=moment: t >= moment
        )
        # The file is either absent (killed before the rename) or the whole export.
        assert not out.exists() or out.read_bytes() == expected
    count("faults injected: kill -9 during export", faults)
    assert faults >= 4
    assert _analysis(db) == _analysis(reference)
    done = run_cli("export", "--db", str(db), "--out", str(out))
    assert done.returncode == 0 and out.read_bytes() == expected


# -- full disk -------------------------------------------------------------------------------


def _copy_store(src: Path, dest: Path) -> Path:
    """Copy a SQLite store with its -wal/-shm files (a reader sees what a writer committed)."""
    dest.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy(str(src) + suffix, str(dest / src.name) + suffix)
    return dest / src.name


def test_full_disk_is_a_clear_error_and_the_rerun_completes(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", files=300, jsonl_lines=300, seed=SEED % 83)
    with small_fs(tmp_path / "tiny", 400) as tiny:
        db = tiny / "full.db"
        done = run_cli("ingest", str(corpus.root), "--db", str(db))
        assert_clean_failure(done, "full", str(db))
        count("faults injected: disk full")
        saved = _copy_store(db, tmp_path / "after")
    partial = _stored(saved)  # what was committed before the disk filled: whole articles
    assert 0 < len(partial) < corpus.good
    for article in partial:
        marker = article.raw_text.split("\n", 1)[0].removeprefix("Report ")
        assert corpus.texts[marker].strip() == article.raw_text.strip()
    done = run_cli("ingest", str(corpus.root), "--db", str(saved))
    assert done.returncode == 0, done.stderr
    _assert_complete(saved, corpus)


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        # SIG_IGN survives exec, so a write past the limit fails with EFBIG instead of killing
        # the process: the same path as a full disk, without needing root or a mount.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_file_size_limit_is_a_clear_error_never_corruption(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", files=300, jsonl_lines=300, seed=SEED % 79)
    db = tmp_path / "limited.db"
    done = run_cli(
        "ingest", str(corpus.root), "--db", str(db), preexec_fn=_limit_file_size(300_000)
    )
    assert_clean_failure(done, str(db))
    count("faults injected: file size limit")
    assert 0 < len(_stored(db)) < corpus.good
    done = run_cli("ingest", str(corpus.root), "--db", str(db))
    assert done.returncode == 0, done.stderr
    _assert_complete(db, corpus)


def test_export_to_a_full_disk_keeps_the_old_file(
    analysed: tuple[Path, Path, float], tmp_path: Path
) -> None:
    _, reference, _ = analysed
    db = _copy_store(reference, tmp_path / "db")
    with small_fs(tmp_path / "tiny", 64) as tiny:
        out = tiny / "export.json"
        out.write_text('{"old": true}')
        done = run_cli("export", "--db", str(db), "--out", str(out))
        assert_clean_failure(done, "cannot write", str(out))
        count("faults injected: disk full")
        assert out.read_text() == '{"old": true}'
        assert [p.name for p in tiny.iterdir()] == ["export.json"]  # no temp file left


# -- read-only -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["ingest", "analyze"])  # reading works: test_store_open
def test_read_only_store_is_a_clear_error(
    command: str, analysed: tuple[Path, Path, float], tmp_path: Path
) -> None:
    _, reference, _ = analysed
    before = reference.read_bytes()
    with small_fs(tmp_path / "ro", 8192, read_only=True, seed=[reference]) as ro:
        db = ro / reference.name
        args = {
            "ingest": ["ingest", str(CORPUS / "web"), "--db", str(db)],
            "analyze": ["analyze", "--db", str(db)],
            "export": ["export", "--db", str(db), "--out", str(tmp_path / "x.json")],
        }[command]
        done = run_cli(*args)
        assert_clean_failure(done, "read-only", str(db))
        count("faults injected: read-only store")
        assert db.read_bytes() == before
    with open_store(_copy_store(reference, tmp_path / "copy")) as store:
        assert store.integrity_check() == []


def test_read_only_folder_for_a_new_store(tmp_path: Path) -> None:
    with small_fs(tmp_path / "ro", 64, read_only=True) as ro:
        done = run_cli("ingest", str(CORPUS / "web"), "--db", str(ro / "new.db"))
        assert_clean_failure(done, "read-only")
        count("faults injected: read-only store")
        assert list(ro.iterdir()) == []


def test_store_errors_in_the_api_are_store_errors(tmp_path: Path) -> None:
    """A full store raises StoreError (not sqlite3.OperationalError) from any write."""
    store = SQLiteStore(tmp_path / "s.db")
    try:
        store._conn.execute("PRAGMA max_page_count = 40")  # a tiny "disk" for this connection
        big = "x" * 50_000
        with pytest.raises(StoreError, match="full"):
            for i in range(100):
                store.add_article(Article(id=f"a{i}", text=big, raw_text=big, source_key=f"k{i}"))
        count("faults injected: disk full")
        assert store.integrity_check() == []
        with pytest.raises(StoreError, match="full"):
            huge = Event(id="e1", title="t" * 200_000, date=None, article_ids=("a0",))
            store.replace_analysis([huge], [], [])  # refused whole, never half-written
        assert store.events() == [] and store.integrity_check() == []
    finally:
        store.close()


# -- two writers -----------------------------------------------------------------------------


def _two_writers(db: str, first: Corpus, second: Corpus) -> None:
    """Ingest both corpora and the first one again, three processes at once."""
    procs = [
        subprocess.Popen(
            cli_command("ingest", str(c.root), "--db", db),
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for c in (first, second, first)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        assert "locked" not in err.lower() and "Traceback" not in err
    count("faults injected: concurrent writers", len(procs))


def _merged(a: Corpus, b: Corpus) -> Corpus:
    return Corpus(a.root, a.good + b.good, a.bad + b.bad, {**a.texts, **b.texts})


def test_concurrent_writers_are_serialized_on_sqlite(tmp_path: Path) -> None:
    first = make_corpus(tmp_path / "one", files=250, jsonl_lines=250, seed=11)
    second = make_corpus(tmp_path / "two", files=250, jsonl_lines=250, seed=12)
    db = tmp_path / "shared.db"
    _two_writers(str(db), first, second)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _assert_complete(db, _merged(first, second))


@pytest.mark.postgres
def test_concurrent_writers_are_serialized_on_postgresql(tmp_path: Path) -> None:
    first = make_corpus(tmp_path / "one", files=150, jsonl_lines=150, seed=21)
    second = make_corpus(tmp_path / "two", files=150, jsonl_lines=150, seed=22)
    with pg_schema_url() as url:
        _two_writers(url, first, second)
        _assert_complete(url, _merged(first, second))


def test_threads_writing_one_store_object(tmp_path: Path) -> None:
    """The web app's shared store: threads adding the same and different articles at once."""
    store = SQLiteStore(tmp_path / "t.db")
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(200):
                n = (i + offset) % 300
                text = f"Body {n}."
                store.add_article(
                    Article(
                        id=f"a{n}",
                        text=text,
                        raw_text=text,
                        source_key=f"k{n}",
                        content_hash=str(n),
                    )
                )
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k * 50,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert store.integrity_check() == []
        expected = {(i + k * 50) % 300 for k in range(4) for i in range(200)}
        assert store.count_articles() == len(expected)
    finally:
        store.close()
