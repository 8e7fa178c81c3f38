"""Every error path of the command line: one line, a non-zero exit code, nothing created.

Issue 18: a missing ``--db`` went unnoticed (click lets a required option with a default
pass), a mistyped ``--db`` silently became an empty store, and runs that could use nothing
exited 0.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsweave.cli import main
from newsweave.errors import MissingDependencyError
from newsweave.store import open_store

GOOD = """Harbour cranes stand idle in Brenmouth
BRENMOUTH, June 3 - Crane operators at the Brenmouth container terminal stopped work on Tuesday
over a shift roster dispute, the operators' association said. Eleven ships waited at anchor.
"""


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _one_error_line(result: Result, code: int, *needles: str) -> str:
    """The command failed with ``code`` and said why in exactly one line on stderr."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle.lower() in lines[0].lower(), (needle, lines[0])
    return lines[0]


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Inputs of which nothing is usable, one kind each (and one good file elsewhere)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    zeros = tmp_path / "zeros"
    zeros.mkdir()
    (zeros / "a.txt").write_bytes(b"")
    (zeros / "b.md").write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    good = tmp_path / "good"
    good.mkdir()
    (good / "cranes.txt").write_text(GOOD)
    return {
        "missing": tmp_path / "no-such-folder",
        "empty": empty,
        "zeros": zeros,
        "binary": binary,
        "good": good,
    }


# -- --db is required where the command needs a store -----------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "{good}"],
        ["events"],
        ["events", "--json"],
        ["show", "e0001"],
        ["export"],
        ["export", "--format", "csv"],
        ["watch", "{feeds}", "--once"],
        ["serve"],
    ],
)
def test_a_missing_db_is_one_line_and_creates_nothing(
    args: list[str], inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/feed.xml\n")
    monkeypatch.chdir(work)
    filled = [a.format(good=inputs["good"], feeds=feeds) for a in args]
    result = _invoke(*filled)
    _one_error_line(result, 2, "missing option '--db'", "news.db")
    assert result.stdout == ""  # "1 ingested" and the like would be a lie
    assert list(work.iterdir()) == []  # no newsweave.db, no fetch cache


def test_an_empty_db_value_counts_as_missing(tmp_path: Path) -> None:
    _one_error_line(_invoke("events", "--db", ""), 2, "missing option '--db'")
    _one_error_line(_invoke("events", "--db", "  "), 2, "missing option '--db'")


def test_db_help_still_says_required() -> None:
    result = _invoke("ingest", "--help")
    assert result.exit_code == 0 and "[required]" in result.output


# -- read commands never create a store --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["events"],
        ["events", "--json"],
        ["show", "e0001"],
        ["show", "e0001", "--json"],
        ["export"],
        ["export", "--format", "csv"],
        ["analyze"],  # re-analysing a store reads it: it must exist
        ["serve"],
    ],
)
def test_read_commands_refuse_a_missing_store_naming_it(args: list[str], tmp_path: Path) -> None:
    typo = tmp_path / "nesw.db"
    line = _one_error_line(_invoke(*args, "--db", str(typo)), 1, "no store at", str(typo))
    assert "newsweave analyze" in line  # says how to make one
    assert list(tmp_path.iterdir()) == []  # not created, nor its -wal/-shm


@pytest.mark.parametrize("command", [["events"], ["show", "e0001"], ["export"], ["analyze"]])
def test_read_commands_refuse_a_file_that_is_not_a_newsweave_store(
    command: list[str], tmp_path: Path
) -> None:
    blank = tmp_path / "blank.db"
    blank.write_bytes(b"")
    _one_error_line(_invoke(*command, "--db", str(blank)), 1, "not a newsweave store", str(blank))
    assert blank.read_bytes() == b""  # no tables written into it
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    _one_error_line(_invoke(*command, "--db", str(other)), 1, "not a newsweave store")
    with sqlite3.connect(other) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == {"recipes"}


def test_a_store_folder_is_refused_clearly(tmp_path: Path) -> None:
    _one_error_line(_invoke("events", "--db", str(tmp_path)), 1, "is a folder")


# -- nothing usable: exit 1 --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["missing", "empty", "zeros", "binary"])
@pytest.mark.parametrize(
    "command",
    [
        ["ingest", "--db", "{db}"],
        ["ingest", "--db", "{db}", "--json"],
        ["analyze"],
        ["analyze", "--db", "{db}"],
        ["extract"],
        ["quotes"],
    ],
)
def test_nothing_usable_exits_1_with_one_line_and_no_store(
    kind: str, command: list[str], inputs: dict[str, Path], tmp_path: Path
) -> None:
    db = tmp_path / "new.db"
    args = [a.format(db=db) for a in command]
    result = _invoke(*args, str(inputs[kind]))
    line = _one_error_line(result, 1)
    assert line.startswith(("Error: Nothing usable in the input", "Error: Nothing to read in"))
    if kind == "empty":
        assert str(inputs["empty"]) in line
    else:
        assert str(inputs[kind]) in line  # the item and why it was refused
    assert not db.exists() and not (tmp_path / "new.db.fetch").exists()
    if "--json" not in args:
        assert result.stdout == ""


