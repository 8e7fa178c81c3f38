"""Credentials are never printed (issue 19): `analyze --db postgresql://user:password@...`
printed the password on stderr. Every command that takes a store URL or a feed URL is run with
a password in it, failing and succeeding, and its stdout, stderr and log lines searched for it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner, Result

from newsweave.cli import main
from newsweave.urls import redact
from tests.helpers import pg_schema_url

SECRET = "s3cr3t-Pw"

STORY = (
    "Harbour cranes stand idle in Brenmouth\n\nBRENMOUTH, June 3 - Crane operators at the "
    "Brenmouth container terminal stopped work on Tuesday over a shift roster dispute, the "
    "operators' association said. Eleven ships waited at anchor.\n"
)


# -- the helper --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://ana:pw@db.example:5432/news", "postgresql://ana:***@db.example:5432/news"),
        ("postgres://ana:p@ss@db.example/news", "postgres://ana:***@db.example/news"),
        ("postgresql://ana:p%40ss@db.example/x?sslmode=require",
         "postgresql://ana:***@db.example/x?sslmode=require"),
        ("failed (postgresql://a:b@h/d): FATAL", "failed (postgresql://a:***@h/d): FATAL"),
        ("https://token123@feeds.example/rss", "https://***@feeds.example/rss"),
        ("http://u:p@a.example/x and ftp://v:q@b.example/y",
         "http://u:***@a.example/x and ftp://v:***@b.example/y"),
        ("postgresql://h/db?user=ana&password=pw&sslmode=x",
         "postgresql://h/db?user=ana&password=***&sslmode=x"),
        ("dbname=news user=ana password='a b' host=h", "dbname=news user=ana password=*** host=h"),
    ],
)  # fmt: skip
def test_redact_hides_passwords_and_keeps_the_rest(text: str, shown: str) -> None:
    assert redact(text) == shown


@pytest.mark.parametrize(
    "prose",
    [
        "news.db",
        "/home/ana/stores/news@2024.db",
        "Write to ana@example.org for a copy: https://example.org/a?b=c",
        "The password was changed, the ministry said; a = b, x=y.",
        "https://example.org/page@2x.png",
        "postgresql://db.example:5432/news",
        "Crane operators stopped work at 09:00@terminal 3.",
    ],
)
def test_redact_leaves_text_without_credentials_alone(prose: str) -> None:
    assert redact(prose) == prose


# -- every command -----------------------------------------------------------------------------


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _never_shows(result: Result, secret: str, caplog: pytest.LogCaptureFixture) -> None:
    for stream in (result.stdout, result.stderr):
        assert secret not in _joined(stream), stream
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert secret not in (caplog.text or "")


def _joined(text: str) -> str:
    """``text`` without line breaks (rich wraps long lines, even inside a URL)."""
    return text.replace("\n", "")


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.fixture
def feeds(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.txt"
    path.write_text(f"http://reader:{SECRET}@127.0.0.1:9/feed.xml\n", encoding="utf-8")
    return path


def _no_server(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Stand in for uvicorn.run: `serve` returns once it would serve; the apps are listed."""
    pytest.importorskip("uvicorn", reason="serve needs newsweave[web]")
    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    return served


def _commands(db: str, story: Path, feeds: Path, out: Path) -> list[list[str]]:
    return [
        ["ingest", str(story), "--db", db],
        ["analyze", str(story), "--db", db],
        ["analyze", "--db", db],
        ["events", "--db", db],
        ["show", "e0001", "--db", db],
        ["show", "e0099", "--db", db],
        ["export", "--db", db],
        ["import-spark", str(out), "--db", db],
        ["watch", str(feeds), "--db", db, "--once"],
        ["serve", "--db", db],
    ]


@pytest.fixture
def spark_out(tmp_path: Path) -> Path:
    """The smallest Spark output folder: one invented article, one event, one storyline."""
    out = tmp_path / "out"
    (out / "articles" / "month=2026-06").mkdir(parents=True)
    article = {"id": "a1", "text": STORY, "raw_text": STORY, "source_key": "/in/a1",
               "date": "2026-06-03", "content_hash": "h1"}  # fmt: skip
    (out / "articles" / "month=2026-06" / "part-00000.txt").write_text(json.dumps(article) + "\n")
    event = {"id": "e0001", "title": "Cranes idle", "date": "2026-06-03", "article_ids": ["a1"],
             "storyline_id": "s0001"}  # fmt: skip
    (out / "events.jsonl").write_text(json.dumps(event) + "\n")
    story = {"id": "s0001", "title": "Cranes idle", "event_ids": ["e0001"]}
    (out / "storylines.jsonl").write_text(json.dumps(story) + "\n")
    return out


def test_no_command_prints_the_password_of_an_unreachable_store(
    story: Path,
    feeds: Path,
    spark_out: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_server(monkeypatch)
    caplog.set_level(logging.INFO)
    db = f"postgresql://ana:{SECRET}@127.0.0.1:9/news"
    for args in _commands(db, story, feeds, spark_out):
        result = _run(*args)
        assert result.exit_code != 0, (args, result.output)
        assert "postgresql://ana:***@127.0.0.1:9/news" in _joined(result.stderr)
        _never_shows(result, SECRET, caplog)


@pytest.mark.postgres
def test_no_command_prints_the_password_of_a_working_store(
    story: Path,
    feeds: Path,
    spark_out: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    served = _no_server(monkeypatch)
    caplog.set_level(logging.INFO)
    with pg_schema_url() as db:
        password = urlsplit(db).password
        assert password
        codes = {}
        for args in _commands(db, story, feeds, spark_out):
            result = _run(*args)
            codes[" ".join(args[:2])] = result.exit_code
            _never_shows(result, password, caplog)
            if args[0] == "analyze" and len(args) == 4:
                assert f"Browse it: newsweave serve --db {redact(db)}" in _joined(result.stderr)
            if args[0] == "serve":
                assert redact(db) in _joined(result.stderr)
        assert served, "serve did not reach uvicorn.run"
    # the store worked: the commands that should succeed did, the others failed on purpose
    assert codes[f"show {'e0099'}"] == 1 and codes[f"watch {feeds}"] == 1
    assert all(
        code == 0 for name, code in codes.items() if "e0099" not in name and "watch" not in name
    )


def test_a_store_with_no_articles_is_named_without_its_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`analyze --db URL` of an empty store names the store; the message is redacted even when
    the store is reached (here a stand-in store, so no server is needed)."""
    from newsweave import store as store_module
    from newsweave.store import open_store

    def fake_open(location: object, *, create: bool = True) -> object:
        return open_store(":memory:")  # a new, empty store stands in for the server

    db = f"postgresql://ana:{SECRET}@db.example/news"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store_module, "open_store", fake_open)
        result = _run("analyze", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The store postgresql://ana:***@db.example/news holds")
    _never_shows(result, SECRET, caplog)
