"""Outlet profiles: a user's file describing outlets, and name resolution against it.

newsweave ships no ratings of its own. Users describe outlets in a TOML (or JSON) file::

    [[outlet]]
    name = "Kestrel Wire"
    domains = ["kestrelwire.example"]
    country = "Arnsland"
    owner = "Kestrel Holdings plc"
    lean = "centre"            # any scale the user trusts
    aliases = ["Kestrel"]      # short forms used in credits and datelines

:class:`OutletDirectory` maps what extraction found (a name, an alias, a URL host) to the
profile's canonical name, so "VNA", "vna-veltria.example" and "Veltrian News Agency" count as
one outlet in every comparison.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from newsweave.errors import ConfigError
from newsweave.models import Article, Outlet
from newsweave.urls import host_of

_ARTICLES = re.compile(r"^(the)\s+", re.IGNORECASE)


def outlet_label(article: Article) -> str:
    """The outlet name of ``article``, or ``"[<id>]"`` when unknown so that unknowns never merge."""
    return article.outlet or f"[{article.id}]"


def name_key(name: str) -> str:
    """A key where spellings of one outlet name meet ("The Amsel Courier" ~ "amsel courier")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    text = _ARTICLES.sub("", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _host_key(host: str) -> str:
    host = host.lower().strip().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def load_outlets(path: str | Path) -> tuple[Outlet, ...]:
    """Read outlet profiles from a TOML (``[[outlet]]`` tables) or JSON (list) file.

    Raises:
        ConfigError: the file is missing, malformed, or a profile has no name.
    """
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
        data: Any = json.loads(raw) if file.suffix.lower() == ".json" else tomllib.loads(raw)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Cannot read outlet profiles {file}: {exc}.") from exc
    entries = data.get("outlet", data.get("outlets")) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ConfigError(f"{file}: expected [[outlet]] tables (TOML) or a list (JSON).")
    outlets: list[Outlet] = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
            raise ConfigError(f"{file}: outlet #{index} has no name.")
        lists = {key: entry.get(key, []) for key in ("domains", "aliases")}
        for key, value in lists.items():
            # A bare string would be read letter by letter, a number would crash: both are
            # mistakes to point at, not to guess around.
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(
                    f"{file}: outlet #{index} ({str(entry['name']).strip()}): {key} must be a "
                    f'list of strings, e.g. {key} = ["example.com"].'
                )
        outlets.append(
            Outlet(
                name=str(entry["name"]).strip(),
                domains=tuple(key for d in lists["domains"] if (key := _host_key(d))),
                country=_opt(entry.get("country")),
                owner=_opt(entry.get("owner")),
                lean=_opt(entry.get("lean")),
                aliases=tuple(a.strip() for a in lists["aliases"] if a.strip()),
            )
        )
    return tuple(outlets)


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


class OutletDirectory:
    """Resolves outlet names, aliases and URL hosts to profiles; as a stage, canonicalises.

    Args:
        outlets: Profiles, e.g. from :func:`load_outlets`. Empty means "no profiles": every
            name resolves to itself.
    """

    name = "profiles"
    requires = ("outlet", "url")
    assigns = ("outlet", "outlet_evidence")

    def __init__(self, outlets: Sequence[Outlet] = ()) -> None:
        self.outlets = tuple(outlets)
        self._by_key: dict[str, Outlet] = {}
        self._by_host: dict[str, Outlet] = {}
        for outlet in self.outlets:
            for name in (outlet.name, *outlet.aliases):
                self._by_key.setdefault(name_key(name), outlet)
            for host in outlet.domains:
                self._by_host.setdefault(host, outlet)

    @classmethod
    def from_file(cls, path: str | Path | None) -> OutletDirectory:
        """A directory from a profiles file, or an empty one when ``path`` is None."""
        return cls(load_outlets(path) if path else ())

    def __bool__(self) -> bool:
        return bool(self.outlets)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self.outlets)

    def by_name(self, name: str | None) -> Outlet | None:
        """The profile whose name or alias matches ``name``."""
        return self._by_key.get(name_key(name)) if name else None

    def by_host(self, host: str | None) -> Outlet | None:
        """The profile owning ``host`` or a parent domain of it."""
        if not host:
            return None
        host = _host_key(host)
        while host:
            if host in self._by_host:
                return self._by_host[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None

    def resolve(self, article: Article) -> Outlet | None:
        """The profile of ``article``'s outlet: by its name or alias, else by its URL host."""
        found = self.by_name(article.outlet)
        if found is None and (article.outlet is None or "." in article.outlet):
            found = self.by_host(article.outlet if article.outlet else host_of(article.url))
        return found or self.by_host(host_of(article.url))

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        return self.canonical(articles)

    def canonical(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Articles with outlet names replaced by their profile's canonical name."""
        for article in articles:
            found = self.resolve(article) if self.outlets else None
            if found is not None and found.name != article.outlet:
                yield dataclasses.replace(
                    article,
                    outlet=found.name,
                    outlet_evidence=(article.outlet_evidence or "")
                    + f" (profile: {article.outlet or article.url} -> {found.name})",
                )
            else:
                yield article
