"""Plain helpers shared by the test modules: paths, a PostgreSQL schema, the web test corpus,
a live server, generated pages/feeds/WARC records, the CLI as a subprocess and the reliability
suite's generated corpora, small filesystems and figures.

Fixtures stay in the conftest.py files; test modules import helpers from here and never from
each other (nor from a conftest). Optional extras (uvicorn, psycopg) are imported where used.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from newsweave.models import (
    Article,
    Claim,
    ClaimGroup,
    Contradiction,
    Coverage,
    DateFlag,
    Entity,
    Event,
    Outlet,
    Quote,
    QuoteGroup,
    QuoteVariant,
    RemovedLine,
    Storyline,
    SummarySentence,
    TermChoice,
)
from newsweave.store import Store
from newsweave.web.profiles import OutletProfiles

# -- paths -------------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()
EXAMPLES = REPO / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test with a clear message when absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared benchmark data not found at {path}; it lives outside the repo")
    return path


# -- PostgreSQL --------------------------------------------------------------------------------


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards.

    The server comes from ``NEWSWEAVE_TEST_PG_URL`` (set by .ci/run, which starts a private
    server); without it the test is skipped with the reason.
    """
    base = os.environ.get("NEWSWEAVE_TEST_PG_URL")
    if not base:
        pytest.skip("NEWSWEAVE_TEST_PG_URL is unset: start a server with `source .ci/postgres.sh`")
    psycopg = pytest.importorskip("psycopg", reason="PostgreSQL tests need newsweave[postgres]")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


# -- the web test corpus: a small analysed store with hostile payloads ---------------------------

# Payloads an attacker could place in any field of an ingested article.
XSS_SCRIPT = '<script>alert("xss")</script>'
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_OUTLET = "Evil <b onmouseover=alert(2)>Outlet</b>"
XSS_SPEAKER = "<svg onload=alert(3)> Mallory"
XSS_URL = "javascript:alert(4)"
XSS_ID = 'x"><script>alert(5)</script>'

KESTREL, KLAXON, LANTERN, GAZETTE = (
    "Kestrel Wire",
    "The Morning Klaxon",
    "The Open Lantern",
    "Valen Harbour Gazette",
)


def web_article(
    aid: str, outlet: str | None, title: str, text: str, date: str | None, **kw: Any
) -> Article:
    return Article(
        id=aid,
        text=text,
        raw_text=text,
        title=title,
        outlet=outlet,
        date=date,
        source_key=f"/in/{aid}",
        path=f"/in/{aid}.txt",
        content_hash=f"h-{aid}-{len(text)}",
        **kw,
    )


def web_claim(article: Article, outlet: str, sentence: str, index: int = 0) -> Claim:
    start = article.text.index(sentence)
    return Claim(
        f"{article.id}#{index}", article.id, outlet, sentence, start, start + len(sentence), index
    )


