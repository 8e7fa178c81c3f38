from __future__ import annotations

import json

from newsweave.models import (
    Article,
    Claim,
    ClaimGroup,
    Contradiction,
    Coverage,
    DateFlag,
    Event,
    ItemOutcome,
    QuoteGroup,
    QuoteVariant,
    RunReport,
    Storyline,
    SummarySentence,
    TermChoice,
)
from newsweave.report import analysis_json, plural, render_html, render_markdown

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _fixture() -> tuple[
    list[Article], list[Event], list[Storyline], dict[str, Coverage], RunReport
]:
    a = Article(
        id="a",
        text="Ships wait. " + XSS,
        outlet="Harbor Post",
        title="Ships wait " + XSS,
        path="/c/a.txt",
        date="2025-03-01",
        date_flags=(DateFlag("dated-id", "2024-01-01", "2025-03-01", ("ID01032025",)),),
    )
    b = Article(id="b", text="Ships are waiting.", outlet=None, path="/c/b.txt")
    ca = Claim("a#0", "a", "Harbor Post", "Ships wait.", 0, 11)
    cb = Claim("b#0", "b", "[b]", "Ships are waiting.", 0, 18)
    cov = Coverage(
        event_id="e1",
        consensus=(ClaimGroup("Ships wait.", (ca, cb), ("Harbor Post", "[b]"), ("a", "b")),),
        unique={"Harbor Post": (Claim("a#1", "a", "Harbor Post", XSS, 12, 40),)},
        omissions={"[b]": ("Cranes idle.",)},
        quotes=(
            QuoteGroup(
                "Ana Ruiz",
                (
                    QuoteVariant("Harbor Post", "a", "We wait."),
                    QuoteVariant("[b]", "b", "We are waiting."),
                ),
                "paraphrased",
            ),
        ),
        terms=(TermChoice("port city", {"Valen": ("Harbor Post",), "Valenne": ("[b]",)}),),
        contradictions=(Contradiction("number", ca, cb, "12 vs 14"),),
        summary=(SummarySentence("Ships wait.", ("a", "b"), ("Harbor Post", "[b]")),),
    )
    event = Event("e1", "Ships wait", "2025-03-01", ("a", "b"), "s1")
    report = RunReport(
        "r1",
        (
            ItemOutcome("/c/a.txt", "ingested", "a"),
            ItemOutcome("/c/bad.txt", "rejected", None, "empty file"),
        ),
    )
    return [a, b], [event], [Storyline("s1", "Port strike", ("e1",))], {"e1": cov}, report


def test_analysis_json_contract_shape() -> None:
    data = json.loads(json.dumps(analysis_json(*_fixture())))
    assert set(data) == {"articles", "events", "storylines", "report"}
    art = data["articles"][0]
    assert {"id", "path", "outlet", "title", "date", "date_flags", "text"} <= set(art)
    event = data["events"][0]
    assert {
        "id",
        "title",
        "date",
        "articles",
        "storyline",
        "consensus",
        "unique",
        "omissions",
        "quotes",
        "terms",
        "contradictions",
        "summary",
    } <= set(event)
    assert event["consensus"][0]["outlets"] == ["Harbor Post", "[b]"]
    assert event["consensus"][0]["sources"] == ["a", "b"]
    assert event["unique"]["Harbor Post"][0]["text"] == XSS
    assert event["omissions"] == {"[b]": ["Cranes idle."]}
    # the contract's keys, plus the verdict's evidence (keys are only ever added)
    assert event["quotes"][0]["variants"][1] == {
        "outlet": "[b]",
        "article": "b",
        "text": "We are waiting.",
        "kind": "direct",
        "verdict": "",
        "evidence": "",
    }
    assert event["quotes"][0]["reported"] == [] and event["reported"] == []
    assert event["terms"][0]["variants"] == {"Valen": ["Harbor Post"], "Valenne": ["[b]"]}
    assert event["summary"][0]["cites"] == ["a", "b"]
    assert data["storylines"] == [{"id": "s1", "title": "Port strike", "events": ["e1"]}]
    assert data["report"]["counts"] == {"ingested": 1, "duplicate": 0, "rejected": 1}


