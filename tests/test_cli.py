"""The CLI contract: shapes that evaluation scripts read (analyze --json, cluster, extract, quotes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.config import Settings
from newsweave.store import open_store

STRIKE_A = """Dockers walk out at Port Valen
PORT VALEN, March 4 (Kestrel) - Dockworkers at Port Valen walked off the job on Monday at the start of an indefinite strike against an automation plan, the union said.
"We will not let a computer take four hundred jobs," union chair Mira Solenko told reporters at the main gate.
The port authority said 38 ships were waiting to berth on Monday evening.
Subscribe to our newsletter for the latest port news.
"""
STRIKE_B = """Port Valen strike begins
Dockworkers at Port Valen began an indefinite strike on Monday over a plan to automate the container terminal.
Union chair Mira Solenko said the union would not let a computer take four hundred jobs.
The strike is the first at the port since 2011, the Harbour Gazette reports.
"""
TRIAL = """Former minister goes on trial for bribery
AMSEL, May 6 (Kestrel) - Former transport minister Oren Kastelic went on trial in Amsel on Monday, accused of taking 1.2 million crowns in bribes from a construction company.
"I have never taken a single crown," Kastelic told the court, pleading not guilty.
The trial is expected to last six weeks, the court said.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "strike-a.txt").write_text(STRIKE_A)
    (folder / "strike-b.txt").write_text(STRIKE_B)
    (folder / "trial.txt").write_text(TRIAL)
    (folder / "empty.txt").write_text("")
    return folder


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_analyze_json_contract(corpus: Path) -> None:
    data = json.loads(_run("analyze", str(corpus), "--json", "--ner", "off"))
    assert set(data) >= {"articles", "events", "storylines", "report"}
    ids = {a["id"] for a in data["articles"]}
    assert ids == {"strike-a", "strike-b", "trial"}
    for article in data["articles"]:
        assert {"id", "path", "outlet", "title", "date", "date_flags", "text"} <= set(article)
        assert "Subscribe" not in article["text"]
    keys = {
        "id",
        "title",
        "date",
        "articles",
        "storyline",
        "consensus",
        "unique",
        "omissions",
        "quotes",
        "terms",
        "contradictions",
        "summary",
    }
    for event in data["events"]:
        assert keys <= set(event)
        for sentence in event["summary"]:
            assert sentence["cites"] and set(sentence["cites"]) <= set(event["articles"])
    assert sorted(a for e in data["events"] for a in e["articles"]) == sorted(ids)
    assert {s["id"] for s in data["storylines"]} == {e["storyline"] for e in data["events"]}
    assert data["report"]["counts"] == {"ingested": 3, "duplicate": 0, "rejected": 1}


def test_cluster_contract_one_line_per_record_in_order(tmp_path: Path) -> None:
    records = [
        {"id": "s1", "text": STRIKE_A, "date": "2024-03-04"},
        {"id": "t1", "text": TRIAL, "date": "2024-05-06"},
        {"id": "s2", "text": STRIKE_B, "date": "2024-03-04", "outlet": "Gazette"},
        {"id": "empty", "text": ""},
        {"id": "s1", "text": STRIKE_A},
    ]
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(r) for r in records]
    lines.insert(3, "{not json")
    path.write_text("\n".join(lines) + "\n")
    rows = [json.loads(line) for line in _run("cluster", str(path)).splitlines()]
    assert [r["id"] for r in rows] == ["s1", "t1", "s2", None, "empty", "s1"]
    assert all({"id", "event", "storyline"} <= set(r) for r in rows)
    assert rows[0]["event"] == rows[2]["event"] == rows[5]["event"] != rows[1]["event"]
    assert "error" in rows[3] and "error" in rows[4]
    assert rows[4]["event"] not in {rows[0]["event"], rows[1]["event"]}


def test_extract_contract(corpus: Path) -> None:
    rows = [
        json.loads(x) for x in _run("extract", str(corpus), "--json", "--ner", "off").splitlines()
    ]
    assert len(rows) == 4  # one per input item, the empty file included
    good = [r for r in rows if "error" not in r]
    keys = {
        "path",
        "title",
        "text",
        "date",
        "date_flags",
        "outlet",
        "cited_sources",
        "language",
        "removed_lines",
    }
    for row in good:
        assert keys <= set(row)
        assert row["language"] == "en"
    a = next(r for r in good if r["path"].endswith("strike-a.txt"))
    assert any("Subscribe" in r["text"] for r in a["removed_lines"])
    assert a["title"] == "Dockers walk out at Port Valen"


def test_quotes_contract_offsets_index_the_file_text(corpus: Path) -> None:
    rows = [
        json.loads(x) for x in _run("quotes", str(corpus), "--json", "--ner", "off").splitlines()
    ]
    assert len(rows) == 4
    found = 0
    for row in rows:
        assert {"path", "quotes"} <= set(row)
        if "error" in row:
            continue
        text = Path(row["path"]).read_text()
        for quote in row["quotes"]:
            assert {"speaker", "text", "kind", "start", "end"} <= set(quote)
            assert quote["kind"] in ("direct", "indirect")
            assert text[quote["start"] : quote["end"]] == quote["text"]
            found += 1
    assert found >= 3
    trial = next(r for r in rows if r["path"].endswith("trial.txt"))
    assert any(q["speaker"] == "Oren Kastelic" for q in trial["quotes"])


