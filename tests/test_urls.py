"""Tests of newsweave.urls: one host function and registered domains from the Public Suffix List."""

from __future__ import annotations

from newsweave.urls import host_of, registered_domain


def test_host_of_unwraps_archives_and_strips_www_and_port():
    assert host_of("https://www.harbourtimes.example/a/b") == "harbourtimes.example"
    assert (
        host_of("http://web.archive.org/web/20151026092316/http://q13fox.com:80/2014/x/")
        == "q13fox.com"
    )
    assert host_of("not a url") is None
    assert host_of(None) is None
    assert host_of("") is None


def test_host_of_reads_a_bare_domain_and_refuses_a_dotless_host():
    assert host_of("harbourtimes.example/news/1") == "harbourtimes.example"
    assert host_of("http://localhost:8765/x") is None


def test_registered_domain_uses_the_public_suffix_list():
    assert registered_domain("chicago.suntimes.com") == "suntimes.com"
    assert registered_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("news.yahoo.co.jp") == "yahoo.co.jp"
    assert registered_domain("abc.net.au") == "abc.net.au"
    # private suffixes: each blog or project page is its own site
    assert registered_domain("alice.github.io") == "alice.github.io"
    assert registered_domain("town-crier.blogspot.com") == "town-crier.blogspot.com"
    assert registered_domain("co.uk") == "co.uk"
