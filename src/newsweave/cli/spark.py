"""``newsweave spark``: the batch pipeline as a Spark job, a thin command over
:mod:`newsweave.distributed` (which never imports this package).

It is also the program spark-submit runs: ``spark-submit "$(python -c 'import
newsweave.cli.spark as m; print(m.__file__)')" INPUT... --out DIR``, and ``python -m
newsweave.cli.spark INPUT... --out DIR`` runs it in local mode (see docs/SPARK.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsweave.cli.options import db_option, edge, new_store_guard, settings, settings_options
from newsweave.cli.output import dumps
from newsweave.urls import redact


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
    help="Extract quotes in the executors (the comparisons need them).",
)
@click.option(
    "--compare/--no-compare",
    default=True,
    show_default=True,
    help="Compare each event's coverage on the executors (OUT/comparisons.jsonl).",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    default=None,
    help="Spark partitions for per-article work (default: 2 x the default parallelism).",
)
@settings_options
@edge
def spark(
    inputs: tuple[str, ...],
    out: str,
    master: str | None,
    quotes: bool,
    compare: bool,
    partitions: int | None,
    config_file: str | None,
    outlets_file: str | None,
    ner: str | None,
    embeddings: str | None,
) -> None:
    """Run ingest -> clean -> extract -> dedup -> cluster -> compare on Spark over INPUTS.

    INPUTS are files or folders (WARC, JSONL, text, HTML, feeds), e.g. one folder per day.
    Writes OUT/articles/ (JSONL parts), OUT/events.jsonl, OUT/storylines.jsonl,
    OUT/comparisons.jsonl, OUT/outcomes.jsonl and OUT/report.json. The events equal those of
    the local batch path on the same input. `newsweave import-spark OUT --db DB` loads the
    result into a store. See docs/SPARK.md for running on a cluster.
    """
    from newsweave.distributed import run_job

    config = settings(config_file, outlets_file=outlets_file, ner=ner, embeddings=embeddings)
    summary = run_job(
        list(inputs),
        out,
        config,
        master=master,
        quotes=quotes,
        partitions=partitions,
        compare=compare,
    )
    click.echo(json.dumps(summary, ensure_ascii=False))


@click.command("import-spark")
@click.argument("out", type=click.Path())
@db_option(required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@edge
def import_spark(out: str, db: str, as_json: bool) -> None:
    """Import the output folder OUT of `newsweave spark` into a store.

    Reads OUT/articles/**/part-*, OUT/events.jsonl, OUT/storylines.jsonl and, when present,
    OUT/comparisons.jsonl; `serve`, `events`, `show` and `export` then read the Spark run. The
    run's events, storylines and comparisons replace the store's analysis; articles are matched
    by source and content, so importing twice stores nothing twice. Exits with 1 when OUT is
    not a Spark output folder, or when any line could not be imported (each is listed; the
    rest is imported).
    """
    from newsweave.distributed.importer import check_output, import_spark_output
    from newsweave.store import open_store

    check_output(Path(out))  # before a store is created for nothing
    with new_store_guard(db), open_store(db) as store:
        report = import_spark_output(out, store)
    if as_json:
        click.echo(dumps(report.to_dict()))
    else:
        click.echo(
            f"{report.articles} articles ({report.new} new, {report.unchanged} already stored), "
            f"{report.events} events, {report.storylines} storylines, "
            f"{report.comparisons} comparisons imported into {redact(db)} (run {report.run_id})"
        )
        for problem in report.problems:
            click.echo(redact(f"  not imported {problem.source}: {problem.reason}"))
    if report.problems:
        raise click.ClickException(
            f"{len(report.problems)} line(s) of {out} could not be imported (listed above; the "
            "rest is in the store). Fix them and rerun: the import is idempotent."
        )
    if not report.articles:
        raise click.ClickException(f"{out} holds no article to import.")


if __name__ == "__main__":  # pragma: no cover - run by spark-submit and python -m
    spark(prog_name="newsweave-spark")