def build_store(store: Store) -> dict[str, Any]:
    """Fill ``store`` with a small analysed corpus (hostile payloads included); return records."""
    t1 = (
        "Dockers walked out at Port Valen on Monday. Ana Ruiz said: “We will not go back "
        "until the contract is signed.” About 2,000 workers joined the strike."
    )
    t2 = (
        "Union bosses shut Port Valen on Monday. Ana Ruiz said “we will not go back”. "
        "About 3,000 workers joined the strike. Shops ran out of bread."
    )
    t3 = (
        "Dockers walked out at Port Valen on Monday. Ruiz told reporters: “We will never go "
        "back.” The strike hit exports."
    )
    t4 = "The harbour police cleared the blockade at gate four at dawn."
    t5 = (
        f"Readers wrote in. {XSS_SCRIPT} Then {XSS_IMG} appeared. Dockers walked out at "
        f"Port Valen on Monday. {XSS_SPEAKER} said “burn it” loudly."
    )
    a1 = web_article(
        "a1",
        KESTREL,
        "Port Valen dockers strike",
        t1,
        "2024-03-04",
        url="https://kestrelwire.example/a1",
        quotes=(
            Quote(
                "We will not go back until the contract is signed.",
                "Ana Ruiz",
                "direct",
                t1.index("We will"),
                t1.index("signed.") + 7,
                "said",
            ),
        ),
        entities=(
            Entity("Port Valen", "GPE", t1.index("Port Valen"), t1.index("Port Valen") + 10),
            Entity("Ana Ruiz", "PERSON", t1.index("Ana"), t1.index("Ana") + 8),
        ),
        removed_lines=(RemovedLine(0, "Subscribe to our newsletter!", "subscribe"),),
    )
    a2 = web_article(
        "a2",
        KLAXON,
        "Union bosses shut the port",
        t2,
        "2024-03-04",
        quotes=(
            Quote(
                "we will not go back",
                "Ruiz",
                "direct",
                t2.index("we will"),
                t2.index("we will") + 19,
                "said",
                "Ana Ruiz",
            ),
        ),
    )
    a3 = web_article(
        "a3",
        LANTERN,
        "Quays fall silent",
        t3,
        "2024-03-05",
        date_flags=(
            DateFlag("later-date-in-past-tense", "2024-03-01", "2024-03-05", ("on Monday",)),
        ),
        quotes=(
            Quote(
                "We will never go back.",
                "Ana Ruiz",
                "direct",
                t3.index("We will never"),
                t3.index("back.") + 5,
                "told",
            ),
        ),
    )
    a4 = web_article("a4", GAZETTE, "Gate four cleared", t4, "2024-03-12")
    xss = web_article(
        XSS_ID,
        XSS_OUTLET,
        XSS_SCRIPT + " headline " + XSS_IMG,
        t5,
        "2024-03-04",
        url=XSS_URL,
        quotes=(
            Quote(
                "burn it",
                XSS_SPEAKER,
                "direct",
                t5.index("burn it"),
                t5.index("burn it") + 7,
                "said",
            ),
        ),
        entities=(Entity(XSS_IMG, "MISC", t5.index(XSS_IMG), t5.index(XSS_IMG) + len(XSS_IMG)),),
        removed_lines=(RemovedLine(1, XSS_SCRIPT, "promo"),),
    )
    a6 = web_article(
        "a6",
        None,
        "Untitled wire copy",
        "Dockers walked out at Port Valen on Monday.",
        None,
        duplicate_of="a1",
    )
    for article in (a1, a2, a3, a4, xss, a6):
        store.add_article(article)
    shared = "Dockers walked out at Port Valen on Monday."
    group = ClaimGroup(
        shared,
        (
            web_claim(a1, KESTREL, shared),
            web_claim(a3, LANTERN, shared),
            web_claim(xss, XSS_OUTLET, shared),
        ),
        (KESTREL, LANTERN, XSS_OUTLET),
        ("a1", "a3", XSS_ID),
    )
    c_2000 = web_claim(a1, KESTREL, "About 2,000 workers joined the strike.", 2)
    c_3000 = web_claim(a2, KLAXON, "About 3,000 workers joined the strike.", 2)
    cov1 = Coverage(
        event_id="e1",
        consensus=(group,),
        unique={
            KLAXON: (web_claim(a2, KLAXON, "Shops ran out of bread.", 3),),
            XSS_OUTLET: (web_claim(xss, XSS_OUTLET, f"{XSS_SCRIPT} Then {XSS_IMG} appeared.", 1),),
        },
        omissions={KLAXON: (shared,)},
        quotes=(
            QuoteGroup(
                "Ana Ruiz",
                (
                    QuoteVariant(
                        KESTREL, "a1", "We will not go back until the contract is signed."
                    ),
                    QuoteVariant(KLAXON, "a2", "we will not go back"),
                    QuoteVariant(LANTERN, "a3", "We will never go back."),
                ),
                "altered",
            ),
            QuoteGroup(XSS_SPEAKER, (QuoteVariant(XSS_OUTLET, XSS_ID, "burn it"),), "single"),
        ),
        terms=(
            TermChoice(
                "the strikers' leaders",
                {"union bosses": (KLAXON,), "union leaders": (KESTREL, XSS_OUTLET)},
            ),
        ),
        contradictions=(Contradiction("number", c_2000, c_3000, "2,000 vs 3,000 workers"),),
        summary=(
            SummarySentence(shared, ("a1", "a3"), (KESTREL, LANTERN)),
            SummarySentence("Shops ran out of bread.", ("a2",), (KLAXON,), "single-outlet"),
            SummarySentence(XSS_SCRIPT, (XSS_ID,), (XSS_OUTLET,), "single-outlet"),
        ),
    )
    events = [
        Event(
            "e1",
            "Dockers strike at Port Valen " + XSS_IMG,
            "2024-03-04",
            ("a1", "a2", "a3", XSS_ID, "a6"),
            "s1",
        ),
        Event("e2", "Police clear gate four", "2024-03-12", ("a4",), "s1"),
        Event("e/3", "An event with a slash in its id", None, ("a6",), None),
    ]
    storylines = [Storyline("s1", "Port Valen strike " + XSS_SCRIPT, ("e1", "e2"))]
    store.replace_analysis(events, storylines, [cov1, Coverage("e2")])
    return {"events": events, "coverage": cov1, "articles": [a1, a2, a3, a4, xss, a6]}