@pytest.mark.parametrize(
    "command", [["analyze", "--json"], ["extract", "--json"], ["quotes", "--json"]]
)
def test_json_output_still_accounts_for_every_item_before_exit_1(
    command: list[str], inputs: dict[str, Path]
) -> None:
    result = _invoke(*command, str(inputs["zeros"]))
    _one_error_line(result, 1, "none of its 2 items", "empty file")
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    if command[0] == "analyze":  # the contract's shape, empty, with the reasons
        (data,) = lines
        assert data["articles"] == [] and data["report"]["counts"]["rejected"] == 2
    else:
        assert [row["error"] for row in lines] == ["empty file", "empty file"]


def test_rejections_are_listed_when_some_input_is_usable(inputs: dict[str, Path]) -> None:
    result = _invoke("extract", "--json", str(inputs["good"]), str(inputs["zeros"]))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3


def test_usable_input_exits_0_and_a_rerun_of_duplicates_too(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    db = str(tmp_path / "s.db")
    first = _invoke("ingest", str(inputs["good"]), str(inputs["zeros"]), "--db", db)
    assert first.exit_code == 0 and "1 ingested, 0 duplicate, 2 rejected" in first.stdout
    again = _invoke("ingest", str(inputs["good"]), "--db", db)
    assert again.exit_code == 0 and "0 ingested, 1 duplicate, 0 rejected" in again.stdout


def test_a_store_that_existed_is_kept_when_nothing_is_usable(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    assert _invoke("ingest", str(inputs["good"]), "--db", str(db)).exit_code == 0
    _one_error_line(_invoke("ingest", str(inputs["zeros"]), "--db", str(db)), 1)
    _one_error_line(_invoke("analyze", str(inputs["binary"]), "--db", str(db)), 1)
    with open_store(db, create=False) as store:
        assert store.count_articles() == 1


def test_analysing_an_empty_store_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    _one_error_line(_invoke("analyze", "--db", str(db)), 1, "holds no articles", str(db))


def _missing_package_error() -> MissingDependencyError:
    from newsweave import errors

    special = getattr(errors, "MissingPackageError", None)  # the ingest readers' own kind
    if special is not None:
        error: MissingDependencyError = special("HTML", "No module named 'lxml'", "lxml")
        return error
    return MissingDependencyError("The HTML reader", "html")


@pytest.mark.parametrize("command", [["ingest", "--db", "{db}"], ["analyze", "--db", "{db}"]])
def test_a_missing_reader_dependency_is_one_line_and_leaves_no_store(
    command: list[str], inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.ingest

    def broken(*args: object, **kwargs: object) -> object:
        raise _missing_package_error()

    monkeypatch.setattr(newsweave.ingest, "read_inputs", broken)
    db = tmp_path / "new.db"
    result = _invoke(*[a.format(db=db) for a in command], str(inputs["good"]))
    _one_error_line(result, 1, "pip install")
    assert not db.exists()


# -- as a real process -------------------------------------------------------------------------


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsweave.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "NEWSWEAVE_NER": "off", "NEWSWEAVE_EMBEDDINGS": "off"},
    )


def test_exit_codes_and_one_line_in_a_real_process(inputs: dict[str, Path], tmp_path: Path) -> None:
    done = _cli("ingest", str(inputs["good"]), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: Missing option")
    done = _cli("ingest", str(inputs["binary"]), "--db", "x.db", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "binary" in done.stderr
    done = _cli("events", "--db", "x.db", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.startswith("Error: No store at x.db")
    assert not (tmp_path / "x.db").exists()


def test_cluster_exits_1_when_no_record_is_readable(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = _invoke("cluster", str(empty))
    _one_error_line(result, 1, "nothing to read in", str(empty))
    broken = tmp_path / "broken.jsonl"
    broken.write_text('not json\n{"id": "x"}\n')
    result = _invoke("cluster", str(broken))
    _one_error_line(result, 1, "none of its 2 items", "invalid JSON", "no 'text'")
    rows = [json.loads(x) for x in result.stdout.splitlines()]  # the contract: a row each
    assert [r["id"] for r in rows] == [None, "x"] and all("error" in r for r in rows)
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('not json\n{"id": "y", "text": "' + GOOD.replace("\n", " ") + '"}\n')
    assert _invoke("cluster", str(mixed)).exit_code == 0
