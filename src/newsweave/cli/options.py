"""Scaffolding shared by every command: the options that build Settings, the store and URL
options, and the edge that turns domain errors into one clear click error line.

One definition each: every command that builds :class:`~newsweave.config.Settings` takes
:func:`settings_options` and calls :func:`settings`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from newsweave.config import Settings, load_settings
from newsweave.errors import NewsweaveError

F = TypeVar("F", bound=Callable[..., Any])


def edge(fn: F) -> F:
    """Turn domain errors into click errors at the edge (one clear line, exit code 1)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsweaveError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Settings file (TOML). Default: $NEWSWEAVE_CONFIG or ~/.config/newsweave/config.toml.",
)


def settings_options(fn: F) -> F:
    """Options shared by every command that builds Settings: --config, --outlets, --ner,
    --embeddings (passed to :func:`settings` as ``config_file``, ``outlets_file``, ``ner``,
    ``embeddings``)."""
    fn = config_option(fn)
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
        help="Sentence embeddings: auto (when installed, where they help: aligning claims "
        "and quotes; clustering stays model-free), on (everywhere, clustering included), "
        "off (model-free).",
    )(fn)
    return fn


def settings(
    config_file: str | None,
    *,
    outlets_file: str | None,
    ner: str | None,
    embeddings: str | None,
    **overrides: Any,
) -> Settings:
    """Settings from the file, the environment and the command's options (None = not given)."""
    return load_settings(
        config_file, outlets_file=outlets_file, ner=ner, embeddings=embeddings, **overrides
    )


def db_option(required: bool) -> Callable[[F], F]:
    """``--db FILE|URL``: the store."""
    return click.option(
        "--db",
        default=None,
        required=required,
        metavar="FILE|URL",
        help="Store: SQLite file (created if missing) or postgresql:// URL.",
    )


urls_option = click.option(
    "--urls",
    "url_lists",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="File of URLs to fetch, one per line (repeatable). Fetching is polite: robots.txt, "
    "per-host delay, retries with backoff; raw responses are cached for reruns.",
)
