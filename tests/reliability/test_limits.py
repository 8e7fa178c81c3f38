"""Limits: huge files, a 100 MB JSONL line, 100k-deep HTML, millions of lines, a 1 MB line.

Each case runs in a fresh subprocess that measures its own peak RSS (``ru_maxrss``) before and
after the work, so the growth is the work's alone. Inputs are generated on the fly in
``tmp_path`` (sparse or streamed), never committed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, cli_env, count

#: Huge inputs and subprocesses: out of ``make test-fast``.
pytestmark = pytest.mark.fuzz

#: Peak-memory growth allowed for reading one refused or streamed input, in MiB. Measured
#: growth is 1-30 MiB (imports of the HTML and date stacks included); the inputs themselves
#: are 5-100 MiB, so holding any of them whole would break the bound.
BOUND_MB = 60


def measure(code: str, *, timeout: float = 120, **env: str) -> dict[str, Any]:
    """Run ``code`` (which sets ``result``) in a subprocess; return result + peak RSS growth."""
    script = (
        textwrap.dedent(
            """
        import json, resource, sys
        import newsweave.ingest, newsweave.clean, newsweave.extract  # baseline: imports paid
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = {}
        """
        )
        + textwrap.dedent(code)
        + textwrap.dedent(
            """
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result["growth_mb"] = (after - before) / 1024
        print(json.dumps(result))
        """
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=cli_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    count("limit cases")
    return out


READ = """
from pathlib import Path
from newsweave.config import load_settings
from newsweave.ingest import read_inputs
from newsweave.models import Article
items = list(read_inputs([Path(PATH)], load_settings()))
result["items"] = [
    {"article": isinstance(i, Article), "reason": getattr(i, "reason", None),
     "chars": len(i.raw_text) if isinstance(i, Article) else 0}
    for i in items
]
"""


def read_items(path: Path, **env: str) -> dict[str, Any]:
    return measure(f"PATH = {str(path)!r}\n" + READ, **env)


def test_files_over_max_file_bytes_are_refused_without_reading(tmp_path: Path) -> None:
    for name in ("huge.txt", "huge.html", "huge.json", "huge.md"):
        path = tmp_path / name
        with path.open("wb") as handle:
            handle.write(b"News text. " * 10)
            handle.truncate(300_000_000)  # sparse: 300 MB that cost no disk
        out = read_items(path, NEWSWEAVE_MAX_FILE_BYTES="5000000")
        assert [i["article"] for i in out["items"]] == [False], out
        assert "max_file_bytes" in out["items"][0]["reason"]
        assert out["growth_mb"] < BOUND_MB, out


@pytest.mark.slow
def test_jsonl_with_a_100_mb_line_keeps_the_others_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    good = {"id": "ok1", "text": "Dockers walked out at Port Valen on Monday. " * 5}
    with path.open("wb") as handle:
        handle.write(json.dumps(good).encode() + b"\n")
        handle.write(b'{"id": "huge", "text": "')
        chunk = b"word " * 200_000  # 1 MB
        for _ in range(100):
            handle.write(chunk)
        handle.write(b'"}\n')
        handle.write(json.dumps({**good, "id": "ok2"}).encode() + b"\n")
    # A line up to max_file_bytes is held to be parsed; a longer one is skipped in chunks, so
    # memory follows the limit (10 MB here), not the line (100 MB).
    out = read_items(path, NEWSWEAVE_MAX_FILE_BYTES="10000000")
    kinds = [i["article"] for i in out["items"]]
    assert kinds == [True, False, True], out
    assert "max_file_bytes" in out["items"][1]["reason"]
    assert out["growth_mb"] < 10 + 30, out


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(200):
            handle.write(b"<p>" + b"a" * 1_000_000 + b"</p>")  # 200 MB inflated, ~200 KB on disk
    out = read_items(path, NEWSWEAVE_MAX_FILE_BYTES="5000000")
    assert [i["article"] for i in out["items"]] == [False], out
    assert out["growth_mb"] < BOUND_MB, out


@pytest.mark.slow
def test_html_nested_100k_levels_deep(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    body = "<p>Dockers walked out at Port Valen on Monday, the union said in a statement.</p>" * 5
    path.write_text(
        "<html><body>" + "<div>" * 100_000 + body + "</div>" * 100_000 + "</body></html>"
    )
    out = measure(f"PATH = {str(path)!r}\n" + READ, timeout=180)
    assert len(out["items"]) == 1, out
    item = out["items"][0]
    assert item["article"] or item["reason"], out  # kept, or refused with a reason
    assert out["growth_mb"] < 400, out  # lxml holds the tree; bounded, not a crash


@pytest.mark.slow
def test_millions_of_short_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    with path.open("w") as handle:
        for i in range(1_000_000):
            handle.write(f"l{i % 97}\n")
    out = measure(
        f"PATH = {str(path)!r}\n"
        + READ
        + """
from newsweave.clean import clean_text
from newsweave.text import sentence_spans
raw = items[0].raw_text
text, removed = clean_text(raw)
result["kept_lines"] = text.count("\\n") + 1 if text else 0
result["removed"] = len(removed)
result["sentences"] = len(sentence_spans(raw))
""",
        timeout=240,
    )
    assert out["items"][0]["article"], out
    assert out["sentences"] == 1_000_000
    assert out["kept_lines"] + out["removed"] >= 1, out
    assert out["growth_mb"] < 1500, out  # per-line records: linear, no blow-up


def test_one_megabyte_single_line(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    sentence = "Ana Ruiz said “we will not go back” on Monday, 4 March 2024. "
    path.write_text(sentence * (1_000_000 // len(sentence)))
    out = measure(
        f"PATH = {str(path)!r}\n"
        + READ
        + """
import time
from newsweave.clean import clean_text
from newsweave.extract.quotes import extract_quotes
from newsweave.extract.dates import date_article
raw = items[0].raw_text
start = time.monotonic()
text, removed = clean_text(raw)
result["quotes"] = len(extract_quotes(raw[:200_000]))
result["date"] = date_article(text, removed).date
result["seconds"] = time.monotonic() - start
""",
        timeout=180,
    )
    assert out["items"][0]["article"] and out["items"][0]["chars"] > 900_000, out
    assert out["quotes"] > 100 and out["seconds"] < 60, out
    assert out["growth_mb"] < 300, out


def test_cli_refuses_an_oversized_input_with_a_reason(tmp_path: Path) -> None:
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    with big.open("wb") as handle:
        handle.write(b"x")
        handle.truncate(80_000_000)
    (tmp_path / "in" / "ok.txt").write_text("Dockers walked out at Port Valen on Monday.\n")
    done = subprocess.run(
        [sys.executable, "-c", "from newsweave.cli import main; main()", "ingest",
         str(tmp_path / "in"), "--db", str(tmp_path / "s.db"), "--json"],
        env=cli_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["counts"] == {"ingested": 1, "duplicate": 0, "rejected": 1}
    (rejected,) = [i for i in report["items"] if i["status"] == "rejected"]
    assert (
        "max_file_bytes" in rejected["reason"] and "NEWSWEAVE_MAX_FILE_BYTES" in rejected["reason"]
    )
    count("limit cases")