PROFILES = OutletProfiles(
    (
        Outlet(KESTREL, ("kestrelwire.example",), "Arnsland", "Kestrel Holdings", "0 (centre)"),
        Outlet(KLAXON, (), "Veltria", "Brasswell", "+2 (right)", ("the Klaxon",)),
        Outlet(LANTERN, (), "Veltria", "Members", "-2 (left)"),
        Outlet(GAZETTE, (), "Veltria", "Cooperative", "+1 (centre-right)"),
    ),
    "outlets.toml",
)


PAGES = [
    "/",
    "/event/e1",
    "/event/e2",
    "/event/e%2F3",
    "/article/a1",
    "/article/a3",
    "/article/" + XSS_ID.replace('"', "%22").replace("<", "%3C").replace(">", "%3E"),
    "/outlets",
    f"/outlet/{KESTREL}",
    "/outlet/%5Ba6%5D",
    "/speakers",
    "/speaker/Ana%20Ruiz",
]


def start_tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of ``page`` with its attributes, as a browser's tokenizer sees them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(page)
    return found


# -- a live server -------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerThread:
    """Run an ASGI app with uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, app: object) -> None:
        import uvicorn  # the [web] extra: tests using this skip without it

        self.port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


# -- generated inputs: news sentences, HTML pages, RSS feeds, WARC records ------------------------

WORDS = (
    "harbour council strike minister report flood dam union talks vote court police budget "
    "river city storm workers hospital school road bridge election judge fund port ship"
).split()


def sentences(draw: st.DrawFn, marker: str, count: int) -> list[str]:
    """``count`` sentences of news words, the first one carrying ``marker`` mid-sentence."""
    out = []
    for i in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=12, max_size=20))
        if i == 0:
            words.insert(len(words) // 2, marker)
        text = " ".join(words)
        out.append(text[0].upper() + text[1:] + ".")
    return out


def html_page(paragraphs: list[str], title: str = "Report") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Contact us</footer></body></html>"
    ).encode()


def rss(items: list[tuple[str, str]], title: str = "Generated Wire") -> bytes:
    entries = "".join(
        f"<item><title>Item {i}</title><guid isPermaLink='false'>{guid}</guid>"
        f"<pubDate>Tue, 05 Mar 2024 10:00:00 +0100</pubDate>"
        f"<description><![CDATA[{text}]]></description></item>"
        for i, (guid, text) in enumerate(items)
    )
    return (
        f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>{title}"
        f"</title>{entries}</channel></rss>"
    ).encode()


def warc_record(uri: str, body: bytes, kind: str = "response") -> bytes:
    # Written by hand (the format is simple) so the test needs no WARC writer; FastWARC and
    # the reader's resync logic read it back.
    if kind == "response":
        block = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        content_type = "application/http; msgtype=response"
    else:
        block = b"GET / HTTP/1.1\r\nHost: x.example\r\n\r\n"
        content_type = "application/http; msgtype=request"
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


# -- hypothesis: settings and hostile text for the fuzz tests ----------------------------------


def fuzz(n: int) -> Any:
    """Hypothesis settings for a fuzz test of ``n`` cases (derandomized, no deadline)."""
    return settings(
        max_examples=n,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


#: Characters that break naive parsers: controls, NUL, BOM, bidi and zero-width marks, quotes of
#: every kind, line and paragraph separators, combining marks, 4-byte characters, surrogates.
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u00a0\u2028\u2029\ufeff\u200b\u200d\u202e\u2066"
    "\"'“”‘’«»„‚‹›「」『』<>&;:/\\%#?=\u0301\u0336\U0001f600\U0001d54f\ud800\udfff"
)
nasty_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=300)
news_words = st.sampled_from(
    "said told the a minister police court union strike on Monday Friday March 2024 12 "
    "percent Kyiv Ana Ruiz Reuters AP “ ” \" ' , . : — according to last week yesterday".split()
)
newsish_text = st.lists(
    st.one_of(news_words, news_words, st.sampled_from(list(NASTY)), st.text(max_size=8)),
    max_size=80,
).map(" ".join)


def printable(text: str) -> str:
    """``text`` without C0 controls (tab and newlines kept): readers rightly take a NUL or a
    run of controls for binary data, so a *good* item must not carry them."""
    return "".join(c for c in text if (c >= " " or c in "\t\n\r") and not "\ud800" <= c <= "\udfff")


#: Hostile but printable text: what a good item may carry.
printable_nasty = nasty_text.map(printable)
any_text = st.one_of(
    nasty_text, newsish_text, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | nasty_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty_text, inner, max_size=4),
    max_leaves=12,
)


def is_iso(value: str | None) -> bool:
    """True for None or an ISO date (raises on anything else, so the failing value shows)."""
    if value is None:
        return True
    date.fromisoformat(value)
    return True


# -- the reliability suite: figures, generated corpora, the CLI as a process, small filesystems --

#: Figures the suite measures (cases run, faults injected, items lost), printed at the end of
#: the session so RELIABILITY.md can quote a real run. Keys are free-form counter names.
FIGURES: Counter[str] = Counter()


def count(name: str, n: int = 1) -> None:
    """Add ``n`` to the suite-wide figure ``name`` (shown in the terminal summary)."""
    FIGURES[name] += n


_PLACES = (
    "Varnholt Salbrino Duneholm Kessling Orvieto Maravent Tollby Ressan Quillon Averno".split()
)
_PEOPLE = (
    "Ilse Brandauer|Tomas Quirevel|Petra Vashenko|Anton Greiss|Mira Holtz|Joran Pell|"
    "Sofia Adeyemi|Karel Dvorsky|Lena Marsh|Oskar Tamm"
).split("|")
_HAPPENINGS = (
    "An earthquake of magnitude {n}.1 struck near {place}, damaging {m} homes, {person} said.",
    "Dock workers in {place} walked out over a {n} percent pay cut, union leader {person} said.",
    "Voters in {place} elected {person} as mayor with {n}{n} percent of the vote.",
    "Floods in {place} forced {m} families from their homes, {person} told reporters.",
    "A court in {place} sentenced former minister {person} to {n} years for bribery.",
)
_FILLER = (
    "Rescue teams searched the area through the night. Officials promised help within days. "
    "Residents gathered outside the town hall to wait for news. The regional office said it "
    "would publish figures on {day}. Critics said the response came too late."
)


@dataclass
class Corpus:
    """A generated input folder and what a complete ingest of it must store."""

    root: Path
    good: int  # input items that must become articles
    bad: int  # input items that must be rejected
    texts: dict[str, str] = field(default_factory=dict)  # marker -> the item's unique text


def _article_text(rng: random.Random, index: int, marker: str) -> str:
    template = _HAPPENINGS[index % len(_HAPPENINGS)]
    lead = template.format(
        n=rng.randint(2, 9),
        m=rng.randint(20, 900),
        place=rng.choice(_PLACES),
        person=rng.choice(_PEOPLE),
    )
    day = f"2025-0{1 + index % 9}-1{index % 10}"
    return f"Report {marker}\n\n{lead} {_FILLER.format(day=day)} Ref {marker}.\n"


def make_corpus(root: Path, *, files: int, jsonl_lines: int = 0, seed: int = 7) -> Corpus:
    """Write ``files`` text articles, a JSONL file of ``jsonl_lines`` records and a few bad
    items (empty file, binary file, broken JSON line) under ``root``."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(root, 0, 0)
    for i in range(files):
        marker = f"M{seed}x{i:05d}"
        text = _article_text(rng, i, marker)
        (root / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        corpus.texts[marker] = text
        corpus.good += 1
    if jsonl_lines:
        lines = []
        for i in range(jsonl_lines):
            marker = f"J{seed}x{i:05d}"
            text = _article_text(rng, i + 3, marker)
            corpus.texts[marker] = text
            lines.append(json.dumps({"id": f"j{i}", "text": text, "outlet": "Wire"}))
            corpus.good += 1
        lines.insert(len(lines) // 2, '{"id": "broken", "text": ')
        corpus.bad += 1
        (root / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(bytes(range(256)) * 8)
    corpus.bad += 2
    return corpus


def cli_env(**extra: str) -> dict[str, str]:
    """Environment of a CLI subprocess: the model-free path, no user config, repo sources."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWEAVE_")}
    env.update(
        NEWSWEAVE_NER="off",
        NEWSWEAVE_EMBEDDINGS="off",
        NEWSWEAVE_PER_HOST_DELAY="0",
        NEWSWEAVE_CONFIG=os.devnull,
        PYTHONPATH=str(REPO / "src"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def cli_command(*args: str) -> list[str]:
    """argv running ``newsweave ARGS`` with this interpreter."""
    return [sys.executable, "-c", "from newsweave.cli import main; main()", *args]


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, **kw: object
) -> subprocess.CompletedProcess[str]:
    """Run ``newsweave ARGS`` to completion and return the finished process."""
    return subprocess.run(
        cli_command(*args),
        env=env or cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        **kw,  # type: ignore[arg-type]  # preexec_fn and friends, passed through
    )


def assert_clean_failure(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    """A CLI run failed the way a user should see it: exit 1, one "Error:" line, no traceback."""
    assert done.returncode == 1, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.stderr.startswith("Error: "), done.stderr[-2000:]
    low = done.stderr.lower()
    for needle in needles:
        assert needle.lower() in low, (needle, done.stderr)


# small filesystems: a private tmpfs, full or read-only


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


@contextmanager
def small_fs(
    where: Path, size_kb: int, *, read_only: bool = False, seed: Sequence[Path] = ()
) -> Iterator[Path]:
    """A private tmpfs of ``size_kb`` KiB mounted at ``where`` (root only; skips otherwise).

    ``seed`` files are copied in first; ``read_only`` then remounts it read-only, which even
    root cannot write (unlike a chmod).
    """
    if shutil.which("mount") is None or (hasattr(os, "geteuid") and os.geteuid() != 0):
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    where.mkdir(parents=True, exist_ok=True)
    tag = f"nwtest{uuid.uuid4().hex[:6]}"
    done = _mount("-t", "tmpfs", "-o", f"size={size_kb}k,mode=0777", tag, str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        for path in seed:
            shutil.copy2(path, where / path.name)
        if read_only:
            ro = _mount("-o", "remount,ro", str(where))
            assert ro.returncode == 0, ro.stderr
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def run_with_seed(seed: int, code: str, *args: str) -> Any:
    """Run ``python -c code *args`` from the checkout with ``PYTHONHASHSEED=seed``; the JSON
    value its last stdout line prints (the test fails with its stderr when it fails)."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
