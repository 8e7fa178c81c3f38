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