def test_store_commands(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert "3 ingested, 0 duplicate, 1 rejected" in _run("ingest", str(corpus), "--db", db)
    assert "0 ingested, 3 duplicate, 1 rejected" in _run("ingest", str(corpus), "--db", db)
    _run("analyze", "--db", db, "--format", "md", "--ner", "off", "--out", str(tmp_path / "r.md"))
    assert "# newsweave report" in (tmp_path / "r.md").read_text()
    events = [json.loads(x) for x in _run("events", "--db", db, "--json").splitlines()]
    assert events and all("article_ids" in e for e in events)
    shown = json.loads(_run("show", events[0]["id"], "--db", db, "--json"))
    assert shown["id"] == events[0]["id"] and "summary" in shown
    exported = json.loads(_run("export", "--db", db, "--format", "json"))
    assert set(exported) == {"articles", "events", "storylines"}
    assert len(exported["articles"]) == 3
    csv_text = _run("export", "--db", db, "--format", "csv")
    assert csv_text.splitlines()[0].startswith("id,outlet,title,date")
    assert len(csv_text.splitlines()) >= 4


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    open_store(tmp_path / "x.db").close()  # an existing, empty store
    result = CliRunner().invoke(main, ["show", "e404", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "No event 'e404'" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["analyze"])
    assert result.exit_code == 2 and "Give PATHS" in result.output


def test_html_report_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    _run("analyze", str(corpus), "--format", "html", "--out", str(out), "--ner", "off")
    assert out.read_text().startswith("<!doctype html>")


def test_ingest_urls_from_a_list(tmp_path: Path) -> None:
    import http.server
    import threading

    body = "".join(
        f"<p>Paragraph {i} about the harbour strike and the talks that followed.</p>"
        for i in range(12)
    )
    page = f"<html><head><title>Harbour talks</title></head><body><article>{body}</article></body></html>"

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            data = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        urls = tmp_path / "list.urls"
        urls.write_text(f"http://127.0.0.1:{server.server_port}/news/harbour-talks\n")
        db = str(tmp_path / "s.db")
        out = json.loads(_run("ingest", "--urls", str(urls), "--db", db, "--json"))
        assert out["counts"]["ingested"] == 1
        again = json.loads(_run("ingest", "--urls", str(urls), "--db", db, "--json"))
        assert again["counts"] == {"ingested": 0, "duplicate": 1, "rejected": 0}
    finally:
        server.shutdown()


# -- one set of settings options ---------------------------------------------------------------

ALL_COMMANDS = {
    "analyze", "cluster", "events", "export", "extract", "import-spark", "ingest", "quotes",
    "serve", "show", "spark", "watch",
}  # fmt: skip
SETTINGS_COMMANDS = {"analyze", "cluster", "extract", "ingest", "quotes", "spark", "watch"}
SETTINGS_NAMES = {"config_file", "outlets_file", "ner", "embeddings"}


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:", 1)[1].split()
    assert set(main.commands) == ALL_COMMANDS
    assert set(listed) >= ALL_COMMANDS


def test_every_settings_command_has_the_same_settings_options() -> None:
    def options(name: str) -> dict[str, object]:
        params = main.commands[name].params
        return {
            p.name: (p.opts, getattr(p.type, "choices", None), p.help)
            for p in params
            if isinstance(p, click.Option) and p.name in SETTINGS_NAMES
        }

    reference = options("analyze")
    assert set(reference) == SETTINGS_NAMES
    for name in SETTINGS_COMMANDS:
        assert options(name) == reference, name


@pytest.mark.parametrize("command", ["analyze", "extract", "quotes", "cluster"])
def test_embeddings_off_is_accepted_and_reaches_the_settings(
    command: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsweave.config import load_settings as load

    seen: list[Settings] = []

    def spy(*args: Any, **kwargs: Any) -> Settings:
        seen.append(load(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr("newsweave.cli.options.load_settings", spy)
    monkeypatch.setenv("NEWSWEAVE_EMBEDDINGS", "on")  # the option wins over the environment
    if command == "cluster":
        records = tmp_path / "in.jsonl"
        records.write_text(json.dumps({"id": "s1", "text": STRIKE_A}) + "\n")
        args = [command, str(records)]
    else:
        args = [command, str(corpus), "--json"]
    _run(*args, "--ner", "off", "--embeddings", "off")
    assert [s.embeddings for s in seen] == ["off"]


@pytest.mark.parametrize("command", ["analyze", "extract", "quotes", "cluster"])
def test_an_invalid_embeddings_value_is_refused_clearly(command: str, tmp_path: Path) -> None:
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"id": "s1", "text": STRIKE_A}) + "\n")
    result = CliRunner().invoke(main, [command, str(records), "--embeddings", "maybe"])
    assert result.exit_code == 2
    assert "Invalid value for '--embeddings'" in result.output
    assert "'maybe' is not one of 'auto', 'on', 'off'" in result.output


def test_distributed_never_loads_the_command_line() -> None:
    code = (
        "import sys, newsweave.distributed; "
        "sys.exit(any(m == 'newsweave.cli' or m.startswith('newsweave.cli.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    help_run = subprocess.run(
        [sys.executable, "-m", "newsweave.cli.spark", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert help_run.returncode == 0, help_run.stderr
    assert help_run.stdout.startswith("Usage: newsweave-spark [OPTIONS] INPUTS...")
    assert "--embeddings" in help_run.stdout
