"""``newsweave extract`` and ``newsweave quotes``: per-article metadata and quotes, without
clustering.

``extract --json`` and ``quotes --json`` are a contract read by evaluation scripts: their
output shapes are documented in the README and must only grow.
"""

from __future__ import annotations

import dataclasses

import click
from rich.console import Console
from rich.table import Table

from newsweave.cli.options import edge, nothing_usable, settings, settings_options
from newsweave.cli.output import dumps, err_console
from newsweave.config import Settings
from newsweave.models import Article


def output_settings(config: Settings, as_json: bool) -> Settings:
    """The settings ``extract`` runs with: entities are printed by ``--json`` only, so the
    table skips named-entity recognition (``ner="off"``); ``--json`` keeps ``config.ner``."""
    return config if as_json else dataclasses.replace(config, ner="off")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON line per input item.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes reading and extracting pages side by side (default: one per CPU, for "
    "inputs of many files; 1: this process only). The output is the same.",
)
@settings_options
@edge
def extract(
    paths: tuple[str, ...],
    as_json: bool,
    workers: int | None,
    config_file: str | None,
    ner: str | None,
    outlets_file: str | None,
    embeddings: str | None,
) -> None:
    """Clean articles and extract their metadata, without clustering.

    --json prints one line per input item: {"path", "title", "text", "date", "date_flags",
    "outlet", "cited_sources", "language", "removed_lines"} (plus "id"; "error" for rejected
    items). Exits with 1 when no input item could be read. Inputs of many files are read
    and extracted in worker processes, one per CPU (--workers); the output is the same.
    """
    from newsweave.cli.extract_run import ExtractParams, extracted

    config = settings(config_file, ner=ner, outlets_file=outlets_file, embeddings=embeddings)
    table = Table("id", "outlet", "date", "flags", "lang", "cited", "title", "removed")
    run = ExtractParams(workers=workers)
    items = list(extracted(paths, output_settings(config, as_json), run))
    rejected = [i for i in items if not isinstance(i, Article)]
    if len(rejected) == len(items) and not as_json:
        raise nothing_usable(rejected, len(items), paths)
    for item in items:
        if not isinstance(item, Article):
            if as_json:
                click.echo(dumps({"path": item.source, "error": item.reason}))
            else:
                err_console.print(f"[red]rejected[/red] {item.source}: {item.reason}", markup=True)
            continue
        if as_json:
            click.echo(
                dumps(
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
    if len(rejected) == len(items):  # --json: every item's line is out; the exit code says it
        raise nothing_usable(rejected, len(items), paths)
    if not as_json:
        Console().print(table)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON line per input item.")
@settings_options
@edge
def quotes(
    paths: tuple[str, ...],
    as_json: bool,
    config_file: str | None,
    ner: str | None,
    outlets_file: str | None,
    embeddings: str | None,
) -> None:
    """Find direct and indirect quotes and their speakers.

    --json prints one line per input item: {"path", "quotes": [{"speaker", "text", "kind",
    "start", "end"}]}; offsets are character offsets into the item's text as read (files:
    the decoded file text with line endings normalised to \\n). Exits with 1 when no input
    item could be read.
    """
    from newsweave.extract import Extractor
    from newsweave.extract.quotes import extract_quotes
    from newsweave.ingest import read_inputs

    config = settings(config_file, ner=ner, outlets_file=outlets_file, embeddings=embeddings)
    extractor = Extractor(config)
    items = list(read_inputs(paths, config))
    rejected = [i for i in items if not isinstance(i, Article)]
    if len(rejected) == len(items) and not as_json:
        raise nothing_usable(rejected, len(items), paths)
    for item in items:
        if not isinstance(item, Article):
            if as_json:
                click.echo(dumps({"path": item.source, "quotes": [], "error": item.reason}))
            else:
                err_console.print(f"rejected {item.source}: {item.reason}")
            continue
        # Offsets must index the item's own text, so quotes are found in the uncleaned text.
        found = extract_quotes(item.raw_text, extractor.ner(item.raw_text))
        if as_json:
            click.echo(
                dumps(
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
    if len(rejected) == len(items):  # --json: every item's line is out; the exit code says it
        raise nothing_usable(rejected, len(items), paths)
