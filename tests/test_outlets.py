from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from newsweave.errors import ConfigError
from newsweave.models import Article, Outlet
from newsweave.outlets import (
    OutletDirectory,
    load_outlets,
    merge_outlets,
    name_key,
    outlet_label,
    rename_outlet,
    save_outlets,
)

PROFILES = """
[[outlet]]
name = "Veltrian News Agency"
domains = ["vna-veltria.example"]
country = "Veltria"
lean = "+1"
aliases = ["VNA"]

[[outlet]]
name = "The Amsel Courier"
domains = ["www.amselcourier.example"]
"""


@pytest.fixture
def directory(tmp_path: Path) -> OutletDirectory:
    path = tmp_path / "outlets.toml"
    path.write_text(PROFILES)
    return OutletDirectory.from_file(path)


def test_resolves_names_aliases_and_hosts(directory: OutletDirectory) -> None:
    assert directory.by_name("VNA").name == "Veltrian News Agency"  # type: ignore[union-attr]
    assert directory.by_name("Amsel Courier").name == "The Amsel Courier"  # type: ignore[union-attr]
    assert directory.by_host("news.amselcourier.example").name == "The Amsel Courier"  # type: ignore[union-attr]
    assert directory.by_host("example") is None
    assert directory.by_name("Unknown Daily") is None


def test_canonical_rewrites_outlets_and_keeps_evidence(directory: OutletDirectory) -> None:
    articles = [
        Article(id="a", text="", outlet="VNA"),
        Article(id="b", text="", url="https://amselcourier.example/x"),
        Article(id="c", text="", outlet="vna-veltria.example"),
        Article(id="d", text="", outlet="Unknown Daily"),
    ]
    out = list(directory.canonical(articles))
    assert [a.outlet for a in out] == [
        "Veltrian News Agency",
        "The Amsel Courier",
        "Veltrian News Agency",
        "Unknown Daily",
    ]
    assert "profile: VNA" in (out[0].outlet_evidence or "")


def test_empty_directory_changes_nothing() -> None:
    article = Article(id="a", text="", outlet="VNA")
    assert list(OutletDirectory().canonical([article])) == [article]
    assert not OutletDirectory()


def test_bad_files_are_explained(tmp_path: Path) -> None:
    bad = tmp_path / "o.toml"
    bad.write_text("[[outlet]]\ncountry = 'X'\n")
    with pytest.raises(ConfigError, match="has no name"):
        load_outlets(bad)
    with pytest.raises(ConfigError, match="Cannot read"):
        load_outlets(tmp_path / "missing.toml")


def test_name_key() -> None:
    assert name_key("The Amsel Courier") == name_key("amsel  courier") == "amsel courier"


def test_outlet_label_keeps_unknown_outlets_apart() -> None:
    assert outlet_label(Article(id="x", text="")) == "[x]"
    assert outlet_label(Article(id="x", text="", outlet="Daily")) == "Daily"


# -- editing the profile file ----------------------------------------------------------------


