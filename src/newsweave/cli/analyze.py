"""``newsweave analyze`` and ``newsweave cluster``: the whole pipeline, and clustering alone.

``analyze --json`` and ``cluster`` are a contract read by evaluation scripts: their output
shapes are documented in the README and must only grow.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from newsweave.cli.options import db_option, edge, settings, settings_options, urls_option
from newsweave.cli.output import dumps, err_console, progress_bars, write


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
    PATHS may then be empty. Without --db, an in-memory store is used.
    """
    from newsweave.pipeline import analyze as run_analyze
    from newsweave.report import analysis_json, render_html, render_markdown
    from newsweave.store import open_store

    if not paths and not db and not url_lists:
        raise click.UsageError("Give PATHS to analyse, or --db with a store to re-analyse.")
    config = settings(config_file, ner=ner, outlets_file=outlets_file, embeddings=embeddings, db=db)
    store = open_store(db or ":memory:")
    try:
        with progress_bars(not as_json or bool(out)) as progress:
            result = run_analyze(paths, config, store=store, progress=progress, url_lists=url_lists)
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
            err_console.print(f"Saved to {db}. Browse it: newsweave serve --db {db}")


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
    model is never loaded.
    """
    from newsweave.pipeline import cluster_jsonl

    config = settings(config_file, ner=ner, outlets_file=outlets_file, embeddings=embeddings)
    for row in cluster_jsonl(Path(file), config):
        click.echo(dumps(row))
