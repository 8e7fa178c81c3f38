"""Tests of newsweave.ingest.pagedate: the publication date of an HTML page."""

from __future__ import annotations

from datetime import date

from newsweave.ingest.pagedate import (
    declared_published,
    declared_stamp,
    html_date,
    page_evidence,
    publisher_day,
)


def _page(body: str, head: str = "", title: str = "Harbour cranes return") -> str:
    return (
        f"<html><head><title>{title} | The Quayside Post</title>{head}</head>"
        f"<body><nav>Home · News · 4 March 2031</nav>{body}"
        "<footer>© The Quayside Post, 1 January 2030</footer></body></html>"
    )


PROSE = (
    "<p>The port authority said the cranes would be back in service by the end of the week, "
    "after the union and the operator agreed on 21 May 2019 to settle the dispute over pay and "
    "the number of shifts.</p>"
)


def test_declared_metadata_then_htmldate_then_url():
    declared = (
        '<html><head><meta property="article:published_time" content="2020-02-19T18:37:32+01:00">'
        "</head><body><p>Text from 2019-01-01.</p></body></html>"
    )
    assert html_date(declared, "https://x.example/news/story.html") == "2020-02-19"
    ld = '<script type="application/ld+json">{"datePublished": "2021-05-04T10:00:00Z"}</script>'
    assert html_date(f"<html><head>{ld}</head><body></body></html>") == "2021-05-04"
    assert declared_published("<meta name='date' content='11/01/2023'>") is None
    plain = "<html><body><p>Nothing dated.</p></body></html>"
    assert html_date(plain, "https://x.example/2014/05/16/story") == "2014-05-16"
    assert html_date(plain, "https://x.example/home/2017/7/12/story") == "2017-07-12"
    assert html_date(plain) is None
    assert html_date("\x00\x01 not html", None) is None


def test_the_url_day_is_the_publishers_day_over_declared_metadata():
    # The URL is written when the story is filed, in the publisher's zone.
    declared = '<meta property="article:published_time" content="2020-02-19T18:37:32+01:00">'
    page = _page("<p>Text.</p>", head=declared)
    assert html_date(page, "https://x.example/2020/02/18/story.html") == "2020-02-18"


def test_the_byline_date_next_to_the_headline_wins():
    declared = '<meta property="article:published_time" content="2017-08-21T13:09:00+02:00">'
    body = (
        "<article><h1>Harbour cranes return</h1>"
        "<div class='byline'>By Ann Lee · 03.04.2019</div>" + PROSE + "</article>"
    )
    assert html_date(_page(body, head=declared)) == "2019-04-03"
    # Month names of other languages and the comma-less dateline form.
    for byline, day in (
        ("Redaktion, 5. März 2024", "2024-03-05"),
        ("02 Novembre 2023", "2023-11-02"),
        ("Karlsruhe, (12.11.2021).", "2021-11-12"),
        ("1er mars 2020 à 10h", "2020-03-01"),
        ("Published March 5, 2024 at 11:30 p.m.", "2024-03-05"),
    ):
        page = _page(f"<h1>Harbour cranes return</h1><p>{byline}</p>{PROSE}")
        assert html_date(page) == day, byline


def test_dates_that_are_not_the_byline_do_not_count():
    declared = '<meta property="article:published_time" content="2022-01-11T09:50:00+01:00">'
    # In the headline itself (an event date), in the navigation and the footer, in prose.
    body = "<h1>Results of the 19.5.2021 relay</h1>" + PROSE
    assert html_date(_page(body, head=declared)) == "2022-01-11"
    # In a comment thread.
    body = (
        "<h1>Harbour cranes return</h1><p>Text without a date.</p>"
        "<div class='comments'><p>Reader · 24. August 2019 um 03:36 Uhr</p></div>"
    )
    assert html_date(_page(body, head=declared)) == "2022-01-11"


def test_the_first_byline_date_beats_an_update_and_a_site_header_day():
    body = (
        "<div class='masthead'>Thursday, November 9th 2023</div>"
        "<h1>Harbour cranes return</h1><p>By Staff</p>"
        "<p>UPDATED: <time>November 9, 2023 at 12:21 a.m.</time></p>"
        "<p>PUBLISHED: <time>November 8, 2023 at 11:30 p.m.</time></p>" + PROSE
    )
    assert html_date(_page(body)) == "2023-11-08"


