"""``newsweave analyze`` and ``newsweave cluster``: the whole pipeline, and clustering alone.

``analyze --json`` and ``cluster`` are a contract read by evaluation scripts: their output
shapes are documented in the README and must only grow.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from newsweave.cli.options import (
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
from newsweave.models import ItemOutcome
from newsweave.urls import redact


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option(required=False)
@urls_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the contract).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "html"]),
    default="text",
    show_default=True,
    help="Report format when not --json.",
)
@click.option("--out", type=click.Path(dir_okay=False), help="Write the report to a file.")
@settings_options
@edge
def analyze(
    paths: tuple[str, ...],
    db: str | None,
    url_lists: tuple[str, ...],
    as_json: bool,
    fmt: str,
    out: str | None,
    config_file: str | None,
    ner: str | None,
    outlets_file: str | None,
    embeddings: str | None,
) -> None:
    """Ingest PATHS, clean, extract, cluster, compare, and report.

    With --db, the whole store is analysed (earlier ingests included) and the result saved;
    PATHS may then be empty (the store must exist). Without --db, an in-memory store is used.
    Exits with 1 when there is nothing to analyse: no input item could be used, or the store
    holds no article.
    """
    from newsweave.pipeline import PipelineParams, analyze_store, ingest_paths
    from newsweave.report import analysis_json, render_html, render_markdown
    from newsweave.store import open_store

    if not paths and not db and not url_lists:
        raise UsageLine("Give PATHS to analyse, or --db with a store to re-analyse.")
    config = settings(config_file, ner=ner, outlets_file=outlets_file, embeddings=embeddings, db=db)
    reading = bool(paths or url_lists)
    with new_store_guard(db if reading else None):
        # Re-analysing reads a store that must exist: a mistyped --db must not become one.
        store = open_store(db or ":memory:", create=reading)
        try:
            with progress_bars(not as_json or bool(out)) as progress:
                report = ingest_paths(
                    paths, store, config, command="analyze", progress=progress, url_lists=url_lists
                )
                rejected = [i for i in report.items if i.status == "rejected"]
                if reading and len(rejected) == len(report.items):
                    if as_json and not out:  # the contract's shape, empty, with the reasons
                        click.echo(dumps(analysis_json([], [], [], {}, report)))
                    raise nothing_usable(rejected, len(report.items), [*paths, *url_lists])
                if not store.count_articles():
                    shown = redact(db or "")
                    raise click.ClickException(
                        f"The store {shown} holds no articles: ingest some first "
                        f"(`newsweave ingest PATH... --db {shown}`)."
                    )
                result = analyze_store(store, config, report, progress, PipelineParams())
        finally:
            store.close()
    parts = (result.articles, result.events, result.storylines, result.coverage, result.report)
    if as_json:
        write(dumps(analysis_json(*parts)), out)
    elif fmt == "md":
        write(render_markdown(*parts), out)
    elif fmt == "html":
        write(render_html(*parts), out)
    elif out:
        write(render_markdown(*parts), out)
    else:
        from rich.markdown import Markdown

        Console().print(Markdown(render_markdown(*parts)))
        if db:
            shown = redact(db)
            err_console.print(f"Saved to {shown}. Browse it: newsweave serve --db {shown}")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@settings_options
@edge
def cluster(
    file: str,
    config_file: str | None,
    ner: str | None,
    outlets_file: str | None,
    embeddings: str | None,
) -> None:
    """Cluster JSONL records into events and storylines.

    Reads records {id, text, optional title, date, url, outlet} and prints one JSON line per
    input record, in input order: {"id", "event", "storyline"} (plus "error" for a record that
    could not be read). Events use rule-based names, so --ner has no effect here: the entity
    model is never loaded. Exits with 1 when no record could be read.
    """
    from newsweave.pipeline import cluster_jsonl

    config = settings(config_file, ner=ner, outlets_file=outlets_file, embeddings=embeddings)
    rows = 0
    failed: list[ItemOutcome] = []
    for row in cluster_jsonl(Path(file), config):
        click.echo(dumps(row))
        rows += 1
        if "error" in row:
            failed.append(ItemOutcome(file, "rejected", None, str(row["error"])))
    if len(failed) == rows:  # every line is out (the contract); the exit code says it
        raise nothing_usable(failed, rows, [file])
