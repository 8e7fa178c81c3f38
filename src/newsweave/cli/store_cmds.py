"""Commands over a store: ``newsweave ingest``, ``events``, ``show`` and ``export``."""

from __future__ import annotations

import csv
import io

import click
from rich.console import Console
from rich.table import Table

from newsweave.cli.options import (
    READ_DB_HELP,
    UsageLine,
    db_option,
    edge,
    new_store_guard,
    nothing_usable,
    settings,
    settings_options,
    urls_option,
)
from newsweave.cli.output import dumps, err_console, progress_bars, write
from newsweave.models import Article, Coverage, Event
from newsweave.urls import redact


def event_line(event: Event) -> dict[str, object]:
    """An event as `events --json` prints it: its record, plus the key names that
    `analyze --json` uses for the same things ("articles", "storyline")."""
    line: dict[str, object] = event.to_dict()
    line["articles"] = list(event.article_ids)
    line["storyline"] = event.storyline_id
    return line


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option(required=True)
@urls_option
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@settings_options
@edge
def ingest(
    paths: tuple[str, ...],
    db: str,
    url_lists: tuple[str, ...],
    as_json: bool,
    config_file: str | None,
    ner: str | None,
    outlets_file: str | None,
    embeddings: str | None,
) -> None:
    """Ingest PATHS into the store, nothing more (resumable: rerun to complete a broken run).

    Exits with 1 when no input item could be used (nothing found, or every item rejected);
    a store the command created is then removed again.
    """
    from newsweave.pipeline import ingest_paths
    from newsweave.report import report_json
    from newsweave.store import open_store

    if not paths and not url_lists:
        raise UsageLine("Give PATHS to ingest, or --urls FILE.")
    config = settings(config_file, ner=ner, outlets_file=outlets_file, embeddings=embeddings, db=db)
    with new_store_guard(db):
        with open_store(db) as store, progress_bars(True) as progress:
            report = ingest_paths(paths, store, config, progress=progress, url_lists=url_lists)
        rejected = [i for i in report.items if i.status == "rejected"]
        if len(rejected) == len(report.items):
            if as_json:
                click.echo(dumps(report_json(report)))
            raise nothing_usable(rejected, len(report.items), [*paths, *url_lists])
    if as_json:
        click.echo(dumps(report_json(report)))
        return
    counts = report.counts
    click.echo(
        f"{counts['ingested']} ingested, {counts['duplicate']} duplicate, "
        f"{counts['rejected']} rejected (run {report.run_id})"
    )
    for item in rejected:
        click.echo(redact(f"  rejected {item.source}: {item.reason}"))


@click.command()
@db_option(required=True, help=READ_DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print events as JSON lines.")
@edge
def events(db: str, as_json: bool) -> None:
    """List the events of an analysed store, in time order.

    An undated event is listed at the date of the first dated event of its storyline, just
    before it; undated events with no dated storyline mate come last. --json prints one line
    per event with the keys of `analyze --json` ("articles", "storyline") besides the older
    "article_ids" and "storyline_id".
    """
    from newsweave.store import open_store

    with open_store(db, create=False) as store:
        found = store.events()
        if not found and store.count_articles():
            err_console.print(f"No events yet: run `newsweave analyze --db {redact(db)}` first.")
        if as_json:
            for event in found:
                click.echo(dumps(event_line(event)))
            return
        table = Table("event", "date", "articles", "storyline", "title")
        for event in found:
            table.add_row(
                event.id,
                event.date or "-",
                str(len(event.article_ids)),
                event.storyline_id or "-",
                event.title,
            )
        Console().print(table)


@click.command()
@click.argument("event_id")
@db_option(required=True, help=READ_DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the event as JSON.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True
)
@edge
def show(event_id: str, db: str, as_json: bool, fmt: str) -> None:
    """Show one event: summary, quotes, word choice, outlet-only facts, contradictions."""
    from newsweave.report import event_json, render_markdown
    from newsweave.store import open_store

    with open_store(db, create=False) as store:
        event = store.get_event(event_id)
        coverage = store.get_coverage(event_id) or Coverage(event_id=event_id)
        articles = list(store.iter_articles(event.article_ids))
        stories = [s for s in store.storylines() if event.id in s.event_ids]
    if as_json:
        click.echo(dumps(event_json(event, coverage)))
        return
    text = render_markdown(articles, [event], stories, {event.id: coverage}, None)
    if fmt == "md":
        click.echo(text)
    else:
        from rich.markdown import Markdown

        Console().print(Markdown(text))


@click.command()
@db_option(required=True, help=READ_DB_HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@edge
def export(db: str, fmt: str, out: str | None) -> None:
    """Export the store: JSON {"articles", "events", "storylines"} or CSV (one row per article)."""
    from newsweave.report import analysis_json
    from newsweave.store import open_store

    with open_store(db, create=False) as store:
        articles = list(store.iter_articles())
        evs = store.events()
        stories = store.storylines()
        coverage = {e.id: c for e in evs if (c := store.get_coverage(e.id)) is not None}
    if fmt == "json":
        data = analysis_json(articles, evs, stories, coverage, None)
        data.pop("report", None)
        write(dumps(data), out)
        return
    write(_articles_csv(articles, evs), out)


def _articles_csv(articles: list[Article], evs: list[Event]) -> str:
    event_of = {aid: e for e in evs for aid in e.article_ids}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "id",
            "outlet",
            "title",
            "date",
            "date_flags",
            "language",
            "url",
            "path",
            "event",
            "storyline",
            "duplicate_of",
            "cited_sources",
            "text",
        ]
    )
    for a in articles:
        event = event_of.get(a.id)
        writer.writerow(
            [
                a.id,
                a.outlet or "",
                a.title or "",
                a.date or "",
                "; ".join(f"{f.kind}: {f.estimate}" for f in a.date_flags),
                a.language or "",
                a.url or "",
                a.path or "",
                event.id if event else "",
                (event.storyline_id or "") if event else "",
                a.duplicate_of or "",
                "; ".join(a.cited_sources),
                a.text,
            ]
        )
    return buffer.getvalue().rstrip("\n")
