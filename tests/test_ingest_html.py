from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

from newsweave.config import Settings
from newsweave.errors import ConfigError
from newsweave.ingest import html as html_module
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
from newsweave.ingest.pagelayout import page_blocks, trim_trailer, with_lead, with_subheadings
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


# -- method "auto": first reading, second opinions, page rules -------------------------------

STANDFIRST = (
    "Repairs to the storm wall finished three weeks early, and the fishing fleet can return "
    "to its old berths before the spring season begins."
)


def article_page(*, lead: str = STANDFIRST, header_extra: str = "", body: list[str] = BODY) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        "<html><head><title>Northern quay to reopen</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><header><h1>Northern quay to reopen</h1>{header_extra}"
        f"<p class='standfirst'>{lead}</p></header>"
        f"<div class='story'>{paragraphs}</div></article></body></html>"
    )


def tree_of(html: str) -> Any:
    from lxml import html as lxml_html

    return lxml_html.fromstring(html)


def test_lead_is_put_back_in_front_of_the_body() -> None:
    text = "\n".join(BODY)  # what an extractor that dropped the header returns
    assert with_lead(tree_of(article_page()), text) == f"{STANDFIRST}\n{text}"
    # Already there, or lead rule off: unchanged.
    assert with_lead(tree_of(article_page()), f"{STANDFIRST}\n{text}") == f"{STANDFIRST}\n{text}"
    assert with_lead(tree_of(article_page()), text, max_blocks=0) == text


@pytest.mark.parametrize(
    "header_extra, lead",
    [
        # A byline and a reading time between headline and body are not a standfirst ...
        ("", "By Ana Petrova, harbour correspondent"),
        ("", "Reading time: four minutes"),
        # ... nor a caption, nor a related link, however sentence-like.
        (
            "<figure><img src='q.jpg'><figcaption>The northern quay seen from the ferry "
            "terminal on a grey morning last week, before the repairs.</figcaption></figure>",
            "Short.",
        ),
        (
            "<div><a href='/x'>Read also: the ferry company says its winter timetable will "
            "stay in force until the end of April this year.</a></div>",
            "Short.",
        ),
    ],
)
def test_lead_leaves_bylines_captions_and_links_out(header_extra: str, lead: str) -> None:
    text = "\n".join(BODY)
    assert with_lead(tree_of(article_page(lead=lead, header_extra=header_extra)), text) == text


def test_lead_needs_a_headline_before_the_body() -> None:
    no_headline = article_page().replace("<h1>", "<div>").replace("</h1>", "</div>")
    text = "\n".join(BODY)
    assert with_lead(tree_of(no_headline), text) == text
    # Text that is not on the page at all: nothing to anchor the standfirst to.
    assert with_lead(tree_of(article_page()), "Something else entirely.") == (
        "Something else entirely."
    )


def test_page_blocks_keep_linked_paragraphs_whole_and_survive_deep_markup() -> None:
    tree = tree_of(
        "<html><body><h1>Title</h1><p>The mayor <a href='/m'>said</a> so on Monday.</p>"
        "<ul><li>Item one</li></ul><figure><figcaption>Photo: X</figcaption></figure>"
        "<script>var a = 1;</script><p><a href='/r'>Related story</a></p></body></html>"
    )
    assert list(page_blocks(tree)) == [
        ("h1", "Title"),
        ("text", "The mayor said so on Monday."),
        ("off", "Item one"),
        ("off", "Photo: X"),
        ("off", "Related story"),
    ]
    # Deeper than Python's recursion limit (built directly: parsers cap nesting).
    from lxml import etree

    root = etree.Element("html")
    node = etree.SubElement(root, "body")
    for _ in range(3000):
        node = etree.SubElement(node, "div")
    etree.SubElement(node, "p").text = "Deep text here."
    assert list(page_blocks(root)) == [("text", "Deep text here.")]


@pytest.mark.parametrize(
    "trailer",
    [
        ["More on this topic"],
        ["Photo: Ana Petrova / Harbour Agency"],
        ["Last updated 14.02.2019", "Share this article"],
        ["Related:"],
    ],
)
def test_trailer_of_furniture_lines_is_cut(trailer: list[str]) -> None:
    text = "\n".join(BODY + trailer)
    assert trim_trailer(text, 8) == "\n".join(BODY)


