"""``newsweave serve``: the local web app of :mod:`newsweave.web`.

Imports nothing of the ``[web]`` extra until it runs.
"""

from __future__ import annotations

import ipaddress

import click

from newsweave.cli.options import config_option, db_option
from newsweave.config import load_settings
from newsweave.errors import MissingDependencyError, NewsweaveError
from newsweave.urls import redact

#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE_SECONDS = 5
#: Simultaneous connections before the server answers 503 (a local app for a few users).
MAX_CONNECTIONS = 200


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@db_option(required=True, help="Store to serve: SQLite file or postgresql:// URL.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind. Non-local addresses need --allow-remote.",
)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow binding a non-local address and answer any Host name.",
)
@click.option(
    "--outlets",
    "outlets_file",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Outlet-profile file (TOML); default: setting outlets_file.",
)
@config_option
def serve(
    db: str,
    host: str,
    port: int,
    allow_remote: bool,
    outlets_file: str | None,
    config_file: str | None,
) -> None:
    """Serve events, articles, outlets and speakers of a store as a local web app.

    Every page is also JSON at the same URL + `.json` (the home page at /index.json).
    Binds to 127.0.0.1 unless told otherwise: article text is untrusted, and the app has no
    login, so exposing it is a deliberate choice (--allow-remote).
    """
    if not is_loopback(host) and not allow_remote:
        raise click.ClickException(
            f"Refusing to bind {host}: the app has no login and serves untrusted text. "
            "Use --host 127.0.0.1, or pass --allow-remote if you mean it."
        )
    try:
        settings = load_settings(config_file, db=db, outlets_file=outlets_file)
        from newsweave.store import open_store

        # Only an existing store (a mistyped path must not become an empty one to serve);
        # opening it also migrates it once, before worker threads open their connections.
        open_store(settings.db, create=False).close()
    except NewsweaveError as exc:
        raise click.ClickException(redact(str(exc))) from exc
    try:
        import uvicorn

        from newsweave.web.app import create_app
    except ImportError as exc:
        raise click.ClickException(str(MissingDependencyError("The web app", "web"))) from exc
    try:
        app = create_app(
            settings.db,
            settings=settings,
            allowed_hosts=None if allow_remote else ("localhost", "127.0.0.1", "::1", host),
        )
    except NewsweaveError as exc:
        raise click.ClickException(redact(str(exc))) from exc
    click.echo(
        f"newsweave: serving {redact(settings.db)} on http://{_netloc(host, port)}/", err=True
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        limit_concurrency=MAX_CONNECTIONS,
        h11_max_incomplete_event_size=16_384,
    )


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
