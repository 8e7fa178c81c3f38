"""``newsweave watch``: follow feeds, ingest and assign new articles to events online.

A thin command over :mod:`newsweave.watch`. Also runnable alone:
``python -m newsweave.cli watch ...`` (what the kill -9 test does).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import TYPE_CHECKING

import click

from newsweave.cli.options import db_option, edge, settings, settings_options
from newsweave.cli.output import err_console
from newsweave.report import plural
from newsweave.urls import redact

if TYPE_CHECKING:
    from newsweave.watch import FeedPoll


@click.command()
@click.argument("feeds_file", type=click.Path(exists=True, dir_okay=False))
@db_option(required=True)
@click.option(
    "--every",
    default="10m",
    show_default=True,
    help="Time between polls: 30s, 10m, 2h, 1d.",
)
@click.option("--once", is_flag=True, help="Poll and assign once, then exit.")
@click.option("--cycles", type=click.IntRange(min=1), default=None, help="Stop after N cycles.")
@click.option(
    "--compare/--no-compare",
    default=True,
    show_default=True,
    help="Recompute the coverage comparison of every event a cycle touched.",
)
@click.option(
    "--batch",
    "max_batch",
    type=click.IntRange(min=1),
    default=None,
    help="Most articles assigned per transaction (default 500).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line per cycle.")
@settings_options
@edge
def watch(
    feeds_file: str,
    db: str,
    every: str,
    once: bool,
    cycles: int | None,
    compare: bool,
    max_batch: int | None,
    as_json: bool,
    config_file: str | None,
    outlets_file: str | None,
    ner: str | None,
    embeddings: str | None,
) -> None:
    """Follow the RSS/Atom feeds listed in FEEDS_FILE: poll, ingest, assign to events.

    FEEDS_FILE lists one feed URL per line (# comments) or is an OPML subscription list.
    Feeds are polled with conditional requests (ETag / Last-Modified); new items are stored,
    processed and assigned to events online. Stopping (Ctrl-C, or kill -9) at any moment loses
    and duplicates nothing: rerun the same command to go on. With --once or --cycles, exits
    with 1 when no poll of any feed worked.
    """
    from newsweave.store import open_store
    from newsweave.watch import MAX_BATCH, CycleReport, Watcher, parse_interval, read_feed_list

    interval = parse_interval(every)
    urls = read_feed_list(feeds_file)
    config = settings(config_file, db=db, outlets_file=outlets_file, ner=ner, embeddings=embeddings)

    failures: list[str] = []  # why each feed failed, while no poll has worked at all
    worked = False

    def show(report: CycleReport) -> None:
        nonlocal worked
        worked = worked or any(p.status != "error" for p in report.polls)
        if not worked:
            failures[:] = [redact(f"{p.url}: {p.error}") for p in report.polls]
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "run": report.run_id,
                        "polls": [_shown_poll(p) for p in report.polls],
                        "assigned": report.assigned,
                        "batches": [b.batch for b in report.batches],
                    }
                )
            )
            sys.stdout.flush()
            return
        changed = sum(1 for p in report.polls if p.status == "changed")
        errors = [p for p in report.polls if p.status == "error"]
        new = sum(p.ingested for p in report.polls)
        err_console.print(
            f"[watch] {plural(len(report.polls), 'feed')}: {changed} changed, "
            f"{len(report.polls) - changed - len(errors)} not modified, {len(errors)} failed; "
            f"{plural(new, 'new article')}; {report.assigned} assigned to events",
            markup=False,
            highlight=False,
        )
        for poll in errors:
            err_console.print(
                redact(f"[watch]   {poll.url}: {poll.error}"), markup=False, highlight=False
            )

    with (
        open_store(config.db) as store,
        Watcher(store, config, compare=compare, max_batch=max_batch or MAX_BATCH) as watcher,
    ):
        try:
            watcher.run(urls, interval, cycles=1 if once else cycles, on_cycle=show)
        except KeyboardInterrupt:
            err_console.print("[watch] stopped; rerun the same command to go on.", markup=False)
            return
    if not worked:
        shown = "; ".join(failures[:3]) + (
            f"; and {len(failures) - 3} more" if len(failures) > 3 else ""
        )
        raise click.ClickException(f"No feed could be read ({shown}).")


def _shown_poll(poll: FeedPoll) -> dict[str, object]:
    """A poll as `watch --json` prints it, passwords of its URL and error hidden."""
    shown: dict[str, object] = dataclasses.asdict(poll)
    shown["url"] = redact(poll.url)
    if poll.error is not None:
        shown["error"] = redact(poll.error)
    return shown
