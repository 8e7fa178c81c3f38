"""Tests of newsweave.extract.dates: claimed dates, event dates and date forensics."""

from __future__ import annotations

from datetime import date

import pytest

from newsweave.extract.dates import (
    date_article,
    event_date,
    id_date,
    later_past_dates,
    weekday_mismatch,
)
from newsweave.models import RemovedLine
from newsweave.time import parse_date, url_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday, 02 January 2024 12:17 GMT", date(2024, 1, 2)),
        ("Jan. 5, 2025", date(2025, 1, 5)),
        ("2025-01-10", date(2025, 1, 10)),
        ("Published: Sept. 26, 2016 4:01 p.m. ET", date(2016, 9, 26)),
        ("5th of March 2019", date(2019, 3, 5)),
        ("05.01.2025", date(2025, 1, 5)),
        ("Dienstag, 2. Januar 2024", date(2024, 1, 2)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_parse_date_rejects_non_dates():
    assert parse_date("no date here at all") is None


def test_url_date():
    assert url_date(
        "http://web.archive.org/web/2015/http://q13.example/2014/05/16/boy-shot/"
    ) == date(2014, 5, 16)
    assert url_date("https://news.example/story/20190302-fire.html") == date(2019, 3, 2)
    assert url_date("https://news.example/story/123456") is None
    assert url_date(None) is None


def test_id_date_reads_a_date_stamped_at_the_start_of_a_digit_run():
    assert id_date("WIREX14052031000123987654ID99", latest=date(2031, 6, 1)) == date(2031, 5, 14)
    assert id_date("doc-20190302-000017", latest=date(2020, 1, 1)) == date(2019, 3, 2)
    # A date hidden in the middle of a number is chance, not a stamp.
    assert id_date("ID9919501104", latest=date(2020, 1, 1)) is None
    # Implausible years are rejected.
    assert id_date("ID31129999", latest=date(2020, 1, 1)) is None


def test_weekday_mismatch():
    assert not weekday_mismatch("Tuesday, 02 January 2024", date(2024, 1, 2))
    assert weekday_mismatch("Friday, 02 January 2024", date(2024, 1, 2))
    assert not weekday_mismatch("02 January 2024", date(2024, 1, 2))


def test_event_date_resolves_relative_references_against_publication():
    pub = date(2025, 1, 11)  # a Saturday
    assert event_date("Officials said on Friday that the port reopened.", pub) == date(2025, 1, 10)
    assert event_date("The fire broke out yesterday near the port.", pub) == date(2025, 1, 10)
    assert event_date("The minister resigned last week after the vote.", pub) == date(2025, 1, 4)
    assert event_date("Prices rose earlier this month, the bank said.", pub) == date(2025, 1, 1)
    assert event_date("The ship docked on Jan. 3 after a storm.", pub) == date(2025, 1, 3)
    assert event_date("The summit will take place on Friday.", pub) is None
    assert event_date("Nothing dated here.", pub) is None
    assert event_date("He spoke on Friday.", None) is None


def test_later_past_dates_needs_past_tense_and_no_future_cue():
    claimed = date(2024, 1, 2)
    found = later_past_dates(
        "The ceasefire collapsed on October 24, 2025, officials said.", claimed
    )
    assert [d for d, _ in found] == [date(2025, 10, 24)]
    assert later_past_dates("The summit will be held on October 24, 2025.", claimed) == []
    assert later_past_dates("The ceasefire collapsed on December 30, 2023.", claimed) == []


def test_dated_id_with_the_leads_relay_tag_corrects_the_header_date():
    removed = (
        RemovedLine(0, "Wednesday, 14 May 2031 09:40 GMT", "dateline"),
        RemovedLine(9, "WIREX02092033000123987654ID9988776655", "id"),
    )
    text = "(WIREX- Coastline Daily) The ferry service started on Friday, officials said."
    info = date_article(text, removed, today=date(2034, 1, 1))
    assert info.claimed_date == "2031-05-14"
    assert info.date == "2033-09-02"
    assert info.date_source == "dated-id"
    assert [(f.kind, f.claimed, f.estimate) for f in info.date_flags] == [
        ("dated-id", "2031-05-14", "2033-09-02")
    ]
    assert info.date_flags[0].evidence == (
        "WIREX02092033000123987654ID9988776655",
        "(WIREX- Coastline Daily)",
    )
    assert info.event_date == "2033-09-02"  # 2 Sept 2033 is a Friday


def test_dated_id_alone_never_overrides_the_header_date():
    removed = (
        RemovedLine(0, "Wednesday, 14 May 2031 09:40 GMT", "dateline"),
        RemovedLine(9, "WIREX02092033000123987654ID9988776655", "id"),
    )
    # No relay tag, or another wire's tag: the content does not tie the id to this story.
    for text in (
        "The ferry service started on Friday, officials said.",
        "(MENAFN- Coastline Daily) The ferry service started on Friday, officials said.",
    ):
        info = date_article(text, removed, today=date(2034, 1, 1))
        assert (info.date, info.date_source, info.date_flags) == ("2031-05-14", "dateline", ())
    # The page's metadata date is protected the same way.
    info = date_article(
        "The ferry service started on Friday.", removed[1:], record_date="2031-05-14"
    )
    assert (info.date, info.date_flags) == ("2031-05-14", ())


def test_dated_id_agreeing_with_the_leads_wire_dateline_or_a_later_past_date():
    removed = (
        RemovedLine(0, "Monday, 04 March 2030 07:15 GMT", "dateline"),
        RemovedLine(9, "NLM22032030000231ID1093375518", "id"),
    )
    lead = "AMSEL, March 21 (Kestrel) - The union and the port signed a deal on Thursday."
    info = date_article(lead, removed, today=date(2031, 1, 1))
    assert info.date == "2030-03-22" and info.claimed_date == "2030-03-04"
    assert info.date_flags[-1].kind == "dated-id"
    assert info.date_flags[-1].evidence[1].startswith("AMSEL, March 21")
    past = "The port reopened on March 20, 2030, after the union signed the deal."
    info = date_article(past, removed, today=date(2031, 1, 1))
    assert info.date == "2030-03-22"
    assert any("March 20, 2030" in e for f in info.date_flags for e in f.evidence)
    # A stated date far from the id's day supports nothing.
    far = "AMSEL, Jan. 9 (Kestrel) - The union and the port signed a deal on Thursday."
    assert date_article(far, removed, today=date(2031, 1, 1)).date == "2030-03-04"


ORDINARY_NUMBERS = (
    "Police filed the report as case number 2023100112 and asked witnesses to come forward.",
    "Anyone with information can call the hotline on 12052019 or 0800 20190512.",
    "The crawler identified itself as Mozilla/5.0 (X11; rv:71.0) Gecko/20100101 Firefox/71.0.",
    "The update ships as version 20180412.1 of the firmware and build 2.10.20181203.",
    "Tickets cost 12000000 lira, about 25052019 in the old currency, officials said.",
    "The book (ISBN 9783161484100, ISBN-10 0306406152) sold 20190301 copies, it said.",
    "The order 30122019 was placed, reference 20191230-0001, the company said.",
)


@pytest.mark.parametrize("line", ORDINARY_NUMBERS)
def test_numbers_in_the_prose_are_not_dated_ids(line):
    header = (RemovedLine(0, "Tuesday, 05 March 2024 10:00 GMT", "dateline"),)
    info = date_article(line, header, today=date(2025, 1, 1))
    assert (info.date, info.date_source, info.date_flags) == ("2024-03-05", "dateline", ())
    info = date_article(line, record_date="2019-12-29", today=date(2025, 1, 1))
    assert (info.date, info.date_flags) == ("2019-12-29", ())
    # Undated otherwise: a number in the prose never dates the article either.
    assert date_article(line, today=date(2025, 1, 1)).date is None


@pytest.mark.parametrize(
    "line", ["Hotline: 12052019", "Case number 2023100112", "ISBN 9783161484100", "Build 20180412"]
)
def test_labelled_numbers_on_id_lines_are_no_stamps(line):
    info = date_article("Text.", (RemovedLine(5, line, "id"),), today=date(2025, 1, 1))
    assert info.date is None


def test_an_id_line_or_a_url_id_dates_an_otherwise_undated_article():
    removed = (RemovedLine(9, "MENAFN25102025000195011045ID1110245630", "id"),)
    info = date_article("Text.", removed, today=date(2026, 1, 1))
    assert (info.date, info.date_source) == ("2025-10-25", "dated-id")
    info = date_article(
        "Text.", url="https://wire.example/story/MENAFN25102025000195011045", today=date(2026, 1, 1)
    )
    assert (info.date, info.date_source) == ("2025-10-25", "url-id")
    # A URL id never overrides another date.
    info = date_article(
        "Text.",
        record_date="2025-10-20",
        url="https://wire.example/story/MENAFN25102025000195011045",
        today=date(2026, 1, 1),
    )
    assert (info.date, info.date_flags) == ("2025-10-20", ())


def test_uncontradicted_record_date_is_defended():
    info = date_article(
        "The council voted yesterday to close the bridge.",
        record_date="2030-03-05T10:00:00Z",
        record_source="html-meta",
    )
    assert (info.date, info.claimed_date, info.date_source, info.date_flags) == (
        "2030-03-05",
        "2030-03-05",
        "html-meta",
        (),
    )
    assert info.event_date == "2030-03-04"


def test_later_past_date_is_a_lower_bound_for_the_estimate():
    info = date_article(
        "The treaty was signed on March 3, 2030, the ministry said.", record_date="2029-06-01"
    )
    assert info.date == "2030-03-03"
    assert info.date_source == "text"
    assert info.date_flags[0].kind == "later-date-in-past-tense"
    assert "March 3, 2030" in info.date_flags[0].evidence[0]


def test_url_is_the_last_resort_and_nothing_gives_none():
    info = date_article("Text.", url="https://x.example/2014/05/16/story")
    assert (info.date, info.date_source) == ("2014-05-16", "url")
    assert date_article("Text.").date is None


def test_page_stamps_and_scheduled_court_dates_are_no_contradiction():
    claimed = date(2014, 11, 25)
    stamp = "Posted: Tuesday, November 25, 2014 1:54 PM EST Updated: Tuesday, December 9, 2014"
    assert later_past_dates(stamp + " The boy was charged.", claimed) == []
    court = "He pleaded not guilty and is facing trial on Feb. 18, 2015, his lawyer said."
    assert later_past_dates(court, claimed) == []
    far = (
        "The council, which was founded long ago and grew quickly over many decades of work, "
        "meets again on Feb. 18, 2015"
    )
    assert later_past_dates(far, claimed) == []


def test_article_id_is_the_last_resort_and_hashes_are_ignored():
    info = date_article("Text.", article_id="kw-20240513-selke-flood")
    assert (info.date, info.date_source) == ("2024-05-13", "article-id")
    assert date_article("Text.", article_id="d774b2133b7bc9dce06c20240513d58d").date is None
    info = date_article("Text.", record_date="2024-05-14", article_id="kw-20240513-selke")
    assert info.date == "2024-05-14"


def test_yearless_wire_dateline_takes_the_corpus_year() -> None:
    from datetime import date

    from newsweave.extract.dates import date_article, lead_dateline, place_yearless

    text = "PORT VALEN, March 12 (VNA) – Police cleared the blockade on Tuesday."
    assert lead_dateline(text) == (3, 12, None)
    assert lead_dateline("(AGG- Wire) AMSEL, Jan. 5, 2025 (Wire) - Talks began.") == (1, 5, 2025)
    assert lead_dateline("Police said on March 3 - nothing more.") is None
    corpus = [date(2024, 3, 4), date(2024, 5, 6)]
    assert place_yearless(3, 12, corpus) == date(2024, 3, 12)
    assert place_yearless(12, 30, [date(2024, 1, 3)]) == date(2023, 12, 30)
    assert place_yearless(9, 1, [date(2024, 1, 3)]) is None  # too far from anything dated
    info = date_article(text, corpus_dates=corpus)
    assert (info.date, info.date_source) == ("2024-03-12", "dateline (year from corpus)")
    assert date_article(text).date is None  # no corpus: no guess


def test_lead_dateline_contradicting_the_header_is_flagged() -> None:
    from newsweave.extract.dates import date_article

    text = "AMSEL, March 21 (Kestrel) - The union and the port signed a deal late on Thursday."
    info = date_article(text, record_date="2024-03-04", record_source="header")
    assert info.date == "2024-03-21"
    assert [f.kind for f in info.date_flags] == ["dateline-mismatch"]
    assert info.date_flags[0].claimed == "2024-03-04"


def test_a_url_line_inside_the_text_dates_nothing():
    # Only the article's own URL is an id context: ECB+ keeps its source URL as a text line,
    # and dating those articles from it cost event clustering (see extract/dates.py).
    text = "http : / / omaha . example / article / 20130308 / SPORT / 703089893\nTitle\nText."
    assert date_article(text, today=date(2020, 1, 1)).date is None
    info = date_article("Text.", url="https://celebs.example/news/la-me-0504-rehab-20130504")
    assert (info.date, info.date_source) == ("2013-05-04", "url-id")
