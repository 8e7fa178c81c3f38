"""``newsweave extract`` with worker processes prints exactly what one process prints: the same
items in the same order, every field equal, the same per-item errors and exit codes. Pages are
invented here."""

from __future__ import annotations

import functools
import gzip
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsweave.cli import extract_run, main
from newsweave.cli.extract_run import ExtractParams, extracted
from newsweave.config import Settings
from newsweave.errors import ConfigError
from newsweave.models import Article
from tests.helpers import warc_record

TOWNS = ["Valen", "Orrick", "Suldby", "Marrow Bay", "Kettering Vale", "Hollin"]
# One line every page of the site repeats: the cleaner learns it from the whole corpus.
FOOTER = "Copyright Harbour Gazette Ltd. All rights reserved. Terms of use and privacy policy."


def page(i: int) -> bytes:
    town = TOWNS[i % len(TOWNS)]
    paragraphs = [
        f"{town.upper()}, March {i + 2} - The council of {town} voted on Tuesday to reopen "
        f"the northern quay after {i + 3} months of storm repairs, officials said.",
        f'"We finished two weeks early," harbour master Ana Petrova told reporters in {town}.',
        f"Fishing crews said they would move their {10 + i} boats back by the end of the week, "
        "and the ferry to the islands resumes its summer timetable next month.",
        f"The repairs cost {i + 1}.{i % 10} million euros, according to the council's budget.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{town} quay reopens | Harbour Gazette</title>"
        f"<meta property='og:site_name' content='Harbour Gazette'>"
        f"<meta property='article:published_time' content='2024-03-{(i % 27) + 1:02d}T08:00:00Z'>"
        f"<link rel='canonical' href='https://gazette.example/news/quay-{i}'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{town} quay reopens</h1><p class='byline'>By Mara Lind</p>{body}</article>"
        f"<footer><p>{FOOTER}</p></footer></body></html>"
    ).encode()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Pages (some gzipped), a text file, a WARC of two pages, a JSONL of two records, and
    items the readers reject: a page with no article text, a hidden file, an unknown format."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    for i in range(9):
        target = folder / ("sub" if i % 3 == 0 else "") / f"page{i}.html"
        if i % 2:
            target.with_suffix(".html.gz").write_bytes(gzip.compress(page(i)))
        else:
            target.write_bytes(page(i))
    (folder / "empty.html").write_bytes(b"<html><body><script>var x = 1;</script></body></html>")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (folder / "note.txt").write_text(
        "Ferry timetable changes\nThe island ferry keeps its winter timetable until May, the "
        "operator said on Monday.\n"
    )
    (folder / "crawl.warc").write_bytes(
        warc_record("https://gazette.example/news/a", page(20))
        + warc_record("https://gazette.example/news/b", page(21))
    )
    (folder / "feed.jsonl").write_text(
        '{"title": "Dock strike ends", "text": "Dock workers in Hollin returned on Monday '
        'after a three-day strike, the union said.", "url": "https://wire.example/1"}\n'
        "not json at all\n"
    )
    (folder / ".hidden.html").write_bytes(page(30))
    (folder / "data.bin").write_bytes(b"\x00\x01\x02")
    # A file name that is not UTF-8: its rejection names it with U+FFFD in both paths.
    (folder / os.fsdecode(b"odd\xff.bin")).write_bytes(b"\x00")
    return folder


def _run(folder: Path, params: ExtractParams, ner: str) -> list[Any]:
    return list(extracted((str(folder),), Settings(ner=ner), params))


