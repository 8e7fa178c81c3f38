from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import ConfigError
from newsweave.models import Article
from newsweave.outlets import OutletDirectory, load_outlets, name_key, outlet_label

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
