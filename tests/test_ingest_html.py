from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.errors import ConfigError
from newsweave.ingest import read_inputs
from newsweave.ingest.base import DecodeError
from newsweave.ingest.html import (
    BodyParams,
    decode_html,
    extract_body,
    extract_html,
    html_to_text,
    vote_paragraphs,
)
from newsweave.models import Article, ItemOutcome

BODY = [
    "The harbour authority said on Tuesday that the northern quay would reopen next month "
    "after repairs to the storm wall were finished ahead of schedule.",
    "Engineers found that the damage from the January storm was less severe than first "
    "feared, according to a report published by the authority's board.",
    "Fishing crews who had moved their boats to the southern basin welcomed the news but "
    "asked for compensation for the extra fuel they had spent since the closure.",
    "The mayor said the city would ask the national government to share the cost of the "
    "repairs, which the authority put at four million crowns.",
]
FURNITURE = [
    "Read more: Ten places to eat fish in the old town this summer season",
    "Read more: Ferry timetable changes for the winter months announced today",
    "Read more: Council approves new parking rules for the harbour district",
]


def page(*, extra_head: str = "", body: list[str] = BODY, charset: str = "utf-8") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    related = "".join(f'<li><a href="/x{i}">{t}</a></li>' for i, t in enumerate(FURNITURE))
    return (
        f"<!DOCTYPE html><html><head><meta charset='{charset}'>"
        "<title>Northern quay to reopen | Valen Harbour Gazette</title>"
        '<meta property="og:site_name" content="Valen Harbour Gazette">'
        '<meta property="article:published_time" content="2024-03-05T18:10:00+01:00">'
        '<meta name="author" content="Ana Petrova">'
        f"{extra_head}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Northern quay to reopen</h1>{paragraphs}</article>"
        f"<aside><ul>{related}</ul></aside><footer><p>© 2024 Gazette</p></footer></body></html>"
    )


def test_vote_keeps_agreed_paragraphs_and_short_lines() -> None:
    base = "Title\n" + "\n".join(BODY) + "\n" + FURNITURE[0]
    voted = vote_paragraphs(base, ["\n".join(BODY[:2]), "\n".join(BODY[2:])])
    assert voted.split("\n") == ["Title", *BODY]
    # A paragraph needs the configured number of voters.
    assert vote_paragraphs(BODY[0], [BODY[0]], min_votes=2) == ""


def test_extract_html_body_and_metadata() -> None:
    found = extract_html(page(), "https://www.harbourgazette.example/news/quay")
    assert found is not None
    for paragraph in BODY:
        assert paragraph in found.text
    assert "Read more" not in found.text and "Home" not in found.text
    assert found.site_name == "Valen Harbour Gazette"
    assert found.date == "2024-03-05"
    assert found.authors == ("Ana Petrova",)
    assert found.title and "Northern quay to reopen" in found.title


@pytest.mark.parametrize("method", ["vote", "precision", "trafilatura"])
def test_every_method_finds_the_body(method: str) -> None:
    assert BODY[2] in extract_body(page(), method=method)


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown extraction method"):
        extract_body(page(), method="magic")


@pytest.mark.parametrize(
    "html", ["", "<html></html>", "<<<>>>", "<p>" * 5000, "<html><body><script>x</script>"]
)
def test_no_article_text_is_none(html: str) -> None:
    assert extract_html(html) is None


def test_html_to_text_keeps_paragraphs() -> None:
    text = html_to_text("<p>One <b>bold</b> line.</p><p>Two&amp;three</p>plain<br>end")
    assert text.split("\n") == ["One bold line.", "Two&three", "plain", "end"]
    assert html_to_text("No &amp; markup") == "No & markup"


def test_decode_html_prefers_utf8_then_declared_charset() -> None:
    text = "Grüße aus Köln, sagte der Bürgermeister."
    assert decode_html(text.encode("utf-8"), "iso-8859-1") == text
    latin = f"<html><head><meta charset='iso-8859-1'></head><body>{text}</body></html>"
    assert text in decode_html(latin.encode("latin-1"))
    assert decode_html(text.encode("cp1252"), "windows-1252") == text
    cyrillic = "Москва заявила о новых переговорах в четверг вечером."
    assert decode_html(cyrillic.encode("koi8-r"), "koi8-r") == cyrillic
    with pytest.raises(DecodeError):
        decode_html(b"\x00\x01\x02binary" * 100)


def test_html_files_plain_gzipped_and_bad(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(page(), encoding="utf-8")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(page().encode("utf-8")))
    (tmp_path / "c_binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 300)
    (tmp_path / "d_truncated.html.gz").write_bytes(gzip.compress(page().encode())[:200])
    (tmp_path / "e_latin.html").write_bytes(
        page(
            body=[p.replace("harbour", "Hafen für Bürger") for p in BODY], charset="windows-1252"
        ).encode("cp1252")
    )
    (tmp_path / "f_empty.html").write_text("   ")
    (tmp_path / "g_nav.html").write_text("<html><body><script>var x = 1;</script></body></html>")
    items = list(read_inputs([tmp_path], Settings()))
    assert len(items) == 7
    by_name = {Path(getattr(i, "path", None) or getattr(i, "source", "")).name: i for i in items}
    a, b = by_name["a.html"], by_name["b.htm.gz"]
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.id, b.id) == ("a", "b")
    assert a.outlet == "Valen Harbour Gazette" and a.claimed_date == "2024-03-05"
    assert a.date_source == "html-metadata" and a.text == b.text
    latin = by_name["e_latin.html"]
    assert isinstance(latin, Article) and "Hafen für Bürger" in latin.text
    for name, reason in [
        ("c_binary.html", "binary"),
        ("d_truncated.html.gz", "cannot read HTML"),
        ("f_empty.html", "empty"),
        ("g_nav.html", "no article text"),
    ]:
        item = by_name[name]
        assert isinstance(item, ItemOutcome) and reason in (item.reason or ""), name


def test_huge_pages_skip_the_vote() -> None:
    small = BodyParams(vote_max_chars=100)
    assert extract_body(page(), params=small) == extract_body(page(), method="precision")


def test_body_params_are_validated() -> None:
    with pytest.raises(ConfigError, match="vote_max_chars"):
        BodyParams(vote_max_chars=-1)
    with pytest.raises(ConfigError, match="vote_max_chars"):
        BodyParams(vote_max_chars=1.5)  # type: ignore[arg-type]
