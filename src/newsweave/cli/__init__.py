"""The ``newsweave`` command line: thin click commands over the Python API.

``analyze --json``, ``cluster``, ``extract --json`` and ``quotes --json`` are a contract read by
evaluation scripts: their output shapes are documented in the README and must only grow.
Progress goes to stderr; stdout carries only the result.

One module per group of commands; the options they share (and the edge turning domain errors
into click errors) are defined once, in :mod:`newsweave.cli.options`.
"""

from __future__ import annotations

from typing import Any

import click

from newsweave import __version__
from newsweave.cli import analyze, extract, serve, spark, store_cmds, watch
from newsweave.urls import redact


class _Group(click.Group):
    """The command group: every click error (usage mistakes included) leaves with the passwords
    of the URLs it names hidden, whichever command or option raised it."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            # click marks message Final for its own classes; it is what show() prints.
            exc.message = redact(exc.message)  # type: ignore[misc]
            raise


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsweave")
def main() -> None:
    """newsweave: make sense of many news articles from many outlets.

    Ingest articles (text, Markdown, JSON/JSONL, HTML), clean them, extract outlets, sources,
    dates and quotes, group them into events and storylines, and compare how each outlet
    covered each event.
    """


for _command in (
    analyze.analyze,
    analyze.cluster,
    extract.extract,
    extract.quotes,
    store_cmds.ingest,
    store_cmds.events,
    store_cmds.show,
    store_cmds.export,
    serve.serve,
    watch.watch,
    spark.spark,
    spark.import_spark,
):
    main.add_command(_command)
