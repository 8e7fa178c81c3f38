"""The web app: server-rendered pages over a store, each also served as JSON.

Routes (every page is also JSON at the same URL + ``.json``; the home page at ``/index.json``)::

    /                      events by outlets (or date), search, filters, timeline, blindspots
    /top                   top stories: the most widely covered events of the last days
    /event/<id>            summary, distribution, blindspot, coverage matrix, quotes, words
    /article/<id>          highlighted text, removed lines, its events
    /outlets, /outlet/<name>   (POST /outlets: merge or rename an outlet, see web.edit)
    /speakers, /speaker/<name>
    /static/<file>         CSS and icon, from package data only

Errors have one shape: ``{"error": {"status": 404, "message": "..."}}`` in JSON and the same
status and message on an HTML page. Messages are written here, never taken from exceptions, so
no path, SQL or stack trace leaves the server (details go to the log).

Store access: given a store *location*, every worker thread opens its own connection (SQLite in
WAL mode lets these readers run while an ingest writes); given a :class:`Store` object (tests,
``:memory:``), all threads share it through its lock.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

import newsweave.web.home as home_views
import newsweave.web.views as views
from newsweave import __version__
from newsweave.config import Settings
from newsweave.errors import NotFoundError, StoreError
from newsweave.store import Store, open_store
from newsweave.urls import host_of
from newsweave.web.edit import EditFailed, EditRefused, OutletEditor, parse_edit
from newsweave.web.highlight import segments
from newsweave.web.params import DEFAULT_PARAMS, WebParams
from newsweave.web.profiles import OutletProfiles, load_outlet_profiles
from newsweave.web.search import SpellingsCache
from newsweave.web.security import LOCAL_HOSTS, ASGIApp, Scope, SecurityMiddleware

log = logging.getLogger(__name__)

_STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".js": "text/javascript; charset=utf-8",
}
_JSON_SUFFIX = ".json"
#: Paths that accept a form POST (everything else is GET/HEAD only).
FORM_PATHS = ("/outlets",)


class StoreProvider:
    """Hands each worker thread a store: its own connection, or one shared store object."""

    def __init__(self, store: Store | str) -> None:
        self._shared = store if isinstance(store, Store) else None
        self._location = None if isinstance(store, Store) else store
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        """The calling thread's store (opened on first use)."""
        if self._shared is not None:
            return self._shared
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self._location)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close every connection this provider opened (not a shared store passed in)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            try:
                store.close()
            except Exception:  # closing at shutdown must not mask the shutdown itself
                log.warning("could not close a store connection", exc_info=True)


def _load_static() -> dict[str, tuple[bytes, str]]:
    """Every static file shipped in the package, read once (requests never touch disk)."""
    files: dict[str, tuple[bytes, str]] = {}
    root = resources.files("newsweave.web").joinpath("static")
    for entry in root.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if entry.is_file() and suffix in _STATIC_TYPES:
            files[entry.name] = (entry.read_bytes(), _STATIC_TYPES[suffix])
    return files


def _path(prefix: str, key: str) -> str:
    return f"/{prefix}/{quote(key, safe='')}"


def safe_href(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) link, else ``None`` (no ``javascript:`` and the like)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def is_unknown_outlet(label: str | None) -> bool:
    """True for the "[<article id>]" label of an article whose outlet is unknown."""
    return label is not None and label.startswith("[") and label.endswith("]")


def outlet_text(label: str | None) -> str:
    """An outlet label as a page shows it: "[<id>]" reads "unknown outlet · <id>"."""
    if not label:
        return ""
    return f"unknown outlet · {label[1:-1]}" if is_unknown_outlet(label) else label


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsweave.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        event_url=lambda key: _path("event", key),
        article_url=lambda key: _path("article", key),
        outlet_url=lambda key: _path("outlet", key),
        speaker_url=lambda key: _path("speaker", key),
        claim_anchor=views.claim_anchor,
        safe_href=safe_href,
        host_of=host_of,
        outlet_text=outlet_text,
        is_unknown_outlet=is_unknown_outlet,
        version=__version__,
    )
    env.filters["outlet_text"] = outlet_text
    return env


def wants_json(scope: Scope) -> bool:
    """JSON for ``.json`` URLs and for clients that ask for JSON rather than HTML."""
    if scope.get("path", "").endswith(_JSON_SUFFIX):
        return True
    accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
    return "application/json" in accept and "text/html" not in accept


