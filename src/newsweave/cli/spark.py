"""``newsweave spark``: the batch pipeline as a Spark job, a thin command over
:mod:`newsweave.distributed` (which never imports this package).

It is also the program spark-submit runs: ``spark-submit "$(python -c 'import
newsweave.cli.spark as m; print(m.__file__)')" INPUT... --out DIR``, and ``python -m
newsweave.cli.spark INPUT... --out DIR`` runs it in local mode (see docs/SPARK.md).
"""

from __future__ import annotations

import json

import click

from newsweave.cli.options import edge, settings, settings_options


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
@settings_options
@edge
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

    config = settings(config_file, outlets_file=outlets_file, ner=ner, embeddings=embeddings)
    summary = run_job(
        list(inputs), out, config, master=master, quotes=quotes, partitions=partitions
    )
    click.echo(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover - run by spark-submit and python -m
    spark(prog_name="newsweave-spark")
