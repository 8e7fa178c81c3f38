"""Tests of newsweave.extract.sources: agencies and outlets an article cites or relays."""

from __future__ import annotations

import pytest

from newsweave.extract.sources import canonical_source, cited_sources, is_agency, looks_like_media
from newsweave.models import RemovedLine


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The minister resigned, the Valdorpress news agency quoted an aide as saying.",
            ("Valdorpress",),
        ),
        (
            "Harbour Daily reports via Coastline World that the port reopened.",
            ("Harbour Daily", "Coastline World"),
        ),
        ("The envoy told Valdoria Television that talks would resume.", ("Valdoria Television",)),
        ("The plan failed, according to the Island Herald.", ("Island Herald",)),
        ("PORT REYK (Reuters) - The harbour reopened on Monday.", ("Reuters",)),
        ("NEW HARBOUR, Val., Sept. 26 (UPI) — The port reopened.", ("UPI",)),
        ("The strike ended, the state news agency Valtass said.", ("Valtass",)),
        ("(WIREX- Coastline Daily) The port reopened.", ("WIREX",)),
        ("The mayor told reporters the vote was fair.", ()),
        ("The plan failed, according to Mira Solen, the harbour chief.", ()),
        ("Sen. Ana Holt (R-Valdoria) — said the bill would pass.", ()),
        ("According to the World Health Organization, cases fell.", ()),
    ],
)
def test_cited_sources_cue_patterns(text, expected):
    assert cited_sources(text) == expected


def test_outlet_itself_is_not_a_cited_source():
    text = (
        "(WIREX- Coastline Daily) Coastline Daily reports via Island Herald that the port reopened."
    )
    assert cited_sources(text, outlet="Coastline Daily") == ("WIREX", "Island Herald")


def test_credit_and_copyright_lines_name_wire_services():
    removed = (
        RemovedLine(7, "The Associated Press contributed to this report.", "credit"),
        RemovedLine(8, "Copyright 2031 The Associated Press. All rights reserved.", "copyright"),
        RemovedLine(9, "Copyright 2031 Harbour Times. All rights reserved.", "copyright"),
    )
    assert cited_sources("The port reopened.", removed) == ("AP",)


def test_short_form_after_full_name_is_merged_and_aliases_canonical():
    text = (
        "The plan failed, the Valdoria Post reported. The Post reported on Monday that it failed. "
        "A minister told Agence France-Presse the vote was fair. He also told AFP so."
    )
    assert cited_sources(text) == ("Valdoria Post", "AFP")


def test_helpers():
    assert canonical_source("the Associated Press") == "AP"
    assert canonical_source("As The Harbour Times") == "Harbour Times"
    assert is_agency("Reuters") and not is_agency("Harbour Times")
    assert looks_like_media("Harbour Times") and looks_like_media("KXYZ-TV")
    assert not looks_like_media("Mira Solen") and not looks_like_media("World Bank")


def test_publisher_under_another_spelling_and_generic_names_are_not_sources():
    text = (
        "MIAMI (CBSMiami) — A boy was hurt, CBSMiami reported. "
        "COLUMBUS (WXYZ) — Police told Channel 2 the road reopened, according to the Island Herald."
    )
    assert cited_sources(text, self_names=["miami", "cbslocal"]) == ("Island Herald",)