@pytest.mark.parametrize(
    "ending",
    [
        "The work continues.",  # a short closing sentence
        '"We are ready," she said.',
        "- Quay reopens on 1 April",  # a list item
        "| Berth | Opens |",  # a table row
        "Harbour officials said the northern quay would reopen fully next month",  # long line
        "港口将于下月重新开放。",  # CJK sentence end
    ],
)
def test_trailer_cut_leaves_ordinary_endings_alone(ending: str) -> None:
    text = "\n".join([*BODY, ending])
    assert trim_trailer(text, 8) == text
    assert trim_trailer(text, 0) == text


def test_trailer_cut_never_empties_a_text() -> None:
    assert trim_trailer("Opening hours\nMonday to Friday", 8) == "Opening hours\nMonday to Friday"


def test_second_opinions_run_only_when_precision_mode_is_unsure(monkeypatch: Any) -> None:
    calls: list[str] = []
    real_readability = html_module._readability_text

    def counting(tree: Any) -> str:
        calls.append("readability")
        return real_readability(tree)

    monkeypatch.setattr(html_module, "_readability_text", counting)
    long_article = article_page(body=BODY * 3)
    assert BODY[3] in extract_body(long_article)
    assert calls == []  # sure: a long text covering most of the page
    short = article_page(body=BODY[:1])
    assert BODY[0] in extract_body(short)
    assert calls == ["readability"]  # unsure: under BodyParams.unsure_min_chars


def fake_trafilatura(precise: str, balanced: str) -> Any:
    def run(tree: Any, url: str | None, *, precision: bool, fast: bool = False) -> str:
        return precise if precision else balanced

    return run


def test_unsure_page_takes_balanced_mode_when_precision_dropped_the_article(
    monkeypatch: Any,
) -> None:
    # Precision mode sometimes keeps only a banner and drops the whole article.
    banner = "Your browser is out of date."
    monkeypatch.setattr(html_module, "_trafilatura_text", fake_trafilatura(banner, "\n".join(BODY)))
    monkeypatch.setattr(html_module, "_readability_text", lambda tree: "")
    monkeypatch.setattr(html_module, "_justext_text", lambda source: "")
    text = extract_body(article_page(lead="Short."))
    assert BODY[2] in text and banner not in text


def test_unsure_page_refuses_balanced_mode_when_it_is_the_whole_page(monkeypatch: Any) -> None:
    menu = "\n".join(f"Menu item {i}" for i in range(400))
    page_html = (
        "<html><body><ul>"
        + "".join(f"<li>Menu item {i}</li>" for i in range(400))
        + f"</ul><p>{BODY[0]}</p></body></html>"
    )
    monkeypatch.setattr(html_module, "_trafilatura_text", fake_trafilatura("", menu))
    monkeypatch.setattr(html_module, "_readability_text", lambda tree: BODY[0])
    monkeypatch.setattr(html_module, "_justext_text", lambda source: "")
    assert extract_body(page_html) == BODY[0]


def test_vote_that_drops_every_paragraph_keeps_the_text(monkeypatch: Any) -> None:
    # Regression: the other extractors failing on a page made the vote drop every paragraph
    # and the page was rejected as "no article text found" although precision mode had it.
    monkeypatch.setattr(html_module, "_readability_text", lambda tree: "")
    monkeypatch.setattr(
        html_module, "_justext_text", lambda source: "Cookie settings and privacy notice only."
    )
    monkeypatch.setattr(html_module, "_baseline_text", lambda tree: "")
    text = extract_body(page(), method="vote")
    assert all(p in text for p in BODY)
    found = extract_html(page(), method="vote")
    assert found is not None and BODY[0] in found.text


def test_text_is_unicode_nfc() -> None:
    decomposed = [p.replace("harbour", "Cafe\u0301 harbour") for p in BODY]
    for method in ("auto", "vote", "precision", "trafilatura"):
        text = extract_body(page(body=decomposed), method=method)
        assert "Café harbour" in text and "e\u0301" not in text, method


@pytest.mark.parametrize(
    "field, value",
    [
        ("unsure_min_chars", -1),
        ("lead_min_words", 2.5),
        ("trailer_max_words", True),
        ("unsure_page_share", -0.1),
        ("readability_ratio", "3"),
    ],
)
def test_new_body_params_are_validated(field: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=field):
        BodyParams(**{field: value})


# -- sub-headings put back (pagelayout.with_subheadings) ---------------------------------------


