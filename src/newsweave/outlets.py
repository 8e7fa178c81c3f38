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
import os
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


# -- editing the profile file ------------------------------------------------------------------

#: Fields of a profile, in the order the writer puts them.
_FIELDS = ("name", "domains", "country", "owner", "lean", "aliases")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _find(outlets: Sequence[Outlet], name: str) -> int | None:
    """Index of the profile named ``name`` (by its name or an alias), if any."""
    key = name_key(name)
    for i, outlet in enumerate(outlets):
        if key and key in {name_key(n) for n in (outlet.name, *outlet.aliases)}:
            return i
    return None


def _with_aliases(outlet: Outlet, names: Iterable[str]) -> tuple[str, ...]:
    """``outlet``'s aliases plus ``names`` that it does not already go by."""
    seen = {name_key(n) for n in (outlet.name, *outlet.aliases)}
    out = list(outlet.aliases)
    for n in names:
        n = n.strip()
        if n and name_key(n) not in seen:
            seen.add(name_key(n))
            out.append(n)
    return tuple(out)


def rename_outlet(outlets: Sequence[Outlet], old: str, new: str) -> tuple[Outlet, ...]:
    """Profiles where the outlet called ``old`` is called ``new``; ``old`` stays an alias so
    articles stored under the old name still resolve. An outlet without a profile gets one.

    Raises:
        ConfigError: ``new`` is empty or already names another profile.
    """
    new = new.strip()
    if not new or not name_key(new):
        raise ConfigError("The new outlet name is empty.")
    at, other = _find(outlets, old), _find(outlets, new)
    if other is not None and other != at:
        raise ConfigError(
            f"{new!r} already names the outlet {outlets[other].name!r}: merge instead."
        )
    out = list(outlets)
    if at is None:
        out.append(Outlet(name=new, aliases=_with_aliases(Outlet(name=new), [old])))
        return tuple(out)
    current = out[at]
    kept = [a for a in current.aliases if name_key(a) != name_key(new)]
    renamed = dataclasses.replace(current, name=new, aliases=tuple(kept))
    out[at] = dataclasses.replace(renamed, aliases=_with_aliases(renamed, [current.name, old]))
    return tuple(out)


def merge_outlets(outlets: Sequence[Outlet], source: str, target: str) -> tuple[Outlet, ...]:
    """Profiles where the outlet called ``source`` is counted as ``target``.

    ``target`` keeps its name and takes ``source``'s name, aliases and domains; its country,
    owner and lean stay, and are filled from ``source``'s where it has none. ``source``'s
    profile goes. Either outlet may lack a profile: ``target`` then gets one.

    Raises:
        ConfigError: the two names are one outlet already, or a name is empty.
    """
    if not name_key(source) or not name_key(target):
        raise ConfigError("Both outlet names are needed to merge.")
    src, dst = _find(outlets, source), _find(outlets, target)
    if name_key(source) == name_key(target) or (src is not None and src == dst):
        raise ConfigError(f"{source!r} and {target!r} are already one outlet.")
    out = list(outlets)
    base = out[dst] if dst is not None else Outlet(name=target.strip())
    gone = out[src] if src is not None else Outlet(name=source.strip())
    merged = dataclasses.replace(
        base,
        domains=tuple(dict.fromkeys((*base.domains, *gone.domains))),
        country=base.country or gone.country,
        owner=base.owner or gone.owner,
        lean=base.lean or gone.lean,
        aliases=_with_aliases(base, [gone.name, *gone.aliases]),
    )
    if dst is None:
        out.append(merged)
    else:
        out[dst] = merged
    return tuple(o for i, o in enumerate(out) if i != src)


def _toml_value(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # JSON string escapes are TOML basic-string escapes; TOML also forbids a raw DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v, where) for v in value) + "]"
    raise ConfigError(f"{where}: cannot write a value of type {type(value).__name__}.")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_value(key, key)


def _entry(outlet: Outlet, extra: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for key in _FIELDS:
        value = getattr(outlet, key)
        if value:
            entry[key] = list(value) if isinstance(value, tuple) else value
    entry.update({k: v for k, v in extra.items() if k not in _FIELDS})
    return entry


def _read_raw(file: Path) -> tuple[str, Any]:
    """The text of an existing profile file and its parsed data (``("", None)`` if none)."""
    if not file.exists():
        return "", None
    try:
        raw = file.read_text(encoding="utf-8")
        return raw, json.loads(raw) if file.suffix.lower() == ".json" else tomllib.loads(raw)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Cannot read outlet profiles {file}: {exc}.") from exc


def save_outlets(path: str | Path, outlets: Sequence[Outlet]) -> None:
    """Write ``outlets`` to a profile file that :func:`load_outlets` reads back unchanged.

    The file keeps its format: TOML ``[[outlet]]`` tables (or ``[[outlets]]`` if it used
    those), or for ``.json`` a list (or an object with the same key as before). Keys newsweave
    does not read stay with their outlet (found by its name or an alias, so they survive a
    rename or merge), and a TOML file keeps its leading comment block; comments elsewhere are
    not kept. The file is replaced atomically: a reader sees the old or the new one.

    Raises:
        ConfigError: the file cannot be written, or an unread key holds a value TOML cannot
            be written with here (a nested table or a date).
    """
    file = Path(path)
    raw, data = _read_raw(file)
    key = "outlet"
    entries: Any = data
    if isinstance(data, dict):
        key = "outlets" if "outlet" not in data and "outlets" in data else "outlet"
        entries = data.get(key)
    extras: dict[str, dict[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            names = [entry.get("name"), *(entry.get("aliases") or [])]
            rest = {k: v for k, v in entry.items() if k not in _FIELDS}
            for n in names:
                if isinstance(n, str) and rest:
                    extras.setdefault(name_key(n), rest)

    def extra_of(outlet: Outlet) -> dict[str, Any]:
        for n in (outlet.name, *outlet.aliases):
            if name_key(n) in extras:
                return extras[name_key(n)]
        return {}

    rows = [_entry(o, extra_of(o)) for o in outlets]
    if file.suffix.lower() == ".json":
        shaped: Any = rows
        if isinstance(data, dict):
            shaped = {**data, key: rows}
        text = json.dumps(shaped, ensure_ascii=False, indent=2) + "\n"
    else:
        head = []
        for line in raw.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                break
            head.append(line)
        while head and not head[-1].strip():
            head.pop()
        parts = ["\n".join(head) + "\n"] if head else []
        for row in rows:
            lines = [f"[[{key}]]"]
            where = f"{file}: {row['name']}"
            lines.extend(f"{_toml_key(k)} = {_toml_value(v, where)}" for k, v in row.items())
            parts.append("\n".join(lines) + "\n")
        text = "\n".join(parts)
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigError(f"Cannot write outlet profiles {file}: {exc.strerror or exc}.") from exc
