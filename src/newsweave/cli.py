"""The ``newsweave`` command line: thin click commands over the Python API.

``analyze --json``, ``cluster``, ``extract --json`` and ``quotes --json`` are a contract read by
evaluation scripts: their output shapes are documented in the README and must only grow.
Progress goes to stderr; stdout carries only the result.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsweave import __version__
from newsweave.config import Settings, load_settings
from newsweave.errors import NewsweaveError, OutputError
from newsweave.models import Article, Coverage, Event

F = TypeVar("F", bound=Callable[..., Any])

err_console = Console(stderr=True)


def _edge(fn: F) -> F:
    """Turn domain errors into click errors at the edge (one clear line, exit code 1)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsweaveError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def _settings_options(fn: F) -> F:
    """Options shared by every command that reads or writes articles."""
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
    return fn


def _db_option(required: bool) -> Callable[[F], F]:
    return click.option(
        "--db",
        default=None,
        required=required,
        metavar="FILE|URL",
        help="Store: SQLite file (created if missing) or postgresql:// URL.",
    )


def _settings(config_file: str | None, **overrides: Any) -> Settings:
    return load_settings(config_file, **overrides)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int | None], None]]:
    """A progress callback drawing rich bars on stderr (only when stderr is a terminal)."""
    if not enabled or not err_console.is_terminal:
        yield lambda step, done, total: None
        return
    with Progress(
        TextColumn("{task.description:>8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(step: str, done: int, total: int | None) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


def _write(text: str, out: str | None) -> None:
    if out:
        write_atomic(Path(out), text)
        err_console.print(f"wrote {out}")
    else:
        click.echo(text)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it and a rename.

    A crash (kill -9) or a full disk mid-write then never leaves a truncated report: ``path``
    holds either its old content or the whole new one.

    Raises:
        OutputError: the file cannot be written (missing folder, no space, read-only).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise OutputError(
            f"Cannot write {path}: {exc.strerror or exc}. Check that its folder exists, is "
            "writable and has space."
        ) from exc


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsweave")
def main() -> None:
    """newsweave: make sense of many news articles from many outlets.

    Ingest articles (text, Markdown, JSON/JSONL, HTML), clean them, extract outlets, sources,
    dates and quotes, group them into events and storylines, and compare how each outlet
    covered each event.
    """


# -- analyze ---------------------------------------------------------------------------------


_urls_option = click.option(
    "--urls",
    "url_lists",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="File of URLs to fetch, one per line (repeatable). Fetching is polite: robots.txt, "
    "per-host delay, retries with backoff; raw responses are cached for reruns.",
)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_db_option(required=False)
@_urls_option
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
@_settings_options
@_edge
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
    settings = _settings(config_file, ner=ner, outlets_file=outlets_file, db=db)
    store = open_store(db or ":memory:")
    try:
        with _progress(not as_json or bool(out)) as progress:
            result = run_analyze(
                paths, settings, store=store, progress=progress, url_lists=url_lists
            )
    finally:
        store.close()
    parts = (result.articles, result.events, result.storylines, result.coverage, result.report)
    if as_json:
        _write(_dumps(analysis_json(*parts)), out)
    elif fmt == "md":
        _write(render_markdown(*parts), out)
    elif fmt == "html":
        _write(render_html(*parts), out)
    elif out:
        _write(render_markdown(*parts), out)
    else:
        from rich.markdown import Markdown

        Console().print(Markdown(render_markdown(*parts)))
        if db:
            err_console.print(f"Saved to {db}. Browse it: newsweave serve --db {db}")


# -- cluster ---------------------------------------------------------------------------------


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_settings_options
@_edge
def cluster(file: str, config_file: str | None, ner: str | None, outlets_file: str | None) -> None:
    """Cluster JSONL records into events and storylines.

    Reads records {id, text, optional title, date, url, outlet} and prints one JSON line per
    input record, in input order: {"id", "event", "storyline"} (plus "error" for a record that
    could not be read). Events use rule-based names, so --ner has no effect here: the entity
    model is never loaded.
    """
    from newsweave.pipeline import cluster_jsonl

    settings = _settings(config_file, ner=ner, outlets_file=outlets_file)
    for row in cluster_jsonl(Path(file), settings):
        click.echo(_dumps(row))


# -- extract / quotes ------------------------------------------------------------------------


def _extracted(paths: tuple[str, ...], settings: Settings) -> Iterator[Article | Any]:
    """Clean and extract every input item; rejections pass through in order."""
    from newsweave.clean import Cleaner
    from newsweave.extract import Extractor
    from newsweave.ingest import read_inputs
    from newsweave.outlets import OutletDirectory
    from newsweave.pipeline import Pipeline

    items = list(read_inputs(paths, settings))
    articles = [i for i in items if isinstance(i, Article)]
    stages = Pipeline(
        [Cleaner(), Extractor(settings), OutletDirectory.from_file(settings.outlets_file)]
    )
    done = {a.source_key: a for a in stages.fit_transform(articles)}
    for item in items:
        yield done.get(item.source_key, item) if isinstance(item, Article) else item


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON line per input item.")
@_settings_options
@_edge
def extract(
    paths: tuple[str, ...],
    as_json: bool,
    config_file: str | None,
    ner: str | None,
    outlets_file: str | None,
) -> None:
    """Clean articles and extract their metadata, without clustering.

    --json prints one line per input item: {"path", "title", "text", "date", "date_flags",
    "outlet", "cited_sources", "language", "removed_lines"} (plus "id"; "error" for rejected
    items).
    """
    settings = _settings(config_file, ner=ner, outlets_file=outlets_file)
    table = Table("id", "outlet", "date", "flags", "lang", "cited", "title", "removed")
    for item in _extracted(paths, settings):
        if not isinstance(item, Article):
            if as_json:
                click.echo(_dumps({"path": item.source, "error": item.reason}))
            else:
                err_console.print(f"[red]rejected[/red] {item.source}: {item.reason}", markup=True)
            continue
        if as_json:
            click.echo(
                _dumps(
                    {
                        "path": item.path or item.url,
                        "id": item.id,
                        "title": item.title,
                        "text": item.text,
                        "date": item.date,
                        "date_flags": [f.to_dict() for f in item.date_flags],
                        "outlet": item.outlet,
                        "cited_sources": list(item.cited_sources),
                        "language": item.language,
                        "removed_lines": [r.to_dict() for r in item.removed_lines],
                        "event_date": item.event_date,
                        "entities": [e.to_dict() for e in item.entities],
                    }
                )
            )
        else:
            table.add_row(
                item.id,
                item.outlet or "?",
                item.date or "?",
                "; ".join(f"{f.kind}->{f.estimate}" for f in item.date_flags),
                item.language or "?",
                ", ".join(item.cited_sources),
                (item.title or "")[:50],
                str(len(item.removed_lines)),
            )
    if not as_json:
        Console().print(table)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON line per input item.")
@_settings_options
@_edge
def quotes(
    paths: tuple[str, ...],
    as_json: bool,
    config_file: str | None,
    ner: str | None,
    outlets_file: str | None,
) -> None:
    """Find direct and indirect quotes and their speakers.

    --json prints one line per input item: {"path", "quotes": [{"speaker", "text", "kind",
    "start", "end"}]}; offsets are character offsets into the item's text as read (files:
    the decoded file text with line endings normalised to \\n).
    """
    from newsweave.extract import Extractor
    from newsweave.extract.quotes import extract_quotes
    from newsweave.ingest import read_inputs

    settings = _settings(config_file, ner=ner, outlets_file=outlets_file)
    extractor = Extractor(settings)
    for item in read_inputs(paths, settings):
        if not isinstance(item, Article):
            if as_json:
                click.echo(_dumps({"path": item.source, "quotes": [], "error": item.reason}))
            else:
                err_console.print(f"rejected {item.source}: {item.reason}")
            continue
        # Offsets must index the item's own text, so quotes are found in the uncleaned text.
        found = extract_quotes(item.raw_text, extractor.ner(item.raw_text))
        if as_json:
            click.echo(
                _dumps(
                    {
                        "path": item.path or item.url,
                        "id": item.id,
                        "quotes": [
                            {
                                "speaker": q.speaker,
                                "text": q.text,
                                "kind": q.kind,
                                "start": q.start,
                                "end": q.end,
                                "cue": q.cue,
                                "speaker_mention": q.speaker_mention,
                            }
                            for q in found
                        ],
                    }
                )
            )
        else:
            console = Console()
            console.rule(item.id)
            for q in found:
                console.print(
                    f"[bold]{q.speaker or '?'}[/bold] ({q.kind}, {q.cue}): {q.text}",
                    markup=True,
                    highlight=False,
                )


# -- store commands --------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_db_option(required=True)
@_urls_option
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@_settings_options
@_edge
def ingest(
    paths: tuple[str, ...],
    db: str,
    url_lists: tuple[str, ...],
    as_json: bool,
    config_file: str | None,
    ner: str | None,
    outlets_file: str | None,
) -> None:
    """Ingest PATHS into the store, nothing more (resumable: rerun to complete a broken run)."""
    from newsweave.pipeline import ingest_paths
    from newsweave.report import report_json
    from newsweave.store import open_store

    if not paths and not url_lists:
        raise click.UsageError("Give PATHS to ingest, or --urls FILE.")
    settings = _settings(config_file, ner=ner, outlets_file=outlets_file, db=db)
    with open_store(db) as store, _progress(True) as progress:
        report = ingest_paths(paths, store, settings, progress=progress, url_lists=url_lists)
    if as_json:
        click.echo(_dumps(report_json(report)))
        return
    counts = report.counts
    click.echo(
        f"{counts['ingested']} ingested, {counts['duplicate']} duplicate, "
        f"{counts['rejected']} rejected (run {report.run_id})"
    )
    for item in report.items:
        if item.status == "rejected":
            click.echo(f"  rejected {item.source}: {item.reason}")


@main.command()
@_db_option(required=True)
@click.option("--json", "as_json", is_flag=True, help="Print events as JSON lines.")
@_edge
def events(db: str, as_json: bool) -> None:
    """List the events of an analysed store."""
    from newsweave.store import open_store

    with open_store(db) as store:
        found = store.events()
        if not found and store.count_articles():
            err_console.print("No events yet: run `newsweave analyze --db ...` first.")
        if as_json:
            for event in found:
                click.echo(_dumps(event.to_dict()))
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


@main.command()
@click.argument("event_id")
@_db_option(required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the event as JSON.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True
)
@_edge
def show(event_id: str, db: str, as_json: bool, fmt: str) -> None:
    """Show one event: summary, quotes, word choice, outlet-only facts, contradictions."""
    from newsweave.report import event_json, render_markdown
    from newsweave.store import open_store

    with open_store(db) as store:
        event = store.get_event(event_id)
        coverage = store.get_coverage(event_id) or Coverage(event_id=event_id)
        articles = list(store.iter_articles(event.article_ids))
        stories = [s for s in store.storylines() if event.id in s.event_ids]
    if as_json:
        click.echo(_dumps(event_json(event, coverage)))
        return
    text = render_markdown(articles, [event], stories, {event.id: coverage}, None)
    if fmt == "md":
        click.echo(text)
    else:
        from rich.markdown import Markdown

        Console().print(Markdown(text))


@main.command()
@_db_option(required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@_edge
def export(db: str, fmt: str, out: str | None) -> None:
    """Export the store: JSON {"articles", "events", "storylines"} or CSV (one row per article)."""
    from newsweave.report import analysis_json
    from newsweave.store import open_store

    with open_store(db) as store:
        articles = list(store.iter_articles())
        evs = store.events()
        stories = store.storylines()
        coverage = {e.id: c for e in evs if (c := store.get_coverage(e.id)) is not None}
    if fmt == "json":
        data = analysis_json(articles, evs, stories, coverage, None)
        data.pop("report", None)
        _write(_dumps(data), out)
        return
    _write(_articles_csv(articles, evs), out)


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


def _register_optional_commands() -> None:
    """Commands whose code lives beside the feature they drive."""
    from newsweave.watch_cli import spark, watch
    from newsweave.web.cli import serve

    main.add_command(serve)
    main.add_command(watch)
    main.add_command(spark)


_register_optional_commands()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
