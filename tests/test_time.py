"""Tests of newsweave.time: day numbers and ISO dates."""

from __future__ import annotations

from datetime import date, datetime

from newsweave.time import day_iso, day_number, from_iso, iso_date, iso_day


def test_day_number_reads_partial_dates_and_refuses_impossible_ones():
    assert day_number("2024-03-05") == date(2024, 3, 5).toordinal()
    assert day_number("2024-03") == date(2024, 3, 1).toordinal()
    assert day_number("2024") == date(2024, 1, 1).toordinal()
    assert day_number("2024-03-05T23:10:00+02:00") == date(2024, 3, 5).toordinal()
    assert day_number("2025-02-30") is None
    assert day_number("soon") is None
    assert day_number(None) is None


def test_day_iso_inverts_day_number():
    assert day_iso(day_number("2019-12-29")) == "2019-12-29"
    assert day_iso(None) is None


def test_iso_helpers():
    assert iso_date(date(2020, 1, 2)) == "2020-01-02"
    assert iso_date(None) is None
    assert from_iso("2020-01-02T10:00:00Z") == date(2020, 1, 2)
    assert from_iso("2 January 2020") is None
    assert iso_day(datetime(2021, 5, 6, 7, 8)) == "2021-05-06"
    assert iso_day("2021-05-06T07:08:09Z") == "2021-05-06"
    assert iso_day("yesterday") is None
    assert iso_day(None) is None


def test_url_date_reads_slash_paths_without_leading_zeros_and_url_month():
    from newsweave.time import url_date, url_month

    assert url_date("https://x.example/home/2017/7/12/story") == date(2017, 7, 12)
    assert url_date("https://x.example/2017712-story") is None  # compact and ambiguous
    assert url_month("https://x.example/news/2011/12/story/") == (2011, 12)
    assert url_month("https://x.example/2011/12/05/story") is None  # a day: url_date's
    assert url_month("https://x.example/2011/story") is None
    assert url_month(None) is None


def test_written_dates_in_several_languages_and_forms():
    from newsweave.time import written_dates

    def days(text: str) -> list[tuple[date, date | None]]:
        return [(w.day, w.other) for w in written_dates(text, latest=date(2030, 1, 1))]

    assert days("Veröffentlicht am 3. Dezember 2011 um 10 Uhr") == [(date(2011, 12, 3), None)]
    assert days("02 Novembre 2023") == [(date(2023, 11, 2), None)]
    assert days("1er mars 2020, 5 de marzo de 2024") == [
        (date(2020, 3, 1), None),
        (date(2024, 3, 5), None),
    ]
    assert days("Sept. 5th, 2020 and 2021-02-03") == [
        (date(2020, 9, 5), None),
        (date(2021, 2, 3), None),
    ]
    assert days("12.11.2021).") == [(date(2021, 11, 12), None)]
    assert days("2020年01月02日") == [(date(2020, 1, 2), None)]
    # Both readings of an ambiguous numeric date are kept; an impossible one is dropped.
    assert days("02/11/2023") == [(date(2023, 2, 11), date(2023, 11, 2))]
    assert days("13/05/2023") == [(date(2023, 5, 13), None)]


def test_ordinary_numbers_are_not_written_dates():
    from newsweave.time import written_dates

    for text in (
        "Call 0800 12052019 now",
        "case number 2023100112",
        "Mozilla/5.0 Gecko/20100101 Firefox/71.0",
        "version v2.10.2019 and build 1.2.2019b",
        "ISBN 978-3-16-148410-0",
        "It costs €1.299,00 or 12.50 a month",
        "May 2020 and 13/25/2020",
        "In 1990 the price was 10.12.1990",  # before the web: not a page date
    ):
        assert written_dates(text) == [], text


def test_a_timestamp_with_an_offset_gives_its_local_day_never_the_utc_day():
    from newsweave.time import parse_date, read_date

    # 23:30 at -06:00 is already the next day in UTC; 00:30 at +09:00 is still the day before.
    assert read_date("2023-11-08T23:30:59-06:00") == date(2023, 11, 8)
    assert read_date("2024-03-06T00:30:00+09:00") == date(2024, 3, 6)
    assert parse_date("Wed, 08 Nov 2023 23:30:59 -0600") == date(2023, 11, 8)
    assert iso_day("2023-11-08T23:30:59-06:00") == "2023-11-08"