@pytest.mark.parametrize(("ner", "read_here"), [("off", False), ("auto", False), ("off", True)])
def test_workers_give_the_items_of_one_process(corpus: Path, ner: str, read_here: bool) -> None:
    one = _run(corpus, ExtractParams(workers=1), ner)
    params = ExtractParams(2, min_parallel_files=1, read_chunk=2, read_while_starting=read_here)
    two = _run(corpus, params, ner)
    assert [type(i).__name__ for i in one] == [type(i).__name__ for i in two]
    assert one == two  # every field of every article and rejection, in order
    articles = [i for i in one if isinstance(i, Article)]
    rejected = [i for i in one if not isinstance(i, Article)]
    assert len(articles) == 9 + 1 + 2 + 1
    reasons = " | ".join(f"{r.source}: {r.reason}" for r in rejected)
    assert "empty.html: no article text" in reasons and "image.html: cannot read" in reasons
    assert "hidden file" in reasons and "unsupported" in reasons and "invalid JSON" in reasons
    assert "odd\ufffd.bin: unsupported" in reasons
    # The footer every page repeats was learnt from the whole corpus and removed.
    pages = [a for a in articles if "quay" in a.text]
    assert pages and all(FOOTER not in a.text for a in pages)
    assert all(a.outlet == "Harbour Gazette" for a in pages)


def test_cli_output_and_exit_code_are_those_of_one_process(
    corpus: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(
        extract_run,
        "ExtractParams",
        functools.partial(ExtractParams, min_parallel_files=1, read_while_starting=False),
    )
    runner = CliRunner()
    args = ["extract", str(corpus), "--json", "--ner", "off"]
    one = runner.invoke(main, [*args, "--workers", "1"])
    two = runner.invoke(main, [*args, "--workers", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.stdout == two.stdout
    assert '"error"' in one.stdout
    # Nothing readable: every line printed, then exit 1, in both.
    bad = tmp_path / "bad"
    bad.mkdir()
    for i in range(3):
        (bad / f"empty{i}.html").write_bytes(b"<html><body></body></html>")
    one = runner.invoke(main, ["extract", str(bad), "--json", "--ner", "off", "--workers", "1"])
    two = runner.invoke(main, ["extract", str(bad), "--json", "--ner", "off", "--workers", "2"])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and one.stdout.count('"error"') == 3


def test_inputs_that_fetch_or_are_few_stay_in_one_process(corpus: Path, monkeypatch: Any) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("no worker should start")

    monkeypatch.setattr(extract_run.WorkerPool, "submit", refuse)
    monkeypatch.setattr(extract_run.WorkerPool, "run_stage", refuse)
    many = ExtractParams(workers=2, min_parallel_files=1, read_while_starting=False)
    feed = corpus / "wire.rss"  # a feed may follow teaser links with the run's one fetcher
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>W</title></channel></rss>"
    )
    assert _run(corpus, many, "off")
    feed.unlink()
    assert _run(corpus, ExtractParams(workers=2, min_parallel_files=100), "off")
    assert _run(corpus, ExtractParams(workers=1, min_parallel_files=1), "off")
    with pytest.raises(AssertionError, match="no worker"):
        _run(corpus, many, "off")


@pytest.mark.parametrize(
    "kwargs",
    [{"workers": 0}, {"min_parallel_files": 0}, {"read_chunk": True}, {"workers": "2"}],
)
def test_params_are_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        ExtractParams(**kwargs)


def test_workers_option_is_checked(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(corpus), "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output


def test_fork_server_preloads_spacy_without_torch_and_the_model() -> None:
    """What the workers fork from: the readers' libraries, the stages, spaCy (no torch) and
    its model already loaded -- in a fresh process, as in the fork server."""
    pytest.importorskip("spacy")
    code = (
        "import sys\n"
        "import newsweave.cli.extract_preload, newsweave.cli.extract_preload_ner\n"
        "from newsweave.extract.entities import load_spacy\n"
        "from newsweave.urls import _suffixes\n"
        "print('torch' in sys.modules, 'trafilatura' in sys.modules,\n"
        "      'newsweave.cli.extract_run' in sys.modules, _suffixes.cache_info().currsize)\n"
        "print(load_spacy.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "False True True 1"
    from newsweave.extract.entities import EntityRecognizer

    assert out[1] == ("1" if EntityRecognizer("auto").uses_model else "0")


def test_worker_pool_takes_more_modules_to_preload() -> None:
    from newsweave.pipeline import WorkerPool

    pool = WorkerPool(preload=["newsweave.cli.extract_preload"])
    assert pool.preload[-1] == "newsweave.cli.extract_preload"
    assert "newsweave.pipeline" in pool.preload and "newsweave.pipeline" in WorkerPool().preload