def create_app(
    store: Store | str,
    *,
    settings: Settings | None = None,
    profiles: OutletProfiles | None = None,
    allowed_hosts: Iterable[str] | None = LOCAL_HOSTS,
    params: WebParams | None = None,
    outlets_file: str | Path | None = None,
) -> Starlette:
    """Build the web app over ``store`` (a :class:`Store`, or a location opened per thread).

    Args:
        store: an open store shared by all requests, or a SQLite path / ``postgresql://`` URL
            that each worker thread opens for itself.
        settings: settings; ``outlets_file`` names the outlet profiles, and merges and
            renames made on the outlet pages are written there.
        profiles: outlet profiles (overrides ``settings.outlets_file``; then outlets can be
            edited only with ``outlets_file``).
        allowed_hosts: Host header names accepted (default: local names only); ``None``
            accepts any (only for a server deliberately exposed with ``--allow-remote``).
        params: page sizes and caps (:class:`~newsweave.web.params.WebParams`).
        outlets_file: the profile file to read and write edits to, which may not exist yet
            (the first edit creates it); overrides ``settings.outlets_file``.

    Raises:
        ConfigError: the outlet-profile file is unreadable.
    """
    edit_path = outlets_file
    if edit_path is None and settings is not None and profiles is None:
        edit_path = settings.outlets_file
    if profiles is None:
        exists = edit_path is not None and Path(edit_path).exists()
        profiles = load_outlet_profiles(edit_path if exists else None)
    editor = OutletEditor(profiles, edit_path, remote=allowed_hosts is None)
    limits = params or DEFAULT_PARAMS
    spellings = SpellingsCache()
    provider = StoreProvider(store)
    env = _environment()
    env.globals.update(csrf_token=editor.token, missing_shown=limits.missing_shown)
    static = _load_static()

    def render(template: str, code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=code)

    def error_response(scope: Scope, status: int, message: str) -> Response:
        form = scope.get("path") in FORM_PATHS
        headers = {"allow": "GET, HEAD, POST" if form else "GET, HEAD"} if status == 405 else None
        if wants_json(scope):
            body = {"error": {"status": status, "message": message}}
            return _json(body, status, headers)
        response = render("error.html", status, status=status, message=message)
        if headers:
            response.headers.update(headers)
        return response

    def error_app(scope: Scope, status: int, message: str) -> ASGIApp:
        return error_response(scope, status, message)

    def serve(
        request: Request,
        raw: str,
        build: Callable[[Store, str], dict[str, Any]],
        template: str,
        extra: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        page_url: Callable[[str], str] | None = None,
    ) -> Response:
        as_json = raw.endswith(_JSON_SUFFIX)
        key = raw[: -len(_JSON_SUFFIX)] if as_json else raw
        try:
            store_ = provider.get()
            try:
                data = build(store_, key)
            except NotFoundError:
                if not as_json:
                    raise
                data, as_json = build(store_, raw), False  # an id that itself ends in ".json"
        except NotFoundError as exc:
            return error_response(request.scope, 404, str(exc))
        except views.BadRequest as exc:
            return error_response(request.scope, 400, str(exc))
        except StoreError:
            log.exception("store unavailable")
            return error_response(request.scope, 503, "The store is unavailable; try again.")
        except Exception:
            log.exception("error serving %s", request.url.path)
            return error_response(request.scope, 500, "Internal error; see the server log.")
        try:
            if as_json or wants_json(request.scope):
                return _json(data)
            context = extra(data) if extra else {}
            json_url = page_url(key) + _JSON_SUFFIX if page_url else "/" + raw + _JSON_SUFFIX
            if request.url.query:
                json_url += "?" + request.url.query
            return render(template, data=data, json_url=json_url, **context)
        except Exception:
            log.exception("error rendering %s", request.url.path)
            return error_response(request.scope, 500, "Internal error; see the server log.")

    def page_number(raw: str | None) -> int:
        raw = raw or "1"
        if not raw.isdigit() or len(raw) > 6:
            raise views.BadRequest("`page` must be a page number.")
        return int(raw)

    def home(request: Request) -> Response:
        params = request.query_params

        def build(store_: Store, _key: str) -> dict[str, Any]:
            data = home_views.home_view(
                store_,
                editor.profiles,
                params=limits,
                spellings=spellings,
                q=params.get("q"),
                outlet=params.get("outlet"),
                storyline=params.get("storyline"),
                date_from=params.get("from"),
                date_to=params.get("to"),
                page=page_number(params.get("page")),
                sort=params.get("sort"),
                singles=params.get("singles") in ("1", "on", "true"),
            )
            return data

        def extra(data: dict[str, Any]) -> dict[str, Any]:
            hits = (data["search"] or {}).get("hits", [])
            days: dict[str, list[dict[str, Any]]] = {}
            by_date = data["filters"]["sort"] == "date"
            for e in data["events"]:  # already in page order
                days.setdefault((e["date"] or "") if by_date else "*", []).append(e)
            return {
                "snippets": {h["article"]: _pieces(h["snippet"]) for h in hits},
                "days": list(days.items()),
            }

        raw = "index.json" if request.url.path in ("/index.json", "/.json") else "index"
        return serve(request, raw, build, "home.html", extra)  # JSON at /index.json

    def top(request: Request) -> Response:
        raw_days = request.query_params.get("days")

        def build(store_: Store, _key: str) -> dict[str, Any]:
            if raw_days is not None and (not raw_days.isdigit() or len(raw_days) > 5):
                raise views.BadRequest("`days` must be a number of days (0 for all time).")
            days = int(raw_days) if raw_days is not None else None
            return home_views.top_view(store_, editor.profiles, params=limits, days=days)

        raw = "top.json" if request.url.path.endswith(_JSON_SUFFIX) else "top"
        return serve(request, raw, build, "top.html")

    def event(request: Request) -> Response:
        return serve(
            request,
            request.path_params["key"],
            lambda s, k: views.event_view(s, editor.profiles, k),
            "event.html",
            page_url=lambda k: _path("event", k),
        )

    def article(request: Request) -> Response:
        def extra(data: dict[str, Any]) -> dict[str, Any]:
            return {"segments": segments(data["text"], views.article_spans(data))}

        return serve(
            request,
            request.path_params["key"],
            views.article_view,
            "article.html",
            extra,
            page_url=lambda k: _path("article", k),
        )

    def outlets(request: Request) -> Response:
        raw = "outlets.json" if request.url.path.endswith(_JSON_SUFFIX) else "outlets"

        def build(s: Store, _k: str) -> dict[str, Any]:
            data = views.outlets_view(s, editor.profiles)
            data["editable"] = editor.enabled
            data["edit_note"] = None if editor.enabled else editor.refusal
            return data

        return serve(request, raw, build, "outlets.html")

    async def edit_outlets(request: Request) -> Response:
        if request.method != "POST":
            return await run_in_threadpool(outlets, request)
        body = await request.body()
        try:
            edit = parse_edit(body, editor.token)
            name = await run_in_threadpool(editor.apply, edit)
        except EditRefused as exc:
            return error_response(request.scope, 400, str(exc))
        except EditFailed:
            return error_response(
                request.scope, 500, "The outlet-profile file could not be written; see the log."
            )
        if wants_json(request.scope):
            return _json({"action": edit.action, "outlet": edit.outlet, "now": name})
        return RedirectResponse(_path("outlet", name), status_code=303)

    def outlet(request: Request) -> Response:
        def build(s: Store, k: str) -> dict[str, Any]:
            data = views.outlet_view(s, editor.profiles, k)
            data["editable"] = editor.enabled
            return data

        def extra(_data: dict[str, Any]) -> dict[str, Any]:
            return {"all_outlets": views.outlet_names(provider.get(), editor.profiles)}

        return serve(
            request,
            request.path_params["key"],
            build,
            "outlet.html",
            extra,
            page_url=lambda k: _path("outlet", k),
        )

    def speakers(request: Request) -> Response:
        raw = "speakers.json" if request.url.path.endswith(_JSON_SUFFIX) else "speakers"
        return serve(request, raw, lambda s, _k: views.speakers_view(s), "speakers.html")

    def speaker(request: Request) -> Response:
        return serve(
            request,
            request.path_params["key"],
            views.speaker_view,
            "speaker.html",
            page_url=lambda k: _path("speaker", k),
        )

    def static_file(request: Request) -> Response:
        found = static.get(request.path_params["name"])
        if found is None:
            return error_response(request.scope, 404, "No such file.")
        body, media_type = found
        return Response(
            body, media_type=media_type, headers={"cache-control": "public, max-age=3600"}
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = {404: "No such page.", 405: "Only GET and HEAD are allowed."}.get(
            status, "The request cannot be served."
        )
        return error_response(request.scope, status, message)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            provider.close()

    routes = [
        Route("/", home),
        Route("/index.json", home),
        Route("/.json", home),
        Route("/top", top),
        Route("/top.json", top),
        Route("/event/{key:path}", event),
        Route("/article/{key:path}", article),
        Route("/outlets", edit_outlets, methods=["GET", "HEAD", "POST"]),
        Route("/outlets.json", outlets),
        Route("/outlet/{key:path}", outlet),
        Route("/speakers", speakers),
        Route("/speakers.json", speakers),
        Route("/speaker/{key:path}", speaker),
        Route("/static/{name}", static_file),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: http_error},
        lifespan=lifespan,
    )
    app.add_middleware(
        SecurityMiddleware,
        error_app=error_app,
        allowed_hosts=allowed_hosts,
        form_paths=FORM_PATHS,
    )
    app.state.provider = provider
    app.state.editor = editor
    return app


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(
        body, status_code=status, headers=headers, media_type="application/json; charset=utf-8"
    )


def _pieces(snippet: dict[str, Any]) -> list[tuple[str, bool]]:
    """A JSON snippet (text + match offsets) as (text, is_match) pieces for the template."""
    text, out, pos = snippet["text"], [], 0
    for start, end in snippet["matches"]:
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


__all__ = ["StoreProvider", "create_app", "safe_href", "wants_json"]
