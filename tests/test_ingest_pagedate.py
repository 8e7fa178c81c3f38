"""Tests of newsweave.ingest.pagedate: the publication date of an HTML page."""

from __future__ import annotations

from newsweave.ingest.pagedate import declared_published, html_date


def test_html_date_prefers_declared_metadata_then_htmldate_then_url():
    declared = (
        '<html><head><meta property="article:published_time" content="2020-02-19T18:37:32+01:00">'
        "</head><body><p>Text from 2019-01-01.</p></body></html>"
    )
    assert html_date(declared, "https://x.example/2020/02/18/story.html") == "2020-02-19"
    ld = '<script type="application/ld+json">{"datePublished": "2021-05-04T10:00:00Z"}</script>'
    assert html_date(f"<html><head>{ld}</head><body></body></html>") == "2021-05-04"
    assert declared_published("<meta name='date' content='11/01/2023'>") is None
    plain = "<html><body><p>Nothing dated.</p></body></html>"
    assert html_date(plain, "https://x.example/2014/05/16/story") == "2014-05-16"
    assert html_date(plain) is None
    assert html_date("\x00\x01 not html", None) is None
