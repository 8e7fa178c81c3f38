"""The web app on a real day of news: page weight and server time of the home, top-stories,
event and search pages over a store of 600 GVA articles (hundreds of events and outlets, no
outlet profiles -- the case of issue 18, whose home page weighed 2.1 MB).

Reproduce: ``python -m benchmarks.web [--db FILE]`` (``--db`` keeps the analysed store in FILE
and reuses it on the next run; without it the store lives in a temporary folder).

The store is built by the real pipeline (:func:`newsweave.analyze`) from the first 600 rows
of ``clustering/gva-dev.jsonl``, model-free (``ner="off"``, ``embeddings="off"``: about 30 s
instead of 10 minutes with the spaCy and sentence models, for a store of the same shape --
586 articles, ~410 events, 296 outlet names). Pages are requested in-process through
Starlette's test client from the app ``newsweave serve`` runs, so "server time" is the app's
own time to answer (store reads, views, templates), without the network. Each page is
requested once ("first": the first search also builds the index of name spellings) and then
``REPEAT`` times, whose median is reported. Weight is the HTML (or JSON) body as sent,
without the stylesheet (one cached file, its size given below). Goal (issue 18): the home
page under 300 KB and 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from benchmarks import SkipBenchmark

ROWS = 600
REPEAT = 5
#: The goal of issue 18 for the home page.
HOME_BYTES, HOME_SECONDS = 300_000, 0.5
DATA = ("clustering", "gva-dev.jsonl")


def build_store(shared_data: Path, db: Path) -> float:
    """Analyse the first ``ROWS`` rows into ``db``; return the seconds it took (0 if reused)."""
    source = shared_data.joinpath(*DATA)
    if not source.is_file():
        raise SkipBenchmark(f"{source} is absent")
    if db.exists():
        return 0.0
    from newsweave import analyze, load_settings, open_store

    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / f"gva-{ROWS}.jsonl"
        with source.open(encoding="utf-8") as src, rows.open("w", encoding="utf-8") as out:
            for n, line in enumerate(src):
                if n >= ROWS:
                    break
                out.write(line)
        started = time.perf_counter()
        with open_store(db) as store:
            analyze([rows], load_settings(None, ner="off", embeddings="off"), store=store)
        return time.perf_counter() - started


def _client(db: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from newsweave.web.app import create_app

    return TestClient(create_app(str(db)), base_url="http://127.0.0.1:8765")


def _measure(get: Callable[[], Any]) -> tuple[int, float, float, int]:
    """(bytes, first seconds, median seconds of the rest, status)."""
    times, size, status = [], 0, 0
    for _ in range(REPEAT + 1):
        started = time.perf_counter()
        response = get()
        times.append(time.perf_counter() - started)
        size, status = len(response.content), response.status_code
    return size, times[0], statistics.median(times[1:]), status


def pages(client: Any) -> list[tuple[str, str]]:
    """The pages measured: (label, URL), chosen from the store's own data."""
    home = client.get("/index.json?singles=1&sort=outlets").json()
    newest = client.get("/index.json?singles=1&sort=date").json()
    widest = home["events"][0]["id"]
    single = next((e["id"] for e in newest["events"] if e["articles"] == 1), widest)
    title_words = [w for w in home["events"][0]["title"].split() if w[:1].isupper()]
    name = title_words[-1] if title_words else "police"
    outlets = client.get("/outlets.json").json()["outlets"]
    biggest = max(outlets, key=lambda o: o["articles"])
    return [
        ("home", "/"),
        ("home, one-article events shown", "/?singles=1"),
        ("home, newest first, page 2", "/?sort=date&page=2"),
        ("home as JSON", "/index.json"),
        ("top stories (all time)", "/top?days=0"),
        (
            f"event, widest ({len(home['events'][0]['outlets'])} outlets)",
            f"/event/{quote(widest, safe='')}",
        ),
        ("event, one article", f"/event/{quote(single, safe='')}"),
        ("search `shooting`", "/?q=shooting"),
        ("search `shooting NOT police`", "/?q=shooting+NOT+police"),
        (f"search a name `{name}`", f"/?q={name}"),
        ("search, page 2", "/?q=shooting&page=2"),
        ("date filter, 2014-03-10 to 2014-03-15", "/?from=2014-03-10&to=2014-03-15"),
        ("outlets", "/outlets"),
        (
            f"outlet with the most articles ({biggest['articles']})",
            f"/outlet/{quote(biggest['name'], safe='')}",
        ),
    ]


