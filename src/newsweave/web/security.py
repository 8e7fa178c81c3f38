"""Request limits and response headers of the web app (a pure ASGI middleware).

The app reads, except for one small form (merging and renaming outlets, see
:mod:`newsweave.web.edit`). So the middleware refuses, before any route runs, anything that
is not a small GET/HEAD for an allowed host -- or a small same-origin form POST to one of the
app's form paths, which the route then checks for its CSRF token -- and it stamps every
response -- pages, JSON, errors, static files -- with headers that keep untrusted article text
inert:

- ``Content-Security-Policy`` with ``default-src 'none'``: no script runs at all (the pages
  need none), styles and images only from the app itself, no framing, no foreign forms;
- ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``, ``Referrer-Policy``;
- ``Cache-Control: no-store`` on pages (the store changes under ingestion).

The Host check stops DNS-rebinding: a page on another site cannot reach a server bound to
127.0.0.1 through a name that resolves there, because its Host header is not a local name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
#: Builds the error response bytes for a request: (scope, status, message) -> ASGI app.
ErrorApp = Callable[[Scope, int, str], ASGIApp]

#: Host names a server bound to loopback answers to.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
#: Longest accepted request target (path + query string), in bytes. Real pages need < 500.
MAX_URL_BYTES = 4096
#: Largest accepted header block, in bytes.
MAX_HEADER_BYTES = 16_384
#: Largest accepted form body (a POST to a form path), in bytes.
MAX_FORM_BYTES = 4096
FORM_TYPE = b"application/x-www-form-urlencoded"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


def host_name(header: str) -> str:
    """The host of a Host header without its port ("[::1]:8765" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _form_problem(fields: dict[bytes, bytes], host: str) -> tuple[int, str] | None:
    """Why a form POST is refused: not a form, or sent from another site (CSRF).

    Browsers say where a request comes from in ``Sec-Fetch-Site`` and ``Origin``; under this
    app's ``Referrer-Policy: no-referrer`` a same-origin form is sent with ``Origin: null``,
    which is accepted only when ``Sec-Fetch-Site`` vouches for it. Clients that send neither
    (scripts, curl) still need the page's CSRF token, checked by the route.
    """
    kind = fields.get(b"content-type", b"").split(b";")[0].strip().lower()
    if kind != FORM_TYPE:
        return 415, "Send the form as application/x-www-form-urlencoded."
    site = fields.get(b"sec-fetch-site", b"").decode("latin-1").strip().lower()
    origin = fields.get(b"origin", b"").decode("latin-1").strip().lower()
    foreign = (site and site not in ("same-origin", "none")) or (
        origin == "null" and site != "same-origin"
    )
    if origin and origin != "null" and origin.split("://", 1)[-1] != host.strip().lower():
        foreign = True
    if foreign:
        return 403, "Forms are accepted only from this app's own pages."
    return None


class SecurityMiddleware:
    """Refuse oversized, non-GET or foreign-host requests; add security headers to all."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        error_app: ErrorApp,
        allowed_hosts: Iterable[str] | None,
        form_paths: Iterable[str] = (),
    ) -> None:
        self.app = app
        self.error_app = error_app
        self.allowed_hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}
        self.form_paths = frozenset(form_paths)

    def _problem(self, scope: Scope) -> tuple[int, str] | None:
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(
            scope.get("query_string", b"")
        )
        if target > MAX_URL_BYTES:
            return 414, "The address is too long."
        headers = scope.get("headers", [])
        if sum(len(k) + len(v) for k, v in headers) > MAX_HEADER_BYTES:
            return 431, "The request headers are too large."
        fields = {k.lower(): v for k, v in headers}
        form = scope["method"] == "POST" and scope["path"] in self.form_paths
        if scope["method"] not in ("GET", "HEAD") and not form:
            return 405, "Only GET and HEAD are allowed here."
        length = fields.get(b"content-length", b"0").strip() or b"0"
        chunked = b"transfer-encoding" in fields or not length.isdigit()
        if not form and (chunked or int(length) > 0):
            return 413, "Requests must not have a body."
        if form and chunked:
            return 411, "Send the form with a Content-Length."
        if form and int(length) > MAX_FORM_BYTES:
            return 413, "The form is too large."
        host = host_name(fields.get(b"host", b"").decode("latin-1"))
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            return 400, "Unknown host name: this server answers only to local names."
        if form:
            return _form_problem(fields, fields.get(b"host", b"").decode("latin-1"))
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {name for name, _ in SECURITY_HEADERS}
                ]
                headers.extend(SECURITY_HEADERS)
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        problem = self._problem(scope)
        if problem is not None:
            status, text = problem
            await self.error_app(scope, status, text)(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