def test_html_report_escapes_untrusted_text() -> None:
    html = render_html(*_fixture())
    assert "<script>alert(1)" not in html and 'onerror="alert' not in html
    assert "&lt;script&gt;" in html
    assert "Port strike" in html and "paraphrased" in html and "empty file" in html


def test_markdown_report_escapes_and_shows_everything() -> None:
    md = render_markdown(*_fixture())
    assert "<script>" not in md
    for needle in (
        "Port strike",
        "Ships wait",
        "paraphrased",
        "Valenne",
        "Cranes idle",
        "Date flag on `a`",
        "empty file",
    ):
        assert needle in md


def test_counts_use_the_singular_for_one() -> None:
    articles, events, stories, coverage, report = _fixture()
    one = [articles[0]]
    single = [Event("e1", "Ships wait", "2025-03-01", ("a",), "s1")]
    md = render_markdown(one, single, stories, coverage, report)
    assert "1 article, 1 event, 1 storyline." in md
    assert "· 1 article · outlet: Harbor Post" in md
    assert "1 articles" not in md and "1 storylines" not in md and "1 events" not in md
    html = render_html(one, single, stories, coverage, report)
    assert "1 article · 1 event · 1 storyline" in html and "1 articles" not in html
    md = render_markdown(articles, events, stories, coverage, report)
    assert "2 articles, 1 event, 1 storyline." in md and "2 articles · outlets:" in md


def test_plural_words() -> None:
    assert [plural(n, "outlet") for n in (0, 1, 2)] == ["0 outlets", "1 outlet", "2 outlets"]
    assert plural(1, "storyline") == "1 storyline" and plural(3, "story", "stories") == "3 stories"


def test_html_report_has_the_omissions_section_of_the_text_report() -> None:
    html = render_html(*_fixture())
    assert "<h4>Omissions" in html
    assert "<b>[b]</b> omits: Cranes idle." in html
    # Same place as in Markdown: after the outlet-only facts, before contradictions.
    assert html.index("Only one outlet reports") < html.index("Omissions")
    assert html.index("Omissions") < html.index("Contradictions")
    articles, events, stories, _, report = _fixture()
    bare = {"e1": Coverage(event_id="e1")}
    assert "Omissions" not in render_html(articles, events, stories, bare, report)


def test_an_undated_event_is_shown_before_its_dated_follow_up() -> None:
    articles, _, _, _, report = _fixture()
    follow = Event("e1", "Deal signed", "2025-03-09", ("a",), "s1")
    start = Event("e2", "Strike begins", None, ("b",), "s1")
    stories = [Storyline("s1", "Port strike", ("e1", "e2"))]
    for render in (render_markdown, render_html):
        text = render(articles, [follow, start], stories, {}, report)
        assert text.index("Strike begins") < text.index("Deal signed"), render.__name__


def test_altered_quotes_show_their_evidence_and_reported_speech_in_every_report() -> None:
    import dataclasses

    articles, events, storylines, coverage, report = _fixture()
    cov = coverage["e1"]
    altered = QuoteGroup(
        "Ana Ruiz",
        (
            QuoteVariant("Harbor Post", "a", "400 jobs are at stake.", verdict="verbatim"),
            QuoteVariant(
                "[b]", "b", "4,000 jobs are at stake.", verdict="altered", evidence="400 -> 4,000"
            ),
        ),
        "altered",
        reported=(QuoteVariant("Coast <b>", "c", "many jobs were at stake", kind="indirect"),),
    )
    coverage = {"e1": dataclasses.replace(cov, quotes=(altered,))}
    for text in (
        render_markdown(articles, events, storylines, coverage, report),
        render_html(articles, events, storylines, coverage, report),
    ):
        assert any(f"400 {arrow} 4,000" in text for arrow in ("-&gt;", "->", "-\\>"))
        assert "many jobs were at stake" in text
        assert "Coast <b>" not in text or "Coast \\<b\\>" in text  # escaped either way
    data = analysis_json(articles, events, storylines, coverage, report)
    variant = data["events"][0]["quotes"][0]["variants"][1]
    assert variant["verdict"] == "altered" and variant["evidence"] == "400 -> 4,000"