def measure_store(db: Path) -> dict[str, Any]:
    """Every page's weight and times, and what the store holds."""
    with _client(db) as client:
        # The first request of all opens the store (and the first search builds the spelling
        # index): measured apart as "cold".
        cold_home = _measure(lambda: client.get("/"))
        rows = []
        for label, url in pages(client):
            size, first, median, status = _measure(lambda u=url: client.get(u))
            rows.append({"page": label, "url": url, "bytes": size, "first": first,
                         "median": median, "status": status})  # fmt: skip
        home = client.get("/index.json").json()
        css = len(client.get("/static/app.css").content)
    return {
        "cold_home": cold_home,
        "rows": rows,
        "counts": home["counts"],
        "outlets": len(home["outlets"]),
        "css": css,
        "blindspots": home["blindspot_info"],
    }


def section(found: dict[str, Any], build_seconds: float) -> str:
    counts = found["counts"]
    home = next(r for r in found["rows"] if r["url"] == "/")
    met = home["bytes"] < HOME_BYTES and home["median"] < HOME_SECONDS
    lines = [
        f"## Web app on {ROWS} GVA articles",
        "",
        "`python -m benchmarks.web` — the first 600 rows of `clustering/gva-dev.jsonl` "
        "analysed by the pipeline (model-free: `ner` and `embeddings` off; no outlet "
        "profiles), served in-process; "
        f"median of {REPEAT} requests after a first one (first shown apart).",
        "",
        f"Store: {counts['articles']} articles, {counts['events']} events "
        f"({counts['hidden_single_article_events']} with one article, hidden from the home "
        f"page by default), {found['outlets']} outlet names; blindspots: "
        f"{found['blindspots'].get('reason') or found['blindspots']['attribute']}."
        + (f" Analysis took {build_seconds:.0f} s." if build_seconds else ""),
        "",
        "| page | URL | status | weight | first | median |",
        "|---|---|---|---|---|---|",
    ]
    for r in found["rows"]:
        lines.append(
            f"| {r['page']} | `{r['url']}` | {r['status']} | {r['bytes'] / 1000:.1f} KB | "
            f"{r['first'] * 1000:.0f} ms | {r['median'] * 1000:.0f} ms |"
        )
    _size, first, _median, _status = found["cold_home"]
    lines += [
        "",
        f"Stylesheet: {found['css'] / 1000:.1f} KB, once (cached for an hour). The very first "
        f"request (opening the store) took {first * 1000:.0f} ms for the home page.",
        "",
        f"Goal (issue 18): home page under {HOME_BYTES // 1000} KB and {HOME_SECONDS} s — "
        + ("**met**" if met else "**not met**")
        + f" ({home['bytes'] / 1000:.1f} KB, {home['median'] * 1000:.0f} ms; issue 18 measured "
        "2.1 MB before).",
    ]
    return "\n".join(lines) + "\n"


def run(shared_data: Path, db: Path | None = None) -> str:
    """Return the Markdown section for BENCHMARKS.md."""
    if db is not None:
        seconds = build_store(shared_data, db)
        return section(measure_store(db), seconds)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gva600.db"
        seconds = build_store(shared_data, path)
        return section(measure_store(path), seconds)


def main() -> None:
    from benchmarks.__main__ import DEFAULT_SHARED

    parser = argparse.ArgumentParser(prog="python -m benchmarks.web", description=__doc__)
    parser.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared data folder")
    parser.add_argument("--db", default=None, help="keep (and reuse) the analysed store here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    db = Path(args.db) if args.db else None
    if args.json:
        if db is None:
            parser.error("--json needs --db")
        build_store(Path(args.shared), db)
        print(json.dumps(measure_store(db), indent=1))
        return
    print(run(Path(args.shared), db))


if __name__ == "__main__":
    main()
