"""Scaffolding shared by every command: the options that build Settings, the store and URL
options, and the edge that turns domain errors into one clear click error line.

One definition each: every command that builds :class:`~newsweave.config.Settings` takes
:func:`settings_options` and calls :func:`settings`.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from newsweave.config import Settings, load_settings
from newsweave.errors import NewsweaveError
from newsweave.models import ItemOutcome
from newsweave.urls import redact

F = TypeVar("F", bound=Callable[..., Any])


def edge(fn: F) -> F:
    """Turn domain errors into click errors at the edge (one clear line, exit code 1).

    Passwords of URLs in the message are hidden (:func:`newsweave.urls.redact`).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsweaveError as exc:
            raise click.ClickException(redact(str(exc))) from exc

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
        help="Named-entity model: auto (spaCy if installed, around speaker mentions), on "
        "(spaCy on the whole text), off (model-free).",
    )(fn)
    fn = click.option(
        "--embeddings",
        type=click.Choice(["auto", "on", "off"]),
        default=None,
        help="Sentence embeddings: auto (where measured to help at their cost: nowhere yet, "
        "so model-free), on (aligning claims and quotes, and clustering), off (model-free).",
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


class UsageLine(click.ClickException):
    """A usage mistake told in one line (click's own usage errors print the whole usage)."""

    exit_code = 2


def _db_given(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None or not value.strip():
        raise UsageLine(
            f"Missing option '--db': name the store, e.g. --db news.db "
            f"(`{ctx.command_path} -h` for help)."
        )
    return value


#: ``--db`` help of commands that only read a store (they never create one).
READ_DB_HELP = "Store to read: an existing SQLite file or a postgresql:// URL."


def db_option(
    required: bool, help: str = "Store: SQLite file (created if missing) or postgresql:// URL."
) -> Callable[[F], F]:
    """``--db FILE|URL``: the store.

    A required ``--db`` is checked here rather than by click, whose ``required`` lets an
    option with a default pass unchecked, and whose usage error takes several lines: a missing
    one is a one-line error (exit 2) before anything is read or created.
    """
    return click.option(
        "--db",
        default=None,
        metavar="FILE|URL",
        callback=_db_given if required else None,
        help=help + (" [required]" if required else ""),
    )


def is_url(db: str) -> bool:
    """True for a database URL (PostgreSQL) rather than a SQLite file path."""
    return "://" in db


@contextmanager
def new_store_guard(db: str | None) -> Iterator[None]:
    """Remove a SQLite store this command created if the command fails with nothing in it.

    A failed command (nothing usable in the input, a missing dependency, a full disk) must not
    leave a new, empty store behind, which later commands would read as a real, empty one.
    Stores that existed before, URLs and stores holding any article are never touched.
    """
    if db is None or is_url(db) or db == ":memory:":
        yield
        return
    path = Path(db).expanduser()
    fetch_cache = path.with_name(path.name + ".fetch")
    existed, cache_existed = path.exists(), fetch_cache.exists()
    try:
        yield
    except (click.ClickException, NewsweaveError):
        if not existed and path.is_file():
            _remove_if_empty(path, fetch_cache if not cache_existed else None)
        raise


def _remove_if_empty(path: Path, fetch_cache: Path | None) -> None:
    from newsweave.store import open_store

    try:
        with open_store(path, create=False) as store:
            if store.count_articles():
                return
    except NewsweaveError:
        return  # not readable as a store: leave it for the user to look at
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    if fetch_cache is not None and fetch_cache.is_dir():
        shutil.rmtree(fetch_cache, ignore_errors=True)


def nothing_usable(
    rejected: Sequence[ItemOutcome], total: int, inputs: Sequence[str]
) -> click.ClickException:
    """The one-line error of a command none of whose input items could be used (exit 1)."""
    if total == 0:
        named = ", ".join(inputs[:3]) + (f" and {len(inputs) - 3} more" if len(inputs) > 3 else "")
        return click.ClickException(
            f"Nothing to read in {named}: no input items found (an empty folder or file?)."
        )
    shown = "; ".join(f"{r.source}: {r.reason}" for r in rejected[:3])
    if total == 1:
        return click.ClickException(f"Nothing usable in the input: {shown}.")
    more = f"; and {len(rejected) - 3} more" if len(rejected) > 3 else ""
    return click.ClickException(
        f"Nothing usable in the input: none of its {total} items could be read ({shown}{more})."
    )


urls_option = click.option(
    "--urls",
    "url_lists",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="File of URLs to fetch, one per line (repeatable). Fetching is polite: robots.txt, "
    "per-host delay, retries with backoff; raw responses are cached for reruns.",
)