def subheading_page(section: str) -> str:
    """An article whose second and third paragraphs are separated by ``section``."""
    return (
        "<html><body><article><h1>Northern quay to reopen</h1>"
        f"<p>{BODY[0]}</p><p>{BODY[1]}</p>{section}<p>{BODY[2]}</p><p>{BODY[3]}</p>"
        "</article></body></html>"
    )


def test_subheading_between_kept_paragraphs_is_put_back() -> None:
    text = "\n".join(BODY)  # what precision mode returns when it drops the sub-heading
    got = with_subheadings(tree_of(subheading_page("<h2>What the repairs cost</h2>")), text)
    assert got.split("\n") == [BODY[0], BODY[1], "What the repairs cost", BODY[2], BODY[3]]
    # Already in the text, or the rule off: unchanged.
    kept = "\n".join([BODY[0], BODY[1], "What the repairs cost", BODY[2], BODY[3]])
    assert with_subheadings(tree_of(subheading_page("<h2>What the repairs cost</h2>")), kept) == (
        kept
    )
    assert with_subheadings(tree_of(subheading_page("<h3>Costs</h3>")), text, max_words=0) == text


@pytest.mark.parametrize(
    "section",
    [
        # A related story boxed between two paragraphs: the heading is no sibling of them.
        "<div class='box'><h2>Ferry timetable changes for winter</h2></div>",
        # A heading made of links (a tag list, a teaser).
        "<h3><a href='/t/port'>Port</a> / <a href='/t/storm'>Storm</a></h3>",
        # A long heading is a paragraph set in heading type, not a sub-heading.
        "<h2>" + " ".join(["word"] * 25) + "</h2>",
    ],
)
def test_subheading_rule_leaves_boxes_links_and_long_headings_out(section: str) -> None:
    text = "\n".join(BODY)
    assert with_subheadings(tree_of(subheading_page(section)), text) == text


def test_subheading_needs_both_neighbours_kept_and_adjacent() -> None:
    page_html = subheading_page("<h2>What the repairs cost</h2>")
    # The paragraph after it was dropped (the article ends before it): no sandwich.
    assert with_subheadings(tree_of(page_html), "\n".join(BODY[:2])) == "\n".join(BODY[:2])
    # Something else was kept between the two paragraphs: the heading's place is unsure.
    between = "\n".join([BODY[0], BODY[1], "A pull quote the extractor kept.", BODY[2], BODY[3]])
    assert with_subheadings(tree_of(page_html), between) == between
    # A heading above the article (before its first paragraph) stays out.
    above = subheading_page("").replace("<h1>Northern quay to reopen</h1>", "<h2>Latest</h2>")
    assert with_subheadings(tree_of(above), "\n".join(BODY)) == "\n".join(BODY)


def test_prose_without_headings_is_unchanged() -> None:
    text = "\n".join(BODY)
    plain = tree_of(subheading_page("<p>Ordinary prose between paragraphs, nothing more.</p>"))
    assert with_subheadings(plain, text) == text


def test_auto_method_puts_dropped_subheading_back(monkeypatch: Any) -> None:
    # Precision mode dropping the sub-heading, as it does on some real pages.
    monkeypatch.setattr(html_module, "_trafilatura_text", lambda *a, **k: "\n".join(BODY))
    got = extract_body(subheading_page("<h2>What the repairs cost</h2>"))
    assert "What the repairs cost" in got.split("\n")


def test_metadata_matches_trafilaturas_for_the_fields_kept() -> None:
    from trafilatura.metadata import extract_metadata

    html = page(extra_head='<meta name="description" content="The quay reopens in April.">')
    tree = html_module._parse(html)
    url = "https://www.harbourgazette.example/news/quay"
    keys = ("title", "author", "url", "sitename", "description", "language")
    ours = html_module._metadata(tree, url)
    theirs = extract_metadata(html_module._parse(html), url, extensive=False).as_dict()
    assert {k: ours[k] for k in keys} == {k: theirs[k] for k in keys}
    assert ours["sitename"] == "Valen Harbour Gazette" and ours["author"] == "Ana Petrova"
    # The tree is read, not changed: a second reading finds the same.
    again = html_module._metadata(tree, url)
    assert {k: again[k] for k in keys} == {k: ours[k] for k in keys}


def test_metadata_date_is_the_fallback_when_newsweave_finds_none(monkeypatch: Any) -> None:
    monkeypatch.setattr(html_module, "page_date", lambda *a, **k: None)
    found = extract_html(page(), "https://www.harbourgazette.example/news/quay")
    assert found is not None and found.date == "2024-03-05"  # trafilatura's (htmldate) reading
