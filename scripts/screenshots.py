"""Screenshots of the web app's main pages for the docs (docs/screenshots/*.png).

Analyses the bundled example corpus (with its outlet profiles, model-free: the same store as
``newsweave analyze examples/corpus --outlets examples/outlets.toml --ner off``) into a
temporary store, serves it on 127.0.0.1, and photographs the pages in headless Chromium
(Debian's /usr/bin/chromium through Playwright; no browser is ever downloaded). Rerun it
whenever the pipeline's output on the example corpus changes::

    .venv/bin/python scripts/screenshots.py            # writes docs/screenshots/
    .venv/bin/python scripts/screenshots.py --db my.db --out /tmp/shots --all

``--all`` adds pages for review that the docs do not show (outlet and speaker lists, the home
and outlet pages on a phone).
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import uvicorn
from playwright.sync_api import sync_playwright

from newsweave.config import load_settings
from newsweave.store import open_store
from newsweave.web.app import create_app

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# No network at all: every name but the loopback fails to resolve (see PLATFORM notes).
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]  # fmt: skip


def build_example_store(db: Path) -> None:
    """Analyse examples/corpus into ``db`` with the example outlet profiles."""
    from newsweave.pipeline import analyze

    settings = load_settings(None, outlets_file=str(REPO / "examples" / "outlets.toml"), ner="off")
    with open_store(db) as store:
        analyze([REPO / "examples" / "corpus"], settings, store)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="existing store (default: analyse examples/corpus)")
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--all", action="store_true", help="also pages for review (not docs)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "examples.db"
        if not args.db:
            build_example_store(db)
        settings = load_settings(None, outlets_file=str(REPO / "examples" / "outlets.toml"))
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(str(db), settings=settings),
                host="127.0.0.1",
                port=port,
                log_level="warning",
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        try:
            home = httpx.get(base + "/index.json").json()
            event = max(home["events"], key=lambda e: e["articles"])
            data = httpx.get(f"{base}/event/{quote(event['id'], safe='')}.json").json()
            article = max(data["article_list"], key=lambda a: len(a["title"] or ""))
            quoted = [q for q in data["quotes"] if q["speaker"] and len(q["variants"]) > 1]
            speaker = quoted[0]["speaker"] if quoted else None
            outlet = data["outlets"][0]
            shots = [
                ("home", "/", 1280, 1500),
                ("event", f"/event/{quote(event['id'], safe='')}", 1280, 2400),
                ("article", f"/article/{quote(article['id'], safe='')}", 1280, 1400),
                ("outlet", f"/outlet/{quote(outlet, safe='')}", 1280, 1500),
                ("event-phone", f"/event/{quote(event['id'], safe='')}#matrix", 390, 844),
            ]
            if speaker:
                shots.append(("speaker", f"/speaker/{quote(speaker, safe='')}", 1280, 1500))
            if args.all:
                shots += [
                    ("outlets", "/outlets", 1280, 900),
                    ("speakers", "/speakers", 1280, 900),
                    ("home-phone", "/", 390, 1600),
                    ("outlet-phone", f"/outlet/{quote(outlet, safe='')}", 390, 1600),
                    ("event-phone-top", f"/event/{quote(event['id'], safe='')}", 390, 2400),
                ]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, path, width, height in shots:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(base + path)
                    page.screenshot(path=str(out / f"{name}.png"))
                    page.close()
                    print(f"wrote {out / (name + '.png')}")
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
