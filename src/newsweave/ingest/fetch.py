"""Polite HTTP fetching with a raw-response cache, for URL inputs, feeds and feed links.

:class:`Fetcher` fetches one URL at a time the way a well-behaved crawler does:

- a clear user agent (``Settings.user_agent``) and robots.txt obeyed (RFC 9309: a missing
  robots.txt allows everything, an unreachable one -- 5xx or network error -- disallows the
  host for this run); a robots ``Crawl-delay`` longer than ``Settings.per_host_delay`` wins;
- at most one request per ``Settings.per_host_delay`` seconds to any host;
- timeouts (``Settings.fetch_timeout`` per request, including a slowly trickled body);
- retries with exponential backoff on 429 and 5xx answers, timeouts and connection errors,
  honouring ``Retry-After`` (seconds or an HTTP date) up to :data:`MAX_WAIT` seconds;
- redirects followed by hand, each hop checked against robots.txt, loops and more than
  :data:`MAX_REDIRECTS` hops refused;
- bodies streamed and cut off at ``Settings.max_file_bytes``; content types other than pages,
  feeds and plain text refused before the body is read.

Every fetch returns a :class:`Response` or a :class:`Failure` with a reason for the run
report; nothing raises for a bad URL or server.

The raw response (body, headers, final URL, status, fetch time) of every successful fetch is
kept in a :class:`FetchCache`, so a rerun re-extracts from the stored bytes without touching
the network. The cache is a folder of files: ``<db>.fetch/`` beside a SQLite store (removed
together with it), ``$XDG_CACHE_HOME/newsweave/fetch`` for a PostgreSQL store; see
:func:`cache_dir`.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from newsweave.config import Settings

#: Most redirect hops followed before giving up (browsers use about 20; news sites need < 5).
MAX_REDIRECTS = 10
#: Longest wait accepted from a Retry-After header or a Crawl-delay, in seconds; beyond it the
#: fetch fails with a reason instead of stalling the whole run.
MAX_WAIT = 60.0
#: robots.txt bodies are read up to this size (RFC 9309 asks crawlers to parse at least 500 KiB).
ROBOTS_MAX_BYTES = 512_000
#: Status codes worth retrying: rate limiting and transient server errors.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

#: Content types newsweave can read from the web (anything else is refused unread).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/xml",
        "text/xml",
    }
)
TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
ACCEPTED_TYPES = HTML_TYPES | FEED_TYPES | TEXT_TYPES


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Response:
    """A successful fetch, as kept in the cache."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: str  # ISO 8601, UTC
    from_cache: bool = False

    def header(self, name: str) -> str | None:
        """The first header called ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-case ("" when absent)."""
        return (self.header("content-type") or "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset parameter of the Content-Type header, if any."""
        return charset_of(self.header("content-type"))


@dataclass(frozen=True, slots=True)
class Failure:
    """A fetch that did not succeed, with the reason for the run report."""

    url: str
    reason: str
    status: int | None = None


def charset_of(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type value."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def normalize_url(url: str) -> str | None:
    """``url`` without its fragment, or None when it is not an absolute http(s) URL."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


# -- cache ----------------------------------------------------------------------------------


def cache_dir(settings: Settings) -> Path:
    """Where fetched responses are kept for ``settings``.

    A ``fetch_cache`` setting wins when present; otherwise ``<db>.fetch`` beside a SQLite
    store, or ``$XDG_CACHE_HOME/newsweave/fetch`` (``~/.cache/...``) for a PostgreSQL URL.
    """
    explicit = getattr(settings, "fetch_cache", None)
    if isinstance(explicit, str) and explicit:
        return Path(explicit)
    if "://" in settings.db:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "newsweave" / "fetch"
    db = Path(settings.db)
    return db.with_name(db.name + ".fetch")


class FetchCache:
    """Raw responses on disk, one JSON metadata file and one body file per URL.

    Files are named by the SHA-256 of the URL asked for and written atomically (temporary
    file, then rename), so concurrent runs and a crash mid-write never leave a torn entry.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        folder = self.root / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def get(self, url: str) -> Response | None:
        """The cached response for ``url``, or None."""
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
            return Response(
                url=str(meta["url"]),
                final_url=str(meta["final_url"]),
                status=int(meta["status"]),
                headers=tuple((str(k), str(v)) for k, v in meta["headers"]),
                body=body,
                fetched_at=str(meta["fetched_at"]),
                from_cache=True,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, response: Response) -> None:
        """Store ``response`` under its requested URL (errors writing are ignored)."""
        meta_path, body_path = self._paths(response.url)
        meta = {
            "url": response.url,
            "final_url": response.final_url,
            "status": response.status,
            "headers": [list(pair) for pair in response.headers],
            "fetched_at": response.fetched_at,
        }
        try:
            meta_path.parent.mkdir(parents=True, exist_ok=True)
            for path, data in (
                (body_path, response.body),
                (meta_path, json.dumps(meta).encode("utf-8")),
            ):
                tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                tmp.write_bytes(data)
                os.replace(tmp, path)
        except OSError:
            # A read-only or full disk costs the rerun a refetch, not this run its article.
            return


# -- fetcher --------------------------------------------------------------------------------


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: every path allowed
    blocked: str | None = None  # reason the whole host is disallowed
    delay: float = 0.0


@dataclass
class _HostState:
    last_request: float = -1e18
    robots: _Robots | None = None


class Fetcher:
    """Fetches URLs politely and caches raw responses; see the module docstring.

    Args:
        settings: user agent, timeout, per-host delay and size limit come from here.
        cache: where raw responses are kept (default: :func:`cache_dir`); ``False`` for none.
        max_retries: retries after the first attempt on 429/5xx/timeouts/connection errors.
        backoff: first retry delay in seconds, doubled at each retry.
        transport: an ``httpx`` transport (tests pass a mock one); default: the network.
        sleep: the sleep function (tests pass a fake clock's).
        robots: obey robots.txt (switch off only for sites you own).

    Holds per-host state (last request time, robots rules) on the instance, so one fetcher
    should serve a whole run. Use it as a context manager or call :meth:`close`.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        cache: FetchCache | bool = True,
        max_retries: int = 3,
        backoff: float = 1.0,
        transport: Any = None,
        sleep: Callable[[float], None] = time.sleep,
        robots: bool = True,
    ) -> None:
        if max_retries < 0 or backoff < 0:
            raise ValueError("max_retries and backoff must be >= 0")
        self.settings = settings
        if cache is True:
            self.cache: FetchCache | None = FetchCache(cache_dir(settings))
        elif cache is False:
            self.cache = None
        else:
            self.cache = cache
        self.max_retries = max_retries
        self.backoff = backoff
        self.obey_robots = robots
        self._sleep = sleep
        self._transport = transport
        self._client: Any = None
        self._hosts: dict[str, _HostState] = {}

    # -- plumbing ---------------------------------------------------------------------------

    def _http(self) -> Any:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip"},
                timeout=httpx.Timeout(self.settings.fetch_timeout),
                follow_redirects=False,
                transport=self._transport,
            )
        return self._client

    def close(self) -> None:
        """Close the HTTP connection pool."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host(self, url: str) -> _HostState:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        return self._hosts.setdefault(origin, _HostState())

    def _wait_turn(self, url: str) -> None:
        state = self._host(url)
        delay = self.settings.per_host_delay
        if state.robots is not None:
            delay = max(delay, min(state.robots.delay, MAX_WAIT))
        wait = state.last_request + delay - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        state.last_request = time.monotonic()

    def _done(self, url: str) -> None:
        # The delay runs from the end of a request too: a slow answer is no licence to hurry.
        self._host(url).last_request = time.monotonic()

    # -- robots.txt -------------------------------------------------------------------------

    def _robots(self, url: str) -> _Robots:
        state = self._host(url)
        if state.robots is not None:
            return state.robots
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        import httpx

        self._wait_turn(url)
        status, body = 0, b""
        try:
            with self._http().stream("GET", robots_url, follow_redirects=True) as answer:
                status = answer.status_code
                for chunk in answer.iter_bytes():
                    body += chunk
                    if len(body) >= ROBOTS_MAX_BYTES:
                        break
        except httpx.HTTPError as exc:
            rules = _Robots(None, f"robots.txt unreachable ({type(exc).__name__})")
        else:
            self._done(url)
            if status >= 500 or status == 429:
                rules = _Robots(None, f"robots.txt unreachable (HTTP {status})")
            elif status >= 400:
                rules = _Robots(None)  # RFC 9309: no robots.txt, no restrictions
            else:
                parser = urllib.robotparser.RobotFileParser(robots_url)
                text = body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
                parser.parse(text.splitlines())
                delay = parser.crawl_delay(self.settings.user_agent)
                rules = _Robots(parser, None, float(delay or 0.0))
        state.robots = rules
        return rules

    def allowed(self, url: str) -> str | None:
        """None when robots.txt lets us fetch ``url``, else the reason it does not."""
        if not self.obey_robots:
            return None
        rules = self._robots(url)
        if rules.blocked:
            return f"{rules.blocked}; host treated as disallowed"
        if rules.parser is not None and not rules.parser.can_fetch(self.settings.user_agent, url):
            return "disallowed by robots.txt"
        return None

    # -- fetching ---------------------------------------------------------------------------

    def fetch(
        self, url: str, *, accept: Iterable[str] = ACCEPTED_TYPES, revalidate: bool = False
    ) -> Response | Failure:
        """Fetch ``url`` (from the cache when it holds it) or say why not.

        Args:
            url: an absolute http(s) URL.
            accept: content types to read; others fail unread.
            revalidate: ask the server again even when cached (feeds change); a cached copy
                is reused when the server answers 304 Not Modified or cannot be reached.
        """
        normalized = normalize_url(url)
        if normalized is None:
            return Failure(url, "not an absolute http(s) URL")
        cached = self.cache.get(normalized) if self.cache is not None else None
        if cached is not None and not revalidate:
            return cached
        accepted = frozenset(accept)
        result = self._follow(normalized, accepted, cached)
        if isinstance(result, Failure) and cached is not None:
            return cached  # the server is down or gone: the stored copy is still the page
        if isinstance(result, Response) and not result.from_cache and self.cache is not None:
            self.cache.put(result)
        return result

    def _follow(
        self, url: str, accept: frozenset[str], cached: Response | None
    ) -> Response | Failure:
        current = url
        seen = {url}
        for _hop in range(MAX_REDIRECTS + 1):
            refused = self.allowed(current)
            if refused:
                return Failure(url, refused if current == url else f"{refused} ({current})")
            answer = self._attempts(url, current, accept, cached)
            if not isinstance(answer, str):
                return answer
            target = normalize_url(urljoin(current, answer))
            if target is None:
                return Failure(url, f"redirect to a non-http(s) location {answer[:200]!r}")
            if target in seen:
                return Failure(url, f"redirect loop ({current} -> {target})")
            seen.add(target)
            current = target
        return Failure(url, f"more than {MAX_REDIRECTS} redirects")

    def _attempts(
        self, url: str, current: str, accept: frozenset[str], cached: Response | None
    ) -> Response | Failure | str:
        """Request ``current`` with retries: a response, a failure, or a redirect location."""
        import httpx

        last = "no attempt made"
        for attempt in range(self.max_retries + 1):
            self._wait_turn(current)
            headers = {}
            if cached is not None and current == url:
                if cached.header("etag"):
                    headers["If-None-Match"] = str(cached.header("etag"))
                if cached.header("last-modified"):
                    headers["If-Modified-Since"] = str(cached.header("last-modified"))
            try:
                outcome = self._once(url, current, accept, headers, cached)
                self._done(current)
            except httpx.TimeoutException:
                last = f"timed out after {self.settings.fetch_timeout:g} s"
                delay = self.backoff * 2**attempt
            except httpx.HTTPError as exc:
                last = f"cannot fetch: {type(exc).__name__}: {exc}"[:300]
                delay = self.backoff * 2**attempt
            else:
                if not isinstance(outcome, tuple):
                    return outcome
                status, retry_after = outcome
                last = f"HTTP {status}"
                delay = retry_after if retry_after is not None else self.backoff * 2**attempt
                if delay > MAX_WAIT:
                    return Failure(
                        url,
                        f"HTTP {status}; Retry-After {delay:.0f} s is over {MAX_WAIT:.0f} s",
                        status,
                    )
            if attempt < self.max_retries:
                self._sleep(delay)
        return Failure(url, f"{last} (after {self.max_retries + 1} attempts)")

    def _once(
        self,
        url: str,
        current: str,
        accept: frozenset[str],
        headers: dict[str, str],
        cached: Response | None,
    ) -> Response | Failure | str | tuple[int, float | None]:
        """One request: a response, a failure, a redirect location, or (status, retry-after)."""
        limit = self.settings.max_file_bytes
        deadline = time.monotonic() + self.settings.fetch_timeout
        with self._http().stream("GET", current, headers=headers) as answer:
            status = answer.status_code
            if status in RETRY_STATUSES:
                return status, retry_after_seconds(answer.headers.get("retry-after"))
            if 300 <= status < 400 and status != 304:
                location = answer.headers.get("location")
                if not location:
                    return Failure(url, f"HTTP {status} redirect without a Location", status)
                return str(location)
            if status == 304:
                if cached is not None:
                    return cached
                return Failure(url, "HTTP 304 Not Modified without a cached copy", status)
            if status >= 400 or status < 200:
                return Failure(url, f"HTTP {status} {answer.reason_phrase}".strip(), status)
            content_type = answer.headers.get("content-type", "")
            media = content_type.split(";", 1)[0].strip().lower()
            if media and media not in accept:
                return Failure(url, f"unsupported content type {media}", status)
            declared = answer.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                return Failure(
                    url, f"body of {int(declared):,} bytes over max_file_bytes={limit:,}", status
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in answer.iter_bytes():
                size += len(chunk)
                if size > limit:
                    return Failure(url, f"body over max_file_bytes={limit:,}", status)
                if time.monotonic() > deadline:
                    return Failure(
                        url, f"timed out after {self.settings.fetch_timeout:g} s (slow body)"
                    )
                chunks.append(chunk)
            kept = tuple(
                (k, v)
                for k, v in answer.headers.multi_items()
                if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
            )
            return Response(
                url=url,
                final_url=str(answer.url),
                status=status,
                headers=kept,
                body=b"".join(chunks),
                fetched_at=_now_iso(),
            )


__all__ = [
    "ACCEPTED_TYPES",
    "FEED_TYPES",
    "HTML_TYPES",
    "MAX_REDIRECTS",
    "MAX_WAIT",
    "TEXT_TYPES",
    "Failure",
    "FetchCache",
    "Fetcher",
    "Response",
    "cache_dir",
    "charset_of",
    "normalize_url",
    "retry_after_seconds",
]