def test_an_ambiguous_numeric_byline_needs_another_signal():
    body = f"<h1>Harbour cranes return</h1><p>02/11/2023 02:00pm GMT</p>{PROSE}"
    declared = '<meta property="article:published_time" content="2023-11-02T14:00:00Z">'
    assert html_date(_page(body, head=declared)) == "2023-11-02"
    declared = '<meta property="article:published_time" content="2023-02-11T14:00:00Z">'
    assert html_date(_page(body, head=declared)) == "2023-02-11"
    evidence = page_evidence(_page(body))
    assert evidence.byline is not None
    assert {evidence.byline.day, evidence.byline.other} == {date(2023, 2, 11), date(2023, 11, 2)}


def test_a_publication_cue_dates_the_page():
    body = "<div><p>Zuletzt gelesen</p><p>Veröffentlicht am 16.08.2019 · Dauer: 1 Stunde</p></div>"
    assert html_date(_page(body)) == "2019-08-16"
    body = "<p>Dieser Beitrag wurde am Samstag, 3. Dezember 2011 um 10:00 Uhr veröffentlicht.</p>"
    assert html_date(_page(body)) == "2011-12-03"
    # A publication named in the prose dates what it names, not the page.
    body = (
        "<p>The harbour history, a book the port authority commissioned from two local "
        "historians, was published on 3 March 2001 and has been out of print for years.</p>"
    )
    assert page_evidence(_page(body)).cue is None
    # An update cue is not a publication cue; with nothing else the page has no date.
    body = "<p>Aktualisiert am 16.08.2019</p>"
    assert page_evidence(_page(body)).cue is None


def test_the_url_month_overrides_a_date_of_another_month():
    body = "<p>Old sidebar stamp</p><p>Am 3. Dezember 2011 sprach der Minister.</p>"
    declared = '<meta property="article:published_time" content="2010-06-01T10:00:00+02:00">'
    page = _page(body, head=declared)
    assert html_date(page, "https://x.example/news/2011/12/minister") == "2011-12-03"
    # Without a printed date of that month the found date stands.
    page = _page("<p>No dates.</p>", head=declared)
    assert html_date(page, "https://x.example/news/2011/12/minister") == "2010-06-01"


def test_a_utc_stamp_is_moved_to_the_zone_the_page_states():
    head = (
        '<meta property="article:published_time" content="2023-11-09T05:30:59+00:00">'
        "<script>track('publishTime','2023-11-08T23:30:59-06:00')</script>"
    )
    page = _page("<p>No visible date.</p>", head=head)
    stamp = declared_stamp(page)
    assert stamp is not None and stamp.day == date(2023, 11, 9) and stamp.offset_minutes == 0
    assert publisher_day(stamp, page) == date(2023, 11, 8)
    assert html_date(page) == "2023-11-08"


def test_an_offset_stamp_gives_its_written_day_never_the_utc_day():
    # 23:30 at -06:00 is 05:30 UTC the next day: the local day is the one written.
    head = '<meta property="article:published_time" content="2023-11-08T23:30:59-06:00">'
    assert html_date(_page("<p>x</p>", head=head)) == "2023-11-08"
    head = (
        '<script type="application/ld+json">{"datePublished": "2024-03-06T00:30:00+09:00"}</script>'
    )
    assert html_date(_page("<p>x</p>", head=head)) == "2024-03-06"


def test_a_utc_stamp_stays_when_the_page_states_no_zone_or_another_instant():
    head = (
        '<meta property="article:published_time" content="2023-11-01T23:01:00Z">'
        # A different instant with an offset says nothing about this one.
        "<script>x='2023-11-02T16:58:23+01:00'</script>"
    )
    page = _page("<p>x</p>", head=head)
    assert html_date(page) == "2023-11-01"


def test_ordinary_numbers_are_not_page_dates():
    body = (
        "<h1>Harbour cranes return</h1>"
        "<p>Call 0800 12052019 · ISBN 978-3-16-148410-0 · v2.10.2019 build · €1.299,00</p>" + PROSE
    )
    declared = '<meta property="article:published_time" content="2024-03-05T08:00:00+01:00">'
    assert html_date(_page(body, head=declared)) == "2024-03-05"
