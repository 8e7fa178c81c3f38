"""The web app's pure parts: highlighting, timeline layout, outlet profiles, serve command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli.serve import is_loopback, serve
from newsweave.errors import ConfigError
from newsweave.models import Event, Outlet, Storyline
from newsweave.web.highlight import Span, segments, split_marked
from newsweave.web.profiles import OutletProfiles, load_outlet_profiles
from newsweave.web.timeline import LABEL_WIDTH, WIDTH, build_timeline

# -- highlighting ----------------------------------------------------------------------------


def test_segments_cover_the_text_exactly_once() -> None:
    text = "Ana Ruiz said: “We stay.” Police left."
    spans = [
        Span(0, 8, "entity", "PERSON"),
        Span(15, 24, "quote", "Ana Ruiz", "q-0"),
        Span(0, 25, "claim-shared", "", "c-0-25"),
        Span(26, 38, "claim-unique"),
    ]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    first = segs[0]
    assert first.text == "Ana Ruiz" and set(first.kinds) == {"entity", "claim-shared"}
    assert first.anchors == ("c-0-25",)
    quote = next(s for s in segs if "quote" in s.kinds)
    assert quote.text == "“We stay." and set(quote.kinds) == {"quote", "claim-shared"}
    assert quote.anchors == ("q-0",) and quote.labels == ("Ana Ruiz",)
    assert {k for s in segs for k in s.kinds} == {"entity", "quote", "claim-shared", "claim-unique"}


def test_segments_drop_bad_offsets_and_keep_markup_as_text() -> None:
    text = "<b>bold</b> & <script>x</script>"
    segs = segments(
        text,
        [Span(-1, 3, "quote"), Span(5, 500, "quote"), Span(4, 4, "entity"), Span(3, 7, "entity")],
    )
    assert "".join(s.text for s in segs) == text
    assert [s.kinds for s in segs] == [(), ("entity",), ()]
    assert segments("", [Span(0, 1, "quote")]) == []


def test_split_marked() -> None:
    assert split_marked("a \x02b\x03 c \x02d", "\x02", "\x03") == [
        ("a ", False),
        ("b", True),
        (" c ", False),
        ("d", True),
    ]
    assert split_marked("plain", "\x02", "\x03") == [("plain", False)]


# -- timeline --------------------------------------------------------------------------------


def test_timeline_places_events_by_date() -> None:
    events = [
        Event("e1", "Start", "2024-03-04", ("a", "b", "c")),
        Event("e2", "Middle", "2024-03-12", ("d",)),
        Event("e3", "End", "2024-03-24", ("e", "f")),
        Event("e4", "Loose", "2024-03-04", ("g",)),
        Event("e5", "Undated", None, ("h",)),
    ]
    t = build_timeline(events, [Storyline("s1", "Strike", ("e1", "e2", "e3"))])
    assert [r.storyline_id for r in t.rows] == ["s1", None]
    xs = [p.x for p in t.rows[0].points]
    assert xs[0] == LABEL_WIDTH and xs == sorted(xs) and xs[-1] <= WIDTH
    assert t.rows[0].points[0].r > t.rows[0].points[1].r  # more articles, bigger dot
    assert t.rows[1].points[0].x == LABEL_WIDTH  # same day as e1
    assert t.undated == 1
    assert t.ticks[0].label == "2024-03-04" and t.ticks[-1].label == "2024-03-24"


def test_timeline_edge_cases() -> None:
    assert build_timeline([], []).rows == ()
    one = build_timeline([Event("e", "Only", "2024-01-01", ("a",))], [])
    assert len(one.rows) == 1 and len(one.ticks) == 1
    long = build_timeline(
        [Event("e", "t", "2024-01-01", ("a",))], [Storyline("s", "x" * 80, ("e",))]
    )
    assert long.rows[0].label.endswith("…") and long.rows[0].title == "x" * 80


# -- outlet profiles -------------------------------------------------------------------------

PROFILE_TOML = """
[[outlet]]
name = "Kestrel Wire"
domains = ["kestrelwire.example"]
country = "Arnsland"
lean = "VMM 0 (centre)"

[[outlet]]
name = "The Morning Klaxon"
country = "Veltria"
lean = "VMM +2 (right)"
aliases = ["the Klaxon"]

[[outlet]]
name = "The Open Lantern"
country = "Veltria"
lean = "VMM -2 (left)"

[[outlet]]
name = "Newsloom"
lean = "n/a (aggregator)"
"""


@pytest.fixture
def profiles(tmp_path: Path) -> OutletProfiles:
    path = tmp_path / "outlets.toml"
    path.write_text(PROFILE_TOML)
    return load_outlet_profiles(path)


def test_profiles_match_and_sides(profiles: OutletProfiles) -> None:
    assert profiles.source == "outlets.toml"
    assert profiles.numeric_lean
    assert profiles.match("the klaxon") == profiles.match("The Morning Klaxon")
    kestrel = profiles.match(None, "https://news.kestrelwire.example/a/1")
    assert kestrel is not None and kestrel.name == "Kestrel Wire"
    assert profiles.side(kestrel) == "centre"
    assert profiles.side(profiles.match("Newsloom")) is None  # no number on a numeric scale
    assert profiles.side(profiles.match("The Open Lantern")) == "left of centre"
    assert profiles.side(None) is None
    assert profiles.directory.by_name("the Klaxon") == profiles.match("the Klaxon")


def test_text_leans_are_their_own_sides() -> None:
    p = OutletProfiles(
        (Outlet("A", lean="Left"), Outlet("B", lean="lean  right"), Outlet("C", lean="LEFT"))
    )
    assert not p.numeric_lean
    assert {p.side(o) for o in p.outlets} == {"left", "lean right"}


def test_bad_profile_files_say_what_to_fix(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[outlet]]\ncountry = 'X'\n")
    with pytest.raises(ConfigError, match="no name"):
        load_outlet_profiles(bad)
    with pytest.raises(ConfigError):
        load_outlet_profiles(tmp_path / "missing.toml")
    assert load_outlet_profiles(None).outlets == ()


# -- serve command ---------------------------------------------------------------------------


def test_serve_refuses_remote_bind_without_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(serve, ["--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "--allow-remote" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert is_loopback("127.0.1.1") and not is_loopback("0.0.0.0")
    assert not is_loopback("192.168.1.2") and not is_loopback("example.com")


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(serve, ["--db", str(tmp_path / "typo.db")])
    assert result.exit_code != 0 and "newsweave analyze" in result.output
    assert not (tmp_path / "typo.db").exists()


def test_serve_help_documents_options() -> None:
    result = CliRunner().invoke(serve, ["--help"])
    for option in ("--db", "--host", "--port", "--allow-remote", "--outlets"):
        assert option in result.output