def test_save_round_trips_and_keeps_the_header_and_unread_keys(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(
        "# My outlets, rated by me.\n# Second line.\n\n" + PROFILES + 'notes = "checked 2024"\n'
    )
    before = load_outlets(path)
    save_outlets(path, before)
    assert load_outlets(path) == before
    text = path.read_text()
    assert text.startswith("# My outlets, rated by me.\n# Second line.\n\n[[outlet]]")
    assert 'notes = "checked 2024"' in text  # an unread key stays with its outlet
    # after a rename the unread key follows the outlet (found through its old name, now alias)
    save_outlets(path, rename_outlet(load_outlets(path), "The Amsel Courier", "Amsel Daily"))
    data = tomllib.loads(path.read_text())
    amsel = next(o for o in data["outlet"] if o["name"] == "Amsel Daily")
    assert amsel["notes"] == "checked 2024" and amsel["aliases"] == ["The Amsel Courier"]


def test_save_escapes_any_text(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    odd = Outlet(
        name='Quote " back\\slash\nnew line \x7f del \u2028 sep',
        domains=("odd.example",),
        lean="ünïcödé — “curly”",
        aliases=("[x]", "a = b"),
    )
    save_outlets(path, [odd])
    assert load_outlets(path) == (odd,)


def test_save_keeps_json_and_its_shape(tmp_path: Path) -> None:
    listed = tmp_path / "o.json"
    listed.write_text(json.dumps([{"name": "A Daily", "lean": "left", "id": 7}]))
    save_outlets(listed, merge_outlets(load_outlets(listed), "B Times", "A Daily"))
    assert json.loads(listed.read_text()) == [
        {"name": "A Daily", "lean": "left", "aliases": ["B Times"], "id": 7}
    ]
    keyed = tmp_path / "k.json"
    keyed.write_text(json.dumps({"version": 2, "outlets": [{"name": "A Daily"}]}))
    save_outlets(keyed, rename_outlet(load_outlets(keyed), "A Daily", "A Weekly"))
    assert json.loads(keyed.read_text()) == {
        "version": 2,
        "outlets": [{"name": "A Weekly", "aliases": ["A Daily"]}],
    }


def test_save_creates_a_new_file_and_refuses_unwritable_values(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    save_outlets(path, [Outlet("A Daily")])
    assert load_outlets(path) == (Outlet("A Daily"),)
    nested = tmp_path / "nested.toml"
    nested.write_text('[[outlet]]\nname = "A Daily"\n[outlet.extra]\nx = 1\n')
    with pytest.raises(ConfigError, match="cannot write"):
        save_outlets(nested, load_outlets(nested))
    assert "[outlet.extra]" in nested.read_text()  # untouched
    with pytest.raises(ConfigError, match="Cannot write"):
        save_outlets(tmp_path / "no-such-dir" / "o.toml", [Outlet("A Daily")])


def test_rename_keeps_the_old_name_as_an_alias(directory: OutletDirectory) -> None:
    outlets = directory.outlets
    renamed = rename_outlet(outlets, "VNA", "Veltria Agency")
    vna = OutletDirectory(renamed).by_name("Veltrian News Agency")
    assert vna is not None and vna.name == "Veltria Agency"
    assert vna.aliases == ("VNA", "Veltrian News Agency")
    assert vna.domains == ("vna-veltria.example",) and vna.lean == "+1"
    # An outlet without a profile gets one that keeps the extracted name as an alias.
    added = rename_outlet(outlets, "kestrelwire.com", "Kestrel Wire")
    assert added[-1] == Outlet("Kestrel Wire", aliases=("kestrelwire.com",))
    # Changing only the case is a rename of the same outlet, not a clash.
    assert rename_outlet(outlets, "VNA", "vna")[0].name == "vna"
    with pytest.raises(ConfigError, match="merge instead"):
        rename_outlet(outlets, "VNA", "Amsel Courier")
    with pytest.raises(ConfigError, match="empty"):
        rename_outlet(outlets, "VNA", "  ")


def test_merge_moves_names_domains_and_fills_attributes(directory: OutletDirectory) -> None:
    merged = merge_outlets(directory.outlets, "VNA", "The Amsel Courier")
    assert [o.name for o in merged] == ["The Amsel Courier"]
    (amsel,) = merged
    assert amsel.aliases == ("Veltrian News Agency", "VNA")
    assert amsel.domains == ("amselcourier.example", "vna-veltria.example")
    assert amsel.country == "Veltria" and amsel.lean == "+1"  # filled: the target had none
    found = OutletDirectory(merged)
    article = Article(id="a", text="", outlet="Veltrian News Agency")
    assert [a.outlet for a in found.canonical([article])] == ["The Amsel Courier"]
    # Neither has a profile: the target gets one naming the source.
    plain = merge_outlets((), "q13fox.com", "Q13 Fox")
    assert plain == (Outlet("Q13 Fox", aliases=("q13fox.com",)),)
    with pytest.raises(ConfigError, match="already one outlet"):
        merge_outlets(directory.outlets, "VNA", "Veltrian News Agency")
    with pytest.raises(ConfigError, match="already one outlet"):
        merge_outlets((), "the daily", "Daily")
