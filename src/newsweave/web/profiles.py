"""Outlet profiles: the user's description of outlets, and what the web app derives from it.

Users describe outlets in a small TOML (or JSON) file, ``Settings.outlets_file``::

    [[outlet]]
    name = "Kestrel Wire"
    domains = ["kestrelwire.example"]
    country = "Arnsland"
    owner = "Kestrel Holdings plc"
    lean = "VMM 0 (centre)"          # on whatever scale the user trusts
    aliases = ["Kestrel"]            # optional: other names the outlet goes by

The file is read by :mod:`newsweave.outlets` (the same profiles the pipeline uses to
canonicalise outlet names). newsweave ships no ratings. From the file the app shows, for every
event, its coverage distribution by lean, country and owner, and *blindspots*: events that only
one side covered.

Leans are free text on the user's scale. When most leans in the file carry a number ("+2",
"-1", "0 (centre)"), the scale is read as numeric and outlets are grouped by its sign (left of
centre / centre / right of centre), because free-text leans on a numeric scale are rarely
identical strings ("0 (centre, local)" and "0 (centre, regional)" are the same side). Otherwise
each distinct lean (case-folded) is its own side. Without a file the same views work on the
outlet name alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.ingest.base import host_of
from newsweave.models import Outlet
from newsweave.outlets import OutletDirectory, load_outlets

#: Attributes an outlet profile can describe, in the order the event page shows them.
ATTRIBUTES = ("lean", "country", "owner")
#: Value shown for outlets the profile file does not describe (or leaves a field empty).
UNKNOWN = "unknown"

_NUMBER = re.compile(r"(?<![\w.])([-+−]?\d+(?:\.\d+)?)")
_SIDES = ("left of centre", "centre", "right of centre")


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def lean_number(lean: str | None) -> float | None:
    """The first number in a lean ("VMM +1 (centre-right)" -> 1.0), or ``None``."""
    if not lean:
        return None
    match = _NUMBER.search(lean)
    return float(match.group(1).replace("−", "-")) if match else None


@dataclass(frozen=True, slots=True)
class OutletProfiles:
    """Outlet profiles, matched by name, alias or domain through :mod:`newsweave.outlets`.

    Build with :func:`load_outlet_profiles` or directly from :class:`Outlet` records.
    """

    outlets: tuple[Outlet, ...] = ()
    source: str | None = None  # file the profiles came from, shown only as a file name
    _directory: OutletDirectory = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # frozen: the directory is derived from ``outlets`` once, here.
        object.__setattr__(self, "_directory", OutletDirectory(self.outlets))

    @property
    def numeric_lean(self) -> bool:
        """True when most described leans carry a number (the scale is read by its sign)."""
        leans = [o.lean for o in self.outlets if o.lean]
        return bool(leans) and 2 * sum(lean_number(x) is not None for x in leans) > len(leans)

    def match(self, name: str | None, url: str | None = None) -> Outlet | None:
        """The profile of an outlet named ``name`` (or serving ``url``), if described."""
        return self._directory.by_name(name) or self._directory.by_host(host_of(url))

    def side(self, outlet: Outlet | None) -> str | None:
        """The lean side of an outlet (see the module docstring), ``None`` when unknown."""
        if outlet is None or not outlet.lean:
            return None
        if not self.numeric_lean:
            return _key(outlet.lean)
        number = lean_number(outlet.lean)
        if number is None:
            return None
        return _SIDES[0] if number < 0 else _SIDES[1] if number == 0 else _SIDES[2]

    def value(self, attribute: str, outlet: Outlet | None) -> str | None:
        """An outlet's value of ``attribute`` ("lean" gives its side), ``None`` when unknown."""
        if attribute == "lean":
            return self.side(outlet)
        if outlet is None:
            return None
        value = getattr(outlet, attribute, None)
        return str(value) if value else None

    def attributes(self) -> tuple[str, ...]:
        """The profile attributes that at least one described outlet has."""
        return tuple(a for a in ATTRIBUTES if any(getattr(o, a) for o in self.outlets))


def load_outlet_profiles(path: str | Path | None) -> OutletProfiles:
    """Read an outlet-profile file with :func:`newsweave.outlets.load_outlets`.

    ``None`` gives empty profiles (the views then work on outlet names alone).

    Raises:
        ConfigError: the file cannot be read or is not a valid profile file.
    """
    if path is None:
        return OutletProfiles()
    return OutletProfiles(load_outlets(path), Path(path).name)


@dataclass(frozen=True, slots=True)
class OutletCount:
    """How much of an event (or corpus) one attribute value accounts for."""

    value: str
    articles: int
    outlets: tuple[str, ...]


def distribution(
    outlet_articles: Mapping[str, int],
    profiles: OutletProfiles,
    attribute: str,
    urls: Mapping[str, str | None] | None = None,
) -> list[OutletCount]:
    """Articles and outlets per value of ``attribute``; largest first, unknown last.

    Args:
        outlet_articles: outlet label -> number of articles.
        profiles: the outlet profiles.
        attribute: "outlet" or one of :data:`ATTRIBUTES`.
        urls: outlet label -> one of its article URLs (matches profiles by domain).
    """
    groups: dict[str, tuple[int, list[str]]] = {}
    for label, count in outlet_articles.items():
        if attribute == "outlet":
            value: str | None = label
        else:
            profile = profiles.match(label, (urls or {}).get(label))
            value = profiles.value(attribute, profile)
        key = value or UNKNOWN
        n, names = groups.get(key, (0, []))
        groups[key] = (n + count, [*names, label])
    out = [OutletCount(k, n, tuple(sorted(names))) for k, (n, names) in groups.items()]
    out.sort(key=lambda c: (c.value == UNKNOWN, -c.articles, c.value))
    return out


def blindspot_attribute(profiles: OutletProfiles, outlets: Iterable[str]) -> str:
    """The attribute that defines sides: lean if two sides exist, else country, else outlet."""
    names = list(outlets)
    for attribute in ("lean", "country"):
        values = {profiles.value(attribute, profiles.match(n)) for n in names}
        values.discard(None)
        if len(values) >= 2:
            return attribute
    return "outlet"


@dataclass(frozen=True, slots=True)
class Blindspot:
    """An event that only one side covered."""

    attribute: str  # "lean", "country" or "outlet"
    covered_by: str  # the one side that covered it
    missing: tuple[str, ...]  # the sides (present in the corpus) that did not
    unknown_outlets: tuple[str, ...] = ()  # covering outlets whose side is unknown


def find_blindspot(
    event_outlets: Iterable[str],
    corpus_outlets: Iterable[str],
    profiles: OutletProfiles,
    attribute: str,
    urls: Mapping[str, str | None] | None = None,
) -> Blindspot | None:
    """The blindspot of an event covered by ``event_outlets``, if one side alone covered it."""
    urls = urls or {}

    def value(label: str) -> str | None:
        if attribute == "outlet":
            return label
        return profiles.value(attribute, profiles.match(label, urls.get(label)))

    corpus_values = {v for v in (value(o) for o in corpus_outlets) if v is not None}
    if len(corpus_values) < 2:
        return None
    event_list = sorted(set(event_outlets))
    values = {v for v in (value(o) for o in event_list) if v is not None}
    if len(values) != 1:
        return None
    (side,) = values
    unknown = tuple(o for o in event_list if value(o) is None)
    return Blindspot(attribute, side, tuple(sorted(corpus_values - values)), unknown)
