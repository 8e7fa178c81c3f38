"""``newsweave watch`` and ``newsweave spark``: newsweave beyond one batch on one laptop.

Registered on the main CLI with ``main.add_command(watch)`` and ``main.add_command(spark)``.
Also runnable alone: ``python -m newsweave.watch_cli watch ...`` (what the kill -9 test does).
Thin commands over :mod:`newsweave.watch` and :mod:`newsweave.distributed`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from newsweave.config import load_settings
from newsweave.errors import NewsweaveError

F = TypeVar("F", bound=Callable[..., Any])

err_console = Console(stderr=True)


def _edge(fn: F) -> F:
    """Domain errors become one clear click error line (exit code 1)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsweaveError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature


def _settings_options(fn: F) -> F:
    fn = click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        default=None,
        help="Settings file (TOML). Default: $NEWSWEAVE_CONFIG or ~/.config/newsweave/config.toml.",
    )(fn)
    fn = click.option(
        "--outlets",
        "outlets_file",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Outlet profiles (TOML/JSON: name, domains, country, owner, lean, aliases).",
    )(fn)
    fn = click.option(
        "--ner",
        type=click.Choice(["auto", "on", "off"]),
        default=None,
        help="Named-entity model: auto (use spaCy if installed), on, off (model-free).",
    )(fn)
    fn = click.option(
        "--embeddings",
        type=click.Choice(["auto", "on", "off"]),
        default=None,
        help="Title+lead sentence embeddings in clustering: auto, on, off (model-free).",
    )(fn)
    return fn


# -- watch -----------------------------------------------------------------------------------


@click.command()
@click.argument("feeds_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--db",
    required=True,
    metavar="FILE|URL",
    help="Store: SQLite file (created if missing) or postgresql:// URL.",
)
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
@_settings_options
@_edge
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
    and duplicates nothing: rerun the same command to go on.
    """
    from newsweave.store import open_store
    from newsweave.watch import MAX_BATCH, CycleReport, Watcher, parse_interval, read_feed_list

    interval = parse_interval(every)
    urls = read_feed_list(feeds_file)
    settings = load_settings(
        config_file, db=db, outlets_file=outlets_file, ner=ner, embeddings=embeddings
    )

    def show(report: CycleReport) -> None:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "run": report.run_id,
                        "polls": [dataclasses.asdict(p) for p in report.polls],
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
            f"[watch] {len(report.polls)} feeds: {changed} changed, "
            f"{len(report.polls) - changed - len(errors)} not modified, {len(errors)} failed; "
            f"{new} new articles; {report.assigned} assigned to events"
        )
        for poll in errors:
            err_console.print(f"[watch]   {poll.url}: {poll.error}")

    with (
        open_store(settings.db) as store,
        Watcher(store, settings, compare=compare, max_batch=max_batch or MAX_BATCH) as watcher,
    ):
        try:
            watcher.run(urls, interval, cycles=1 if once else cycles, on_cycle=show)
        except KeyboardInterrupt:
            err_console.print("[watch] stopped; rerun the same command to go on.")


# -- spark -----------------------------------------------------------------------------------


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option(
    "--master",
    default=None,
    help="Spark master (default: spark-submit's, else local[*]); e.g. local[2], yarn.",
)
@click.option(
    "--quotes/--no-quotes",
    default=True,
    show_default=True,
    help="Extract quotes in the executors (needed for comparisons later).",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    default=None,
    help="Spark partitions for per-article work (default: 2 x the default parallelism).",
)
@_settings_options
@_edge
def spark(
    inputs: tuple[str, ...],
    out: str,
    master: str | None,
    quotes: bool,
    partitions: int | None,
    config_file: str | None,
    outlets_file: str | None,
    ner: str | None,
    embeddings: str | None,
) -> None:
    """Run ingest -> clean -> extract -> dedup -> cluster on Spark over INPUTS.

    INPUTS are files or folders (WARC, JSONL, text, HTML, feeds), e.g. one folder per day.
    Writes OUT/articles/ (JSONL parts), OUT/events.jsonl, OUT/storylines.jsonl, OUT/outcomes/
    and OUT/report.json. The events equal those of the local batch path on the same input.
    See docs/SPARK.md for running on a cluster.
    """
    from newsweave.distributed import run_job

    settings = load_settings(config_file, outlets_file=outlets_file, ner=ner, embeddings=embeddings)
    summary = run_job(
        list(inputs), out, settings, master=master, quotes=quotes, partitions=partitions
    )
    click.echo(json.dumps(summary, ensure_ascii=False))


@click.group()
def cli() -> None:
    """newsweave watch / spark (standalone entry; the main CLI registers both commands)."""


cli.add_command(watch)
cli.add_command(spark)


if __name__ == "__main__":  # pragma: no cover
    cli()
