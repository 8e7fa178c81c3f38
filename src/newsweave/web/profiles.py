"""Outlet profiles as the web app holds them: the user's file, its directory, lean sides.

Users describe outlets in a small TOML (or JSON) file, ``Settings.outlets_file``::

    [[outlet]]
    name = "Kestrel Wire"
    domains = ["kestrelwire.example"]
    country = "Arnsland"
    owner = "Kestrel Holdings plc"
    lean = "VMM 0 (centre)"          # on whatever scale the user trusts
    aliases = ["Kestrel"]            # optional: other names the outlet goes by

The file is read by :mod:`newsweave.outlets` (the same profiles the pipeline uses to
canonicalise outlet names). newsweave ships no ratings. Coverage distributions, blindspots and
lean sides are computed by :mod:`newsweave.compare.views`; this module only keeps the loaded
profiles with the name of their file for the pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.compare.views import lean_side, numeric_scale
from newsweave.models import Outlet
from newsweave.outlets import OutletDirectory, load_outlets
from newsweave.urls import host_of

#: Outlet attributes that can define the sides of a blindspot, in order of preference.
SIDE_ATTRIBUTES = ("lean", "country", "owner")


@dataclass(frozen=True, slots=True)
class OutletProfiles:
    """Outlet profiles, matched by name, alias or domain through :mod:`newsweave.outlets`.

    Build with :func:`load_outlet_profiles` or directly from :class:`Outlet` records.
    """

    outlets: tuple[Outlet, ...] = ()
    source: str | None = None  # file the profiles came from, shown only as a file name
    directory: OutletDirectory = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # frozen: the directory is derived from ``outlets`` once, here.
        object.__setattr__(self, "directory", OutletDirectory(self.outlets))

    @property
    def numeric_lean(self) -> bool:
        """True when most described leans carry a number (the scale is read by its sign)."""
        return numeric_scale(o.lean for o in self.outlets)

    def match(self, name: str | None, url: str | None = None) -> Outlet | None:
        """The profile of an outlet named ``name`` (or serving ``url``), if described."""
        return self.directory.by_name(name) or self.directory.by_host(host_of(url))

    def side(self, outlet: Outlet | None) -> str | None:
        """The lean side of an outlet (:func:`~newsweave.compare.views.lean_side`)."""
        if outlet is None:
            return None
        return lean_side(outlet.lean, numeric=self.numeric_lean)

    def value(self, label: str, attribute: str) -> str | None:
        """What the profiles say of outlet ``label``: its lean side, country or owner."""
        profile = self.match(label)
        if profile is None:
            return None
        if attribute == "lean":
            return self.side(profile)
        found = getattr(profile, attribute, None)
        return str(found) if found else None

    def sides_attribute(self, labels: Iterable[str]) -> str | None:
        """The attribute that splits these outlets into sides for blindspots: lean, else
        country, else owner -- the first for which the profiles give two or more values.

        ``None`` without profiles, or when they describe too few of these outlets: a
        blindspot then means nothing (every outlet would be its own side, and each
        one-article event "missed" by every other outlet).
        """
        if not self.outlets:
            return None
        names = list(dict.fromkeys(labels))
        for attribute in SIDE_ATTRIBUTES:
            if len({self.value(n, attribute) for n in names} - {None}) >= 2:
                return attribute
        return None


def load_outlet_profiles(path: str | Path | None) -> OutletProfiles:
    """Read an outlet-profile file with :func:`newsweave.outlets.load_outlets`.

    ``None`` gives empty profiles (the views then work on outlet names alone).

    Raises:
        ConfigError: the file cannot be read or is not a valid profile file.
    """
    if path is None:
        return OutletProfiles()
    return OutletProfiles(load_outlets(path), Path(path).name)
